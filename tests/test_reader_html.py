""".html reader: decoding, chrome removal by structure, inline text joined without invented spaces,
blocks and table cells; golden expectations for the vbpl.vn pages and the HTML saved as .doc."""

from __future__ import annotations

import time
import unicodedata

import pytest

from tests.conftest import CORPUS
from tests.test_legacy import _iconv
from tests.test_reader_docx import flat, in_order
from vanban.errors import UnreadableDocument
from vanban.extract.readers import detect_format, read_path
from vanban.extract.readers import html as html_reader
from vanban.extract.readers.html import decode_html, html_to_blocks, read_html

REAL = CORPUS / "real"


def blocks(html: str):
    return html_to_blocks(html)[0]


def texts(html: str) -> list[str]:
    return [b.text for b in blocks(html)]


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


# -- text ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, expected",
    [
        ("<p><b>Đ</b>iều 1. Phạm vi</p>", ["Điều 1. Phạm vi"]),
        ("<p><span>CHÍNH PH</span><span>Ủ</span></p>", ["CHÍNH PHỦ"]),
        ("<p><span>Hà N</span><span>ội, ng</span><i>ày 10 tháng 9 năm 2025</i></p>", ["Hà Nội, ngày 10 tháng 9 năm 2025"]),
        ("<p><span>Hà</span> <span>Nội</span></p>", ["Hà Nội"]),  # white space between tags is a space
        ("<p>Căn cứ\n   Luật Tổ chức\r\nChính phủ;</p>", ["Căn cứ Luật Tổ chức Chính phủ;"]),  # source line wraps
        ("<p>TM. CHÍNH PHỦ<br>KT. THỦ TƯỚNG<br/>PHÓ THỦ TƯỚNG</p>", ["TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG"]),
        ("<div>một<div>hai</div>ba</div>", ["một", "hai", "ba"]),
        ("<ul><li>- Như trên;</li><li>- Lưu: VT.</li></ul>", ["- Như trên;", "- Lưu: VT."]),
        ("<p>A<!-- ghi chú -->B</p>", ["AB"]),
        ("<pre>dòng một\n  dòng hai</pre>", ["dòng một\ndòng hai"]),  # line breaks kept; edge spaces are not text
        ("<p>&nbsp;</p><p>Số:&nbsp;242/2025/NĐ-CP</p>", ["Số:\xa0242/2025/NĐ-CP"]),
        # Word's 'Save as Web Page' list labels sit in downlevel-revealed conditional comments
        ("<p><![if !supportLists]><span>1.<span>&nbsp; </span></span><![endif]>Mục đích</p>", ["1.\xa0 Mục đích"]),
    ],
)
def test_text(body, expected):
    assert texts(page(body)) == expected


def test_decomposed_text_is_composed():
    assert texts(page("<p>" + unicodedata.normalize("NFD", "Nghị định") + "</p>")) == ["Nghị định"]


def test_headings_keep_their_level():
    assert [(b.kind, b.level, b.text) for b in blocks(page("<h2>Chương I</h2><p>thân</p>"))] == [
        ("heading", 2, "Chương I"),
        ("paragraph", None, "thân"),
    ]


# -- chrome ---------------------------------------------------------------------------------------------
DOCUMENT = (
    "<table><tr><td><p>CHÍNH PHỦ</p></td><td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr>"
    "<tr><td><p>Số: 12/2025/NĐ-CP</p></td><td><p>Hà Nội, ngày 10 tháng 9 năm 2025</p></td></tr></table>"
    "<p>NGHỊ ĐỊNH</p>"
    + "".join(f"<p>Điều {i}. Nội dung điều {i} của nghị định, đủ dài để là văn bản chính.</p>" for i in range(1, 30))
)


def test_site_chrome_is_dropped_by_structure():
    html = page(
        "<script>var x = 'Ngày cập nhật';</script><style>p {}</style>"
        "<header><a href='/'>Trang chủ</a></header>"
        "<nav><ul><li><a href='/a'>Văn bản</a></li><li><a href='/b'>Tin tức</a></li></ul></nav>"
        "<main><div class='top'><div><h1>Nghị định số 12/2025/NĐ-CP về ...</h1><div>Còn hiệu lực</div>"
        "<div>Ngày cập nhật: 07/04/2026</div></div></div>"
        f"<div class='content'><div>{DOCUMENT}</div></div></main>"
        "<aside>Văn bản liên quan</aside><footer>Điện thoại: 024.6273.9468</footer>"
        "<div style='display:none'>ẩn</div><div hidden>ẩn</div><div aria-hidden='true'>ẩn</div>"
        "<form><input value='Tìm kiếm'><button>Tìm</button></form>"
    )
    text = flat(blocks(html))
    assert text.startswith("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/2025/NĐ-CP")
    for chrome in (
        "Trang chủ",
        "Văn bản\n",
        "Tin tức",
        "Nghị định số 12/2025",
        "Còn hiệu lực",
        "cập nhật",
        "liên quan",
        "Điện thoại",
        "ẩn",
        "Tìm",
    ):
        assert chrome not in text


def test_a_page_wrapped_in_a_form_is_kept():
    # ASP.NET and SharePoint pages put the whole page inside one <form>.
    html = page(f"<form id='aspnetForm'><div id='menu'><a href='/'>Trang chủ</a></div><div>{DOCUMENT}</div></form>")
    assert flat(blocks(html)).startswith("CHÍNH PHỦ")


def test_paragraphs_beside_the_largest_box_are_kept():
    # Word's HTML: the header lines are paragraphs beside a big table; the reader must not descend into the table's box.
    rows = "".join(f"<tr><td>{i}</td><td>{'Trích yếu văn bản rất dài ' * 5}</td></tr>" for i in range(20))
    html = page(
        f"<div class='WordSection1'><p>SỞ THÔNG TIN TRUYỀN THÔNG</p><p>IN SỔ VĂN BẢN ĐẾN</p><div><table>{rows}</table></div></div>"
    )
    assert texts(html)[:2] == ["SỞ THÔNG TIN TRUYỀN THÔNG", "IN SỔ VĂN BẢN ĐẾN"]


def test_link_lists_and_button_rows_inside_the_document_are_dropped():
    related = "<ul>" + "".join(f"<li><a href='/v{i}'>Quyết định {i}/QĐ-UBND</a></li>" for i in range(5)) + "</ul>"
    html = page(
        f"<div>{DOCUMENT}<p>Chia sẻ: Facebook | Zalo</p><p>In | Tải về</p>{related}"
        "<p>Căn cứ <a href='/l'>Luật Tổ chức Chính phủ</a> số 63/2025/QH15;</p><p>In ấn tài liệu theo mẫu.</p></div>"
    )
    text = flat(blocks(html))
    assert "Chia sẻ" not in text and "Tải về" not in text and "Quyết định 3/QĐ-UBND" not in text
    assert "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;" in text
    assert "In ấn tài liệu theo mẫu." in text


# -- tables ------------------------------------------------------------------------------------------------
def test_table_cells_with_spans():
    html = page(
        "<table><thead><tr><th rowspan='2'>TT</th><th colspan='2'>Họ và tên</th><th>Ghi chú</th></tr></thead>"
        "<tbody><tr><td>Họ</td><td>Tên</td><td></td></tr><tr><td>1</td><td>Nguyễn</td><td>An</td><td>x</td></tr></tbody></table>"
    )
    assert [(b.kind, b.table, b.row, b.col, b.text) for b in blocks(html)] == [
        ("cell", 0, 0, 0, "TT"),
        ("cell", 0, 0, 1, "Họ và tên"),
        ("cell", 0, 0, 3, "Ghi chú"),
        ("cell", 0, 1, 1, "Họ"),  # column 0 is taken by the rowspan above
        ("cell", 0, 1, 2, "Tên"),
        ("cell", 0, 2, 0, "1"),
        ("cell", 0, 2, 1, "Nguyễn"),
        ("cell", 0, 2, 2, "An"),
        ("cell", 0, 2, 3, "x"),
    ]


def test_nested_table_gets_its_own_number():
    html = page("<table><tr><td>ngoài<table><tr><td>a</td><td>b</td></tr></table>sau</td><td>phải</td></tr></table>")
    assert [(b.table, b.row, b.col, b.text) for b in blocks(html)] == [
        (0, 0, 0, "ngoài\nsau"),
        (1, 0, 0, "a"),
        (1, 0, 1, "b"),
        (0, 0, 1, "phải"),
    ]


def test_layout_tables_are_read_as_flow():
    html = page(f"<table><tr><td>{DOCUMENT}</td></tr></table>")
    result = blocks(html)
    assert [b.kind for b in result[:4]] == ["cell"] * 4  # the header table inside is data
    assert result[4].kind == "paragraph" and result[4].text == "NGHỊ ĐỊNH"


# -- decoding ---------------------------------------------------------------------------------------------
SAMPLE = "<p>Cộng hòa xã hội chủ nghĩa Việt Nam</p>"


@pytest.mark.parametrize(
    "data",
    [
        page(SAMPLE).encode("utf-8"),
        b"\xef\xbb\xbf" + page(SAMPLE).encode("utf-8"),
        "\ufeff".encode("utf-16-le") + page(SAMPLE).encode("utf-16-le"),
        ('<html><head><meta charset="iso-8859-1"></head><body>' + SAMPLE + "</body></html>").encode("utf-8"),  # mislabelled
        (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>' + SAMPLE + "</body></html>"
        ).encode(),
    ],
)
def test_decoding(data):
    text, warning = decode_html(data)
    assert texts(text) == ["Cộng hòa xã hội chủ nghĩa Việt Nam"] and warning is None


def test_windows_1258_page():
    from tests.test_legacy import _cp1258

    data = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><body>'
    data += _cp1258(SAMPLE) + b"</body></html>"
    text, _ = decode_html(data)
    assert texts(text) == ["Cộng hòa xã hội chủ nghĩa Việt Nam"]


@pytest.mark.parametrize("charset", [b"iso-8859-1", b"windows-1258", None])
def test_tcvn3_page_is_converted(tmp_path, charset):
    raw = _iconv("đảng bộ cơ quan ủy ban nhân dân huyện lệ thủy, bản tự kiểm điểm đánh giá chất lượng đảng viên", "TCVN5712-1")
    if raw is None:
        pytest.skip("iconv with TCVN5712-1 is not available")
    meta = b'<meta charset="' + charset + b'">' if charset else b""
    data = b"<html><head>" + meta + b'</head><body><p><font face=".VnTimeH">' + raw[:22] + b"</font></p>"
    data += b"<p>" + raw + b"</p></body></html>"
    path = tmp_path / "p.html"
    path.write_bytes(data)
    result = read_html(path)
    assert [b.text for b in result.blocks] == [
        "ĐẢNG BỘ CƠ QUAN ỦY BAN",  # .VnTimeH prints capitals
        "đảng bộ cơ quan ủy ban nhân dân huyện lệ thủy, bản tự kiểm điểm đánh giá chất lượng đảng viên",
    ]
    assert result.warnings == ["the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"]


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html><body><script>x</script></body></html>"])
def test_empty_pages(tmp_path, data):
    path = tmp_path / "e.html"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument):
        read_html(path)


# -- patterns ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "head, charset",
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<meta charset=windows-1258>", "cp1258"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "utf-8"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; CHARSET=Windows-1258'>", "cp1258"),
        (b'<?xml version="1.0" encoding="UTF-8"?>', "utf-8"),
        (b'<meta charset="iso-8859-1">', "cp1252"),  # browsers read Latin-1 labels as Windows-1252
        (b'<meta charset="x-no-such-charset">', None),
        (b'<meta name="description" content="charset in prose">', None),
        (b"<p>charset=utf-8</p>", None),
    ],
)
def test_charset_pattern(head, charset):
    assert html_reader._charset(b"<html><head>" + head + b"</head>") == charset


@pytest.mark.parametrize(
    "style, hidden",
    [
        ("display:none", True),
        ("color: red; DISPLAY : none", True),
        ("visibility: hidden", True),
        ("display: block", False),
        ("visibility: visible", False),
        ("font-size: 14px", False),
    ],
)
def test_hidden_style_pattern(style, hidden):
    assert bool(html_reader._HIDDEN_STYLE_RE.search(style)) is hidden


@pytest.mark.parametrize(
    "font, upper",
    [(".VnTimeH", True), ("'.VnTimeH', serif", True), ('".VnArialH"', True), (".VnTime", False), (".VnTime, .VnTimeH", False),
     ("Times New Roman", False), ("VNI-Times", False)],
)  # fmt: skip
def test_upper_case_font_pattern(font, upper):
    assert bool(html_reader._UPPER_FONT_RE.match(font)) is upper


@pytest.mark.parametrize(
    "style, font",
    [
        ("font-family: .VnTimeH; font-size: 14pt", ".VnTimeH"),
        ("FONT-FAMILY:'Times New Roman',serif", "'Times New Roman',serif"),
        ("color: red", None),
    ],
)
def test_font_family_pattern(style, font):
    m = html_reader._FONT_FAMILY_RE.search(style)
    assert (m.group("font") if m else None) == font


@pytest.mark.parametrize(
    "text, chrome",
    [
        ("Chia sẻ", True),
        ("Chia sẻ: Facebook | Zalo", True),
        ("In | Tải về", True),
        ("Lên đầu trang", True),
        ("In ấn tài liệu theo mẫu.", False),
        ("Điều 1. Phạm vi điều chỉnh", False),
        ("Tải về và in văn bản này để lưu hồ sơ của cơ quan.", False),
        ("", False),
    ],
)
def test_button_rows(text, chrome):
    assert html_reader._is_button_row(text, html_reader._chrome_words()) is chrome


@pytest.mark.parametrize(
    "text, stripped",
    [
        ('<?xml version="1.0" encoding="utf-8"?>\n<html>', "\n<html>"),
        ("<html>", "<html>"),
        ("  <?xml version='1.0'?><html>", "<html>"),
    ],
)
def test_xml_declaration_pattern(text, stripped):
    assert html_reader._XML_DECL_RE.sub("", text, count=1) == stripped


# -- the real corpus ---------------------------------------------------------------------------------------------
REAL_HTML = {
    "vbpllayout__doc_000079.html": (
        ["CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 242/2025/NĐ-CP", "Hà Nội, ngày 10 tháng 9 năm 2025", "NGHỊ ĐỊNH",
         "VỀ QUẢN LÝ VÀ SỬ DỤNG VỐN HỖ TRỢ PHÁT TRIỂN CHÍNH THỨC (ODA)", "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;", "Điều 1. Phạm vi điều chỉnh",
         "Điều 99. Điều khoản thi hành", "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Bùi Thanh Sơn", "PHỤ LỤC I"],
    ),
    "vbpllayout__doc_000422.html": (
        ["CHÍNH PHỦ", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 337/2025/NĐ-CP", "Hà Nội, ngày 24 tháng 12 năm 2025", "NGHỊ ĐỊNH",
         "Quy định về hợp đồng lao động điện tử", "Căn cứ Bộ luật Lao động số 45/2019/QH14;", "Điều 30. Trách nhiệm thi hành",
         "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n(Đã ký)\nPhạm Thị Thanh Trà"],
    ),
}  # fmt: skip
VBPL_CHROME = ["Trang chủ", "Còn hiệu lực", "Ngày có hiệu lực", "Ngày cập nhật", "Nội dung\nThuộc tính", "Lược đồ", "Văn bản gốc",
               "Hiển thị chi tiết cập nhật", "CƠ SỞ DỮ LIỆU QUỐC GIA VỀ PHÁP LUẬT", "Điện thoại:024", "Số 60 Trần Phú", "Mục lục"]  # fmt: skip


@pytest.mark.parametrize("name", sorted(REAL_HTML))
def test_real_vbpl_pages(name):
    (lines,) = REAL_HTML[name]
    start = time.perf_counter()
    result = read_html(REAL / name)
    assert time.perf_counter() - start < 3  # 1.3 MB pages: about 0.2 s on an idle machine
    text = flat(result.blocks)
    assert in_order(text, lines), [x for x in lines if x not in text]
    assert not [x for x in VBPL_CHROME if x in text]
    header = [(b.row, b.col) for b in result.blocks if b.kind == "cell" and b.table == 0]
    assert header == [(0, 0), (0, 1), (1, 0), (1, 1)]  # issuer | Quốc hiệu, then Số | place-date
    assert result.blocks[0].text.startswith("CHÍNH PHỦ")  # nothing of the page before the document
    assert result.warnings == []


def test_html_saved_as_doc_is_read_as_html():
    path = REAL / "hpqlvb__report.doc"
    assert detect_format(path, path.read_bytes()[:4096]) == "html"
    fmt, _, result = read_path(path)
    assert fmt == "html" and result.warnings == []
    cells = [b for b in result.blocks if b.kind == "cell"]
    assert [b.text for b in cells[:2]] == ["SỞ THÔNG TIN TRUYỀN THÔNG", "IN SỔ VĂN BẢN ĐẾN"]
    register = [b for b in cells if b.table == 1]
    assert [b.text for b in register if b.row == 0] == [
        "Ngày đến", "Số đến", "Nơi gửi", "Số/ký hiệu", "Ngày ban hành", "Loại văn bản", "Trích yếu", "Lãnh đạo phân công", "Nơi xử lý",
    ]  # fmt: skip
    assert sorted({b.row for b in register}) == [0, 1, 2, 3, 4, 5, 6]  # header and six rows
    assert "4532/UBND-KSTTHC" in [b.text for b in register]


@pytest.mark.parametrize("depth", [300, 900])
def test_text_nested_past_libxml2s_default_limit_is_read(depth):
    """libxml2 stops at 256 levels unless told otherwise and drops what lies deeper; Word's HTML can nest so."""
    html = "<html><body>" + "<div>" * depth + "<p>Số: 12/KH-UBND</p>" + "</div>" * depth + "</body></html>"
    assert "Số: 12/KH-UBND" in texts(html)


@pytest.mark.parametrize("depth", [2100, 100_000])
def test_text_nested_past_the_parsers_limit_is_refused_not_dropped(depth):
    html = "<html><body>" + "<div>" * depth + "<p>Số: 12/KH-UBND</p>" + "</div>" * depth + "</body></html>"
    with pytest.raises(UnreadableDocument, match="nested too deeply"):
        html_to_blocks(html)
