"""Official casing of names printed in capitals, and the Vietnamese letter classes."""

from __future__ import annotations

import re

import pytest

from vanban.extract.closing import NAME_RE
from vanban.extract.names import case_name
from vanban.extract.patterns import LOWER, UPPER


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "Liên đoàn Lao động tỉnh Lai Châu"),
        ("UBND TỈNH PHÚ THỌ", "Ủy ban nhân dân tỉnh Phú Thọ"),
        ("BỘ TÀI CHÍNH", "Bộ Tài chính"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
        # the Party's bodies: 'bộ' after Đảng is not a ministry, 'ủy' after a level is not a place
        ("ĐẢNG BỘ TỈNH NGHỆ AN", "Đảng bộ tỉnh Nghệ An"),
        ("ĐẢNG BỘ HUYỆN CAM LỘ", "Đảng bộ huyện Cam Lộ"),
        ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "Đảng ủy Khối các cơ quan tỉnh"),
        ("ĐẢNG ỦY XÃ TÂN AN", "Đảng ủy xã Tân An"),
        ("TỈNH ỦY NGHỆ AN", "Tỉnh ủy Nghệ An"),
        ("HUYỆN ỦY CAM LỘ", "Huyện ủy Cam Lộ"),
        ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
        ("BAN TUYÊN GIÁO TỈNH ỦY", "Ban Tuyên giáo Tỉnh ủy"),
        ("BAN THƯỜNG VỤ TỈNH ỦY LAI CHÂU", "Ban Thường vụ Tỉnh ủy Lai Châu"),
        ("Tỉnh ủy Lai Châu", "Tỉnh ủy Lai Châu"),  # mixed case is kept
        # a ministry's fields each capitalised; 'xã hội' the noun is not a commune
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN", "Bảo hiểm xã hội tỉnh Nghệ An"),
        ("UBND XÃ HỘI AN", "Ủy ban nhân dân xã Hội An"),
        ("HỘI NÔNG DÂN TỈNH NGHỆ AN", "Hội Nông dân tỉnh Nghệ An"),
        ("BAN CHỈ ĐẠO PHÒNG, CHỐNG THIÊN TAI", "Ban Chỉ đạo phòng, chống thiên tai"),
        # a school's name is a proper name; 'quý' keeps its tone on the y
        ("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS NGUYỄN DU", "Công đoàn cơ sở Trường THCS Nguyễn Du"),
        ("TRƯỜNG TIỂU HỌC KIM ĐỒNG", "Trường Tiểu học Kim Đồng"),
        ("TRƯỜNG THPT CHUYÊN LÊ QUÝ ĐÔN", "Trường THPT Chuyên Lê Quý Đôn"),
        ("TRƯỜNG ĐẠI HỌC VINH", "Trường Đại học Vinh"),
        ("QUỸ BẢO TRỢ TRẺ EM", "Quỹ bảo trợ trẻ em"),
        # a union of a sector: the sector is a capitalised component, as after a ministry
        ("CÔNG ĐOÀN NGÀNH GIÁO DỤC", "Công đoàn ngành Giáo dục"),
        ("CÔNG ĐOÀN NGÀNH Y TẾ TỈNH NGHỆ AN", "Công đoàn ngành Y tế tỉnh Nghệ An"),
    ],
)
def test_case_name(printed: str, name: str) -> None:
    assert case_name(printed) == name


@pytest.mark.parametrize(
    ("ch", "upper", "lower"),
    [("Đ", True, False), ("đ", False, True), ("Ả", True, False), ("ả", False, True), ("Ư", True, False), ("ự", False, True),
     ("Ỹ", True, False), ("ỹ", False, True), ("A", True, False), ("z", False, True), ("1", False, False), ("-", False, False)],
)  # fmt: skip
def test_letter_classes(ch: str, upper: bool, lower: bool) -> None:
    # the ranges À-Ỹ and à-ỹ hold both cases; the classes are spelled out
    assert (bool(re.fullmatch(f"[{UPPER}]", ch)), bool(re.fullmatch(f"[{LOWER}]", ch))) == (upper, lower)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nguyễn Văn Hùng", True),
        ("NGUYỄN VĂN HÙNG", True),
        ("Đặng Văn Minh", True),
        ("Nguyễn văn hùng", False),  # small letters after the first word
        ("đặng Văn Minh", False),
        ("Nguyễn", False),
    ],
)
def test_name_re(text: str, name: bool) -> None:
    assert bool(NAME_RE.match(text)) == name


@pytest.mark.parametrize(
    ("text", "key"),
    [("Uỷ ban", "ủy ban"), ("hoà giải", "hòa giải"), ("Quý", "quý"), ("quỹ", "quỹ"), ("thuỷ", "thủy")],
)
def test_fold_tone_placement(text: str, key: str) -> None:
    from vanban.extract.normalise import fold

    assert fold(text) == key


@pytest.mark.parametrize(
    ("printed", "place"),
    [
        ("Lai châu", "Lai Châu"),
        ("TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),  # a level before the name: its second word in lower case
        ("THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh"),
        ("thị xã sơn tây", "Thị xã Sơn Tây"),
        ("Phan Rang - Tháp Chàm", "Phan Rang - Tháp Chàm"),
        ("Thành Phố", "Thành Phố"),  # a level alone is not a place written after its level
    ],
)
def test_case_place(printed: str, place: str) -> None:
    from vanban.extract.names import case_place

    assert case_place(printed) == place
