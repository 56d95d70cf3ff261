"""A Party resolution: 'NGHỊ QUYẾT' / 'CỦA BỘ CHÍNH TRỊ' / 'về …', signed T/M BỘ CHÍNH TRỊ above the
Nơi nhận list, TỔNG BÍ THƯ beside it."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.closing import POSITION_RE
from vanban.extract.header import ORGAN_LINE_RE

RESOLUTION = (
    "BAN CHẤP HÀNH TRUNG ƯƠNG\tĐẢNG CỘNG SẢN VIỆT NAM\n*\n\tHà Nội, ngày 12 tháng 6 năm 2021\nSố 02-NQ/TW\n\n"
    "NGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ\nvề đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới\n-----\n"
    "I. TÌNH HÌNH VÀ NGUYÊN NHÂN\nThực hiện Nghị quyết số 20-NQ/TW ngày 28/01/2008 của Hội nghị Trung ương 6 khóa X.\n"
    "II. MỤC TIÊU\nĐến năm 2030 phấn đấu có 15 triệu đoàn viên.\n"
    "\tT/M BỘ CHÍNH TRỊ\nNơi nhận:\tTỔNG BÍ THƯ\n- Các tỉnh ủy, thành ủy,\n- Lưu Văn phòng Trung ương Đảng.\n\n\tNguyễn Phú Trọng\n"
)


def test_a_party_resolution():
    r = extract_text(RESOLUTION, "nq.txt")
    assert (r.number, r.doc_type, r.place, r.date) == ("02-NQ/TW", "Nghị quyết", "Hà Nội", "2021-06-12")
    assert r.title == "về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới"
    assert r.signer is not None
    assert (r.signer.name, r.signer.position, r.signer.authority) == ("Nguyễn Phú Trọng", "Tổng Bí thư", "TM. Bộ Chính trị")
    assert r.recipients == ["Các tỉnh ủy, thành ủy", "Lưu Văn phòng Trung ương Đảng."]
    assert [(t.value, t.metric, t.deadline) for t in r.targets] == [(15_000_000, "total_members", 2030)]


@pytest.mark.parametrize(
    ("line", "organ"),
    [
        ("CỦA BỘ CHÍNH TRỊ", True),
        ("CỦA BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG", True),
        ("CỦA BAN THƯỜNG VỤ TỈNH ỦY", True),
        ("của Bộ Chính trị", False),  # in small letters: part of a title
        ("CỦA", False),
        ("CỦA HỘI NGHỊ LẦN THỨ TƯ, khóa XII", False),
        ("CỦA QUỐC HỘI SỐ 21-LCT/HĐNN8 NGÀY 30/06/1989 VỀ BẢO VỆ SỨC KHOẺ NHÂN DÂN", False),  # the title of an old law
        ("CỦA QUỐC HỘI VỀ BẢO VỆ SỨC KHOẺ NHÂN DÂN", False),
    ],
)
def test_organ_line_re(line: str, organ: bool) -> None:
    assert bool(ORGAN_LINE_RE.match(line)) == organ


@pytest.mark.parametrize(
    ("line", "position"),
    [("TỔNG BÍ THƯ", True), ("BÍ THƯ", True), ("PHÓ BÍ THƯ", True), ("TỔNG GIÁM ĐỐC", True), ("TỔNG KẾT", False)],
)
def test_position_re(line: str, position: bool) -> None:
    assert bool(POSITION_RE.match(line)) == position


REPORT = (
    "CÔNG ĐOÀN CƠ SỞ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THCS NGUYỄN DU\tĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 05/BC-CĐCS\tKrông Pắc, ngày 20 tháng 12 năm 2023\n\nBÁO CÁO\nKết quả hoạt động công đoàn năm 2023\n"
    "Thực hiện Hướng dẫn số 12/HD-LĐLĐ ngày 01/11/2023 của LĐLĐ huyện Krông Pắc, Ban Chấp hành báo cáo như sau:\n"
    "Nơi nhận:\tTM. BAN CHẤP HÀNH\nLĐLĐ huyện (b/c);\tCHỦ TỊCH\nLưu VT.\n\n\tLê Thị Hoa\n"
)


def test_recipients_without_dashes():
    r = extract_text(REPORT, "bc.txt")
    assert r.recipients == ["LĐLĐ huyện (b/c)", "Lưu VT."]
    assert r.signer is not None
    assert (r.signer.name, r.signer.position, r.signer.authority) == ("Lê Thị Hoa", "Chủ tịch", "TM. Ban Chấp hành")
    assert r.issuer is not None and r.issuer.name == "Công đoàn cơ sở Trường THCS Nguyễn Du"


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("LĐLĐ huyện (b/c);", True),
        ("Các CĐCS trực thuộc,", True),
        ("Lưu VT.", True),
        ("Lưu: VT, TC.", True),
        ("Lê Thị Hoa", False),  # the signer's name
        ("CHỦ TỊCH", False),
        ("Ban Chấp hành công đoàn cơ sở đề nghị các tổ công đoàn triển khai thực hiện tốt các nội dung trên đây;", False),
    ],
)
def test_undashed_item_re(line: str, item: bool) -> None:
    from vanban.extract.closing import UNDASHED_ITEM_RE

    assert bool(UNDASHED_ITEM_RE.match(line)) == item
