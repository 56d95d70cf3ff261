"""Page geometry to text lines: positioned words -> lines -> columns and stamps -> blocks.

Pure functions shared by the PDF text-layer reader and the OCR reader. The input is a list of
`Token`s (a word and its box, top-down coordinates in points); the output is `Block`s in reading
order. The chain, in the style of pdfplumber's table finder:

    tokens_to_lines -> lines_to_segments -> find_stamps -> find_zones -> page_blocks

A *zone* is a run of lines that split into a left and a right part at one vertical gap (the
issuer | Quốc hiệu header, the Nơi nhận | signer closing). Inside a zone the left column's lines
come first, then the right column's, so that "ỦY BAN NHÂN DÂN / TỈNH … / Số: …" reads as one
block and "CỘNG HÒA … / Độc lập … / Quảng Ngãi, ngày …" as another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from vanban.schemas import Block

GLUE_GAP = 0.1  # gap (in line heights) under which two tokens are one word: glyph runs of one word
COLUMN_GAP = 1.6  # gap (in line heights) from which a line splits into separate segments
CENTRED = 0.07  # a one-sided line whose centre is this close (share of text width) to the page centre is centred


@dataclass(frozen=True)
class Token:
    """A word with its box: x0 < x1 left to right, top < bottom downwards, in points."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


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
        self.x0 = min(t.x0 for t in self.tokens)
        self.x1 = max(t.x1 for t in self.tokens)
        self.top = min(t.top for t in self.tokens)
        self.bottom = max(t.bottom for t in self.tokens)
        self.height = median(t.height for t in self.tokens)
        self.text = _join(self.tokens, self.height)


@dataclass
class Line:
    """One printed line of a page: its segments left to right."""

    segments: list[Segment]
    stamp: list[bool] = field(default_factory=list)  # per segment

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def height(self) -> float:
        return median(s.height for s in self.segments)


def _join(tokens: list[Token], height: float) -> str:
    """Tokens left to right: glued where they touch (runs of one word), else one space."""
    out = [tokens[0].text]
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        out.append(tok.text if tok.x0 - prev.x1 < GLUE_GAP * height else " " + tok.text)
    return "".join(out)


def tokens_to_lines(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into printed lines by vertical position, each sorted left to right.

    A token joins the line whose band [top, bottom] holds its vertical centre; lines are
    seeded in order of centre, so left and right columns printed at slightly different
    heights still share a line and are split later by the gap between them."""
    lines: list[list[Token]] = []
    band: tuple[float, float] | None = None
    for tok in sorted(tokens, key=lambda t: ((t.top + t.bottom) / 2, t.x0)):
        centre = (tok.top + tok.bottom) / 2
        if band is not None and band[0] <= centre <= band[1]:
            lines[-1].append(tok)
            continue
        lines.append([tok])
        band = (tok.top, tok.bottom)
    return [sorted(ln, key=lambda t: t.x0) for ln in lines]


def lines_to_segments(line: list[Token]) -> list[Segment]:
    """Split a line at gaps wider than COLUMN_GAP line heights (columns, tab stops, table cells)."""
    h = median(t.height for t in line)
    groups: list[list[Token]] = [[line[0]]]
    for prev, tok in zip(line, line[1:], strict=False):
        if tok.x0 - prev.x1 >= COLUMN_GAP * h:
            groups.append([tok])
        else:
            groups[-1].append(tok)
    return [Segment(g) for g in groups]


# ---- stamps ------------------------------------------------------------------------------

# Text that only an e-signature stamp or an incoming-mail stamp prints. A cluster of small
# lines holding one of these is a stamp, never the document's header.
STAMP_STRONG_RE = re.compile(
    r"""(?:
        \bk[ýy]\s*b[ởo]i\b                                  # "Ký bởi: Ủy ban nhân dân tỉnh …"
      | \bng[ưu][ờo]i\s*k[ýy]\s*:                           # "Người ký: Trung tâm Công báo …"
      | \bth[ờo]i\s*gian\s*k[ýy]\b                          # "Thời gian ký: 07/01/2025 10:09:57"
      | \+\s*0?7\s*:\s*00\b                                 # the time zone of a signing time, "+07:00"
      | \b\d{1,2}[./]\d{1,2}[./]\d{4}\s+\d{1,2}:\d{2}:\d{2}  # a signing time with seconds
      | ^\W*(?:CV\s+)?ĐẾN\W*$                               # incoming stamp: "ĐẾN", "CV ĐẾN"
      | ^\W*(?:CV\s+)?ĐẾN\s+(?:Số|Ngày|Giờ)\b               # "ĐẾN Số: 2352", "ĐẾN Ngày: …"
    )""",
    re.VERBOSE | re.IGNORECASE,
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


def find_stamps(lines: list[Line], max_lines: int = 10) -> None:
    """Mark the segments that belong to a stamp (sets `line.stamp`).

    Segments are clustered with their neighbours above and below (overlapping horizontally,
    vertically close, of similar size). A cluster of at most `max_lines` segments is a stamp
    when it holds a strong marker ("Ký bởi", "+07:00", a time with seconds, "ĐẾN"), or a weak
    one (an e-mail address, "Cơ quan:") while being smaller than the page's body text."""
    segs = [(i, j, s) for i, ln in enumerate(lines) for j, s in enumerate(ln.segments)]
    for ln in lines:
        ln.stamp = [False] * len(ln.segments)
    if not segs:
        return
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
            h = max(sa.height, sb.height)
            close = sb.top - sa.bottom < 0.8 * h
            overlap = min(sa.x1, sb.x1) - max(sa.x0, sb.x0) > 0
            similar = max(sa.height, sb.height) < 1.4 * min(sa.height, sb.height)
            if close and overlap and similar:
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
                lines[i].stamp[j] = True


# ---- columns -----------------------------------------------------------------------------


@dataclass
class Zone:
    """Lines [start, end) of a page that print two columns divided at x = `divide`."""

    start: int
    end: int
    divide: float


def _split_at(line: Line, stamp_free: list[Segment]) -> tuple[float, float] | None:
    """The gap (left edge, right edge) of a line printed as exactly two segments."""
    if len(stamp_free) != 2:
        return None
    return stamp_free[0].x1, stamp_free[1].x0


def find_zones(lines: list[Line], text_x0: float, text_x1: float) -> list[Zone]:
    """Runs of lines that print a left and a right column (see module docstring)."""
    centre = (text_x0 + text_x1) / 2
    width = max(text_x1 - text_x0, 1.0)
    kept = [[s for s, st in zip(ln.segments, ln.stamp, strict=True) if not st] for ln in lines]
    zones: list[Zone] = []
    i = 0
    while i < len(lines):
        gap = _split_at(lines[i], kept[i]) if kept[i] else None
        if gap is None:
            i += 1
            continue
        river = list(gap)
        splits, left_n, right_n = 1, 1, 1
        j = i + 1
        while j < len(lines):
            segs = kept[j]
            if not segs:
                j += 1
                continue
            g = _split_at(lines[j], segs)
            if g is not None:
                lo, hi = max(river[0], g[0]), min(river[1], g[1])
                if hi - lo < 0.5 * lines[j].height:
                    break
                river = [lo, hi]
                splits += 1
                left_n += 1
                right_n += 1
                j += 1
                continue
            if len(segs) > 2:
                break
            x0, x1 = segs[0].x0, segs[-1].x1
            divide = (river[0] + river[1]) / 2
            mid = (x0 + x1) / 2
            if abs(mid - centre) < CENTRED * width and not (x1 < divide and x0 - text_x0 < CENTRED * width):
                break  # a centred title or heading: the zone is over
            if x1 <= divide:
                left_n += 1
            elif x0 >= divide:
                right_n += 1
            else:
                break  # a full-width line
            j += 1
        if splits >= 2 or (left_n >= 2 and right_n >= 2):
            zones.append(Zone(i, j, (river[0] + river[1]) / 2))
            i = j
        else:
            i += 1
    return zones


def page_blocks(tokens: list[Token], page: int) -> tuple[list[Block], list[Block]]:
    """(blocks in reading order, stamp blocks) of one page's tokens."""
    if not tokens:
        return [], []
    lines = [Line(lines_to_segments(t)) for t in tokens_to_lines(tokens)]
    find_stamps(lines)
    body = [s for ln in lines for s, st in zip(ln.segments, ln.stamp, strict=True) if not st]
    if not body:
        return [], _stamp_blocks(lines, page)
    text_x0, text_x1 = min(s.x0 for s in body), max(s.x1 for s in body)
    zones = find_zones(lines, text_x0, text_x1)
    out: list[Block] = []
    i = 0
    for zone in [*zones, Zone(len(lines), len(lines), 0.0)]:
        for ln in lines[i : zone.start]:
            segs = [s.text for s, st in zip(ln.segments, ln.stamp, strict=True) if not st]
            if segs:
                out.append(Block(text="\t".join(segs), kind="line", page=page))
        left: list[str] = []
        right: list[str] = []
        for ln in lines[zone.start : zone.end]:
            for s, st in zip(ln.segments, ln.stamp, strict=True):
                if not st:
                    (left if s.x1 <= zone.divide else right).append(s.text)
        out += [Block(text=t, kind="line", page=page, column="left") for t in left]
        out += [Block(text=t, kind="line", page=page, column="right") for t in right]
        i = zone.end
    return out, _stamp_blocks(lines, page)


def _stamp_blocks(lines: list[Line], page: int) -> list[Block]:
    return [
        Block(text=s.text, kind="line", page=page, stamp=True)
        for ln in lines
        for s, st in zip(ln.segments, ln.stamp, strict=True)
        if st
    ]
