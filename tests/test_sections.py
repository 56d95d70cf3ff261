"""The outline of a body (labels, wrapped lines, hierarchy) and the section tree."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from vanban import extract_file
from vanban.extract.document import Doc
from vanban.extract.outline import build_outline, match_label
from vanban.extract.sections import extract_sections
from vanban.schemas import Block, Source


def doc_of(*lines: str, kind: str = "paragraph") -> Doc:
    blocks = [Block(text=t, kind=kind) if isinstance(t, str) else t for t in lines]  # type: ignore[arg-type]
    return Doc.from_blocks(Source(path="<test>", sha256="0", format="txt"), blocks)


@pytest.mark.parametrize(
    "text, kind, label, rest",
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II- NỘI DUNG", "roman", "II-", "NỘI DUNG"),
        ("IV. TỔ CHỨC THỰC HIỆN.", "roman", "IV.", "TỔ CHỨC THỰC HIỆN."),
        ("1. Chỉ tiêu", "arabic", "1.", "Chỉ tiêu"),
        ("3) Đối với CĐCS", "arabic", "3)", "Đối với CĐCS"),
        ("1.Tờ trình", "arabic", "1.", "Tờ trình"),  # typed without a space
        ("1.1 Phấn đấu trong nhiệm kỳ", "num2", "1.1", "Phấn đấu trong nhiệm kỳ"),  # seed 002
        ("2.1. Ban Tổ chức – Kiểm tra:", "num2", "2.1.", "Ban Tổ chức – Kiểm tra:"),
        ("2.1.1. Chỉ tiêu hàng năm", "num3", "2.1.1.", "Chỉ tiêu hàng năm"),
        ("A. Mục tiêu:", "upper", "A.", "Mục tiêu:"),
        ("a) Khai mạc chương trình", "lower", "a)", "Khai mạc chương trình"),
        ("đ) Đào tạo quản trị", "lower", "đ)", "Đào tạo quản trị"),
        ("(1) Nội dung", "paren", "(1)", "Nội dung"),
        ("- Quán triệt, nâng cao nhận thức", "dash", "-", "Quán triệt, nâng cao nhận thức"),
        ("– Xã hội", "dash", "–", "Xã hội"),
        ("+ LĐLĐ cấp huyện phối hợp", "plus", "+", "LĐLĐ cấp huyện phối hợp"),
        ("Điều 5. Quyền của công đoàn", "dieu", "Điều 5.", "Quyền của công đoàn"),
        ("Chương II", "chuong", "Chương II", ""),
    ],
)
def test_label(text, kind, label, rest):
    assert match_label(text) == (kind, label, rest)


@pytest.mark.parametrize(
    "text",
    [
        "2.136 371 25 100 10",  # a table row of numbers, not label 2.1
        "1 LĐLĐ Thành Phố",  # a sequence number without its dot
        "85% doanh nghiệp",
        "1.000 đoàn viên",
        "24/9/2021",
        "Số: 277 /KH-LĐLĐ",
        "Việc tuyên truyền phát triển đoàn viên",
        "V/v góp ý dự thảo",
        "-5% so với",  # a negative number, not a bullet
        "Ban hành văn bản",
    ],
)
def test_not_a_label(text):
    assert match_label(text) is None


def test_wrapped_line_joins_its_paragraph():
    # seed 001: a bullet broken in the middle of a sentence by the text export
    d = doc_of(
        "- Chủ trì tham mưu, hỗ trợ công đoàn cấp trên trực", "tiếp cơ sở khi có yêu cầu.", "- Tham mưu, nghiên cứu quy trình."
    )
    units = build_outline(d).units
    assert [u.text for u in units] == [
        "Chủ trì tham mưu, hỗ trợ công đoàn cấp trên trực tiếp cơ sở khi có yêu cầu.",
        "Tham mưu, nghiên cứu quy trình.",
    ]
    assert d.text[units[0].start : units[0].end].replace("\n", " ").startswith("- Chủ trì")


def test_pdf_heading_is_not_joined_to_the_next_line():
    lines = [
        Block(text=t, kind="line")
        for t in (
            "II. Nhiệm vụ cụ thể trong thời gian đến",
            "2",
            "Để đẩy nhanh tiến độ triển khai thực hiện 02",
            "Chương trình mục tiêu quốc gia.",
        )
    ]
    units = build_outline(doc_of(*lines)).units
    assert [u.text for u in units] == [
        "Nhiệm vụ cụ thể trong thời gian đến",
        "Để đẩy nhanh tiến độ triển khai thực hiện 02 Chương trình mục tiêu quốc gia.",
    ]
    assert units[1].parent == 0


def test_hierarchy_from_first_appearance_of_label_styles():
    d = doc_of(
        "I. NỘI DUNG",
        "1. Chỉ tiêu",
        "- Về phát triển đoàn viên",
        "+ chi tiết",
        "2. Giải pháp",
        "2.1. Tuyên truyền",
        "a) Nội dung",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Đối với LĐLĐ tỉnh",
    )
    units = build_outline(d).units
    parents = [(u.label, units[u.parent].label if u.parent is not None else None) for u in units]
    assert parents == [
        ("I.", None),
        ("1.", "I."),
        ("-", "1."),
        ("+", "-"),
        ("2.", "I."),
        ("2.1.", "2."),
        ("a)", "2.1."),
        ("II.", None),
        ("1.", "II."),
    ]


def test_closing_ends_the_body():
    d = doc_of("I. NỘI DUNG", "- Việc một", "Nơi nhận:", "- Như trên;")
    o = build_outline(d)
    assert len(o.units) == 2 and o.body_end == d.text.index("Nơi nhận")


def test_sections_tree_seed_001():
    r = extract_file(CORPUS / "seeds" / "001_90e93914de0aefd7.txt")
    top = [(s.label, s.title) for s in r.sections]
    assert top == [("I.", "MỤC ĐÍCH, YÊU CẦU"), ("II.", "NỘI DUNG"), ("III.", "TỔ CHỨC THỰC HIỆN")]
    ii = r.sections[1]
    assert [c.label for c in ii.children] == ["1.", "2."]
    assert [c.label for c in ii.children[1].children] == ["2.1.", "2.2.", "2.3.", "2.4."]
    assert all(c.level == 3 for c in ii.children[1].children)
    iii = r.sections[2]
    assert [c.title for c in iii.children[1].children][0] == "Ban Tổ chức – Kiểm tra"
    a, b = iii.span
    assert r.text[a:b].startswith("III. TỔ CHỨC THỰC HIỆN") and "Nơi nhận" not in r.text[a:b]


def test_sections_markdown_seed_004():
    # Markdown levels from a PDF conversion are noisy ('## 3.2.', '#### 2.1.1.'); the labels decide
    r = extract_file(CORPUS / "seeds" / "004_f1b4d79bff2c5098.txt")
    assert [s.label for s in r.sections] == ["I.", "II.", "III.", "IV."]
    iii = r.sections[2]
    two = iii.children[1]
    assert (two.label, [c.label for c in two.children]) == ("2.", ["2.1.", "2.2"])
    assert [c.title for c in two.children[0].children] == ["Chỉ tiêu hàng năm", "Chỉ tiêu theo giai đoạn"]


def test_markdown_headings_without_labels():
    blocks = [
        Block(text="Kế hoạch", kind="heading", level=1),
        Block(text="Mục tiêu", kind="heading", level=2),
        Block(text="Nội dung mục tiêu."),
        Block(text="Chỉ tiêu", kind="heading", level=3),
        Block(text="Giải pháp", kind="heading", level=2),
    ]
    s = extract_sections(doc_of(*blocks))
    assert [x.title for x in s] == ["Kế hoạch"]
    assert [(c.title, [g.title for g in c.children]) for c in s[0].children] == [("Mục tiêu", ["Chỉ tiêu"]), ("Giải pháp", [])]


def test_bullet_with_items_is_a_section_plain_bullet_is_not():
    d = doc_of("1. Giải pháp", "- Đổi mới tuyên truyền. Cụ thể như:", "+ tổ chức tọa đàm;", "- Quan tâm phát triển đoàn viên.")
    s = extract_sections(d)
    assert [(c.label, c.title[:10]) for c in s[0].children] == [("-", "Đổi mới tu")]


def test_word_numbering_labels_from_the_reader():
    # the .docx reader prints Word's automatic numbering as text; a label typed or generated reads alike
    d = doc_of(
        "II. PHƯƠNG ÁN TRIỂN KHAI",
        "1. Cài đặt hệ thống phần mềm",
        "- Thời gian thực hiện: Ngày 26, 27/12/2011",
        "2. Hướng dẫn sử dụng phần mềm",
    )
    s = extract_sections(d)
    assert [c.title for c in s[0].children] == ["Cài đặt hệ thống phần mềm", "Hướng dẫn sử dụng phần mềm"]


def test_chapter_title_on_its_own_line():
    d = doc_of(
        "CHƯƠNG I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Công đoàn",
        "Công đoàn là tổ chức chính trị - xã hội.",
        "Chương II",
        "QUYỀN, TRÁCH NHIỆM",
        "Điều 10. Đại diện",
    )
    s = extract_sections(d)
    assert [(x.label, x.title, [c.label for c in x.children]) for x in s] == [
        ("CHƯƠNG I", "NHỮNG QUY ĐỊNH CHUNG", ["Điều 1."]),
        ("Chương II", "QUYỀN, TRÁCH NHIỆM", ["Điều 10."]),
    ]


def test_lead_in_paragraph_holds_its_bullets():
    d = doc_of("1. Nội dung", "Cần quan tâm các nội dung sau:", "+ Phối hợp khảo sát.", "+ Tuyên truyền.", "Đoạn kết.")
    units = build_outline(d).units
    assert [units[u.parent].text if u.parent is not None else None for u in units] == [
        None,
        "Nội dung",
        "Cần quan tâm các nội dung sau:",
        "Cần quan tâm các nội dung sau:",
        "Nội dung",
    ]
