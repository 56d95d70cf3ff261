"""The fast PDF reader against its reference (tests/pdf_speed_reference.py, the reader of d7402d8).

Same tokens and suspect-word counts per page, same runs, lines and segments (boxes, heights, text,
overlaps), same stamp flags, same blocks and the same ReadResult: on a table of token lists, on
random pages (hypothesis), on every corpus PDF, on generated ones (fallback font, rotated pages,
two columns) and on bench documents where they have been generated. Plus the tables of the two
patterns the fast stamp search added.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import pdf_speed_reference as ref
from tests.test_reader_pdf import FONT, SCRAMBLE_TEXT, PdfMaker, _fallback_font_line
from vanban.errors import UnreadableDocument
from vanban.extract.readers import pdf as fast_pdf
from vanban.extract.readers import pdf_layout as fast
from vanban.extract.readers.pdf_layout import STAMP_BARE_HINT_RE, STAMP_BARE_RE, STAMP_STRONG_RE, STAMP_WEAK_RE, Token

ROOT = Path(__file__).resolve().parent.parent
needs_font = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans (fonts-dejavu-core) is needed to generate test PDFs")


def segment_facts(seg) -> tuple:
    return (list(seg.tokens), seg.text, seg.x0, seg.x1, seg.top, seg.bottom, seg.height, seg.overlaps())


def lines_facts(lines) -> list:
    return [[segment_facts(s) for s in ln] for ln in lines]


def assert_layout_matches(tokens: list[Token]) -> None:
    assert fast.tokens_to_runs(tokens) == ref.tokens_to_runs(tokens)
    runs = ref.tokens_to_runs(tokens)
    assert lines_facts(fast.runs_to_lines(runs)) == lines_facts(ref.runs_to_lines(runs))
    lines, ref_lines = fast.tokens_to_lines(tokens), ref.tokens_to_lines(tokens)
    assert lines_facts(lines) == lines_facts(ref_lines)
    assert fast.find_stamps(lines) == ref.find_stamps(ref_lines)
    assert fast.lines_to_blocks(lines, 3) == ref.lines_to_blocks(ref_lines, 3)
    assert fast.page_blocks(tokens, 3) == ref.page_blocks(tokens, 3)


# ---- a table of pages ---------------------------------------------------------------------


def line(y: float, *words: tuple[float, str], h: float = 12.0, w: float = 6.0) -> list[Token]:
    """Tokens of one printed line: (x, word) pairs, each word `w` points a letter wide."""
    return [Token(t, x, x + w * len(t), y, y + h) for x, t in words]


HEADER = (
    line(40, (60, "ỦY"), (80, "BAN"), (105, "NHÂN"), (135, "DÂN"), (320, "CỘNG"), (352, "HÒA"), (378, "XÃ"), (396, "HỘI"))
    + line(54, (70, "TỈNH"), (100, "QUẢNG"), (140, "NGÃI"), (330, "Độc"), (352, "lập"), (372, "-"), (380, "Tự"), (398, "do"))
    + line(68, (80, "Số:"), (100, "11"), (115, "/TB-UBND"), (330, "Quảng"), (368, "Ngãi,"), (404, "ngày"), (434, "08"))
    + line(100, (250, "THÔNG"), (290, "BÁO"))
)
STAMP = line(20, (420, "Ký"), (436, "bởi:"), (462, "Văn"), (486, "phòng"), h=7.0, w=4.0) + line(
    28, (420, "Thời"), (446, "gian"), (474, "ký:"), (494, "07/01/2025"), (540, "10:09:57"), h=7.0, w=4.0
)
FALLBACK = [  # "Kết luận" with its accented letters drawn after the rest, at their printed places
    Token("K", 72, 80, 90, 103),
    Token("t", 86.5, 90, 90, 103),
    Token("lu", 96, 108, 90, 103),
    Token("n", 114.5, 121, 90, 103),
    Token("ế", 80, 86.5, 90, 103),
    Token("ậ", 108, 114.5, 90, 103),
]
CASES = {
    "empty page": [],
    "one word": [Token("Một", 72, 90, 100, 112)],
    "two-column header and a title": HEADER,
    "header with an e-signature stamp above": STAMP + HEADER,
    "letters drawn late in a fallback font": FALLBACK,
    "words drawn over one another": [
        Token("Cong", 72, 97, 90, 103),
        Token("\u0301", 90, 95, 90, 103),
        Token("hoa", 110, 126, 90, 103),
    ],
    "a word running backwards (negative width)": [Token("ab", 100, 98, 90, 103), Token("cd", 99, 110, 90, 103)],
    "a zero-height word": [Token("x", 72, 80, 90, 90), Token("y", 81, 88, 90, 103)],
    "widget number drawn after its line": line(68, (80, "Số:"), (115, "/TB-UBND")) + line(68, (100, "11")),
    "runs at one centre and one x0 (ties)": line(50, (72, "a")) + line(50, (72, "b")) + line(50, (72, "c")),
    "a line seeded by a taller run": line(50, (72, "Tiêu"), (100, "đề"), h=20) + line(55, (300, "phải")),
    "two-column table rows": sum(
        (line(100 + 14 * k, (72, f"Mục{k}"), (300, "Nội"), (330 + 9 * k, "dung")) for k in range(5)), []
    ),
    "incoming-mail stamp": line(30, (400, "ĐẾN")) + line(38, (400, "Số:"), (420, "2352")) + HEADER,
    "weak marker at body size": line(40, (60, "Email:"), (100, "vp@laichau.gov.vn")) + HEADER,
}


@pytest.mark.parametrize("tokens", list(CASES.values()), ids=list(CASES))
def test_layout_matches_reference(tokens: list[Token]) -> None:
    assert_layout_matches(tokens)


WORDS = ["Kế", "hoạch", "Ký", "bởi:", "Thời", "gian", "ký:", "+07:00", "10:09:57", "ĐẾN", "Số:", "2352", "a@b.vn", "ế", "-", ","]
coordinate = st.integers(-4, 160).map(lambda k: k * 2.5)  # a coarse grid: ties and touching words are common
token = st.builds(
    lambda text, x0, w, top, h: Token(text, x0, x0 + w, top, top + h),
    st.sampled_from(WORDS),
    coordinate,
    st.integers(-2, 30).map(lambda k: k * 1.5),  # widths, some negative
    coordinate,
    st.sampled_from([-1.0, 0.0, 6.0, 7.0, 12.0, 12.5, 13.0, 20.0]),  # heights, some odd ones
)


@settings(max_examples=150, deadline=None)
@given(st.lists(token, max_size=40))
def test_random_pages_match_reference(tokens: list[Token]) -> None:
    assert_layout_matches(tokens)


# ---- the stamp pre-search -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi", True),
        ("KÝ BỞI: VĂN PHÒNG", True),
        ("ky boi: Van phong", True),  # letters without their marks
        ("Thời gian ký: 07/01/2025 10:09:57 +07:00", True),
        ("THỜI GIAN KÝ", True),
        ("thoi gian ky", True),
        ("Người ký bởi", True),
        ("được quy định bởi Luật", False),  # "bởi" without "ký"
        ("trong thời gian tới", False),  # "thời gian" without "ký"
        ("Kýbởi", True),  # \s* allows no space
        ("Ký hiệu bởi", False),
        ("thời gian kýkết", False),  # \b after ký
    ],
)
def test_stamp_bare_re(text: str, hit: bool) -> None:
    assert bool(STAMP_BARE_RE.search(text)) == hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Ký bởi", True),
        ("KÝ BỞI", True),
        ("boi", True),
        ("BOİ", True),  # "İ" and "ı" match "i" under re.IGNORECASE
        ("thời gian", True),
        ("GIAN", True),
        ("gıan", True),
        ("Kế hoạch tuyên truyền", False),
        ("bơi", False),  # another vowel
        ("gia nhập", False),
        ("", False),
    ],
)
def test_stamp_bare_hint_re(text: str, hit: bool) -> None:
    assert bool(STAMP_BARE_HINT_RE.search(text)) == hit


def test_hint_holds_every_case_re_ignorecase_matches() -> None:
    """Whatever re.IGNORECASE matches to "bởi", "boi" or "gian" letter by letter, the hint (spelt case by
    case) matches too: so it finds every place STAMP_BARE_RE can match."""
    any_letter = re.compile("(?i)[bởoigan]")
    cased = [chr(c) for c in range(0x110000) if any_letter.match(chr(c))]
    assert 14 <= len(cased) < 40  # the letters, their capitals, "İ" and "ı"
    for word in ("bởi", "boi", "gian"):
        for k, letter in enumerate(word):
            for ch in cased:
                if re.fullmatch(f"(?i){letter}", ch):
                    probe = word[:k] + ch + word[k + 1 :]
                    assert STAMP_BARE_HINT_RE.fullmatch(probe), (word, ch)


def reference_may_hold(texts: list[str]) -> bool:
    return any(STAMP_STRONG_RE.search(t) or STAMP_WEAK_RE.search(t) for t in texts)


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["Kế hoạch phát triển đoàn viên"],
        ["Ký bởi: Văn phòng UBND"],  # no ":"-free marker needed: the colon is there
        ["Ký bởi Văn phòng UBND"],  # no colon: found by the bare search
        ["Thời gian ký", "07/01/2025"],
        ["ĐẾN"],
        ["CV ĐẾN"],
        ["Email: vp@laichau.gov.vn"],
        ["vp@laichau.gov.vn"],
        ["Số: 2352"],
        ["Số: 277/KH-LĐLĐ"],  # a colon, no marker
        ["trong thời gian tới", "được quy định bởi Luật"],  # hint found, bare marker not
        ["Ký", "bởi"],  # the marker across two texts: not a marker of either
    ],
)
def test_may_hold_stamp_matches_reference(texts: list[str]) -> None:
    assert fast._may_hold_stamp(texts) == reference_may_hold(texts)


pieces = st.sampled_from(
    ["Ký", "ký", "KÝ", "bởi", "BỞI", "boi", "thời", "gian", "GİAN", "ĐẾN", "CV", "Số", "Ngày", ":", "@", "a.vn"]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.one_of(pieces, st.sampled_from([" ", "\t", "\n", "-", "1", "07", "+07:00"]))).map("".join), max_size=6)
)
def test_random_texts_may_hold_stamp_matches_reference(texts: list[str]) -> None:
    assert fast._may_hold_stamp(texts) == reference_may_hold(texts)


# ---- pdfium tokens and whole reads on PDFs -----------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    """Pages that take the reader's rarer paths: letters drawn late in a second font, rotated pages,
    a two-column header, a hyphen pdfium marks at a line end."""
    if not FONT.exists():
        return []
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("pdfspeed")
    maker = PdfMaker()
    maker.page(sum((_fallback_font_line(maker, SCRAMBLE_TEXT, 40, 60 + 24 * k, 11) for k in range(3)), []))
    maker.page(sum((_fallback_font_line(maker, SCRAMBLE_TEXT, 40, 60 + 24 * k, 11) for k in range(30)), []))
    fallback = maker.save(folder / "fallback.pdf")
    out = [fallback]
    for angle in (90, 180, 270):
        pdf = pdfium.PdfDocument(str(fallback))
        for i in range(len(pdf)):
            page = pdf[i]
            page.set_rotation(angle)
            page.close()
        pdf.save(str(folder / f"rotated{angle}.pdf"))
        pdf.close()
        out.append(folder / f"rotated{angle}.pdf")
    maker = PdfMaker()
    maker.page(
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 80, 10, 0),
            ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", 50, 80, 10, 0),
            ("Số: 277/KH-LĐLĐ", 90, 96, 10, 0),
            ("Lai Châu, ngày 15 tháng 10 năm 2021", 320, 96, 10, 0),
            ("KẾ HOẠCH", 270, 140, 14, 0),
            ("Ký bởi: Liên đoàn Lao động tỉnh Lai Châu", 380, 20, 6, 1),
            ("Thời gian ký: 15/10/2021 10:09:57 +07:00", 380, 28, 6, 1),
        ]
        + [(f"Dòng {k} của nội dung kế hoạch phát triển đoàn viên công đoàn cơ sở", 72, 170 + 16 * k, 11, 0) for k in range(20)]
    )
    out.append(maker.save(folder / "header.pdf"))
    return out


def sample_pdfs() -> list[Path]:
    real = sorted((ROOT / "corpus").rglob("*.pdf")) + sorted((ROOT / "tests" / "hostile" / "files").glob("*.pdf"))
    bench = sorted((ROOT / "outputs" / "bench" / "corpus-1000").rglob("*.pdf"))[::10]  # where bench/corpus.py has run
    return real + bench


def read_or_error(read, path: Path):
    try:
        return read(path, ocr="never").model_dump()
    except UnreadableDocument as e:
        return (type(e).__name__, str(e))


def page_tokens(module, path: Path, pages: int = 12) -> list:
    """(tokens, suspect words) of the first `pages` pages, or the name of the exception a page raised."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))  # one document per reader: reading flattens pages with widgets
    try:
        pdf.init_forms()
        out = []
        for i in range(min(len(pdf), pages)):
            try:
                out.append(module._pdfium_page(pdf, i))
            except Exception as e:  # a broken page: the same failure from both
                out.append(type(e).__name__)
        return out
    finally:
        pdf.close()


@pytest.mark.parametrize("path", sample_pdfs(), ids=lambda p: p.name[:40])
def test_pdf_matches_reference(path: Path) -> None:
    try:
        tokens = page_tokens(fast_pdf, path)
    except Exception as e:  # not a PDF pdfium opens
        with pytest.raises(type(e)):
            page_tokens(ref, path)
    else:
        assert tokens == page_tokens(ref, path)
    assert read_or_error(fast_pdf.read_pdf, path) == read_or_error(ref.read_pdf, path)


@needs_font
def test_generated_pdfs_match_reference(generated: list[Path]) -> None:
    assert len(generated) == 5
    for path in generated:
        assert page_tokens(fast_pdf, path) == page_tokens(ref, path), path.name
        assert read_or_error(fast_pdf.read_pdf, path) == read_or_error(ref.read_pdf, path), path.name


def test_reread_by_position_matches_reference(monkeypatch) -> None:
    """Every page through pdfplumber (the check forced to fail): the same blocks from both readers."""
    path = next((ROOT / "corpus" / "real").glob("ocrvbhc__05.*.pdf"))
    monkeypatch.setattr(fast_pdf, "BAD_SHARE", -1.0)
    monkeypatch.setattr(ref, "BAD_SHARE", -1.0)
    result = read_or_error(fast_pdf.read_pdf, path)
    assert any("read again by position" in w for w in result["warnings"])
    assert result == read_or_error(ref.read_pdf, path)


def page_texts(path: Path, text_of) -> list[tuple[str, bool]]:
    """(text, whether pdfium's text of the whole page lost characters) of each page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n = raw.FPDFText_CountChars(textpage.raw)
            out.append((text_of(textpage.raw, n), len(fast_pdf._text_range(textpage.raw, 0, n)) != n))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


@pytest.mark.parametrize("chunk", [fast_pdf.CHUNK, 1, 7])
def test_page_text_matches_reference(monkeypatch, chunk: int) -> None:
    """A page's text read in pieces where pdfium's text lost characters (about one page in ten of the bench
    PDFs; U+FFFD for the lost ones) is the reference's text mapped char by char, at any piece size."""
    monkeypatch.setattr(fast_pdf, "CHUNK", chunk)
    lost = 0
    for path in sample_pdfs():
        try:
            expected = page_texts(path, ref._page_text)
        except Exception:  # not a PDF pdfium opens
            continue
        assert page_texts(path, fast_pdf._page_text) == expected, path.name
        lost += sum(gap for _text, gap in expected)
    if (ROOT / "outputs" / "bench" / "corpus-1000").exists():
        assert lost > 0  # the pieces were read


# ---- words of a page's text -------------------------------------------------------------------


def test_word_re_white_space_is_str_isspace() -> None:
    """WORD_RE cuts at \\s, str.split at str.isspace: the same characters, all of Unicode checked."""
    space = re.compile(r"\s")
    assert [c for c in range(0x110000) if (space.match(chr(c)) is not None) != chr(c).isspace()] == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Kế hoạch số 12/KH-LĐLĐ",
        "  leading and trailing  ",
        "line\r\nbreaks\tand\u00a0no-break\u2003em\u3000ideographic",
        "separators\x1cfile\x1dgroup\x1erecord\x1funit\x85next-line",
        "133/2025/NĐ\ufffeCP",  # a marked hyphen: WORD_RE's own words
        "\ufffe lone \ufffe\ufffe",
    ],
)
def test_words_are_word_re_words(text: str) -> None:
    assert fast_pdf._words(text, "\ufffe" in text) == fast_pdf.WORD_RE.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aế1/-. \t\r\n\u00a0\u2003\x1c\x85\ufffe\ufffd")), max_size=60))
def test_random_words_are_word_re_words(text: str) -> None:
    words = fast_pdf._words(text, "\ufffe" in text)
    assert words == fast_pdf.WORD_RE.findall(text)
    spans, end = [], 0
    for word in words:  # as `_page_tokens` finds them
        start = text.find(word, end)
        end = start + len(word)
        spans.append((start, end))
    assert spans == [m.span() for m in fast_pdf.WORD_RE.finditer(text)]


def test_failed_box_calls_read_as_before(monkeypatch) -> None:
    """Where pdfium refuses a character's box (the box is left as it was), both readers see the same boxes."""
    import pypdfium2.raw as raw

    original, fast_box = raw.FPDFText_GetLooseCharBox, fast_pdf._c().loose_box

    def refusing(call):
        return lambda tp, index, rect: 0 if index % 7 == 3 else call(tp, index, rect)

    class Failing:
        loose_box = staticmethod(refusing(fast_box))
        unicode = fast_pdf._c().unicode

    path = next((ROOT / "corpus" / "real").glob("ocrvbhc__05.*.pdf"))
    expected = page_tokens(ref, path)
    monkeypatch.setattr(raw, "FPDFText_GetLooseCharBox", refusing(original))
    refused = page_tokens(ref, path)
    assert refused != expected  # the refusals change the boxes
    monkeypatch.setattr(fast_pdf, "_C", Failing())
    assert page_tokens(fast_pdf, path) == refused
