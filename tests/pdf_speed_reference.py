"""The PDF reader as it was before its speed work (commit d7402d8), kept as the reference that
tests/test_pdf_speed.py compares the fast reader against: same tokens, lines, stamps and blocks.

Not collected by pytest (no test_ prefix). `pdf.py` and `pdf_layout.py` of that commit in one module,
unchanged but for the imports (the package's `Token`, so that tokens compare alike).
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from vanban.errors import NeedsOcr, UnreadableDocument
from vanban.extract.readers import ocr as ocr_mod
from vanban.extract.readers.pdf_layout import Token
from vanban.schemas import Block, ReadResult

GLUE_GAP = 0.1  # gap (in line heights) under which two tokens are one word: glyph runs of one word
COLUMN_GAP = 1.6  # gap (in line heights) from which a line splits into separate segments
CENTRED = 0.07  # a one-sided line whose centre is this close (share of text width) to the page centre is centred


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


def _median(values: list[float]) -> float:
    """statistics.median of a non-empty list, without its generality (the same value: the middle one, or the
    mean of the two middle ones)."""
    data = sorted(values)
    n = len(data)
    return data[n // 2] if n % 2 else (data[n // 2 - 1] + data[n // 2]) / 2


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

# Text that only an e-signature stamp or an incoming-mail stamp prints. A cluster of lines
# holding one of these is a stamp, never the document's header.
STAMP_STRONG_RE = re.compile(
    r"""(?:
        (?i:\bk[ýy]\s*b[ởo]i\b)                               # "Ký bởi: Ủy ban nhân dân tỉnh …"
      | (?i:\bng[ưu][ờo]i\s*k[ýy]\s*:)                        # "Người ký: Trung tâm Công báo …"
      | (?i:\bth[ờo]i\s*gian\s*k[ýy]\b)                       # "Thời gian ký: 07/01/2025 10:09:57"
      | \+\s*0?7\s*:\s*00\b                                   # the time zone of a signing time, "+07:00"
      | \b\d{1,2}[./]\d{1,2}[./]\d{4}\s+\d{1,2}:\d{2}:\d{2}    # a signing time with seconds
      | ^\W*(?:CV\s+)?ĐẾN\W*$                                 # incoming stamp: "ĐẾN", "CV ĐẾN" (capitals)
      | ^\W*(?:CV\s+)?ĐẾN\s*[:.]?\s*(?i:Số|Ngày|Giờ)\b          # "ĐẾN Số: 2352", "ĐẾN Ngày: …"
    )""",
    re.VERBOSE,
)
STAMP_WEAK_RE = re.compile(
    r"""(?:
        ^\W*(?:email|e-mail|cơ\s*quan|địa\s*chỉ|chức\s*vụ)\s*:  # labelled fields of a signature box
      | [\w.-]+@[\w-]+(?:\.[\w-]+)+                          # an e-mail address
      | ^\W*(?:số|ngày|giờ)\s*:\s*[\d/.\s]*$                  # "Số: 2352", "Ngày: 21/3/18" alone
    )""",
    re.VERBOSE | re.IGNORECASE,
)
SMALL = 0.8  # a stamp's lines are smaller than this share of the page's body line height


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


@dataclass
class Zone:
    """Lines [start, end) of a page that print two columns; `cuts[i]` is where line i divides
    (None for a line printed on one side only, which `sides[i]` names)."""

    start: int
    end: int
    cuts: dict[int, int]  # line index -> number of its segments that are left of the divide
    sides: dict[int, str]  # line index -> "left" / "right" for one-sided lines


def _best_cut(segs: list[Segment], river: tuple[float, float] | None) -> tuple[int, tuple[float, float]] | None:
    """Where a line of 2-3 segments divides: the gap overlapping the river, else the widest."""
    if not 2 <= len(segs) <= 3:
        return None
    gaps = [(k + 1, (a.x1, b.x0)) for k, (a, b) in enumerate(zip(segs, segs[1:], strict=False))]
    if river is None:
        return max(gaps, key=lambda g: g[1][1] - g[1][0])
    best = max(gaps, key=lambda g: min(river[1], g[1][1]) - max(river[0], g[1][0]))
    return best


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


def _table_like(lines: list[list[Segment]], zone: Zone) -> bool:
    """A two-column table, not a header or signature: the right parts share one left edge
    (cells) while their centres differ; a header's or signer's right column is centred."""
    rights = [lines[k][n] for k, n in zone.cuts.items()] + [lines[k][0] for k, s in zone.sides.items() if s == "right"]
    if len(rights) < 3:
        return False
    edge = median(s.x0 for s in rights)
    aligned = [s for s in rights if abs(s.x0 - edge) < 2.0]
    mids = [(s.x0 + s.x1) / 2 for s in aligned]
    return len(aligned) >= max(3, 0.6 * len(rights)) and max(mids) - min(mids) > 10.0


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
