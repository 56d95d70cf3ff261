"""An issuer printed without its province under a parent that names one gets the parent's place
('SỞ TƯ PHÁP' under 'UBND TỈNH PHÚ THỌ' -> 'Sở Tư pháp tỉnh Phú Thọ'); names that carry their own
place, or bodies that are not a department of the parent, are kept as printed."""

from __future__ import annotations

import pytest

from vanban.extract.header import _needs_parent_place
from vanban.extract.pipeline import extract_text


@pytest.mark.parametrize(
    ("name", "needs"),
    [
        ("Sở Tư pháp", True),
        ("Văn phòng Ủy ban nhân dân", True),  # the office of the parent: the parent's place follows
        ("Thanh tra", True),
        ("Chi cục Thuế", True),
        ("Ban quản lý các khu công nghiệp", True),
        ("Công đoàn ngành Giáo dục", True),  # a sector's union under a provincial federation
        ("Công đoàn ngành Y tế tỉnh Nghệ An", False),  # its own place printed
        ("Công đoàn cơ sở Trường THPT A", False),  # a grassroots union is named by its unit
        ("Liên đoàn Lao động huyện Tam Đường", False),
        ("Ban Chấp hành", False),
    ],
)
def test_needs_parent_place(name: str, needs: bool) -> None:
    assert _needs_parent_place(name) is needs


@pytest.mark.parametrize(
    ("parent", "body", "issuer"),
    [
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", "CÔNG ĐOÀN NGÀNH GIÁO DỤC", "Công đoàn ngành Giáo dục tỉnh Nghệ An"),
        ("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HÀ NỘI", "CÔNG ĐOÀN NGÀNH Y TẾ", "Công đoàn ngành Y tế thành phố Hà Nội"),
        ("UBND TỈNH PHÚ THỌ", "SỞ TƯ PHÁP", "Sở Tư pháp tỉnh Phú Thọ"),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", "CÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT A", "Công đoàn cơ sở Trường THPT A"),
    ],
)
def test_issuer_takes_the_parents_place(parent: str, body: str, issuer: str) -> None:
    text = f"{parent}\n{body}\nSố: 15/KH-CĐN\nVinh, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\nVề việc học tập nghị quyết\n"
    record = extract_text(text)
    assert record.issuer is not None and record.issuer.name == issuer
