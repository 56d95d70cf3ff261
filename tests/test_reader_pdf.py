"""The PDF reader: golden expectations for every corpus PDF, layout rules, stamps, broken files, OCR."""

from __future__ import annotations

import ctypes
import shutil
from pathlib import Path

import pytest

from vanban.errors import NeedsOcr, UnreadableDocument
from vanban.extract.readers import ocr
from vanban.extract.readers.pdf import WORD_RE, read_pdf
from vanban.extract.readers.pdf_layout import STAMP_STRONG_RE, STAMP_WEAK_RE, Token, page_blocks, tokens_to_lines

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans (fonts-dejavu-core) is needed to generate test PDFs")
needs_tesseract = pytest.mark.skipif(
    not ocr.tesseract_available("vie"), reason="tesseract-ocr with tesseract-ocr-vie is not installed"
)


def real(prefix: str) -> Path:
    return next(REAL.glob(prefix + "*.pdf"))


# ---- golden expectations for the corpus ------------------------------------------------------

# file prefix -> pages, left column of the header, right column of the header, closing (right column)
TEXT_PDFS = {
    "ocrvbhc__05.": (
        2,
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 11 /TB-UBND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 08 tháng 01 năm 2025"],
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Phước Bình"],
    ),
    "ocrvbhc__bnt": (
        1,
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 507 /UBND-KGVX", "V/v góp ý dự thảo Quyết định sửa"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 24 tháng 01 năm 2025"],
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phùng Tô Long"],
    ),
    "ocrvbhc__vht534": (
        4,
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 565 /TB-UBND"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Ngãi, ngày 15 tháng 11 năm 2024"],
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phùng Tô Long"],
    ),
    "ragvbhc__1777967937": (
        55,
        ["CHÍNH PHỦ", "Số: 45/2026/NĐ-CP"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "---------------",
            "Hà Nội, ngày 26 tháng 01 năm 2026",
        ],
        ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Nguyễn Chí Dũng"],
    ),
}
SCANS = ["hpqlvb__275", "hpqlvb__KSTTHC", "ocrvbhc__01 TTr", "ocrvbhc__16CT", "ocrvbhc__2352", "ragvbhc__2191", "ragvbhc__464"]


@pytest.fixture(scope="module")
def read_cache():
    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = read_pdf(real(prefix), ocr="never")
        return cache[prefix]

    return get


@pytest.mark.parametrize("prefix", list(TEXT_PDFS))
def test_text_pdf_header_columns_apart_and_in_order(prefix, read_cache):
    pages, left, right, _closing = TEXT_PDFS[prefix]
    result = read_cache(prefix)
    assert result.pages == pages and not result.ocr
    zone = []
    for b in result.blocks:
        if b.column is None:
            break
        zone.append(b)
    columns = [b.column for b in zone]
    assert columns == sorted(columns)  # every left line before every right line
    assert [b.text for b in zone if b.column == "left"][: len(left)] == left
    assert [b.text for b in zone if b.column == "right"] == right


@pytest.mark.parametrize("prefix", list(TEXT_PDFS))
def test_text_pdf_signature_column_after_recipients(prefix, read_cache):
    _pages, _left, _right, closing = TEXT_PDFS[prefix]
    blocks = read_cache(prefix).blocks
    texts = [b.text for b in blocks]
    start = texts.index(closing[0])
    assert texts[start : start + len(closing)] == closing
    assert all(b.column == "right" for b in blocks[start : start + len(closing)])
    nhan = texts.index("Nơi nhận:")
    assert nhan < start and blocks[nhan].column == "left"
    assert blocks[nhan + 1].text.startswith("- ")


@pytest.mark.parametrize("prefix", ["ocrvbhc__05.", "ocrvbhc__bnt", "ocrvbhc__vht534"])
def test_esignature_stamp_is_marked_and_last(prefix, read_cache):
    blocks = read_cache(prefix).blocks
    stamps = [b for b in blocks if b.stamp]
    assert any("+07:00" in b.text for b in stamps)
    assert any("TRUNG TÂM CÔNG" in b.text for b in stamps)
    assert not blocks[0].stamp
    first_stamp = blocks.index(stamps[0])
    assert all(b.stamp for b in blocks[first_stamp:])  # stamps come after the document's own text


def test_number_and_day_filled_in_widgets_are_read(read_cache):
    """The e-office system prints the number and the day in form widgets, not in the page text."""
    texts = [b.text for b in read_cache("ocrvbhc__05.").blocks]
    assert "Số: 11 /TB-UBND" in texts
    assert "Quảng Ngãi, ngày 08 tháng 01 năm 2025" in texts


def test_soft_hyphen_at_line_end_is_a_hyphen(read_cache):
    texts = "\n".join(b.text for b in read_cache("ragvbhc__1777967937").blocks)
    assert "\ufffe" not in texts
    assert "133/2025/NĐ-" in texts


def test_two_column_table_keeps_its_rows(read_cache):
    texts = [b.text for b in read_cache("ragvbhc__1777967937").blocks]
    assert "Mẫu số 01\tMẫu tờ trình thẩm định/phê duyệt dự án" in texts


@pytest.mark.parametrize("prefix", SCANS)
def test_scan_needs_ocr(prefix):
    with pytest.raises(NeedsOcr, match="scan with no text layer; OCR it with --ocr"):
        read_pdf(real(prefix), ocr="never")


def test_scan_whose_text_layer_is_only_a_stamp_is_a_scan():
    """16CT's only text is the e-signature box: it is a scan, not a document starting 'Người ký'."""
    with pytest.raises(NeedsOcr):
        read_pdf(real("ocrvbhc__16CT"), ocr="never")


# ---- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi", True),
        ("Người ký: Trung tâm", True),
        ("Thời gian ký: 07/01/2025 10:09:57", True),
        ("Thời gian ký: 08.04.2026 17:35", True),
        ("09.01.2025 10:21:11 +07:00", True),
        ("+07:00", True),
        ("27/12/2021 17:22:11", True),
        ("ĐẾN", True),
        ("CV ĐẾN", True),
        ("ĐẾN Số: 2352", True),
        ("ĐẾN Ngày: 21/3/18", True),
        ("Quảng Ngãi, ngày 08 tháng 01 năm 2025", False),
        (".../…/…. đến ngày .../../…. theo quy định.", False),  # "đến ngày" in body text
        ("từ ngày 01/01/2025 đến ngày 31/12/2025", False),
        ("Số: 11 /TB-UBND", False),
        ("Người lao động ký hợp đồng", False),
        ("Thời gian: 8 giờ 00", False),
    ],
)
def test_stamp_strong_re(text, hit):
    assert bool(STAMP_STRONG_RE.search(text)) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("ttcbth@quangngai.gov.vn", True),
        ("Email: thongtinchinhphu@chinhphu.vn", True),
        ("Cơ quan: Tỉnh Quảng Ngãi", True),
        ("Địa chỉ: 1A Nguyễn Công Trứ, Hai Bà Trưng, Hà Nội", True),
        ("Số: 2352", True),
        ("Ngày: 21/3/18", True),
        ("Giờ: 5", True),
        ("Số: 11 /TB-UBND", False),
        ("Cơ quan chủ quản của dự án", False),
        ("Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh", False),
    ],
)
def test_stamp_weak_re(text, hit):
    assert bool(STAMP_WEAK_RE.search(text)) is hit


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Số: 11 /TB-UBND", ["Số:", "11", "/TB-UBND"]),
        ("6138/UBND\ufffeKGVX", ["6138/UBND\ufffe", "KGVX"]),  # pdfium's line-end hyphen ends a word
        ("Độc lập\r\nTự do", ["Độc", "lập", "Tự", "do"]),
        ("\ufffe", ["\ufffe"]),
        ("  ", []),
    ],
)
def test_word_re(text, words):
    assert WORD_RE.findall(text) == words


# ---- layout on synthetic pages -------------------------------------------------------------


def line(y: float, *parts: tuple[float, str], h: float = 12.0) -> list[Token]:
    """Tokens of one printed line: (x, text) parts, words 6 pt per character, one space apart."""
    out = []
    for x, text in parts:
        for w in text.split():
            out.append(Token(w, x, x + 6 * len(w), y, y + h))
            x += 6 * len(w) + 4
    return out


HEADER = [
    *line(100, (90, "ỦY BAN NHÂN DÂN"), (300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
    *line(116, (90, "TỈNH QUẢNG NGÃI"), (340, "Độc lập - Tự do - Hạnh phúc")),
    *line(140, (90, "Số: 11 /TB-UBND"), (320, "Quảng Ngãi, ngày 08 tháng 01 năm 2025")),
    *line(175, (290, "THÔNG BÁO")),
    *line(195, (90, "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp nghe báo cáo về tình hình")),
]


def test_header_columns_left_then_right_title_after():
    blocks, stamps = page_blocks(HEADER, 1)
    assert [b.text for b in blocks] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "Số: 11 /TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 08 tháng 01 năm 2025",
        "THÔNG BÁO",
        "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp nghe báo cáo về tình hình",
    ]
    assert [b.column for b in blocks] == ["left"] * 3 + ["right"] * 3 + [None, None]
    assert stamps == []


def test_stamp_above_header_is_moved_out():
    stamp = [
        *line(20, (460, "TRUNG TÂM CÔNG BÁO"), h=6),
        *line(27, (460, "VÀ TIN HỌC"), h=6),
        *line(34, (460, "ttcbth@quangngai.gov.vn"), h=6),
        *line(41, (460, "09.01.2025 10:21:11 +07:00"), h=6),
    ]
    blocks, stamps = page_blocks(stamp + HEADER, 1)
    assert blocks[0].text == "ỦY BAN NHÂN DÂN"
    assert [b.text for b in stamps] == [
        "TRUNG TÂM CÔNG BÁO",
        "VÀ TIN HỌC",
        "ttcbth@quangngai.gov.vn",
        "09.01.2025 10:21:11 +07:00",
    ]
    assert all(b.stamp for b in stamps)


def test_contact_line_under_issuer_is_not_a_stamp():
    """An e-mail printed in a letterhead, at the size of the text around it, is the document's."""
    page = [*HEADER, *line(230, (90, "Email: vanphong@quangngai.gov.vn"))]
    blocks, stamps = page_blocks(page, 1)
    assert stamps == [] and blocks[-1].text == "Email: vanphong@quangngai.gov.vn"


def test_words_drawn_out_of_order_are_glued_by_position():
    """Letters drawn later in the stream (a fallback font) land where they are printed."""
    toks = [
        Token("Đ", 90, 98, 100, 112),
        Token("u", 106, 112, 100, 112),
        Token("tư", 116, 128, 100, 112),
        Token("ầ", 98, 106, 100, 112),
    ]
    blocks, _ = page_blocks(toks, 1)
    assert blocks[0].text == "Đầu tư"


def test_widget_number_beside_label_keeps_its_space():
    toks = [Token("Số:", 90, 110, 100, 112), Token("/TB-UBND", 125, 170, 100, 112), Token("11", 110.5, 122, 100, 112)]
    blocks, _ = page_blocks(toks, 1)
    assert blocks[0].text == "Số: 11 /TB-UBND"


def test_signature_zone_with_lines_above_first_divided_line():
    page = [
        *line(100, (90, "thực hiện Nghị định này./.")),
        *line(130, (380, "TM. CHÍNH PHỦ")),
        *line(146, (380, "KT. THỦ TƯỚNG")),
        *line(162, (90, "Nơi nhận:")),
        *line(176, (90, "- Ban Bí thư Trung ương Đảng;"), (370, "PHÓ THỦ TƯỚNG")),
        *line(190, (90, "- Văn phòng Quốc hội;")),
        *line(204, (90, "- Lưu: VT, CĐS (2)."), (375, "Nguyễn Chí Dũng")),
    ]
    texts = [(b.text, b.column) for b in page_blocks(page, 1)[0]]
    assert texts == [
        ("thực hiện Nghị định này./.", None),
        ("Nơi nhận:", "left"),
        ("- Ban Bí thư Trung ương Đảng;", "left"),
        ("- Văn phòng Quốc hội;", "left"),
        ("- Lưu: VT, CĐS (2).", "left"),
        ("TM. CHÍNH PHỦ", "right"),
        ("KT. THỦ TƯỚNG", "right"),
        ("PHÓ THỦ TƯỚNG", "right"),
        ("Nguyễn Chí Dũng", "right"),
    ]


def test_left_aligned_body_after_blank_line_ends_the_header_zone():
    page = [
        *line(100, (90, "SỞ THÔNG TIN"), (300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        *line(116, (90, "Số: 275 /STTTT-CNTT"), (320, "Phú Thọ, ngày 16 tháng 12 năm 2011")),
        *line(160, (120, "Kính gửi:")),
    ]
    blocks = page_blocks(page, 1)[0]
    assert blocks[-1].text == "Kính gửi:" and blocks[-1].column is None


# ---- generated PDFs ------------------------------------------------------------------------


class PdfMaker:
    """Write small PDFs with pypdfium2: text objects drawn in the order given."""

    def __init__(self) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self.raw = raw
        self.pdf = pdfium.PdfDocument.new()
        data = FONT.read_bytes()
        self._buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        self.fonts = [raw.FPDFText_LoadFont(self.pdf.raw, self._buf, len(data), raw.FPDF_FONT_TRUETYPE, True) for _ in range(2)]
        self._keep: list[object] = []

    def width(self, text: str, size: float, font: int = 0) -> float:
        w = ctypes.c_float()
        total = 0.0
        for ch in text:
            self.raw.FPDFFont_GetGlyphWidth(self.fonts[font], ord(ch), ctypes.c_float(size), ctypes.byref(w))
            total += w.value
        return total

    def page(self, items: list[tuple[str, float, float, float, int]], size=(595, 842)):
        """items: (text, x, y from the top, font size, font index) in drawing order."""
        raw = self.raw
        page = self.pdf.new_page(*size)
        for text, x, y, fs, font in items:
            obj = raw.FPDFPageObj_CreateTextObj(self.pdf.raw, self.fonts[font], ctypes.c_float(fs))
            buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            self._keep.append(buf)
            raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, size[1] - y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        page.close()

    def save(self, path: Path) -> Path:
        self.pdf.save(str(path))
        self.pdf.close()
        return path


SCRAMBLE_TEXT = "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi về đoàn viên công đoàn"


def _fallback_font_line(maker: PdfMaker, text: str, x: float, y: float, fs: float):
    """Draw ASCII letters first (font 0) and every other letter afterwards in font 1, each at
    its printed place: what a generator does when a fallback font supplies the accented letters."""
    base, later = [], []
    for ch in text:
        (base if ch.isascii() else later).append((ch, x))
        x += maker.width(ch, fs)
    return [(c, cx, y, fs, 0) for c, cx in base if c != " "] + [(c, cx, y, fs, 1) for c, cx in later]


@needs_font
def test_fallback_font_letters_drawn_late_read_in_printed_order(tmp_path):
    import pypdfium2 as pdfium

    maker = PdfMaker()
    maker.page(_fallback_font_line(maker, SCRAMBLE_TEXT, 72, 100, 13) + _fallback_font_line(maker, SCRAMBLE_TEXT, 72, 130, 13))
    path = maker.save(tmp_path / "fallback.pdf")
    raw_text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert SCRAMBLE_TEXT not in raw_text.replace("\r\n", " ")  # pdfium's own order scrambles it
    result = read_pdf(path)
    assert [b.text for b in result.blocks] == [SCRAMBLE_TEXT, SCRAMBLE_TEXT]


def test_pdfplumber_reread_agrees_with_the_fast_path(monkeypatch):
    """Force every page through the position-sorting re-read: same lines, and the widget-only
    number and day (which pdfplumber does not see) still come from pdfium's flattened words."""
    import vanban.extract.readers.pdf as pdf_mod

    fast = read_pdf(real("ocrvbhc__05."), ocr="never")
    monkeypatch.setattr(pdf_mod, "BAD_SHARE", -1.0)
    slow = read_pdf(real("ocrvbhc__05."), ocr="never")
    assert any("read again by position" in w for w in slow.warnings)
    assert [b.text for b in slow.blocks[:6]] == [b.text for b in fast.blocks[:6]]
    assert "Số: 11 /TB-UBND" in [b.text for b in slow.blocks]


def test_overlapping_words_are_counted():
    seg = tokens_to_lines([Token("Cong", 72, 97, 90, 103), Token("\u0301", 90, 95, 90, 103), Token("hoa", 110, 126, 90, 103)])
    assert seg[0][0].overlaps() == 1


@needs_font
def test_generated_two_column_header(tmp_path):
    maker = PdfMaker()
    maker.page(
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 80, 10, 0),
            ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", 50, 80, 10, 0),
            ("Số: 277/KH-LĐLĐ", 90, 96, 10, 0),
            ("Lai Châu, ngày 15 tháng 10 năm 2021", 320, 96, 10, 0),
            ("KẾ HOẠCH", 270, 140, 14, 0),
        ]
    )
    blocks = read_pdf(maker.save(tmp_path / "header.pdf")).blocks
    assert [b.text for b in blocks] == [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "Số: 277/KH-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Lai Châu, ngày 15 tháng 10 năm 2021",
        "KẾ HOẠCH",
    ]


@needs_font
def test_image_only_page_among_text_pages_is_reported(tmp_path):
    maker = PdfMaker()
    maker.page([("Trang một có đủ chữ để được xem là một trang văn bản thật sự.", 72, 100, 12, 0)])
    maker.page([])  # a blank page: no text, no image -> not a scan to OCR, nothing to say
    result = read_pdf(maker.save(tmp_path / "mixed.pdf"))
    assert result.pages == 2 and len(result.blocks) == 1 and result.warnings == []


@needs_font
def test_short_last_page_of_text_is_kept(tmp_path):
    """A last page holding only '- Lưu: VT.' (fewer letters than a page of text, no image) is text, not a scan:
    its line is read, and nothing is said about it."""
    maker = PdfMaker()
    maker.page([("Trang một có đủ chữ để được xem là một trang văn bản thật sự.", 72, 100, 12, 0)])
    maker.page([("- Lưu: VT.", 72, 100, 12, 0)])
    result = read_pdf(maker.save(tmp_path / "spill.pdf"), ocr="never")
    assert [b.text for b in result.blocks][-1] == "- Lưu: VT."
    assert [b.page for b in result.blocks] == [1, 2] and result.warnings == []


# ---- broken files -------------------------------------------------------------------------


def _encrypted_pdf() -> bytes:
    """A minimal PDF under the standard security handler whose user password is not empty."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
        ],
        b"/Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] ",
    )


def test_encrypted_pdf(tmp_path):
    p = tmp_path / "locked.pdf"
    p.write_bytes(_encrypted_pdf())
    with pytest.raises(UnreadableDocument, match="encrypted and needs a password"):
        read_pdf(p)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage\xff" * 200,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog",
        b"not a pdf at all",
    ],
)
def test_corrupt_pdf(tmp_path, data):
    p = tmp_path / "bad.pdf"
    p.write_bytes(data)
    with pytest.raises(UnreadableDocument) as e:
        read_pdf(p)
    assert "\n" not in str(e.value)


def test_truncated_pdf_never_tracebacks(tmp_path):
    data = real("ocrvbhc__bnt").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        p = tmp_path / f"cut{cut}.pdf"
        p.write_bytes(data[:cut])
        try:
            result = read_pdf(p)
        except UnreadableDocument as e:
            assert "\n" not in str(e)
        else:
            assert result.pages and result.blocks


def _pdf(objs: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objs) + 1) + trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_without_pages(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    with pytest.raises(UnreadableDocument, match="no pages|not a valid PDF"):
        read_pdf(p)


# ---- OCR ----------------------------------------------------------------------------------


def test_ocr_settings_validate_and_resolve():
    assert ocr.resolve("auto").mode == "auto"
    assert ocr.resolve(None).mode == ocr.resolve(None).mode
    with pytest.raises(ValueError):
        ocr.OcrSettings(mode="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ocr.OcrSettings(dpi=5)


def test_set_default_changes_the_process_default():
    before = ocr.resolve(None)
    try:
        assert ocr.set_default(mode="auto").mode == "auto"
        assert ocr.resolve(None).mode == "auto"
    finally:
        ocr.set_default(mode=before.mode)


@pytest.mark.parametrize(
    ("pages", "order"),
    [([1], [1]), ([1, 2], [1, 2]), ([1, 2, 3, 4], [1, 4, 2, 3]), ([2, 5, 9], [2, 9, 5])],
)
def test_page_order_header_then_signature(pages, order):
    assert ocr.page_order(pages) == order


TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "4\t1\t1\t1\t1\t0\t100\t200\t900\t50\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t100\t205\t120\t40\t95.1\tỦY\n"
    "5\t1\t1\t1\t1\t2\t240\t210\t130\t38\t96.0\tBAN\n"
    "5\t1\t1\t1\t1\t3\t380\t210\t30\t30\t20.7\t__—_\n"
    "5\t1\t1\t1\t1\t4\t420\t210\t20\t10\t93.1\t-\n"
)


def test_tsv_to_tokens_words_take_their_line_band_and_noise_is_dropped():
    toks = ocr.tsv_to_tokens(TSV, 72 / 300)
    assert [t.text for t in toks] == ["ỦY", "BAN", "-"]
    assert {(round(t.top, 2), round(t.bottom, 2)) for t in toks} == {(48.0, 60.0)}


def test_missing_tesseract_names_the_packages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr.tesseract_available.cache_clear()
    try:
        with pytest.raises(NeedsOcr, match="tesseract-ocr and tesseract-ocr-vie"):
            read_pdf(real("ocrvbhc__01 TTr"), ocr="auto")
    finally:
        ocr.tesseract_available.cache_clear()


@needs_font
@needs_tesseract
def test_ocr_of_a_rendered_page(tmp_path):
    """A text PDF flattened to an image, then OCR'd: one small page, so it stays cheap."""
    import pypdfium2 as pdfium

    maker = PdfMaker()
    maker.page(
        [
            ("ỦY BAN NHÂN DÂN", 60, 80, 16, 0),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 250, 80, 16, 0),
            ("Số: 11/TB-UBND", 70, 110, 16, 0),
            ("Quảng Ngãi, ngày 08 tháng 01 năm 2025", 255, 110, 16, 0),
        ],
        size=(595, 200),
    )
    text_pdf = maker.save(tmp_path / "text.pdf")
    image = pdfium.PdfDocument(str(text_pdf))[0].render(scale=200 / 72, grayscale=True).to_pil()
    scan = tmp_path / "scan.pdf"
    image.save(scan, format="PDF", resolution=200)
    with pytest.raises(NeedsOcr):
        read_pdf(scan, ocr="never")
    result = read_pdf(scan, ocr=ocr.OcrSettings(mode="auto", dpi=200, max_pages=1))
    assert result.ocr and "OCR" in result.warnings[0]
    texts = [b.text for b in result.blocks]
    assert texts[:2] == ["ỦY BAN NHÂN DÂN", "Số: 11/TB-UBND"]
    assert "Quảng Ngãi, ngày 08 tháng 01 năm 2025" in texts


def test_tesseract_probe_is_false_without_the_program(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ocr.tesseract_available.cache_clear()
    try:
        assert ocr.tesseract_available("vie") is False
    finally:
        ocr.tesseract_available.cache_clear()
