"""PDF: the text layer read with pypdfium2, checked page by page, OCR for scans.

The fast path takes each page's characters from pdfium in content order, cuts them into words
at spaces and reads one box per word end (two C calls a word, not one per character). Lines and
columns are then rebuilt from the boxes (`pdf_layout`), so the reading order is the printed
order even where a generator drew a line's letters out of order. A page whose pdfium text fails
a cheap check (characters pdfium could not map, words whose boxes overlap or run backwards, as
when letters are drawn in a fallback font) is read again with pdfplumber's words, which are
sorted by position character by character. Form fields and signature widgets are flattened
into the page first: e-office systems print the number and the day of a signed document there.

Pages whose text layer is empty or only a stamp are scans: `ocr` decides what happens to them
(see `ocr.OcrSettings`). See docs/pdf-readers.md for the measurements behind these choices.
"""

from __future__ import annotations

import ctypes
import re
import struct
import threading
from pathlib import Path
from typing import Any

from vanban.errors import NeedsOcr, UnreadableDocument
from vanban.extract.readers import ocr as ocr_mod
from vanban.extract.readers.pdf_layout import Token, lines_to_blocks, page_blocks, tokens_to_lines
from vanban.schemas import Block, ReadResult

WORD_RE = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")  # pdfium marks a line-end hyphen as U+FFFE
LETTER_RE = re.compile(r"[^\W\d_]")
BAD_CHAR_RE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")  # unmapped glyphs, private use, controls
MIN_LETTERS = 20  # a page with fewer letters outside stamps has no usable text
BAD_SHARE = 0.02  # share of bad words from which a page is re-read with pdfplumber


# A library caller may read files from threads; the CLI, ingest and the web read each file in a
# process of its own, so the lock costs them nothing.
_PDFIUM_LOCK = threading.RLock()


def read_pdf(path: Path, ocr: str | ocr_mod.OcrSettings | None = None) -> ReadResult:
    """Blocks (one per printed line, page numbers kept) of a PDF. Raises UnreadableDocument, NeedsOcr.

    `ocr` is "never" (a scan raises NeedsOcr), "auto" (OCR scans when Tesseract is installed)
    or "always" (OCR scans, raise NeedsOcr naming the packages when Tesseract is missing); None
    takes the process default set with `ocr.set_default(...)`, "never" unless changed."""
    settings = ocr_mod.resolve(ocr)
    with _PDFIUM_LOCK:  # PDFium is not thread-safe: one document at a time in a process
        pdf = _open(path)
        try:
            return _read(pdf, path, settings)
        finally:
            pdf.close()


def _open(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise UnreadableDocument("the PDF is encrypted and needs a password") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise UnreadableDocument("the PDF uses an encryption that cannot be opened") from None
        raise UnreadableDocument("not a valid PDF file (damaged or truncated)") from None
    except OSError as e:
        raise UnreadableDocument(f"cannot open the file ({e.strerror})") from None
    if len(pdf) == 0:
        pdf.close()
        raise UnreadableDocument("the PDF has no pages")
    return pdf


def _read(pdf, path: Path, settings: ocr_mod.OcrSettings) -> ReadResult:
    n = len(pdf)
    try:
        pdf.init_forms()
    except Exception:  # a broken AcroForm must not stop the text from being read
        pass
    pages: dict[int, list[Block]] = {}
    stamps: list[Block] = []
    scans: list[int] = []
    broken: list[int] = []
    rechecked: list[int] = []
    short: dict[int, list[Block]] = {}  # pages whose text layer has fewer than MIN_LETTERS letters
    plumber = _Plumber(path)
    try:
        for i in range(n):
            try:
                tokens, bad = _pdfium_page(pdf, i)
            except Exception:
                broken.append(i + 1)
                continue
            lines = tokens_to_lines(tokens)
            bad += sum(seg.overlaps() for ln in lines for seg in ln)
            if bad > BAD_SHARE * max(len(tokens), 1):
                alt = plumber.tokens(i, tokens)
                if alt is not None:
                    lines = tokens_to_lines(alt)
                    rechecked.append(i + 1)
            body, st = lines_to_blocks(lines, i + 1)
            stamps += st
            if not _has_letters(body, MIN_LETTERS):
                scans.append(i + 1)
                if body:
                    short[i + 1] = body
            else:
                pages[i + 1] = body
    finally:
        plumber.close()
    if broken and not pages and not scans:
        raise UnreadableDocument("no page of the PDF can be read (damaged or truncated)")
    warnings: list[str] = []
    if broken:
        warnings.append(f"page(s) {_pages(broken)} of the PDF could not be read (damaged) and were skipped")
    if rechecked:
        warnings.append(f"page(s) {_pages(rechecked)}: the fast text reader scrambled letters; read again by position")
    used_ocr = False
    image_scans = [p for p in scans if _has_image(pdf, p - 1)]
    if scans:
        if not pages:
            if settings.mode == "never":
                raise NeedsOcr(ocr_mod.NEEDS_OCR_MESSAGE)
            if not ocr_mod.tesseract_available(settings.lang):
                raise NeedsOcr(ocr_mod.MISSING_TESSERACT_MESSAGE)
            wanted = image_scans or scans
        else:
            wanted = image_scans
            if wanted and (settings.mode == "never" or not ocr_mod.tesseract_available(settings.lang)):
                warnings.append(
                    f"page(s) {_pages(wanted)} are images without a text layer and were not read (OCR them with --ocr)"
                )
                wanted = []
        if wanted:
            fresh = _open(path)  # not flattened: widgets and stamps are not drawn into the OCR image
            try:
                read, w = ocr_mod.ocr_pages(fresh, wanted, settings)
            finally:
                fresh.close()
            warnings += w
            for p, tokens in read.items():
                body, st = page_blocks(tokens, p)
                stamps += st
                pages[p] = body
            used_ocr = bool(read)
            if not pages or not any(pages.values()):
                raise NeedsOcr("the PDF is a scan and OCR found no text in it")
    for p, body in short.items():  # no image: a short page of text (the last lines of a letter), not a scan
        if p not in pages and p not in image_scans:
            pages[p] = body
    blocks = [b for p in sorted(pages) for b in pages[p]]
    return ReadResult(blocks=blocks + stamps, pages=n, ocr=used_ocr, warnings=warnings)


def _has_letters(blocks: list[Block], n: int) -> bool:
    """True when the blocks hold at least `n` letters (counted block by block, stopping once there are enough)."""
    count = 0
    for b in blocks:
        count += len(LETTER_RE.findall(b.text))
        if count >= n:
            return True
    return False


def _pages(nums: list[int]) -> str:
    return ", ".join(str(p) for p in nums)


# ---- pdfium fast path ----------------------------------------------------------------------


def _pdfium_page(pdf, index: int) -> tuple[list[Token], int]:
    """(tokens, number of suspect words) of one page, annotations flattened into its text."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        if raw.FPDFPage_GetAnnotCount(page.raw) > 0:
            # Widgets (signature boxes, number and day filled in by the e-office system) are not
            # page text until flattened; flattening changes the page, so load it again after.
            page.flatten()
            page.close()
            page = pdf[index]
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            return _page_tokens(textpage.raw, height, _rotation_of(page))
        finally:
            textpage.close()
    finally:
        page.close()


def _rotation_of(page) -> int:
    try:
        return int(page.get_rotation()) % 360
    except Exception:
        return 0


class _Pdfium:
    """The few pdfium text calls made once per character or word, bound without ctypes' argument
    conversion (`argtypes`), which costs as much as the call itself: arguments are passed as
    `ctypes.c_void_p` (the text page), int (an index) and `ctypes.byref` (the box). They keep the GIL
    (`PYFUNCTYPE`): these calls take well under a microsecond and never call back into Python, and
    releasing and taking the GIL back was a tenth of each call's cost."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def unchecked(fn, restype):
            return ctypes.PYFUNCTYPE(restype)(ctypes.cast(fn, ctypes.c_void_p).value)  # the same C function

        self.loose_box = unchecked(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
        self.unicode = unchecked(raw.FPDFText_GetUnicode, ctypes.c_uint)
        self.text_index = unchecked(raw.FPDFText_GetTextIndexFromCharIndex, ctypes.c_int)


_C: _Pdfium | None = None


def _c() -> _Pdfium:
    global _C
    if _C is None:
        _C = _Pdfium()
    return _C


CHUNK = 256  # characters per text call where the page's text lost characters


def _page_text(tp, n: int) -> str:
    """Characters 0..n-1 of a text page, one per character (U+FFFD for unmapped ones). pdfium's page text
    leaves out characters that print nothing (unmapped glyphs, control codes); on a page where it does
    (about one in ten), only the CHUNK-sized pieces that lost characters are mapped char by char."""
    text = _text_range(tp, 0, n)
    if len(text) == n:
        return text
    c, tpv = _c(), ctypes.c_void_p(ctypes.cast(tp, ctypes.c_void_p).value)
    parts = []
    for s in range(0, n, CHUNK):
        e = min(s + CHUNK, n)
        part = _text_range(tp, s, e - s)
        # A piece starting at a left-out character is read from the next one on: not that piece's text.
        # U+FFFD may stand for a lone surrogate, which the char by char mapping keeps (as before).
        if len(part) != e - s or "\ufffd" in part or c.text_index(tpv, s) < 0:
            part = "".join([chr(c.unicode(tpv, i) or 0xFFFD) for i in range(s, e)])
        parts.append(part)
    return "".join(parts)


def _text_range(tp, start: int, count: int) -> str:
    """pdfium's text of characters start..start+count-1 (the buffer sized to a power of two, so that ctypes
    keeps a few array types rather than making one per page)."""
    import pypdfium2.raw as raw

    buf = (ctypes.c_ushort * (1 << count.bit_length()))()
    got = raw.FPDFText_GetText(tp, start, count, buf)
    return bytes(memoryview(buf).cast("B")[: max(got - 1, 0) * 2]).decode("utf-16-le", errors="replace")


def _words(text: str, hyphens: bool) -> list[str]:
    """WORD_RE's words of a page's text, in order. Without a marked hyphen (most pages) they are the
    words `str.split` cuts at white space (WORD_RE's \\s is str.isspace: tested), which it finds faster."""
    return WORD_RE.findall(text) if hyphens else text.split()


# The two boxes of a word (first and last character), FS_RECTF order: left, top, right, bottom.
_BOXES = struct.Struct("8f")


def _page_tokens(tp, height: float, rotation: int) -> tuple[list[Token], int]:
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return [], 0
    text = _page_text(tp, n)
    box = _c().loose_box
    tpv = ctypes.c_void_p(ctypes.cast(tp, ctypes.c_void_p).value)
    rects = (ctypes.c_float * 8)()  # the word's first character's box, then its last's
    first, last = ctypes.byref(rects, 0), ctypes.byref(rects, 16)
    at = ctypes.addressof(rects)
    unpack = _BOXES.unpack_from
    new = tuple.__new__
    tokens: list[Token] = []
    append = tokens.append
    bad = 0
    hyphens = "\ufffe" in text  # page-wide tests first: most pages hold no marked hyphen and no bad character
    odd = BAD_CHAR_RE.search(text) is not None
    find = text.find
    e = 0
    for word in _words(text, hyphens):
        s = find(word, e)  # the next word starts after the last one's end and some white space: found there
        e = s + len(word)
        # A failed call leaves the box as it was: the previous box read, as with one shared box.
        if not box(tpv, s, first):
            ctypes.memmove(at, at + 16, 16)
        if not box(tpv, e - 1, last):
            ctypes.memmove(at + 16, at, 16)
        left, top, _r, bottom, _l, top2, right, bottom2 = unpack(rects)
        if top2 == top and bottom2 == bottom and right >= left:  # both ends on one line, in order (most words)
            y0, y1 = height - top, height - bottom
        else:
            h = top - bottom
            if 0.1 > h:  # max(top - bottom, 0.1), as `max` compares
                h = 0.1
            if abs(bottom2 - bottom) > 0.3 * h or right < left - 0.3 * h:
                # The word's ends sit on different lines or run backwards: read it char by char.
                pieces = _split_word(tp, s, e, text)
                bad += any(p.x1 < p.x0 for p in pieces)
                tokens += [_flip(p, height) for p in pieces]
                continue
            # max(top, top2) and min(bottom, bottom2), in the order the builtins compare
            y0, y1 = height - (top2 if top2 > top else top), height - (bottom2 if bottom2 < bottom else bottom)
        if hyphens:
            word = word.replace("\ufffe", "-")
        if odd and BAD_CHAR_RE.search(word):
            bad += 1
        append(new(Token, (word, left, right, y0, y1)))
    if rotation:
        tokens = [_unrotate(t, rotation) for t in tokens]
    return tokens, bad


def _flip(t: Token, height: float) -> Token:
    return Token(t.text, t.x0, t.x1, height - t.bottom, height - t.top)


def _split_word(tp, s: int, e: int, text: str) -> list[Token]:
    """A pdfium word cut where its characters change line (in pdfium's bottom-up coordinates)."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    out: list[Token] = []
    cur: list[tuple[str, float, float, float, float]] = []
    for k in range(s, e):
        raw.FPDFText_GetLooseCharBox(tp, k, ctypes.byref(rect))
        c = (text[k].replace("\ufffe", "-"), rect.left, rect.right, rect.bottom, rect.top)
        if cur:
            h = max(cur[-1][4] - cur[-1][3], 0.1)
            if abs(c[3] - cur[-1][3]) > 0.3 * h or c[1] < cur[-1][1] - 0.3 * h:
                out.append(_chars_token(cur))
                cur = []
        cur.append(c)
    if cur:
        out.append(_chars_token(cur))
    return out


def _chars_token(chars: list[tuple[str, float, float, float, float]]) -> Token:
    return Token(
        "".join(c[0] for c in chars),
        min(c[1] for c in chars),
        max(c[2] for c in chars),
        min(c[3] for c in chars),  # bottom-up: flipped by the caller
        max(c[4] for c in chars),
    )


def _unrotate(t: Token, rotation: int) -> Token:
    """Token boxes of a page shown rotated, turned so that lines run left to right."""
    if rotation == 90:  # shown turned clockwise: x runs down the screen, y (upwards) runs right
        return Token(t.text, -t.bottom, -t.top, t.x0, t.x1)
    if rotation == 180:
        return Token(t.text, -t.x1, -t.x0, -t.bottom, -t.top)
    if rotation == 270:
        return Token(t.text, t.top, t.bottom, -t.x1, -t.x0)
    return t


def _has_image(pdf, index: int) -> bool:
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        return any(
            raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k)) == raw.FPDF_PAGEOBJ_IMAGE
            for k in range(raw.FPDFPage_CountObjects(page.raw))
        )
    finally:
        page.close()


# ---- pdfplumber re-read --------------------------------------------------------------------


class _Plumber:
    """pdfplumber, opened only when a page fails the check; each page closed after use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None  # pdfplumber.PDF, opened on first use
        self.failed = False

    def tokens(self, index: int, pdfium_tokens: list[Token]) -> list[Token] | None:
        """The page's words by position, plus pdfium words that pdfplumber does not see (flattened
        widgets) where no pdfplumber word covers them. None when pdfplumber cannot read the page."""
        if self.failed:
            return None
        try:
            if self.pdf is None:
                import pdfplumber

                self.pdf = pdfplumber.open(self.path)
            page = self.pdf.pages[index]
            try:
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
            finally:
                page.close()
        except Exception:
            self.failed = True
            return None
        toks = [Token(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words]
        extra = [t for t in pdfium_tokens if not any(_covers(o, t) for o in toks)]
        return toks + extra

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _covers(a: Token, b: Token) -> bool:
    ix = min(a.x1, b.x1) - max(a.x0, b.x0)
    iy = min(a.bottom, b.bottom) - max(a.top, b.top)
    return ix > 0 and iy > 0.3 * min(a.height, b.height)
