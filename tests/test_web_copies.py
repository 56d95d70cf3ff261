"""Documents copied from a legal-document website into a text file: the site's summary above the header, the
national motto wrapped by a narrow table cell, '|' left by the cells, sentences hard-wrapped mid-clause, and
ministries whose names hold a comma. The texts are made up in the shape such copies have."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.citations import comma_body_re
from vanban.extract.document import Line
from vanban.extract.header import _FRAGMENT_RE, rejoined, web_summary_re
from vanban.extract.period import _NEW_ITEM_RE, _OWN_RE

WRAPPED_MOTTO = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 318/KH-UBND
|
Hà Giang, ngày
14 tháng 8 năm 2024
|
KẾ HOẠCH
KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH HÀ GIANG
NĂM 2024
Căn cứ Nghị quyết số
76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai
đoạn 2021 - 2030;
Căn cứ Quyết định số
912/QĐ-UBND ngày 20/5/2022 của Ủy ban nhân dân tỉnh về Kế hoạch cải cách hành chính giai đoạn 2021 - 2025,
tỉnh Hà Giang;
Thực hiện Công văn số 1200/BNV-CCHC ngày 02/3/2024 của Bộ Nội vụ về việc kiểm tra, tổ
thực hiện các nhiệm vụ năm 2024; Công văn số 75/LĐTBXH-VP ngày 05/3/2024 của Bộ Lao động, Thương binh và Xã
hội về việc phối hợp; Ủy ban nhân dân tỉnh ban hành Kế hoạch kiểm tra như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đánh giá việc thực hiện nhiệm vụ cải cách hành chính năm 2024.
"""

WEB_SUMMARY = """Kế hoạch 27/KH-UBND năm 2023 phát triển du lịch cộng đồng tỉnh Yên Bái giai đoạn 2023-2025
Số hiệu: 27/KH-UBND Loại văn bản: Kế hoạch
Nơi ban hành: Tỉnh Yên Bái Người ký: Trần Văn Bình
Ngày ban hành: 09/02/2023 Ngày hiệu lực: Đã biết
Tình trạng: Đã biết

ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 27/KH-UBND

Yên Bái, ngày 09 tháng 02 năm 2023

KẾ HOẠCH

PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG TỈNH YÊN BÁI GIAI ĐOẠN 2023 - 2025

Thực hiện Quyết định số 147/QĐ-TTg ngày 22/01/2020 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế
hoạch như sau:
"""


BROKEN_WORDS = """ỦY
BAN NHÂN DÂN
TỈNH THỪA THIÊN HUẾ
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số:
1208/QĐ-UBND
|
Thừa Thiên
Huế, ngày 05 tháng 6 năm 2019
|
QUYẾT ĐỊNH
PHÊ DUYỆT ĐỀ ÁN PHÁT TRIỂN NGHỀ CÁ TỈNH THỪA THIÊN
HUẾ ĐẾN NĂM 2025, TẦM NHÌN ĐẾN NĂM 2030
ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ
Căn cứ Luật Tổ chức chính quyền địa
phương năm 2015;
Xét đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn,
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án.
"""


def test_header_lines_broken_mid_word_are_read_whole() -> None:
    r = extract_text(BROKEN_WORDS)
    assert r.issuer is not None and r.issuer.name == "Ủy ban nhân dân tỉnh Thừa Thiên Huế" and r.issuer.parent is None
    assert (r.number, r.doc_type, r.place, r.date) == ("1208/QĐ-UBND", "Quyết định", "Thừa Thiên Huế", "2019-06-05")


def test_a_title_in_capitals_with_den_nam_is_not_a_stamp_and_ends_before_the_deciding_body() -> None:
    r = extract_text(BROKEN_WORDS)
    assert r.title == "PHÊ DUYỆT ĐỀ ÁN PHÁT TRIỂN NGHỀ CÁ TỈNH THỪA THIÊN HUẾ ĐẾN NĂM 2025, TẦM NHÌN ĐẾN NĂM 2030"


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [
        ("CỘNG", "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM", False),  # each half is read as the motto on its own
        ("Số:", "258/KH-UBND", True),
        ("Số:", "Lai Châu, ngày 5 tháng 6 năm 2024", False),  # a blank number: not joined to the next line
        ("Văn bản số:", "258/KH-UBND", False),
        ("Quảng", "Trị, ngày 27 tháng 12 năm 2016", True),
        ("Thừa Thiên", "Huế, ngày 05 tháng 6 năm 2019", True),
        ("TỈNH QUẢNG TRỊ", "Quảng Trị, ngày 27 tháng 12 năm 2016", False),  # the issuer's line, in capitals
        ("Độc lập - Tự do - Hạnh phúc", "Quảng Trị, ngày 27 tháng 12 năm 2016", False),
        ("KẾ HOẠCH", "Phát triển đoàn viên", False),
    ],
)
def test_rejoined(a: str, b: str, joined: bool) -> None:
    lines = [Line(a, 0, len(a), 0), Line(b, len(a) + 1, len(a) + 1 + len(b), 1)]
    out = rejoined(lines)
    assert (len(out) == 1) is joined
    if joined:
        assert out[0].text == f"{a} {b}" and (out[0].start, out[0].end) == (0, lines[1].end)


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Quảng", True),
        ("Thừa Thiên", True),
        ("Hà", True),
        ("TỈNH", False),
        ("Bà Rịa Vũng", False),
        ("quảng", False),
        ("Số:", False),
    ],
)
def test_fragment_re(text: str, hit: bool) -> None:
    assert bool(_FRAGMENT_RE.match(text)) is hit


def test_a_motto_wrapped_by_a_narrow_cell_is_not_the_issuer() -> None:
    r = extract_text(WRAPPED_MOTTO)
    assert r.issuer is not None and r.issuer.name == "Ủy ban nhân dân tỉnh Hà Giang" and r.issuer.parent is None
    assert (r.number, r.doc_type, r.place, r.date) == ("318/KH-UBND", "Kế hoạch", "Hà Giang", "2024-08-14")
    assert r.title == "KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN TỈNH HÀ GIANG NĂM 2024"


def test_the_years_on_the_wrapped_lines_of_the_grounds_are_not_the_plans() -> None:
    assert extract_text(WRAPPED_MOTTO).period is None  # 2021-2025 and 2021-2030 are the grounds' years


def test_a_lower_case_relation_word_on_a_wrapped_line_goes_on_with_the_clause() -> None:
    cites = {c.number: c for c in extract_text(WRAPPED_MOTTO).citations}
    assert cites["1200/BNV-CCHC"].relation == "thuc_hien"
    assert cites["75/LĐTBXH-VP"].relation == "thuc_hien"  # the next item of the same 'Thực hiện' clause
    assert cites["76/NQ-CP"].relation == cites["912/QĐ-UBND"].relation == "can_cu"


def test_a_ministry_written_with_a_comma_keeps_its_whole_name() -> None:
    cites = {c.number: c for c in extract_text(WRAPPED_MOTTO).citations}
    assert cites["75/LĐTBXH-VP"].issuer == "Bộ Lao động - Thương binh và Xã hội"


def test_the_summary_of_a_legal_document_website_is_not_the_header() -> None:
    r = extract_text(WEB_SUMMARY)
    assert r.issuer is not None and r.issuer.name == "Ủy ban nhân dân tỉnh Yên Bái"
    assert (r.number, r.doc_type, r.place, r.date) == ("27/KH-UBND", "Kế hoạch", "Yên Bái", "2023-02-09")
    assert r.title == "PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG TỈNH YÊN BÁI GIAI ĐOẠN 2023 - 2025"


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ("Số hiệu: 27/KH-UBND Loại văn bản: Kế hoạch", True),
        ("Nơi ban hành: Tỉnh Yên Bái Người ký: Trần Văn Bình", True),
        ("Cơ quan ban hành: Ủy ban nhân dân tỉnh", True),
        ("Ngày ban hành: 09/02/2023 Ngày hiệu lực: Đã biết", True),
        ("Tình trạng hiệu lực: Còn hiệu lực", True),
        ("Số: 27/KH-UBND", False),  # the document's own number line
        ("Người ký", False),  # no label mark
        ("Ngày 09/02/2023, Ủy ban nhân dân tỉnh ban hành Kế hoạch", False),
        ("Lĩnh vực công tác: văn thư", False),  # another label
    ],
)
def test_web_summary_re(line: str, hit: bool) -> None:
    assert bool(web_summary_re().match(line)) is hit


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ("1. Mục đích", True),
        ("II. NHIỆM VỤ", True),
        ("2.1. Đối với cấp tỉnh", True),
        ("a) Kiểm tra", True),
        ("- Các sở, ngành", True),
        ("đoạn 2021 - 2025;", False),  # the rest of a wrapped line
        ("76/NQ-CP ngày 15/7/2021 của Chính phủ", False),
        ("2025. Trên cơ sở Kế hoạch", False),  # a year ending a sentence, not a list number
        ("tỉnh Hà Giang;", False),
    ],
)
def test_new_item_re(line: str, hit: bool) -> None:
    assert bool(_NEW_ITEM_RE.match(line)) is hit


@pytest.mark.parametrize(
    ("line", "hit"),
    [
        ("hội về việc phối hợp; Ủy ban nhân dân tỉnh ban hành Kế hoạch kiểm tra như sau:", True),
        ("Ban Thường vụ xây dựng Chương trình thực hiện như sau:", True),
        ("về Kế hoạch cải cách hành chính giai đoạn 2021 - 2025,", False),
        ("ban hành Quy chế làm việc", False),
    ],
)
def test_own_re(line: str, hit: bool) -> None:
    assert bool(_OWN_RE.search(line)) is hit


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("Bộ Văn hóa, Thể thao và Du lịch về việc", "Văn hóa, Thể thao và Du lịch"),
        ("Sở Văn hoá ,Thể thao và Du lịch tỉnh Nghệ An", "Văn hoá ,Thể thao và Du lịch"),  # old tone, odd spaces
        ("BỘ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI", "LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI"),
        ("Bộ Lao động, Thương binh và Xã\thội", "Lao động, Thương binh và Xã\thội"),
        ("Bộ Lao động - Thương binh và Xã hội", None),  # no comma: read as any other name
        ("Bộ Văn hóa, Thể thao", None),  # not the whole name
        ("Bộ Y tế, Bộ Tài chính", None),
        ("Bộ Văn hóa, Thể thao và Du lịchx", None),  # not a whole word
    ],
)
def test_comma_body_re(text: str, domain: str | None) -> None:
    m = comma_body_re().match(text)
    assert (m.group("domain") if m else None) == domain
