"""The PDF reader as it was before its speed work (commit d7402d8), kept as the reference that
tests/test_pdf_speed.py compares the fast reader against: same tokens, lines, stamps and blocks.

Not collected by pytest (no test_ prefix). Holds the functions of that commit's `pdf.py` and
`pdf_layout.py` that the speed work changed, and those that call them (so that they call the old
ones), unchanged; what the speed work left as it was is imported from the package.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from vanban.errors import NeedsOcr, UnreadableDocument
from vanban.extract.readers import ocr as ocr_mod
from vanban.extract.readers.pdf import (  # unchanged by the speed work
    _PDFIUM_LOCK,
    BAD_CHAR_RE,
    BAD_SHARE,
    MIN_LETTERS,
    WORD_RE,
    _flip,
    _has_image,
    _has_letters,
    _open,
    _pages,
    _Plumber,
    _rotation_of,
    _split_word,
    _unrotate,
)
from vanban.extract.readers.pdf_layout import (  # unchanged by the speed work
    CENTRED,
    COLUMN_GAP,
    GLUE_GAP,
    SMALL,
    STAMP_STRONG_RE,
    STAMP_WEAK_RE,
    Token,
    Zone,
    _best_cut,
    _median,
    _table_like,
)
from vanban.schemas import Block, ReadResult


@dataclass
class Segment:
    """Words of one line that sit together: the whole line, or one side of a wide gap."""

    tokens: list[Token]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    height: float = 0.0

    def __post_init__(self) -> None:
        _text, x0s, x1s, tops, bottoms = zip(*self.tokens, strict=True)  # the tokens' fields, column by column
        self.x0, self.x1, self.top, self.bottom = min(x0s), max(x1s), min(tops), max(bottoms)
        self.height = _median([b - t for t, b in zip(tops, bottoms, strict=True)])
        self.text = _join(self.tokens, self.height)

    def overlaps(self) -> int:
        """Words drawn over one another: the mark of glyphs a text reader cannot order."""
        n = 0
        for a, b in zip(self.tokens, self.tokens[1:], strict=False):
            if a.x1 - b.x0 > 0.3 * min(a.bottom - a.top, b.bottom - b.top, a.x1 - a.x0, b.x1 - b.x0):
                n += 1
        return n


def _join(tokens: list[Token], height: float) -> str:
    """Tokens left to right, one space apart; glued where two letters touch (the pieces of one
    word drawn out of order, as when some of its letters come from a fallback font)."""
    out = [tokens[0].text]
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        touch = tok.x0 - prev.x1 < GLUE_GAP * height
        glue = touch and prev.text[-1:].isalpha() and tok.text[:1].isalpha()
        out.append(tok.text if glue else " " + tok.text)
    return "".join(out)


def tokens_to_runs(tokens: list[Token]) -> list[list[Token]]:
    """Consecutive tokens (in the order the source drew them) that sit side by side on one line.

    Generators draw a line's words in order, so runs are phrases; a word drawn elsewhere in the
    stream (a form field filled in later, a letter from a fallback font) is a run of its own and
    finds its place in `runs_to_lines`."""
    runs: list[list[Token]] = []
    prev: Token | None = None
    for tok in tokens:
        if prev is not None:
            ph, th = prev[4] - prev[3], tok[4] - tok[3]
            gap = tok[1] - prev[2]
            band = min(prev[4], tok[4]) - max(prev[3], tok[3]) >= 0.5 * min(ph, th)
            if band and -0.2 * ph <= gap < COLUMN_GAP * max(ph, th):
                runs[-1].append(tok)
                prev = tok
                continue
        runs.append([tok])
        prev = tok
    return runs


def runs_to_lines(runs: list[list[Token]]) -> list[list[Segment]]:
    """Group runs into printed lines, each a list of segments left to right.

    A run joins the line whose band [top, bottom] holds its vertical centre; lines are seeded in
    order of centre, so the left and right columns printed at slightly different heights still
    share a line. Runs of a line closer than COLUMN_GAP line heights merge into one segment."""
    boxes = [(min(t.top for t in r), max(t.bottom for t in r), r) for r in runs]
    boxes.sort(key=lambda b: ((b[0] + b[1]) / 2, b[2][0].x0))
    lines: list[list[list[Token]]] = []
    band: tuple[float, float] | None = None
    for top, bottom, run in boxes:
        centre = (top + bottom) / 2
        if band is not None and band[0] <= centre <= band[1]:
            lines[-1].append(run)
        else:
            lines.append([run])
            band = (top, bottom)
    out: list[list[Segment]] = []
    for line in lines:
        line.sort(key=lambda r: r[0].x0)
        h = _median([t.bottom - t.top for r in line for t in r])
        groups: list[list[Token]] = [list(line[0])]
        for run in line[1:]:
            if run[0].x0 - max(t.x1 for t in groups[-1]) < COLUMN_GAP * h:
                groups[-1] = sorted(groups[-1] + run, key=lambda t: t.x0)
            else:
                groups.append(list(run))
        out.append([Segment(g) for g in groups])
    return out


def tokens_to_lines(tokens: list[Token]) -> list[list[Segment]]:
    """Printed lines of a page, each a list of segments left to right."""
    return runs_to_lines(tokens_to_runs(tokens)) if tokens else []


# ---- stamps ------------------------------------------------------------------------------


def find_stamps(lines: list[list[Segment]], max_lines: int = 10) -> list[list[bool]]:
    """Which segments belong to a stamp: one flag per segment of each line.

    Segments are clustered with their neighbours above and below (overlapping horizontally,
    close, of the same size). A cluster of at most `max_lines` segments is a stamp when it
    holds a strong marker ("Ký bởi", "+07:00", a time with seconds, "ĐẾN"), or a weak one (an
    e-mail address, "Cơ quan:", "Số: 2352" alone) while being smaller than the body text."""
    flags = [[False] * len(ln) for ln in lines]
    segs = [(i, j, s) for i, ln in enumerate(lines) for j, s in enumerate(ln)]
    if not segs:
        return flags
    body_h = median(s.height for _i, _j, s in segs)
    parent = list(range(len(segs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, (ia, _ja, sa) in enumerate(segs):
        for b in range(a + 1, len(segs)):
            ib, _jb, sb = segs[b]
            if ib == ia:
                continue
            if ib > ia + 3:
                break
            lo, hi = sorted((sa.height, sb.height))
            close = sb.top - sa.bottom < 0.6 * lo
            overlap = min(sa.x1, sb.x1) - max(sa.x0, sb.x0) > 0
            if close and overlap and hi < 1.15 * lo:
                parent[root(b)] = root(a)
    clusters: dict[int, list[int]] = {}
    for k in range(len(segs)):
        clusters.setdefault(root(k), []).append(k)
    for members in clusters.values():
        if len(members) > max_lines:
            continue
        texts = [segs[k][2].text for k in members]
        small = median(segs[k][2].height for k in members) < SMALL * body_h
        if any(STAMP_STRONG_RE.search(t) for t in texts) or (small and any(STAMP_WEAK_RE.search(t) for t in texts)):
            for k in members:
                i, j, _s = segs[k]
                flags[i][j] = True
    return flags


# ---- columns -----------------------------------------------------------------------------


def find_zones(lines: list[list[Segment]], text_x0: float, text_x1: float) -> list[Zone]:
    """Runs of lines that print a left and a right column (see the module docstring).

    A zone starts at a line of two or three segments and goes on while each line either divides
    at a gap overlapping the zone's river (the space between the columns, narrowed by every
    dividing line), or sits on one side of it: left when it starts left of the river and ends
    before the right column, right when it starts at the right column and is not centred on the
    page (a centred title ends the zone, as does a line across the river or a table row)."""
    centre = (text_x0 + text_x1) / 2
    width = max(text_x1 - text_x0, 1.0)
    zones: list[Zone] = []
    i = 0
    while i < len(lines):
        first = _best_cut(lines[i], None) if lines[i] else None
        if first is None:
            i += 1
            continue
        river = first[1]
        cuts: dict[int, int] = {i: first[0]}
        sides: dict[int, str] = {}
        j = i + 1
        while j < len(lines):
            segs = lines[j]
            if not segs:
                j += 1
                continue
            h = median(s.height for s in segs)
            cut = _best_cut(segs, river)
            if cut is not None:
                lo, hi = max(river[0], cut[1][0]), min(river[1], cut[1][1])
                if hi - lo <= 0:
                    break
                river = (lo, hi)
                cuts[j] = cut[0]
                j += 1
                continue
            if len(segs) > 1:
                break
            x0, x1 = segs[0].x0, segs[0].x1
            above = max(k for k in (*cuts, *sides) if k < j)
            if x0 < river[0] and x1 < river[1]:
                if segs[0].top - max(s.bottom for s in lines[above]) > 1.5 * h:
                    break  # a left-aligned line after a blank line: the body ("Kính gửi: …") has begun
                sides[j] = "left"
            elif x0 >= river[1] - 0.5 * h and abs((x0 + x1) / 2 - centre) >= CENTRED * width:
                sides[j] = "right"
            else:
                break
            j += 1
        floor = zones[-1].end if zones else 0
        k = i - 1
        while k >= floor and len(lines[k]) == 1:  # "Nơi nhận:", "TM. CHÍNH PHỦ" printed above the first divided line
            seg, h = lines[k][0], lines[k][0].height
            below = min(s.top for s in lines[k + 1])
            if seg.x0 < river[0] and seg.x1 < river[1] and below - seg.bottom < h:
                sides[k] = "left"
            elif seg.x0 >= river[1] - 0.5 * h and abs((seg.x0 + seg.x1) / 2 - centre) >= CENTRED * width:
                sides[k] = "right"
            else:
                break
            k -= 1
        start = k + 1
        left_n = len(cuts) + sum(1 for s in sides.values() if s == "left")
        right_n = len(cuts) + sum(1 for s in sides.values() if s == "right")
        zone = Zone(start, j, cuts, sides)
        if _table_like(lines, zone):
            i = j  # a table's rows stay whole lines, cells apart by tabs
        elif len(cuts) >= 2 or (left_n >= 2 and right_n >= 2):
            zones.append(zone)
            i = j
        else:
            i += 1
    return zones


def page_blocks(tokens: list[Token], page: int) -> tuple[list[Block], list[Block]]:
    """(blocks in reading order, stamp blocks) of one page's tokens."""
    return lines_to_blocks(tokens_to_lines(tokens), page)


def lines_to_blocks(lines: list[list[Segment]], page: int) -> tuple[list[Block], list[Block]]:
    """(blocks in reading order, stamp blocks) of one page's lines."""
    flags = find_stamps(lines)
    stamps = [
        Block(text=s.text, kind="line", page=page, stamp=True)
        for ln, fl in zip(lines, flags, strict=True)
        for s, f in zip(ln, fl, strict=True)
        if f
    ]
    body = [[s for s, f in zip(ln, fl, strict=True) if not f] for ln, fl in zip(lines, flags, strict=True)]
    segs = [s for ln in body for s in ln]
    if not segs:
        return [], stamps
    zones = find_zones(body, min(s.x0 for s in segs), max(s.x1 for s in segs))
    out: list[Block] = []
    i = 0
    for zone in [*zones, Zone(len(body), len(body), {}, {})]:
        out += [Block(text="\t".join(s.text for s in ln), kind="line", page=page) for ln in body[i : zone.start] if ln]
        left: list[str] = []
        right: list[str] = []
        for k in range(zone.start, zone.end):
            ln = body[k]
            if k in zone.cuts:
                left.append(" ".join(s.text for s in ln[: zone.cuts[k]]))
                right.append(" ".join(s.text for s in ln[zone.cuts[k] :]))
            elif ln:
                (left if zone.sides.get(k) == "left" else right).append(ln[0].text)
        out += [Block(text=t, kind="line", page=page, column="left") for t in left]
        out += [Block(text=t, kind="line", page=page, column="right") for t in right]
        i = zone.end
    return out, stamps


# ---- the reader (pdf.py) ----


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
    if scans:
        image_scans = [p for p in scans if _has_image(pdf, p - 1)]
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
    blocks = [b for p in sorted(pages) for b in pages[p]]
    return ReadResult(blocks=blocks + stamps, pages=n, ocr=used_ocr, warnings=warnings)


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


def _page_text(tp, n: int) -> str:
    import pypdfium2.raw as raw

    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(memoryview(buf).cast("B")[: max(got - 1, 0) * 2]).decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP or excluded ones: map char by char
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
    return text


def _page_tokens(tp, height: float, rotation: int) -> tuple[list[Token], int]:
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return [], 0
    text = _page_text(tp, n)
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    tokens: list[Token] = []
    bad = 0
    hyphens = "\ufffe" in text  # page-wide tests first: most pages hold no marked hyphen and no bad character
    odd = BAD_CHAR_RE.search(text) is not None
    for m in WORD_RE.finditer(text):
        s, e = m.span()
        word = m.group().replace("\ufffe", "-") if hyphens else m.group()
        get_box(tp, s, ref)
        left, top, bottom = rect.left, rect.top, rect.bottom
        get_box(tp, e - 1, ref)
        right, top2, bottom2 = rect.right, rect.top, rect.bottom
        h = max(top - bottom, 0.1)
        if abs(bottom2 - bottom) > 0.3 * h or right < left - 0.3 * h:
            # The word's ends sit on different lines or run backwards: read it char by char.
            pieces = _split_word(tp, s, e, text)
            bad += any(p.x1 < p.x0 for p in pieces)
            tokens += [_flip(p, height) for p in pieces]
            continue
        if odd and BAD_CHAR_RE.search(word):
            bad += 1
        tokens.append(Token(word, left, right, height - max(top, top2), height - min(bottom, bottom2)))
    if rotation:
        tokens = [_unrotate(t, rotation) for t in tokens]
    return tokens, bad


# ---- pdfplumber re-read --------------------------------------------------------------------
