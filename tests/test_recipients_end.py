"""Where the 'Nơi nhận' list ends: the archive item, a line of capitals, a rule (a signature block or an attached
document printed after the list is not a recipient)."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.closing import _LIST_END_RE, _continues


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ("THỦ TƯỚNG CHÍNH PHỦ", True),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("QUY CHẾ", True),
        ("_________", True),
        ("-----", True),
        ("Nguyễn Tấn Dũng", False),  # a name: lower case letters
        ("Các Bộ, cơ quan ngang Bộ;", False),
        ("Độc lập - Tự do - Hạnh phúc", False),
        ("A", False),  # one capital
    ],
)
def test_list_end_re(line: str, hit: bool) -> None:
    assert bool(_LIST_END_RE.match(line)) == hit


@pytest.mark.parametrize(
    ("item", "line", "joined"),
    [
        ("VPCP: BTCN, các PCN, Website CP,", "BĐH 112, Người phát ngôn của TTgCP,", True),  # after a comma
        ("VPCP: BTCN,", "BĐH 112.", True),
        ("Văn phòng Trung ương và các Ban", "của Đảng;", True),  # lower case goes on
        ("Văn phòng Trung ương và các Ban", "Đảng ủy khối;", True),  # no final punctuation
        ("Lưu: Văn thư, CCHC (5b). Hà", "Nguyễn Tấn Dũng", False),  # the archive item is the last
        ("Lưu Văn thư", "Trần Tuấn Anh", False),
        ("Lưu: VT, Ban Tổ chức,", "Ban Tuyên giáo.", True),  # ... unless it ends with a comma
        ("Ban Bí thư", "THỦ TƯỚNG CHÍNH PHỦ", False),  # capitals: a position or an attached document's header
        ("Ban Bí thư", "_________", False),
        ("Ban Bí thư;", "Các Bộ", False),  # the item ended
    ],
)
def test_continues(item: str, line: str, joined: bool) -> None:
    assert _continues(item, line) == joined


DECISION = """THỦ TƯỚNG CHÍNH PHỦ
Số: 93/2007/QĐ-TTg
Hà Nội, ngày 22 tháng 6 năm 2007
QUYẾT ĐỊNH
Ban hành Quy chế thực hiện cơ chế một cửa
Điều 1. Ban hành kèm theo Quyết định này Quy chế thực hiện cơ chế một cửa.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- VPCP: BTCN, các PCN,
  BĐH 112, Công báo;
- Lưu: Văn thư, CCHC (5b). Hà
THỦ TƯỚNG
Nguyễn Tấn Dũng
THỦ TƯỚNG CHÍNH PHỦ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
QUY CHẾ
Thực hiện cơ chế một cửa
"""


def test_recipients_stop_at_the_archive_item() -> None:
    r = extract_text(DECISION, "qd.txt")
    assert r.recipients == ["Ban Bí thư Trung ương Đảng", "VPCP: BTCN, các PCN, BĐH 112, Công báo", "Lưu: Văn thư, CCHC (5b). Hà"]
