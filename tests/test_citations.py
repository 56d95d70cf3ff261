"""Citation extraction: what is a citation, and what it says (number, type, date, issuer, title, relation)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS
from vanban import extract_file
from vanban.extract.citations import extract_citations
from vanban.extract.document import Doc
from vanban.extract.readers.text import text_to_blocks
from vanban.schemas import Citation, DocumentRecord, Issuer, Source

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


def cite(text: str, *, number=None, issuer=None, parent=None, date=None, title=None, doc_type=None) -> list[Citation]:
    """The citations of `text` in a document with the given header."""
    source = Source(path="test.txt", sha256="0" * 64, format="txt")
    doc = Doc.from_blocks(source, text_to_blocks(text, markdown=False))
    record = DocumentRecord(
        source=source,
        text=doc.text,
        number=number,
        issuer=Issuer(name=issuer, parent=parent) if issuer else None,
        date=date,
        title=title,
        doc_type=doc_type,
    )
    return extract_citations(doc, record)


def one(text: str, **header) -> Citation:
    numbered = [c for c in cite(text, **header) if c.number]
    assert len(numbered) == 1, numbered
    return numbered[0]


def numbers(text: str, **header) -> list[str]:
    return [c.number for c in cite(text, **header) if c.number]


# ---- relation words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,relation",
    [
        ("Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam;", "can_cu"),
        ("Căn cứ vào Nghị định số 97/2008/NĐ-CP ngày 28/8/2008 của Chính phủ;", "can_cu"),
        ("Căn cư Quyết định số 10/2007/QĐ_BKHCN ngày 11 tháng 5 năm 2007 của Bộ Khoa học và Công nghệ;", "can_cu"),
        ("- Căn cứ Bộ luật Lao động số 45/2019/QH14;", "can_cu"),
        ("Thực hiện Nghị quyết số 20-NQ/TW ngày 28/01/2008 của Ban Chấp hành Trung ương Đảng khóa X;", "thuc_hien"),
        (
            "Triển khai Kế hoạch số 77/KH-LĐLĐ ngày 30/11/2021 của Ban Thường vụ LĐLĐ tỉnh, LĐLĐ huyện xây dựng kế hoạch.",
            "thuc_hien",
        ),
        ("Triển khai thực hiện Chỉ thị số 01/CT-UBND ngày 03/01/2024 của UBND tỉnh.", "thuc_hien"),
        ("Thi hành Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ, Công ty ban hành nội quy.", "thuc_hien"),
        ("- Tiếp tục thực hiện nội dung Nghị quyết số 20-NQ/TW ngày 28/01/2008.", "mention"),
        ("Theo đề nghị của Sở Thông tin và Truyền thông tại công văn số 278/STTTT-BCVT ngày 31/3/2010,", "mention"),
        ("tham mưu phối hợp trên tinh thần Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ chính trị.", "mention"),
    ],
)
def test_relation_words(text, relation):
    assert one(text).relation == relation


def test_plan_titled_implementing_a_resolution_implements_it():
    text = "KẾ HOẠCH\nThực hiện Nghị quyết 02-NQ/TW của Bộ Chính trị về đổi mới tổ chức công đoàn\nI. MỤC ĐÍCH"
    assert one(text, title="Thực hiện Nghị quyết 02-NQ/TW của Bộ Chính trị về đổi mới tổ chức công đoàn").relation == "thuc_hien"
    one_line = "KẾ HOẠCH TRIỂN KHAI NGHỊ QUYẾT SỐ 02-NQ/TW NGÀY 12/6/2021\nI. MỤC ĐÍCH"
    assert one(one_line, title="Triển khai Nghị quyết số 02-NQ/TW ngày 12/6/2021").relation == "thuc_hien"


def test_subject_of_a_basis_is_only_mentioned():
    text = (
        "Căn cứ Kế hoạch số 276/KH-LĐLĐ, ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh về thực hiện Chương trình hành động "
        "của Ban Chấp hành Tổng LĐLĐ Việt Nam thực hiện Nghị quyết số 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị;"
    )
    rel = {c.number: c.relation for c in cite(text)}
    assert rel == {"276/KH-LĐLĐ": "can_cu", "02-NQ/TW": "mention"}


def test_every_item_of_a_basis_list_is_a_basis():
    text = (
        "Thực hiện Nghị quyết 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị về “Đổi mới tổ chức”; Kế hoạch số 77/KH-LĐLĐ ngày "
        "30/11/2021 của Ban Thường vụ LĐLĐ tỉnh; Chương trình số 35-CTr/HU ngày 28/02/2022 của Ban Thường vụ Huyện ủy Hương Hóa "
        "về thực hiện Nghị quyết 02/NQ/TW của Bộ Chính trị; Ban Chấp hành xây dựng Kế hoạch như sau:"
    )
    rel = {c.number: c.relation for c in cite(text)}
    assert rel == {"02-NQ/TW": "thuc_hien", "77/KH-LĐLĐ": "thuc_hien", "35-CTr/HU": "thuc_hien"}


def test_amended_basis_is_a_basis():
    text = "Căn cứ Luật Xây dựng số 50/2014/QH13 được sửa đổi, bổ sung bởi Luật số 62/2020/QH14;"
    assert {c.number: c.relation for c in cite(text)} == {"50/2014/QH13": "can_cu", "62/2020/QH14": "can_cu"}


def test_hard_wrapped_basis_clause():
    text = "Căn cứ Nghị định số\n08/2016/NĐ-CP ngày 25/01/2016 của Chính phủ;\nTheo đề nghị của Sở Nội vụ tại Tờ trình số 12/TTr-SNV."
    rel = {c.number: c.relation for c in cite(text)}
    assert rel == {"08/2016/NĐ-CP": "can_cu", "12/TTr-SNV": "mention"}


def test_basis_wrapped_after_a_connective_word():
    text = "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi\nLuật số 87/2025/QH15;\nTheo đề nghị của Bộ trưởng Bộ Tài chính;"
    assert {c.number: c.relation for c in cite(text)} == {"64/2025/QH15": "can_cu", "87/2025/QH15": "can_cu"}


def test_strongest_relation_and_first_span_are_kept():
    text = "Đẩy mạnh tuyên truyền Nghị quyết số 02-NQ/TW.\nThực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị, Công đoàn xây dựng kế hoạch."
    (c,) = cite(text)
    assert (c.relation, c.date, c.span[0]) == ("thuc_hien", "2021-06-12", text.index("Nghị quyết"))


# ---- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,iso",
    [
        ("ngày 12/6/2021", "2021-06-12"),
        ("ngày 12-6-2021", "2021-06-12"),
        ("ngày 12.6.2021", "2021-06-12"),
        ("ngày 24 tháng 9 năm 2021", "2021-09-24"),
        ("ngày15/4/2010", "2010-04-15"),
        (", ngày 15/10/2021", "2021-10-15"),
        ("ngày 08 tháng 02 năm 2010", "2010-02-08"),
        ("\n26/04/2011", "2011-04-26"),  # a register's next cell
        ("ngày\n29/11/2022", "2022-11-29"),  # a PDF line break
        ("của Bộ Chính trị ngày 12/6/2021", "2021-06-12"),  # the issuer first
    ],
)
def test_date_forms(written, iso):
    assert one(f"Căn cứ Nghị quyết số 02-NQ/TW {written} về đổi mới;").date == iso


@pytest.mark.parametrize("written", ["ngày 31/2/2021", "ngày … tháng … năm 2021", "năm 2021", "trước ngày 10/02/2025 của"])
def test_no_date_is_invented(written):
    assert one(f"Thực hiện Chỉ thị số 11-CT/TW {written}.").date is None


# ---- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,number",
    [
        ("Kế hoạch số 77//KH-LĐLĐ", "77/KH-LĐLĐ"),
        ("Nghị quyết 02/NQ/TW", "02-NQ/TW"),
        ("Chương trình số 05/Ctr-LĐLĐ", "05/CTr-LĐLĐ"),
        ("Kế hoạch số 277 /KH-LĐLĐ", "277/KH-LĐLĐ"),
        ("Nghị định số 133/2025/NĐ-\nCP", "133/2025/NĐ-CP"),
        ("Kế hoạch số 186/KH-\nUBND", "186/KH-UBND"),
        ("Quyết định số 10/2007/QĐ_BKHCN", "10/2007/QĐ-BKHCN"),
        ("Luật số: 12/2012/QH13", None),  # a label at the start of a line: the document's own header
        ("công văn 342/LĐLĐ", "342/LĐLĐ"),
        ("Tờ trình số 07/TTr-CĐCS/2024", "07/TTr-CĐCS/2024"),
        ("Luật 21-LCT/HĐNN8", "21-LCT/HĐNN8"),
    ],
)
def test_number_forms_are_normalised(written, number):
    assert numbers(f"Theo hướng dẫn\n{written} ngày 1/2/2020.") == ([number] if number else [])


def test_short_reference_after_a_full_one():
    text = "Thực hiện Nghị quyết 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị.\n- Các cấp xây dựng kế hoạch thực hiện Nghị quyết 02 với chỉ tiêu cụ thể."
    (c,) = cite(text)
    assert c.number == "02-NQ/TW"


def test_short_reference_before_the_full_one_in_a_title():
    text = (
        "Thực hiện Nghị quyết 02-NQ của Bộ Chính trị khóa XIII\nThực hiện Nghị quyết 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị;"
    )
    (c,) = cite(text)
    assert (c.number, c.span[0]) == ("02-NQ/TW", text.index("Nghị quyết"))


def test_list_sharing_a_symbol():
    assert numbers("theo Quyết định 217, 218-QĐ/TW. Tham gia góp ý theo Quyết định 217, Quyết định 218 của Bộ Chính trị;") == [
        "217-QĐ/TW",
        "218-QĐ/TW",
    ]


def test_party_central_body_numbers_a_short_reference():
    assert numbers("thực hiện theo Quyết định 217 của Bộ Chính trị về giám sát;") == ["217-QĐ/TW"]


@pytest.mark.parametrize(
    "text",
    [
        "Chương trình 135 về giảm nghèo",  # a programme's name, not a reference to a numbered document
        "thực hiện Nghị quyết 02 của Hội đồng nhân dân tỉnh",  # no full number to make it whole
        "Kế hoạch 5 năm 2021-2025",
    ],
)
def test_short_reference_without_evidence_is_left_out(text):
    assert numbers(text) == []


def test_short_reference_with_two_candidates_is_left_out_with_a_warning():
    source = Source(path="t.txt", sha256="0" * 64, format="txt")
    text = "Căn cứ Nghị quyết số 02-NQ/TW ngày 12/6/2021; Nghị quyết số 02/NQ-CP ngày 1/1/2020.\nThực hiện Nghị quyết 02 về việc."
    doc = Doc.from_blocks(source, text_to_blocks(text, markdown=False))
    cits = extract_citations(doc, DocumentRecord(source=source, text=doc.text))
    assert [c.number for c in cits] == ["02-NQ/TW", "02/NQ-CP"]
    assert any("may be any of 02-NQ/TW, 02/NQ-CP" in w for w in doc.warnings)


def test_each_document_once():
    text = "Căn cứ Nghị định số 97/2008/NĐ-CP ngày 28/08/2008 của Chính phủ;\nTheo Điều 6 Nghị định số 97/2008/NĐ-CP ngày 28/8/2008 của Chính phủ."
    assert numbers(text) == ["97/2008/NĐ-CP"]


def test_same_number_of_another_year_is_another_document():
    text = "Căn cứ Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị;\nCăn cứ Nghị quyết số 02-NQ/TW ngày 17/3/2026 của Bộ Chính trị;"
    assert [(c.number, c.date) for c in cite(text)] == [("02-NQ/TW", "2021-06-12"), ("02-NQ/TW", "2026-03-17")]


# ---- what is not a citation ------------------------------------------------------------------------


def test_own_number_and_annex_lines_are_not_citations():
    text = "Số: 277/KH-LĐLĐ\nCăn cứ Kế hoạch số 135/KH-TLĐ;\n(Kèm theo Kế hoạch số 277/KH-LĐLĐ, ngày 15/10/2021 của LĐLĐ tỉnh Lai Châu)"
    assert numbers(text, number="277/KH-LĐLĐ", date="2021-10-15") == ["135/KH-TLĐ"]


def test_documents_printed_with_a_label_in_the_same_file_are_not_cited():
    text = (
        "Số: 01/2026/CV-CĐCS\n- Căn cứ Luật Công đoàn số 50/2024/QH15.\nSố: 02/2026/CV-CĐCS\n"
        "(Kèm theo văn bản số 02/2026/CV-CĐCS ngày 08 tháng ….. năm 2026)\nThực hiện Công văn số 02/2026/CV-CĐCS ngày 08 tháng 3 năm 2026"
    )
    assert numbers(text, number="01/2026/CV-CĐCS") == ["50/2024/QH15"]


def test_format_examples_and_placeholders_are_not_citations():
    text = (
        "Nghị quyết của Chính phủ ban hành được ghi như sau: Số: …/NQ-CP\n"
        "Số: 15/QĐ-HĐND (Quyết định của Thường trực Hội đồng nhân dân);\nSố: 15/QĐ-BNV; Số: 05/BNV-VP; Số: 12/UBND-VX\n"
        "Căn cứ Nghị định số .../2025/NĐ-CP ngày ... tháng... năm 2025;\nSố: 04/2026/CV-…………..\n"
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;"
    )
    assert numbers(text) == ["110/2004/NĐ-CP"]


# ---- issuer ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written,issuer",
    [
        ("của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam", "Tổng Liên đoàn Lao động Việt Nam"),
        ("của Ban Chấp hành Tổng LĐLĐ Việt Nam khóa X", "Tổng Liên đoàn Lao động Việt Nam"),
        ("của Ban Chấp hành Trung ương Đảng khóa X", "Ban Chấp hành Trung ương Đảng"),
        ("của Bộ chính trị", "Bộ Chính trị"),
        ("của Ban Thường vụ Huyện ủy Hương Hóa", "Huyện ủy Hương Hóa"),
        ("của Chính phủ quy định chi tiết", "Chính phủ"),
        ("của Bộ Khoa học và Công nghệ và Bộ Nội vụ về việc", "Bộ Khoa học và Công nghệ và Bộ Nội vụ"),
        ("của Thanh tra Bộ Lao động - Thương binh và Xã hội;", "Thanh tra Bộ Lao động - Thương binh và Xã hội"),
        ("của liên Bộ: Thông tin và Truyền thông – Công an về", None),  # no body named before the colon
        ("của người lao động", None),
    ],
)
def test_issuer_written(written, issuer):
    assert one(f"Căn cứ Kế hoạch số 12/KH-XYZ ngày 1/2/2021 {written};").issuer == issuer


@pytest.mark.parametrize(
    "written,citing,parent,issuer",
    [
        ("của Ban Thường vụ LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh Lai Châu", None, "Liên đoàn Lao động tỉnh Lai Châu"),
        (
            "của BTV LĐLĐ tỉnh",
            "Liên đoàn Lao động huyện Hương Hóa",
            "Liên đoàn Lao động tỉnh Quảng Trị",
            "Liên đoàn Lao động tỉnh Quảng Trị",
        ),
        ("của Huyện ủy", "Liên đoàn Lao động huyện Hương Hóa", None, "Huyện ủy Hương Hóa"),
        (
            "của Ban Chấp hành Đảng bộ tỉnh",
            "Liên đoàn Lao động huyện Hương Hóa",
            "Liên đoàn Lao động tỉnh Quảng Trị",
            "Tỉnh ủy Quảng Trị",
        ),
        ("của UBND tỉnh", "Ủy ban nhân dân tỉnh Quảng Ngãi", None, "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("của LĐLĐ tỉnh", "Liên đoàn Lao động huyện Hương Hóa", None, "Liên đoàn Lao động tỉnh"),  # not stated: left as written
    ],
)
def test_issuer_from_the_citing_documents_context(written, citing, parent, issuer):
    assert one(f"Căn cứ Kế hoạch số 12/KH-LĐLĐ ngày 1/2/2021 {written};", issuer=citing, parent=parent).issuer == issuer


@pytest.mark.parametrize(
    "number,issuer",
    [
        ("97/2008/NĐ-CP", "Chính phủ"),
        ("21/2007/QĐ-TTg", "Thủ tướng Chính phủ"),
        ("51/2001/QH10", "Quốc hội"),
        ("20-NQ/TW", None),
        ("202/BTTTT-KHTC", "Bộ Thông tin và Truyền thông"),
        ("4532/UBND-KSTTHC", None),
    ],
)  # fmt: skip  ('/TW' alone: the Ban Chấp hành Trung ương, the Bộ Chính trị or the Ban Bí thư)
def test_issuer_named_by_the_number_alone(number, issuer):
    assert one(f"theo văn bản số {number} ngày 1/2/2021.").issuer == issuer


# ---- type and title ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,doc_type,title",
    [
        ("Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;", "Luật", "Luật Tổ chức Chính phủ"),
        ("Căn cứ Bộ luật Lao động số 45/2019/QH14;", "Bộ luật", "Bộ luật Lao động"),
        ("Căn cứ chương trình số 3a/CTr-CĐCT ngày 10/01/2014 của Ban Chấp hành Công đoàn Công Thương Việt Nam khoá II về “Phát triển đoàn viên”;", "Chương trình", "Phát triển đoàn viên"),
        ("Chương trình hành động số 20-CTr/HU ngày 26/7/2021 của Huyện ủy;", "Chương trình", None),
        ("Thông tư liên tịch số 05/2008/TTLT-BKHCN-BNV ngày 18/6/2008;", "Thông tư liên tịch", None),
        ("Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam về phát triển đoàn viên đến năm 2023;", "Kế hoạch", "phát triển đoàn viên đến năm 2023"),
        ("theo văn bản 1479/QĐ-TTg", "Quyết định", None),  # from the type code
        ("Công văn số 4643/UBND-KGVX ngày 28/8/2024; số 4975/UBND-KGVX ngày 17/09/2024", "Công văn", None),
        ("Căn cứ Thông báo kết luận số 25-TB/HU ngày 2/8/2023 của Ban Thường vụ Huyện ủy;", "Thông báo", None),  # the code's type, written first
        ("Căn cứ Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị;", "Kết luận", None),
        ("Căn cứ Chương trình hành động số 05-CTr/TU;", "Chương trình", None),
    ],
)  # fmt: skip
def test_type_and_title(text, doc_type, title):
    c = cite(text)[-1]
    assert (c.doc_type, c.title) == (doc_type, title)


# ---- references without a number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,title,relation",
    [
        ("Căn cứ Điều lệ Công đoàn Việt Nam;", "Điều lệ Công đoàn Việt Nam", "can_cu"),
        ("thực hiện theo Luật Công đoàn năm 2012 và các văn bản hướng dẫn.", "Luật Công đoàn", "mention"),
        (
            "Thực hiện Nghị quyết Đại hội XIII của Đảng, Công đoàn xây dựng chương trình.",
            "Nghị quyết Đại hội XIII của Đảng",
            "thuc_hien",
        ),
        (
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
            "can_cu",
        ),
        ("Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;", "Luật Tổ chức Chính phủ", "can_cu"),
        ("Căn cứ Luật tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;", "Luật tổ chức HĐND và UBND", "can_cu"),
        ("theo Luật hôn nhân và gia đình.", "Luật hôn nhân và gia đình", "mention"),
        ("theo Luật giáo dục và hệ thống giáo dục quốc dân trở thành trung tâm", "Luật giáo dục", "mention"),
        (
            "Thực hiện Nghị quyết Đại hội IV Công đoàn Viên chức Việt Nam và chỉ đạo của Tổng Liên đoàn, Ban Chấp hành xây dựng",
            "Nghị quyết Đại hội IV Công đoàn Viên chức Việt Nam",
            "thuc_hien",
        ),
        ("sau khi tìm hiểu điều lệ Đảng, tôi tự nguyện", "điều lệ Đảng", "mention"),
        # 'phòng, chống' is one phrase; any other comma ends the name
        ("Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013;", "Luật Phòng, chống thiên tai", "can_cu"),
        ("Căn cứ Luật phòng, chống tham nhũng năm 2018;", "Luật phòng, chống tham nhũng", "can_cu"),
        ("theo Luật Đầu tư, không kể các văn bản khác", "Luật Đầu tư", "mention"),
    ],
)
def test_named_references(text, title, relation):
    (c,) = cite(text)
    assert (c.number, c.title, c.relation) == (None, title, relation)


@pytest.mark.parametrize(
    "text",
    [
        "thuê luật sư bào chữa",
        "quy định của Luật này",
        "tuân thủ pháp luật và điều lệ;",
        "Điều lệ tổ chức của người lao động tại doanh nghiệp",
    ],
)
def test_not_named_references(text):
    assert cite(text) == []


def test_named_reference_dated():
    (c,) = cite("Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;")
    assert (c.title, c.date) == ("Luật Công nghệ thông tin", "2006-06-29")


def test_named_law_is_the_numbered_law_of_the_same_name():
    text = (
        "- Căn cứ Luật Công đoàn số 50/2024/QH15.\nCăn cứ quy định của Bộ Luật Lao động và Luật Công đoàn, các bên thương lượng."
    )
    assert [(c.number, c.title) for c in cite(text)] == [("50/2024/QH15", "Luật Công đoàn"), (None, "Bộ Luật Lao động")]


def test_own_name_is_not_a_reference():
    assert cite("Luật Công đoàn quy định về quyền công đoàn.", doc_type="Luật", title="Công đoàn") == []


# ---- the seeds, against ../shared/gold ---------------------------------------------------------------


SEEDS = sorted(p.name for p in (CORPUS / "seeds").glob("*.txt"))


@pytest.mark.skipif(not GOLD.is_dir(), reason="the shared gold set is not beside the project")
@pytest.mark.parametrize("name", SEEDS)
def test_seed_citations_match_gold(name):
    gold = json.loads((GOLD / (Path(name).stem + ".json")).read_text(encoding="utf-8"))
    record = extract_file(CORPUS / "seeds" / name)
    got = {c.number: c for c in record.citations if c.number}
    want = {g["number"]: g for g in gold["citations"]}
    assert set(got) == set(want)
    for number, g in want.items():
        assert got[number].date == g.get("date")
        assert got[number].relation == g["relation"], number
    named = {c.title for c in record.citations if not c.number}
    assert set(gold.get("named_references", [])) <= named


# ---- invariants ----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Căn cứ Thực hiện Nghị quyết số 02-NQ/TW/KH-LĐLĐ ngày 12/6/2021 của Bộ Chính trị;\n.,“”…Luật Điều lệ 0123")
        )
    )
)
def test_never_raises_and_spans_lie_in_the_text(text):
    source = Source(path="t.txt", sha256="0" * 64, format="txt")
    doc = Doc.from_blocks(source, text_to_blocks(text, markdown=False))
    for c in extract_citations(doc, DocumentRecord(source=source, text=doc.text)):
        assert 0 <= c.span[0] < c.span[1] <= len(doc.text)
        assert c.text == " ".join(doc.text[c.span[0] : c.span[1]].split())
