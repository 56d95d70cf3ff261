"""A decision's title stops before the line that names who decides."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.header import DECIDER_RE, _authority_line


@pytest.mark.parametrize(
    ("line", "title", "stops"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "Về việc công bố danh mục thủ tục hành chính", True),
        ("BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI", "Về việc chuyển QL.32 về địa phương quản lý", True),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
            "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH",
            True,
        ),  # a title in capitals too
        ("BAN CHẤP HÀNH TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Về công tác cán bộ công đoàn", True),
        ("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Ban hành Quy chế làm việc của", False),  # the title goes on
        ("NĂM 2023", "THỰC HIỆN NGHỊ QUYẾT 02-NQ/TW", False),  # a title in capitals goes on in capitals
        ("TẠI CÁC ĐẠI LÝ INTERNET", "BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ INTERNET", False),
        ("tại các đại lý Internet trên địa bàn Thành phố Hà Nội", "Ban hành Quy định về quản lý Internet", False),
    ],
)
def test_authority_line(line: str, title: str, stops: bool) -> None:
    assert _authority_line(line, title) == stops


def test_a_converted_decision_without_rule_under_its_title():
    text = (
        "# CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n\nSố: /QĐ-UBND\n\n"
        "Lai Châu, ngày tháng năm 2025\n\n# QUYẾT ĐỊNH\n\n"
        "Về việc công bố danh mục thủ tục hành chính mới ban hành\n\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;\n"
    )
    r = extract_text(text, "decision.md")
    assert (r.doc_type, r.number, r.place, r.date) == ("Quyết định", None, "Lai Châu", None)
    assert r.title == "Về việc công bố danh mục thủ tục hành chính mới ban hành"
    # the header lost its issuing body; the line that names who decides states it
    assert r.issuer is not None and r.issuer.name == "Ủy ban nhân dân tỉnh Lai Châu"
    assert any("names who decides" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"),
        ("CHỦ TỊCH UBND HUYỆN CAM LỘ", "UBND HUYỆN CAM LỘ"),
        ("BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI", "BỘ GIAO THÔNG VẬN TẢI"),
        ("GIÁM ĐỐC SỞ TÀI CHÍNH", "SỞ TÀI CHÍNH"),
        ("CỤC TRƯỞNG CỤC THUẾ", "CỤC THUẾ"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ"),
        ("CHỦ TỊCH", None),  # no body named
        ("CHỦ TỊCH CÔNG ĐOÀN CƠ SỞ", "CÔNG ĐOÀN CƠ SỞ"),
        ("Chủ tịch Ủy ban nhân dân tỉnh", None),  # the line is printed in capitals
        ("QUYẾT ĐỊNH:", None),
    ],
)
def test_decider_re(line: str, body: str | None) -> None:
    m = DECIDER_RE.match(line)
    assert (m.group("body") or m.group("whole") if m else None) == body
