"""Header lines that a narrow column wrapped: a body's place name, the place-and-date line."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.document import Line
from vanban.extract.header import _CONTINUES_RE, _LEVEL_END_RE, _unwrapped, _wrapped_place


@pytest.mark.parametrize(
    ("prev", "line", "wrapped"),
    [
        ("LIÊN ĐOÀN LAO ĐỘNG HUYỆN", "TAM ĐƯỜNG", True),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI", "CHÂU", True),
        ("ĐẢNG ỦY XÃ", "TÂN AN", True),
        ("ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "SỞ TÀI CHÍNH", False),  # the place is whole; a new body
        ("UBND HUYỆN CAM LỘ", "VĂN PHÒNG", False),
        ("UBND TỈNH", "SỞ NỘI VỤ", False),  # a body's name starts
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI", "CHÂU PHONG ĐIỀN", False),  # more than the rest of a name
        ("BAN CHẤP HÀNH", "TRUNG ƯƠNG", True),  # one name, "Ban Chấp hành Trung ương"
        ("BAN CHẤP HÀNH", "CÔNG ĐOÀN CƠ SỞ", False),  # no level, no pair
        ("ỦY BAN NHÂN DÂN TỈNH", "THỦ DẦU MỘT", True),  # a bare level: the place follows, whatever its length
        # broken between two words that stand together in names
        ("TỔNG LIÊN ĐOÀN LAO", "ĐỘNG VIỆT NAM", True),
        ("ỦY BAN NHÂN DÂN THÀNH", "PHỐ HÀ NỘI", True),
        ("CÔNG ĐOÀN CƠ SỞ CÔNG", "TY TNHH", True),
        ("CÔNG ĐOÀN CÔNG", "THƯƠNG VIỆT NAM", True),
        ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM", False),  # two bodies
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH", "CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH", False),
    ],
)
def test_wrapped_place(prev: str, line: str, wrapped: bool) -> None:
    assert _wrapped_place(prev, line) == wrapped


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("LĐLĐ HUYỆN", ""),
        ("LĐLĐ TỈNH LAI", " LAI"),
        ("CÔNG ĐOÀN THỊ XÃ", ""),
        ("LĐLĐ TỈNH LAI CHÂU", None),
        ("BAN TỔ CHỨC", None),
    ],
)
def test_level_end_re(text: str, place: str | None) -> None:
    m = _LEVEL_END_RE.search(text)
    assert (m.group("place") if m else None) == place


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0, len(t), 0) for t in texts]


@pytest.mark.parametrize(
    ("texts", "joined"),
    [
        (("Tam Đường, ngày 20 tháng 10 năm", "2021"), "Tam Đường, ngày 20 tháng 10 năm 2021"),
        (("Hà Nội, ngày 05 tháng", "3 năm 2020"), "Hà Nội, ngày 05 tháng 3 năm 2020"),
        (("Tam Đường ngày 20 tháng 10 năm", "2021"), "Tam Đường ngày 20 tháng 10 năm 2021"),  # no comma before 'ngày'
        (("Hà Nội, ngày 05 tháng 3 năm 2020", "KẾ HOẠCH"), None),  # whole already
        (("Căn cứ Luật ngày 12 tháng", "2021"), None),  # not a place-and-date line
        (("Tam Đường, ngày 20 tháng 10 năm", "Thực hiện Kế hoạch số 277/KH-LĐLĐ"), None),  # what follows is no year
    ],
)
def test_unwrapped(texts: tuple[str, ...], joined: str | None) -> None:
    out = _unwrapped(_lines(*texts))
    assert (out[0].text if len(out) == len(texts) - 1 else None) == joined


WRAPPED = (
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
    "CHÂU\tVIỆT NAM\n"
    "LIÊN ĐOÀN LAO ĐỘNG HUYỆN\tĐộc lập - Tự do - Hạnh phúc\n"
    "TAM ĐƯỜNG\n"
    "Số: 15/KH-LĐLĐ\tTam Đường, ngày 20 tháng 10 năm\n"
    "2021\n"
    "KẾ HOẠCH\n"
    "Thực hiện Kế hoạch số 277/KH-LĐLĐ ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh Lai Châu\n"
    "Căn cứ Kế hoạch số 277/KH-LĐLĐ, Ban Thường vụ LĐLĐ huyện xây dựng kế hoạch như sau:\n"
)


def test_a_header_in_narrow_columns():
    r = extract_text(WRAPPED, "wrapped.txt")
    assert (r.number, r.place, r.date) == ("15/KH-LĐLĐ", "Tam Đường", "2021-10-20")
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == ("Liên đoàn Lao động huyện Tam Đường", "Liên đoàn Lao động tỉnh Lai Châu")


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("V/v triển khai Chỉ thị số 21/CT-TTg\t2023", ["V/v triển khai Chỉ thị số 21/CT-TTg", "2023"]),  # a wrapped year
        ("Hà Nội, ngày 05 tháng 3 năm\t2020", ["Hà Nội, ngày 05 tháng 3 năm\t2020"]),  # the form's own year
        ("Số:\t/KH-UBND", ["Số:\t/KH-UBND"]),  # a blank in a form
        ("Tổng cộng\t2023\t540", ["Tổng cộng\t2023\t540"]),  # figures of a table row
    ],
)
def test_column_parts_with_a_wrapped_year(line: str, parts: list[str]) -> None:
    from vanban.extract.document import _column_parts

    assert [p.text for p in _column_parts(Line(line, 0, len(line), 0))] == parts


LETTER = (
    "UBND TỈNH QUẢNG NAM\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
    "SỞ LAO ĐỘNG - THƯƠNG BINH\tVIỆT NAM\n"
    "VÀ XÃ HỘI\tĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 1234/SLĐTBXH-VP\tQuảng Nam, ngày 3 tháng 8 năm\n"
    "V/v triển khai Chỉ thị số 21/CT-TTg\t2023\n"
    "của Thủ tướng Chính phủ\n"
    "Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.\n"
    "Thực hiện Chỉ thị số 21/CT-TTg ngày 25/7/2023 của Thủ tướng Chính phủ, Sở đề nghị báo cáo.\n"
)


def test_a_letter_in_narrow_columns():
    r = extract_text(LETTER, "letter.txt")
    assert (r.number, r.place, r.date) == ("1234/SLĐTBXH-VP", "Quảng Nam", "2023-08-03")
    assert r.title == "triển khai Chỉ thị số 21/CT-TTg của Thủ tướng Chính phủ"  # the V/v line goes on in small letters
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == (
        "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Nam",
        "Ủy ban nhân dân tỉnh Quảng Nam",
    )


@pytest.mark.parametrize(
    ("line", "continues"),
    [
        ("HUYỆN TAM ĐƯỜNG", True),  # the place of 'LIÊN ĐOÀN LAO ĐỘNG' above
        ("TỈNH LAI CHÂU", True),
        ("THÀNH PHỐ HÀ NỘI", True),
        ("TP. HỒ CHÍ MINH", True),
        ("VIỆT NAM", True),
        ("KHÓA XII", True),
        ("TNHH MTV CẤP NƯỚC", True),
        ("và Truyền thông", True),  # lower case
        ("HUYỆN ỦY HƯỚNG HÓA", False),  # a Party committee: a body of its own
        ("TỈNH ỦY QUẢNG TRỊ", False),
        ("QUẬN UỶ BA ĐÌNH", False),  # old tone placement
        ("BAN THƯỜNG VỤ", False),
        ("CÔNG ĐOÀN NGÀNH GIÁO DỤC", False),
        ("XÃHỘI", False),  # no word boundary after the level
    ],
)
def test_continues_re(line: str, continues: bool) -> None:
    assert bool(_CONTINUES_RE.match(line)) is continues


def test_party_committee_under_its_party_organisation() -> None:
    r = extract_text(
        "ĐẢNG BỘ TỈNH QUẢNG TRỊ\tĐẢNG CỘNG SẢN VIỆT NAM\nHUYỆN ỦY HƯỚNG HÓA\n*\n"
        "Số 35-CTr/HU\tHướng Hóa, ngày 15 tháng 8 năm 2021\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết số 02-NQ/TW\n"
    )
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == ("Huyện ủy Hướng Hóa", "Đảng bộ tỉnh Quảng Trị")


BARE_DATE_PLAN = """LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HÀ NỘI
Số: 45/KH-LĐLĐ
Hà Nội, 05/3/2024
KẾ HOẠCH
Tổ chức Tháng Công nhân năm 2024
Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Tổng Liên đoàn Lao động Việt Nam;
Ban Thường vụ Liên đoàn Lao động Thành phố ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Phát triển 5.000 đoàn viên.
Ngoài ra, 15/4/2024 là hạn gửi báo cáo.
Nơi nhận:
- Như trên;
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn A
"""


def test_a_date_line_in_figures_with_no_ngay() -> None:
    """'Hà Nội, 05/3/2024' gives the place and the date; a dated sentence of the body does not."""
    r = extract_text(BARE_DATE_PLAN)
    assert (r.place, r.date, r.number, r.title) == ("Hà Nội", "2024-03-05", "45/KH-LĐLĐ", "Tổ chức Tháng Công nhân năm 2024")
    assert r.issuer is not None and r.issuer.name == "Liên đoàn Lao động thành phố Hà Nội"
    without = extract_text(BARE_DATE_PLAN.replace("Hà Nội, 05/3/2024\n", ""))
    assert (without.place, without.date) == (None, None)
