"""Tables of positive and negative examples for every header pattern (taken from the corpus)."""

from __future__ import annotations

import pytest

from vanban.extract.closing import AUTHORITY_RE, ITEM_RE, NAME_RE, PERSONAL_ROLE_RE, POSITION_RE, RECIPIENTS_RE, SKIP_RE
from vanban.extract.header import ADOPT_RE, BLANK_NUMBER_RE, REPORT_RE, SO_LINE_RE, VV_RE
from vanban.extract.layout import BODY_START_RE, NATIONAL_RE, RULE_RE, STAMP_RE, match_type_line
from vanban.extract.patterns import DATE_RE, PLACE_DATE_RE, find_numbers, match_date, number_key


@pytest.mark.parametrize(
    "text, number, code",
    [
        ("Số: 277 /KH-LĐLĐ", "277/KH-LĐLĐ", "KH"),  # state/union, space before '/'
        ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP", "NĐ"),  # normative act
        ("Số 02-NQ/TW", "02-NQ/TW", "NQ"),  # Party
        ("Số: 34 /KH-LĐLĐ", "34/KH-LĐLĐ", "KH"),
        ("06b /NQ-TLĐ", "06b/NQ-TLĐ", "NQ"),  # letter suffix
        ("07/TTr-CĐCS/2024", "07/TTr-CĐCS/2024", "TTr"),  # year after the symbol
        ("342/LĐLĐ", "342/LĐLĐ", None),  # letter without a type code
        ("77//KH-LĐLĐ", "77/KH-LĐLĐ", "KH"),  # doubled slash
        ("02/NQ/TW", "02-NQ/TW", "NQ"),  # Party number typed with '/'
        ("05/Ctr-LĐLĐ", "05/CTr-LĐLĐ", "CTr"),  # code in the wrong case
        ("21-LCT/HĐNN8", "21-LCT/HĐNN8", "LCT"),
        ("251/ToC-CĐCT", "251/ToC-CĐCT", None),  # department code, not a type
        ("10/2007/QĐ_BKHCN", "10/2007/QĐ-BKHCN", "QĐ"),  # underscore slip
        ("133/2025/NĐ-\nCP", "133/2025/NĐ-CP", "NĐ"),  # broken over a line
        ("Số: 15/KH.LĐLĐ", "15/KH-LĐLĐ", "KH"),  # dot slip between the parts
        ("số 123/QĐ.UBND ngày", "123/QĐ-UBND", "QĐ"),
        ("10/2007/QĐ.BKHCN", "10/2007/QĐ-BKHCN", "QĐ"),
        ("Số: 15/KH. Trong", "15/KH", None),  # a full stop after the number, not a part
        ("12/2012/QH13.Điều", "12/2012/QH13", None),  # a word glued after the stop: one capital, not a part
        ("12/2012/QH13", "12/2012/QH13", None),
        ("01/2026/CV-CĐCS", "01/2026/CV-CĐCS", "CV"),
        ("3a/CTr-CĐCT", "3a/CTr-CĐCT", "CTr"),
        ("4532/UBND-KSTTHC", "4532/UBND-KSTTHC", None),
        ("55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "TTLT"),
    ],
)
def test_number_positive(text, number, code):
    found = find_numbers(text)
    assert [(n, c) for n, c, _m in found] == [(number, code)]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 24/9/2021",  # a date
        "Số:   /KH-UBND",  # blank number
        "tỷ lệ 95 - 98%",  # a range
        "Điều 5/7 của Luật",  # not a symbol
        "2.136 đoàn viên",
        "…/…/NĐ-CP",  # placeholder
        "năm 2021-2025",
    ],
)
def test_number_negative(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("typed", ["02/NQ-TW", "02-nq/tw", "02-NQ/TW", "02 - NQ / TW", "02.NQ/TW"])
def test_number_key_agrees_however_typed(typed):
    assert number_key(typed) == number_key("02-NQ/TW")


@pytest.mark.parametrize(
    "text, iso",
    [
        ("ngày 24 tháng 9 năm 2021", "2021-09-24"),
        ("ngày 24/9/2021", "2021-09-24"),
        ("ngày15/4/2010", "2010-04-15"),
        ("12-6-2021", "2021-06-12"),
        ("10/01/2014", "2014-01-10"),
        ("ngày 05 tháng 3 năm 2020", "2020-03-05"),
        ("31/02/2020", None),  # not a calendar date
    ],
)
def test_date(text, iso):
    m = DATE_RE.search(text)
    assert m is not None and match_date(m) == iso


@pytest.mark.parametrize("text", ["Quý II/2022", "tháng 6/2021", "năm 2023", "giai đoạn 2021 - 2025"])
def test_date_negative(text):
    assert DATE_RE.search(text) is None


@pytest.mark.parametrize(
    "text, place, day, month, year",
    [
        ("Lai châu, ngày 15 tháng 10 năm 2021", "Lai châu", "15", "10", "2021"),
        ("Hà Nội, ngày    31  tháng 12 năm 2013", "Hà Nội", "31", "12", "2013"),
        ("Phú Thọ, ngày     tháng 12 năm 2011", "Phú Thọ", "", "12", "2011"),  # day left blank
        ("Thủ Dầu Một, ngày 15 tháng 4 năm 2009", "Thủ Dầu Một", "15", "4", "2009"),
        ("Tân an, ngày 31 tháng 05 năm 2024", "Tân an", "31", "05", "2024"),
        ("Lai Châu ngày 15 tháng 10 năm 2021", "Lai Châu", "15", "10", "2021"),  # the comma left out
        ("TP. Hồ Chí Minh ngày 1 tháng 2 năm 2020", "TP. Hồ Chí Minh", "1", "2", "2020"),
        ("Hà Nội, ngày 05/3/2020", "Hà Nội", "05", "3", "2020"),  # the date in figures
        ("Hà Nội, ngày 05-3-2020", "Hà Nội", "05", "3", "2020"),
        ("Hà Nội, ngày 5.3.2020", "Hà Nội", "5", "3", "2020"),
        ("Phú Thọ, ngày\ttháng 12 năm 2011", "Phú Thọ", "", "12", "2011"),  # a blank typed as spaces
        ("Hà Nội, 05/3/2024", "Hà Nội", "05", "3", "2024"),  # figures with no 'ngày'
        ("TP. Hồ Chí Minh, 15.10.2021", "TP. Hồ Chí Minh", "15", "10", "2021"),
        ("Lai Châu , 1-2-2020 ", "Lai Châu", "1", "2", "2020"),
    ],
)
def test_place_date(text, place, day, month, year):
    m = PLACE_DATE_RE.match(text)
    assert m is not None
    assert (m.group("place").strip(), m.group("day").strip(), m.group("month").strip(), m.group("year")) == (
        place,
        day,
        month,
        year,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004",  # a cited document's date
        "08-07-2018",  # a web posting date
        "Ngày 21/6/2018, Ban Chấp hành LĐLĐ tỉnh xây dựng",
        "Vào ngày 15 tháng 10 năm 2021",  # a sentence, not a place
        "Hôm nay ngày 15 tháng 10 năm 2021",
        "Hà Nội, ngày 05/3-2020",  # mixed separators
        "Hà Nội, ngày 05/3/20",  # a two-digit year
        "đã họp ngày 15 tháng 10 năm 2021",  # no capital: no place
        "Ngoài ra, 05/3/2024 là hạn cuối",  # figures with no 'ngày' in a sentence
        "Ngoài ra, 05/3/2024",  # ... after words that are not a name in title case
        "Hà Nội 05/3/2024",  # ... with no comma
        "Hà Nội, 05/3/2024 tổ chức hội nghị",  # ... not alone on its line
        "Hà Nội, 05/3-2024",  # ... mixed separators
        "Số: 12, 05/3/2024",
    ],
)
def test_place_date_negative(text):
    assert PLACE_DATE_RE.match(text) is None


@pytest.mark.parametrize(
    "text, hit",
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),  # old tone placement
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("Độc lập – Tự do – Hạnh phúc", True),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", True),
        ("CỘNG HÒA XÃ HỘI", True),  # the motto wrapped by a narrow cell (copied from a web page's table)
        ("CHỦ NGHĨA VIỆT NAM", True),
        ("Cộng hoà xã hội", True),
        ("ỦY BAN NHÂN DÂN", False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", False),  # a half cut elsewhere: not the motto's halves
        ("CHỦ NGHĨA XÃ HỘI", False),
        ("Hội Cựu chiến binh Việt Nam", False),
        ("Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", False),
    ],
)
def test_national(text, hit):
    assert bool(NATIONAL_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, hit", [("_______", True), ("---------------", True), ("* * *", True), ("- Lưu VT.", False), ("Số: 1", False)]
)
def test_rule_line(text, hit):
    assert bool(RULE_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi", True),
        ("Thời gian ký: 09.01.2025 10:21:11 +07:00", True),
        ("ttcbth@quangngai.gov.vn", True),
        ("CV ĐẾN Số: 2352", True),
        ("Phát triển đoàn viên, thành lập CĐCS đến năm 2023", False),  # 'đến' in a title
        ("ĐẾN", True),
        ("ĐẾN Ngày: 21/3/18", True),
        ("ĐẾN Số: 2352", True),
        ("TRỊ ĐẾN NĂM 2020, CÓ TÍNH ĐẾN NĂM 2030", False),  # 'ĐẾN' in a title in capitals
        ("QUY HOẠCH ĐẾN NĂM 2030", False),
        ("ĐẾN NĂM 2025, TẦM NHÌN ĐẾN NĂM 2030", False),
        ("ỦY BAN NHÂN DÂN", False),
    ],
)
def test_stamp(text, hit):
    assert bool(STAMP_RE.search(text)) is hit


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;", True),
        ("Kính gửi: Ban Thường vụ Liên đoàn Lao động tỉnh", True),
        ("Điều 1. Phạm vi điều chỉnh", True),
        ("I. MỤC ĐÍCH, YÊU CẦU", True),
        ("Chương I", True),
        ("Thực hiện Nghị quyết 02-NQ của Bộ Chính trị", False),  # may be a title line
        ("Phát triển đoàn viên", False),
    ],
)
def test_body_start(text, hit):
    assert bool(BODY_START_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, result",
    [
        ("KẾ HOẠCH", ("Kế hoạch", "")),
        ("## KẾ HOẠCH", ("Kế hoạch", "")),
        ("CHƯƠNG TRÌNH ", ("Chương trình", "")),
        ("NGHỊ ĐỊNH", ("Nghị định", "")),
        ("BỘ LUẬT", ("Bộ luật", "")),
        ("Phụ lục I", ("Phụ lục", "")),
        ("bản tự kiểm điểm", ("Bản tự kiểm điểm", "")),  # legacy-font text lost its capitals
        ("ĐƠN GIA NHẬP CÔNG ĐOÀN", ("Đơn", "GIA NHẬP CÔNG ĐOÀN")),
        ("THỎA ƯỚC LAO ĐỘNG TẬP THỂ", ("Thỏa ước lao động tập thể", "")),
        ("Kế hoạch phát triển đoàn viên năm 2023", None),  # a sentence, not a type line
        ("KẾT QUẢ THỰC HIỆN", None),
        ("LUẬT SƯ", None),
    ],
)
def test_type_line(text, result):
    assert match_type_line(text) == result


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Số: 277 /KH-LĐLĐ", True),
        ("Số 02-NQ/TW", True),
        ("Luật số: 12/2012/QH13", True),
        ("Số:09/2010/QĐ-UBND", True),
        ("Sức khoẻ là vốn quý", False),
        ("Sở Tài chính", False),
    ],
)
def test_so_line(text, hit):
    assert bool(SO_LINE_RE.match(text)) is hit


@pytest.mark.parametrize("text, hit", [("   /KH-UBND", True), ("\t/TTr-CĐCS", True), ("…/KH", True), ("277/KH-LĐLĐ", False)])
def test_blank_number(text, hit):
    assert bool(BLANK_NUMBER_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, title",
    [
        ("V/v góp ý dự thảo Quyết định", "góp ý dự thảo Quyết định"),
        ("V/v: Đề nghị cung cấp thông tin", "Đề nghị cung cấp thông tin"),
        ("Về việc xin chủ trương bầu bổ sung", "xin chủ trương bầu bổ sung"),
    ],
)
def test_vv(text, title):
    m = VV_RE.match(text)
    assert m is not None and m.group("title") == title


def test_vv_negative():
    assert VV_RE.match("Về phát triển đoàn viên") is None


def test_report_sentence():
    m = REPORT_RE.search(
        "Ngày 21/6/2018, Ban Chấp hành LĐLĐ tỉnh xây dựng Chương trình số 05/Ctr-LĐLĐ về Phát triển đoàn viên; xây dựng"
    )
    assert m is not None
    assert (m.group("date"), m.group("type"), m.group("num")) == ("21/6/2018", "Chương trình", "05/Ctr-LĐLĐ")
    assert REPORT_RE.search("08-07-2018") is None
    assert REPORT_RE.search("Ngày 21/6/2018, đoàn viên tham gia hội thao") is None


@pytest.mark.parametrize(
    "text, organ, org",
    [
        (
            "Ban Chấp hành Công đoàn Viên chức Việt Nam xây dựng chương trình nâng cao",
            "Ban Chấp hành",
            "Công đoàn Viên chức Việt Nam",
        ),
        (
            "Ban Chấp hành Liên đoàn Lao động huyện Hương Hóa xây dựng Kế hoạch thực hiện",
            "Ban Chấp hành",
            "Liên đoàn Lao động huyện Hương Hóa",
        ),
        ("Ban Thường vụ LĐLĐ xây dựng Kế hoạch phát triển đoàn viên", "Ban Thường vụ", "LĐLĐ"),
        # the body that adopts is the last one named before 'xây dựng', not the higher one cited before it
        (
            "của Ban Thường vụ LĐLĐ tỉnh, Ban Thường vụ LĐLĐ huyện xây dựng kế hoạch như sau",
            "Ban Thường vụ",
            "LĐLĐ huyện",
        ),
    ],
)
def test_adopt(text, organ, org):
    m = ADOPT_RE.search(text)
    assert m is not None and (m.group("organ"), m.group("org")) == (organ, org)


def test_adopt_negative():
    assert ADOPT_RE.search("Ban Chấp hành Công đoàn chỉ đạo các cấp công đoàn") is None


@pytest.mark.parametrize(
    "text, prefix",
    [
        ("TM. BAN THƯỜNG VỤ", "TM"),
        ("KT.CHỦ TỊCH", "KT"),  # no space after the dot
        ("TM.ỦY BAN NHÂN DÂN", "TM"),
        ("TL. CHỦ TỊCH", "TL"),
        ("T/M BAN CHẤP HÀNH", "T/M"),  # Party form
        ("K/T BÍ THƯ", "K/T"),
        ("TUQ. BỘ TRƯỞNG", "TUQ"),
    ],
)
def test_authority(text, prefix):
    m = AUTHORITY_RE.match(text)
    assert m is not None and m.group("prefix") == prefix


@pytest.mark.parametrize("text", ["TMDV Hà Nội", "KTXH phát triển", "Tổ chức thực hiện"])
def test_authority_negative(text):
    assert AUTHORITY_RE.match(text) is None


@pytest.mark.parametrize(
    "text, hit",
    [
        ("CHỦ TỊCH", True),
        ("PHÓ CHỦ TỊCH THƯỜNG TRỰC", True),
        ("PHÓ CHÁNH VĂN PHÒNG", True),
        ("CHỦ TỊCH QUỐC HỘI", True),
        ("THỦ TƯỚNG", True),
        ("GIÁM ĐỐC", True),
        ("Chủ tịch UBND tỉnh chỉ đạo các sở thực hiện quyết liệt các giải pháp", False),  # too long for a position
        ("BAN THƯỜNG VỤ", False),
    ],
)
def test_position(text, hit):
    assert bool(POSITION_RE.match(text)) is hit


@pytest.mark.parametrize("text, hit", [("Người làm đơn", True), ("Người tự kiểm điểm", True), ("Người lao động", False)])
def test_personal_role(text, hit):
    assert bool(PERSONAL_ROLE_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, hit",
    [
        ("(Đã ký)", True),
        ("(đã ký)", True),
        ("Đã ký", True),
        ("[", True),
        ("(Ký, ghi rõ họ tên)", True),
        ("Hoàng Văn Trinh", False),
    ],
)
def test_skip(text, hit):
    assert bool(SKIP_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Hoàng Văn Trinh", True),
        ("Nguyễn Thị Kim Ngân", True),
        ("TRẦN THỊ THƯƠNG", True),
        ("Nơi nhận:", False),
        ("- Lưu VT.", False),
        ("Hoàng", False),  # one word is not a full name
    ],
)
def test_name(text, hit):
    assert bool(NAME_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Nơi nhận:", True),
        ("***Nơi nhận:***", True),
        ("Nơi nhận: - Như trên;", True),
        ("Nơi nhận", True),
        ("Nơi nhận phải được xác định cụ thể trong văn bản.", False),  # body text about recipients
        ("i) Nơi nhận.", False),
    ],
)
def test_recipients_header(text, hit):
    assert bool(RECIPIENTS_RE.match(text)) is hit


@pytest.mark.parametrize(
    "text, item", [("- Như trên;", "Như trên;"), ("+ Lưu VT.", "Lưu VT."), ("– Các Ban LĐLĐ tỉnh;", "Các Ban LĐLĐ tỉnh;")]
)
def test_item(text, item):
    m = ITEM_RE.match(text)
    assert m is not None and m.group("item") == item
