""".docx reader: numbering labels, shapes and text boxes left out, merged and nested cells, line breaks,
legacy fonts, hostile packages; and golden expectations for every .docx of the real corpus."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import CORPUS
from vanban.errors import UnreadableDocument
from vanban.extract.readers import docx as docx_reader
from vanban.extract.readers.docx import read_docx
from vanban.extract.readers.numbering import format_number, to_letters, to_roman
from vanban.extract.readers.ooxml import Styles

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
REAL = CORPUS / "real"


def make_docx(path: Path, body: str, numbering: str | None = None, styles: str | None = None, prolog: str = "") -> Path:
    """A minimal .docx with `body` (WordprocessingML inside w:body) and optional numbering and styles parts."""
    rels = [
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    ]
    if numbering is not None:
        rels.append(
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
        )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        z.writestr("word/document.xml", f'<?xml version="1.0"?>{prolog}<w:document {NS}><w:body>{body}</w:body></w:document>')
        z.writestr("word/styles.xml", f"<w:styles {NS}>{styles or ''}</w:styles>")
        if numbering is not None:
            z.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
    return path


def p(text: str = "", num: tuple[int, int] | None = None, style: str | None = None, runs: str | None = None) -> str:
    ppr = ""
    if num or style:
        ppr = "<w:pPr>"
        ppr += f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        ppr += "</w:pPr>"
    content = runs if runs is not None else (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p>{ppr}{content}</w:p>"


def tc(inner: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{inner}</w:tc>"


def tbl(*rows: str) -> str:
    return "<w:tbl>" + "".join(rows) + "</w:tbl>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}" + "".join(cells) + "</w:tr>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">' + "".join(levels) + "</w:abstractNum>"


def num(nid: int, aid: int, override: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>'


def texts(path: Path) -> list[str]:
    return [b.text for b in read_docx(path).blocks if b.text.strip()]


# -- numbering ---------------------------------------------------------------------------------------
NUMBERING = (
    abstract(0, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "lowerLetter", "%3)"))
    + abstract(1, lvl(0, "bullet", "-"), lvl(1, "bullet", "\uf0b7"), lvl(2, "bullet", "+"))
    + abstract(2, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."))
    + abstract(3, lvl(0, "decimal", "Điều %1.", start=5))
    + abstract(4, lvl(0, "upperRoman", "Chương %1"), lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>"))
    + num(1, 0)
    + num(2, 1)
    + num(3, 2)
    + num(4, 2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    + num(5, 3)
    + num(6, 4)
)


def test_numbering_labels(tmp_path):
    body = (
        p("MỤC ĐÍCH", (1, 0))
        + p("Mục tiêu", (1, 1))
        + p("một", (1, 2))
        + p("hai", (1, 2))
        + p("Yêu cầu", (1, 1))
        + p("ba", (1, 2))  # level 3 restarted after level 2
        + p("NHIỆM VỤ", (1, 0))
        + p("Tuyên truyền", (1, 1))  # level 2 restarted after level 1
        + p("Như trên;", (2, 0))
        + p("Lưu VT.", (2, 1))  # a Symbol-font bullet prints as '-'
        + p("cộng", (2, 2))  # '+' bullets are kept
        + p("Phạm vi", (3, 0))
        + p("chi tiết", (3, 1))
        + p("Đối tượng", (3, 0))
        + p("tiếp", (3, 1))
        + p("lại từ đầu", (4, 0))  # same definition, but this list restarts at 1
        + p("Phạm vi điều chỉnh", (5, 0))  # start value 5 and literal text
        + p("QUY ĐỊNH CHUNG", (6, 0))
        + p("pháp lý", (6, 1))  # isLgl: every level as a decimal
        + p("không đánh số", (0, 0))  # numId 0 switches numbering off
    )
    path = make_docx(tmp_path / "n.docx", body, NUMBERING)
    assert texts(path) == [
        "I. MỤC ĐÍCH",
        "1. Mục tiêu",
        "a) một",
        "b) hai",
        "2. Yêu cầu",
        "a) ba",
        "II. NHIỆM VỤ",
        "1. Tuyên truyền",
        "- Như trên;",
        "- Lưu VT.",
        "+ cộng",
        "1. Phạm vi",
        "1.1. chi tiết",
        "2. Đối tượng",
        "2.1. tiếp",
        "1. lại từ đầu",
        "Điều 5. Phạm vi điều chỉnh",
        "Chương I QUY ĐỊNH CHUNG",
        "1.1 pháp lý",
        "không đánh số",
    ]


def test_numbering_from_a_paragraph_style(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="List1"><w:name w:val="List Number"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="List2"><w:name w:val="List Number 2"/><w:basedOn w:val="List1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    body = p("một", style="List1") + p("hai", style="List1") + p("hai chấm một", style="List2") + p("ba", style="List1")
    path = make_docx(tmp_path / "s.docx", body, NUMBERING, styles)
    assert texts(path) == ["1. một", "2. hai", "2.1. hai chấm một", "3. ba"]


def test_numbered_empty_cell_shows_its_label(tmp_path):
    body = tbl(tr(tc(p("", (3, 0))), tc(p("Nghị quyết"))), tr(tc(p("", (3, 0))), tc(p("Quyết định"))))
    blocks = read_docx(make_docx(tmp_path / "t.docx", body, NUMBERING)).blocks
    assert [(b.row, b.col, b.text) for b in blocks] == [(0, 0, "1. "), (0, 1, "Nghị quyết"), (1, 0, "2. "), (1, 1, "Quyết định")]


def test_numbering_part_missing_gives_no_labels(tmp_path):
    assert texts(make_docx(tmp_path / "m.docx", p("Mục", (1, 0)))) == ["Mục"]


@pytest.mark.parametrize(
    "n, fmt, label",
    [
        (1, "decimal", "1"),
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (1990, "upperRoman", "MCMXC"),
        (1, "lowerLetter", "a"),
        (26, "upperLetter", "Z"),
        (27, "lowerLetter", "aa"),
        (3, "decimalZero", "03"),
        (12, "ideographTraditional", "12"),  # unknown formats print as decimals
        (5, "none", ""),
    ],
)
def test_number_formats(n, fmt, label):
    assert format_number(n, fmt) == label


def test_roman_and_letters():
    assert [to_roman(n) for n in (1, 2, 3, 5, 40, 90, 400)] == ["I", "II", "III", "V", "XL", "XC", "CD"]
    assert [to_letters(n) for n in (1, 2, 52, 53)] == ["A", "B", "ZZ", "AAA"]


# -- what is not text ------------------------------------------------------------------------------
DRAWING = (
    "<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    + p("HỎA TỐC")
    + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
)
ALTERNATE = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
    + p("DỰ THẢO")
    + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    + p("DỰ THẢO")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_drawings_text_boxes_deleted_and_hidden_text_left_out(tmp_path):
    runs = (
        '<w:r><w:t xml:space="preserve">Số: </w:t></w:r>'
        + DRAWING
        + ALTERNATE
        + "<w:del><w:r><w:delText>99</w:delText></w:r></w:del>"
        + "<w:ins><w:r><w:t>15</w:t></w:r></w:ins>"
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẨN</w:t></w:r>"
        + "<w:moveFrom><w:r><w:t>CŨ</w:t></w:r></w:moveFrom>"
        + "<w:hyperlink><w:r><w:t>/2010/QĐ-UBND</w:t></w:r></w:hyperlink>"
    )
    path = make_docx(tmp_path / "d.docx", p(runs=runs) + f"<w:p>{ALTERNATE}</w:p>")
    assert texts(path) == ["Số: 15/2010/QĐ-UBND"]


def test_tab_stop_definitions_are_not_tabs(tmp_path):
    body = '<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4320"/></w:tabs></w:pPr><w:r><w:t>NGHỊ ĐỊNH</w:t></w:r></w:p>'
    assert texts(make_docx(tmp_path / "t.docx", body)) == ["NGHỊ ĐỊNH"]


def test_breaks_tabs_and_hyphens(tmp_path):
    runs = (
        "<w:r><w:t>TM. ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>KT. CHỦ TỊCH</w:t><w:cr/><w:t>PHÓ</w:t><w:tab/><w:t>CHỦ TỊCH</w:t></w:r>"
        '<w:r><w:t>Kinh</w:t><w:noBreakHyphen/><w:t>tế</w:t><w:t xml:space="preserve"> xã</w:t><w:softHyphen/><w:t>hội</w:t></w:r>'
    )
    assert texts(make_docx(tmp_path / "b.docx", p(runs=runs))) == [
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ\tCHỦ TỊCHKinh-tế xã\u00adhội"
    ]


def test_inline_runs_are_joined_without_spaces(tmp_path):
    runs = "<w:r><w:rPr><w:b/></w:rPr><w:t>Đ</w:t></w:r><w:r><w:t>iều 1.</w:t></w:r>"
    assert texts(make_docx(tmp_path / "i.docx", p(runs=runs))) == ["Điều 1."]


def test_decomposed_text_is_composed(tmp_path):
    # Unikey's 'Unicode tổ hợp' types tone marks as combining characters: 'Việt' as 'Vie\u0323\u0302t'.
    decomposed = unicodedata.normalize("NFD", "Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert texts(make_docx(tmp_path / "d.docx", p(decomposed))) == ["Cộng hòa xã hội chủ nghĩa Việt Nam"]


def test_heading_styles(tmp_path):
    styles = '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/></w:style>'
    blocks = read_docx(make_docx(tmp_path / "h.docx", p("Chương I", style="H2") + p("thân"), styles=styles)).blocks
    assert [(b.kind, b.level) for b in blocks] == [("heading", 2), ("paragraph", None)]


@pytest.mark.parametrize(
    "name, level",
    [
        ("heading 1", 1),
        ("Heading 3", 3),
        ("heading", 1),
        ("Heading", 1),
        ("Normal", None),
        ("Heading Char", None),
        ("Subheading", None),
    ],
)
def test_heading_style_names(name, level):
    styles = Styles.parse(
        etree.fromstring(
            f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="X"><w:name w:val="{name}"/></w:style></w:styles>'
        )
    )
    assert styles.heading_level("X") == level


# -- tables -----------------------------------------------------------------------------------------
def test_header_table_cells_in_row_order(tmp_path):
    body = tbl(
        tr(tc(p("ỦY BAN NHÂN DÂN") + p("TỈNH BÌNH DƯƠNG")), tc(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))),
        tr(tc(p("Số: 09/2009/CT-UBND")), tc(p("Thủ Dầu Một, ngày 15 tháng 4 năm 2009"))),
    )
    blocks = read_docx(make_docx(tmp_path / "h.docx", body)).blocks
    assert [(b.kind, b.table, b.row, b.col, b.text) for b in blocks] == [
        ("cell", 0, 0, 0, "ỦY BAN NHÂN DÂN\nTỈNH BÌNH DƯƠNG"),
        ("cell", 0, 0, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("cell", 0, 1, 0, "Số: 09/2009/CT-UBND"),
        ("cell", 0, 1, 1, "Thủ Dầu Một, ngày 15 tháng 4 năm 2009"),
    ]


def test_merged_cells(tmp_path):
    body = tbl(
        tr(tc(p("TT"), '<w:vMerge w:val="restart"/>'), tc(p("Họ và tên"), '<w:gridSpan w:val="2"/>'), tc(p("Ghi chú"))),
        tr(tc(p("bỏ"), "<w:vMerge/>"), tc(p("Họ")), tc(p("Tên")), tc(p("x"))),
        tr(tc(p("1")), tc(p("sau ô trống"), props=""), props='<w:gridBefore w:val="2"/>'),
    )
    blocks = read_docx(make_docx(tmp_path / "m.docx", body)).blocks
    assert [(b.row, b.col, b.text) for b in blocks] == [
        (0, 0, "TT"),
        (0, 1, "Họ và tên"),
        (0, 3, "Ghi chú"),  # after a cell spanning two grid columns
        (1, 1, "Họ"),  # the merged-away cell gives no block
        (1, 2, "Tên"),
        (1, 3, "x"),
        (2, 2, "1"),  # gridBefore skips two grid columns
        (2, 3, "sau ô trống"),
    ]


def test_nested_tables_get_their_own_number(tmp_path):
    inner = tbl(tr(tc(p("a")), tc(p("b"))))
    body = tbl(tr(tc(p("ngoài") + inner), tc(p("bên phải")))) + p("sau") + tbl(tr(tc(p("bảng hai"))))
    blocks = read_docx(make_docx(tmp_path / "n.docx", body)).blocks
    assert [(b.kind, b.table, b.row, b.col, b.text) for b in blocks] == [
        ("cell", 0, 0, 0, "ngoài"),
        ("cell", 1, 0, 0, "a"),
        ("cell", 1, 0, 1, "b"),
        ("cell", 0, 0, 1, "bên phải"),
        ("paragraph", None, None, None, "sau"),
        ("cell", 2, 0, 0, "bảng hai"),
    ]


def test_content_controls_are_read_through(tmp_path):
    body = "<w:sdt><w:sdtContent>" + p("trong khung") + "</w:sdtContent></w:sdt>"
    assert texts(make_docx(tmp_path / "c.docx", body)) == ["trong khung"]


# -- legacy fonts ---------------------------------------------------------------------------------------
def test_tcvn3_document_is_converted_and_upper_case_fonts_print_capitals(tmp_path):
    def run(text: str, font: str | None) -> str:
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'

    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>'
    )
    body = (
        p(runs=run("§¶ng bé c¬ quan UBND", ".VnTimeH"))
        + p(runs=run("LÖ Thuû, ngµy 29 th¸ng 11 n¨m 2011", None))
        + p(
            runs=run("®¸nh gi¸ chÊt l", ".VnTimeH")
            + '<w:r><w:rPr><w:rFonts w:ascii=".VnTimeH"/></w:rPr><w:softHyphen/></w:r>'
            + run("îng", ".VnTimeH")
        )
        + p(runs=run("Chøc vô hiÖn nay: Phã Ch¸nh thanh tra", ".VnTime"))
    )
    result = read_docx(make_docx(tmp_path / "v.docx", body, styles=styles))
    assert [b.text for b in result.blocks] == [
        "ĐẢNG BỘ CƠ QUAN UBND",
        "Lệ Thuỷ, ngày 29 tháng 11 năm 2011",
        "ĐÁNH GIÁ CHẤT LƯỢNG",  # the soft hyphen is TCVN3's ư
        "Chức vụ hiện nay: Phó Chánh thanh tra",
    ]
    assert result.warnings == ["the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"]


def test_unicode_document_naming_vntime_is_left_alone(tmp_path):
    run = '<w:r><w:rPr><w:rFonts w:ascii=".VnTimeH"/></w:rPr><w:t>Cộng hòa xã hội chủ nghĩa Việt Nam, tháng này</w:t></w:r>'
    result = read_docx(make_docx(tmp_path / "u.docx", p(runs=run) * 3))
    assert result.blocks[0].text == "Cộng hòa xã hội chủ nghĩa Việt Nam, tháng này"
    assert result.warnings == []


@pytest.mark.parametrize(
    "font, upper",
    [(".VnTimeH", True), (".VnArialH", True), (".VnCentury SchoolbookH", True), ("VnTimeH", True), (".VnTime", False),
     ("Times New Roman", False), ("VNI-Times", False), ("Arial Black", False)],
)  # fmt: skip
def test_upper_case_font_names(font, upper):
    assert bool(docx_reader._UPPER_FONT_RE.match(font)) is upper


# -- broken packages ----------------------------------------------------------------------------------
def test_not_a_zip(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableDocument, match="not a valid .docx"):
        read_docx(path)


def test_missing_document_part(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(UnreadableDocument, match="missing"):
        read_docx(path)


def test_broken_xml(tmp_path):
    path = tmp_path / "x.docx"
    make_docx(path, "<w:p><w:r><w:t>unclosed</w:r></w:p>")
    with pytest.raises(UnreadableDocument, match="broken XML"):
        read_docx(path)


def test_entities_are_not_expanded(tmp_path):
    prolog = '<!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = make_docx(tmp_path / "e.docx", p("x&b;y"), prolog=prolog)
    try:
        text = "".join(texts(path))
    except UnreadableDocument:
        return
    assert "AAAA" not in text


def test_empty_document(tmp_path):
    with pytest.raises(UnreadableDocument, match="no text"):
        read_docx(make_docx(tmp_path / "e.docx", p("") + p("   ")))


# -- the real corpus ----------------------------------------------------------------------------------
def in_order(text: str, parts: list[str]) -> bool:
    pos = 0
    for part in parts:
        i = text.find(part, pos)
        if i < 0:
            return False
        pos = i + len(part)
    return True


def flat(blocks) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", "\n".join(b.text for b in blocks))


# file -> (key lines in order, text that must not appear, {table: number of cell blocks} for the first tables)
REAL_DOCX = {
    "kltn__Bộ luật-45-2019-QH14.docx": (
        ["QUỐC HỘI", "Bộ luật số: 45/2019/QH14", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BỘ LUẬT", "LAO ĐỘNG", "Điều 1. Phạm vi điều chỉnh",
         "1. Người lao động, người học nghề", "Nguyễn Thị Kim Ngân"],
        [], {0: 2},
    ),
    "kltn__Luật-12-2012-QH13.docx": (
        ["QUỐC HỘI", "Luật số: 12/2012/QH13", "LUẬT", "CÔNG ĐOÀN", "Điều 10. Đại diện, bảo vệ quyền", "1. Hướng dẫn, tư vấn"],
        [], {0: 2},
    ),
    "kltn__Luật-21-LCT-HĐNN8.docx": (["QUỐC HỘI", "Số: 21-LCT/HĐNN8", "LUẬT", "Võ Chí Công"], [], {0: 2}),
    "kltn__Luật-65-2014-QH13.docx": (["Luật số: 65/2014/QH13", "LUẬT", "NHÀ Ở", "Mục 2", "MUA BÁN NHÀ Ở"], [], {0: 2}),
    "peel08__2. Cac Bước thực hiện ho so lien quan den thu tuc ky ket TULĐTT 2025-2028. Của CĐCS ..công ty...docx": (
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH", "Số: 01/2026/CV-CĐCS", "Đề nghị cung cấp thông tin của doanh nghiệp",
         # Word numbering, invisible to plain python-docx:
         "1. Thương lượng về tiền lương cơ bản", "2. Thời giờ nghỉ ngơi", "7. Các nội dung khác",
         "1. Tổng số CBNV", "- Lấy ý kiến toàn thể công nhân viên chức", "1. Bản Thỏa ước lao động tập thể",
         "2. Biên bản lấy ý kiến", "3. Bản sao Giấy chứng nhận"],
        [], {0: 2},
    ),
    "peel08__4. Mẫu. THỎA ƯỚC LAO ĐỘNG TẬP THỂ. Hoàn chỉnh....Tham khảo thực hiện.docx": (
        ["CÔNG TY", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "THỎA ƯỚC LAO ĐỘNG TẬP THỂ", "1. Đại diện người sử dụng lao động (NSDLĐ):"],
        [], {0: 2},
    ),
    "peel08__MAU 02- MẪU 5a+5b ĐƠN XIN GIA NHẬP CÔNG ĐOÀN.docx": (
        ["Mẫu số 5a", "ĐƠN GIA NHẬP CÔNG ĐOÀN", "- Tên tôi là:", "Hòa Khánh, ngày 11 tháng 3 năm 2026\nNgười làm đơn",
         "Mẫu số 5b", "TT", "Họ và tên", "Năm sinh"],
        [], {0: 1},
    ),
    "vbplus__30_2020_ND_CP.docx": (
        ["CHÍNH PHỦ", "Số: 30/2020/NĐ-CP", "NGHỊ ĐỊNH", "Về công tác văn thư", "Điều 1. Phạm vi điều chỉnh", "Chương II",
         "SOẠN THẢO, KÝ BAN HÀNH VĂN BẢN HÀNH CHÍNH", "Điều 11. Duyệt bản thảo văn bản"],
        [], {0: 2, 1: 2},
    ),
    "vbplus__Phuluc1.docx": (
        ["Phụ lục I", "THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH", "Phần I", "I. QUY ĐỊNH CHUNG", "1. Quốc hiệu và Tiêu ngữ",
         "a) Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”", "b) Tiêu ngữ"],
        # words of the layout diagrams, which are drawing shapes and text boxes
        ["HỎA TỐC", "PHẦN CUỐI CÙNG CỦA VĂN BẢN ĐƯỢC SAO"],
        {0: 51},
    ),
    "vbplus__Phuluc3.docx": (
        ["Phụ lục III", "BẢNG CHỮ VIẾT TẮT TÊN LOẠI", "MẪU TRÌNH BÀY VĂN BẢN HÀNH CHÍNH VÀ BẢN SAO VĂN BẢN", "1. ", "Nghị quyết (cá biệt)"],
        ["ngày/tháng/năm; giờ: phút: giây"],  # text boxes of the electronic-copy sample
        {},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(REAL_DOCX))
def test_real_docx(name):
    lines, absent, cells = REAL_DOCX[name]
    result = read_docx(REAL / name)
    text = flat(result.blocks)
    assert in_order(text, lines), [x for x in lines if x not in text]
    assert not [x for x in absent if x in text]
    for table, n in cells.items():
        assert sum(1 for b in result.blocks if b.kind == "cell" and b.table == table) == n
    assert result.warnings == []  # no legacy encoding in these files


def test_every_real_docx_has_golden_expectations():
    assert sorted(p.name for p in REAL.glob("*.docx")) == sorted(REAL_DOCX)


def test_phuluc3_numbered_table_column():
    blocks = read_docx(REAL / "vbplus__Phuluc3.docx").blocks
    first_column = [b.text.strip() for b in blocks if b.kind == "cell" and b.table == 0 and b.col == 0]
    assert first_column[:28] == ["STT"] + [f"{n}." for n in range(1, 28)]  # Word's numbering, not typed text
