"""Page geometry to text lines: positioned words -> lines -> columns and stamps -> blocks.

Pure functions shared by the PDF text-layer reader and the OCR reader. The input is a list of
`Token`s (a word and its box, top-down coordinates in points); the output is `Block`s in reading
order. The chain, in the style of pdfplumber's table finder:

    tokens_to_runs -> runs_to_lines -> find_stamps -> find_zones -> page_blocks

A *zone* is a run of lines that split into a left and a right part at one vertical gap (the
issuer | Quốc hiệu header, the Nơi nhận | signer closing). Inside a zone the left column's lines
come first, then the right column's, so that "ỦY BAN NHÂN DÂN / TỈNH … / Số: …" reads as one
block and "CỘNG HÒA … / Độc lập … / Quảng Ngãi, ngày …" as another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from vanban.schemas import Block

GLUE_GAP = 0.1  # gap (in line heights) under which two tokens are one word: glyph runs of one word
COLUMN_GAP = 1.6  # gap (in line heights) from which a line splits into separate segments
CENTRED = 0.07  # a one-sided line whose centre is this close (share of text width) to the page centre is centred
_INF = float("inf")


class Token(NamedTuple):
    """A word with its box: x0 < x1 left to right, top < bottom downwards, in points."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


class Segment:
    """Words of one line that sit together: the whole line, or one side of a wide gap.

    `x0`, `x1`, `top`, `bottom` bound the words; `height` is the median of their heights; `text`
    joins them (see `_join`)."""

    __slots__ = ("tokens", "text", "x0", "x1", "top", "bottom", "height", "_overlaps")

    def __init__(self, tokens: list[Token]) -> None:
        _text, x0s, x1s, tops, bottoms = zip(*tokens, strict=True)  # the tokens' fields, column by column
        self.tokens = tokens
        self.x0, self.x1, self.top, self.bottom = min(x0s), max(x1s), min(tops), max(bottoms)
        self.height = _median([b - t for t, b in zip(tops, bottoms, strict=True)])
        self.text, self._overlaps = _join(tokens, self.height)

    def __repr__(self) -> str:
        return f"Segment({self.text!r}, x0={self.x0}, x1={self.x1}, top={self.top}, bottom={self.bottom})"

    def overlaps(self) -> int:
        """Words drawn over one another: the mark of glyphs a text reader cannot order."""
        return self._overlaps


def _segment(tokens: list[Token], x0: float, x1: float, top: float, bottom: float, height: float) -> Segment:
    """A Segment whose box and height the caller has already worked out (as `Segment.__init__` would)."""
    seg = object.__new__(Segment)
    seg.tokens, seg.x0, seg.x1, seg.top, seg.bottom, seg.height = tokens, x0, x1, top, bottom, height
    seg.text, seg._overlaps = _join(tokens, height)
    return seg


def _median(values: list[float]) -> float:
    """statistics.median of a non-empty list, without its generality (the same value: the middle one, or the
    mean of the two middle ones)."""
    data = sorted(values)
    n = len(data)
    return data[n // 2] if n % 2 else (data[n // 2 - 1] + data[n // 2]) / 2


def _join(tokens: list[Token], height: float) -> tuple[str, int]:
    """(text, overlaps) of a segment's tokens.

    The text: tokens left to right, one space apart; glued where two letters touch (the pieces of
    one word drawn out of order, as when some of its letters come from a fallback font). Overlaps:
    neighbours drawn over one another by more than 0.3 of the smallest of their heights and widths."""
    limit = GLUE_GAP * height
    it = iter(tokens)
    ptext, px0, px1, ptop, pbottom = next(it)
    pbent = pbottom - ptop < 0 or px1 - px0 < 0  # a negative height or width
    out = [ptext]
    overlaps = 0
    for tok in it:
        text, x0, x1, top, bottom = tok
        if x0 - px1 < limit and ptext[-1:].isalpha() and text[:1].isalpha():
            out.append(text)
        else:
            out.append(" " + text)
        bent = bottom - top < 0 or x1 - x0 < 0
        # Without a negative height or width, words that do not reach over each other cannot overlap.
        if (px1 - x0 > 0 or pbent or bent) and px1 - x0 > 0.3 * min(pbottom - ptop, bottom - top, px1 - px0, x1 - x0):
            overlaps += 1
        ptext, px0, px1, ptop, pbottom, pbent = text, x0, x1, top, bottom, bent
    return "".join(out), overlaps


class _Run(NamedTuple):
    """Tokens drawn one after the other on one line, with their box and heights."""

    tokens: list[Token]
    x0: float  # min of the tokens' x0, as `min` compares
    x1: float  # max of the tokens' x1
    top: float
    bottom: float
    heights: list[float]  # bottom - top of each token
    gap: float  # the smallest gap between neighbours (inf for one token)
    plain: bool  # no neighbour reaches back over the one before, no height or width is negative


def _runs(tokens: list[Token]) -> list[_Run]:
    """`tokens_to_runs`, each run with its box (see there) and what `_join` needs to know of it."""
    out: list[_Run] = []
    it = iter(tokens)
    first = next(it, None)
    if first is None:
        return out
    run = [first]
    _t, rx0, rx1, rtop, rbottom = first
    px1, ptop, pbottom = rx1, rtop, rbottom
    ph = pbottom - ptop
    heights = [ph]
    least = _INF
    plain = not (ph < 0 or rx1 - rx0 < 0)
    for tok in it:
        _t, x0, x1, top, bottom = tok
        th = bottom - top
        # The band of the word before (most words) overlaps it fully; otherwise min(prev.bottom, tok.bottom) -
        # max(prev.top, tok.top) >= 0.5 * min(ph, th), each as the builtins compare
        if (top == ptop and bottom == pbottom and ph >= 0) or (bottom if bottom < pbottom else pbottom) - (
            top if top > ptop else ptop
        ) >= 0.5 * (th if th < ph else ph):
            gap = x0 - px1
            if -0.2 * ph <= gap < COLUMN_GAP * (th if th > ph else ph):
                run.append(tok)
                heights.append(th)
                if x0 < rx0:
                    rx0 = x0
                if x1 > rx1:
                    rx1 = x1
                if top < rtop:
                    rtop = top
                if bottom > rbottom:
                    rbottom = bottom
                if gap < least:
                    least = gap
                if gap < 0 or th < 0 or x1 - x0 < 0:
                    plain = False
                px1, ptop, pbottom, ph = x1, top, bottom, th
                continue
        out.append(_Run(run, rx0, rx1, rtop, rbottom, heights, least, plain))
        run, heights, least, plain = [tok], [th], _INF, not (th < 0 or x1 - x0 < 0)
        rx0, rx1, rtop, rbottom = x0, x1, top, bottom
        px1, ptop, pbottom, ph = x1, top, bottom, th
    out.append(_Run(run, rx0, rx1, rtop, rbottom, heights, least, plain))
    return out


def tokens_to_runs(tokens: list[Token]) -> list[list[Token]]:
    """Consecutive tokens (in the order the source drew them) that sit side by side on one line.

    Generators draw a line's words in order, so runs are phrases; a word drawn elsewhere in the
    stream (a form field filled in later, a letter from a fallback font) is a run of its own and
    finds its place in `runs_to_lines`."""
    return [r.tokens for r in _runs(tokens)]


def runs_to_lines(runs: list[list[Token]]) -> list[list[Segment]]:
    """Group runs into printed lines, each a list of segments left to right.

    A run joins the line whose band [top, bottom] holds its vertical centre; lines are seeded in
    order of centre, so the left and right columns printed at slightly different heights still
    share a line. Runs of a line closer than COLUMN_GAP line heights merge into one segment."""
    boxed = []
    for r in runs:
        x0s, x1s, tops, bottoms = [t.x0 for t in r], [t.x1 for t in r], [t.top for t in r], [t.bottom for t in r]
        heights = [b - t for t, b in zip(tops, bottoms, strict=True)]
        boxed.append(_Run(r, min(x0s), max(x1s), min(tops), max(bottoms), heights, -_INF, False))  # text by `_join`
    return _lines(boxed)


def _lines(runs: list[_Run]) -> list[list[Segment]]:
    """`runs_to_lines` of boxed runs."""
    runs = sorted(runs, key=lambda r: ((r.top + r.bottom) / 2, r.tokens[0].x0))
    lines: list[list[_Run]] = []
    band: tuple[float, float] | None = None
    for boxed in runs:
        centre = (boxed.top + boxed.bottom) / 2
        if band is not None and band[0] <= centre <= band[1]:
            lines[-1].append(boxed)
        else:
            lines.append([boxed])
            band = (boxed.top, boxed.bottom)
    out: list[list[Segment]] = []
    for line in lines:
        if len(line) == 1:  # one run: one segment, its box already known
            r = line[0]
            height = _median(r.heights)
            if r.plain and r.gap >= GLUE_GAP * height:  # no letters touch, no words overlap: `_join` made short
                seg = object.__new__(Segment)
                seg.tokens, seg.x0, seg.x1, seg.top, seg.bottom, seg.height = r.tokens, r.x0, r.x1, r.top, r.bottom, height
                seg.text, seg._overlaps = " ".join([t[0] for t in r.tokens]), 0
                out.append([seg])
            else:
                out.append([_segment(r.tokens, r.x0, r.x1, r.top, r.bottom, height)])
            continue
        line.sort(key=lambda r: r.tokens[0].x0)
        h = _median([t.bottom - t.top for r in line for t in r.tokens])
        groups: list[list[Token]] = [list(line[0].tokens)]
        for r in line[1:]:
            run = r.tokens
            if run[0].x0 - max(t.x1 for t in groups[-1]) < COLUMN_GAP * h:
                groups[-1] = sorted(groups[-1] + run, key=lambda t: t.x0)
            else:
                groups.append(list(run))
        out.append([Segment(g) for g in groups])
    return out


def tokens_to_lines(tokens: list[Token]) -> list[list[Segment]]:
    """Printed lines of a page, each a list of segments left to right."""
    return _lines(_runs(tokens)) if tokens else []


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

# The markers above that need none of ":", "@" and "ĐẾN": every other alternative holds one of these.
STAMP_BARE_RE = re.compile(
    r"""(?:
        (?i:\bk[ýy]\s*b[ởo]i\b)                               # "Ký bởi" (as in STAMP_STRONG_RE)
      | (?i:\bth[ờo]i\s*gian\s*k[ýy]\b)                       # "Thời gian ký" (as in STAMP_STRONG_RE)
    )""",
    re.VERBOSE,
)
# What STAMP_BARE_RE cannot match without, spelt case by case (re.IGNORECASE also takes "İ" and "ı" for
# "i": tested against every character); searched in C without the case folding, so about 4 times faster.
STAMP_BARE_HINT_RE = re.compile(
    r"""(?:
        [bB][ởỞoO][iIİı]                                    # the "bởi" of "Ký bởi"
      | [gG][iIİı][aA][nN]                                  # the "gian" of "Thời gian ký"
    )""",
    re.VERBOSE,
)


def _may_hold_stamp(texts: list[str]) -> bool:
    """Whether any text matches STAMP_STRONG_RE or STAMP_WEAK_RE, the one or the other searched
    only in texts that hold ":", "@" or "ĐẾN" (which every other alternative needs), or in all of
    them where STAMP_BARE_RE finds "Ký bởi" or "Thời gian ký" on the page. Pages without a stamp
    (most) are cleared in one pass of `in` tests and a search or two of the joined texts."""
    page = "\n".join(texts)  # "\n" is a \b and a \s, as the ends of a text are: no match is lost
    if STAMP_BARE_HINT_RE.search(page) is None or STAMP_BARE_RE.search(page) is None:
        texts = [t for t in texts if ":" in t or "@" in t or "ĐẾN" in t]
    return any(STAMP_STRONG_RE.search(t) or STAMP_WEAK_RE.search(t) for t in texts)


def find_stamps(lines: list[list[Segment]], max_lines: int = 10) -> list[list[bool]]:
    """Which segments belong to a stamp: one flag per segment of each line.

    Segments are clustered with their neighbours above and below (overlapping horizontally,
    close, of the same size). A cluster of at most `max_lines` segments is a stamp when it
    holds a strong marker ("Ký bởi", "+07:00", a time with seconds, "ĐẾN"), or a weak one (an
    e-mail address, "Cơ quan:", "Số: 2352" alone) while being smaller than the body text."""
    flags = _stamp_flags(lines, max_lines)
    return [[False] * len(ln) for ln in lines] if flags is None else flags


def _stamp_flags(lines: list[list[Segment]], max_lines: int = 10) -> list[list[bool]] | None:
    """`find_stamps`, or None where no text of the page can match a stamp marker (no flag is set)."""
    if not _may_hold_stamp([s.text for ln in lines for s in ln]):
        return None
    flags = [[False] * len(ln) for ln in lines]
    segs = [(i, j, s) for i, ln in enumerate(lines) for j, s in enumerate(ln)]
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
            h = segs[0].height if len(segs) == 1 else _median([s.height for s in segs])
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
    flags = _stamp_flags(lines)
    if flags is None:
        body, stamps = lines, []
    else:
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
        out += [
            Block(text=ln[0].text if len(ln) == 1 else "\t".join([s.text for s in ln]), kind="line", page=page)
            for ln in body[i : zone.start]
            if ln
        ]
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
