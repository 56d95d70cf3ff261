"""Tables of a document: Word tables, tab-separated and pipe-separated text tables.

A chain of small functions (pdfplumber's table finder is the model):
`doc -> grids` (cells placed in rows and columns, from cell blocks, tab runs or pipe lines),
`grid -> header` (the top rows that name the columns), `grid -> totals` (the 'Tổng cộng' row)
and `totals -> warnings` (each total checked against the sum of its column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.extract.document import Doc, Line
from vanban.extract.layout import NATIONAL_RE
from vanban.extract.numerals import as_int_if_whole, parse_number
from vanban.extract.outline import match_label
from vanban.schemas import Table


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Grid:
    """Cells in rows and columns; `None` where a row has no cell (a merged or missing cell)."""

    rows: list[list[Cell | None]]
    source: str  # 'cells' (Word), 'tabs' or 'pipes' (text)
    header_rows: int = 0
    names: list[str] = field(default_factory=list)
    caption: str | None = None
    uncertain: list[int] = field(default_factory=list)  # rows whose cells may sit in the wrong columns

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @property
    def span(self) -> tuple[int, int]:
        cells = [c for r in self.rows for c in r if c is not None]
        return (min(c.start for c in cells), max(c.end for c in cells))

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        cell = row[c] if c < len(row) else None
        return cell.text if cell else ""


TOTAL_RE = re.compile(
    r"""^(?:
        tổng[ ]cộng          # Tổng cộng
      | tổng[ ]số            # Tổng số
      | tổng                 # Tổng
      | cộng                 # Cộng (a sub-total or the total)
      | toàn[ ](?:tỉnh|thành[ ]phố|huyện|ngành|quốc)   # Toàn tỉnh, Toàn huyện
    )\b[ :.]*$""",
    re.VERBOSE | re.IGNORECASE,
)

_CAPTION_RE = re.compile(
    r"^(?:bảng|biểu|phụ[ ]lục|danh[ ]sách|lịch|thống[ ]kê|tổng[ ]hợp|kế[ ]hoạch[ ]chi[ ]tiết)\b",
    re.IGNORECASE,
)
_LAYOUT_RE = re.compile(
    r"nơi\s*nhận|độc\s*lập\s*[-–]\s*tự\s*do|cộng\s*h[òo]a\s*x[ãa]\s*hội"  # header and Nơi nhận
    r"|^(?:TM|KT|TL|TUQ|Q)\.\s",  # a signature block: TM. BAN CHẤP HÀNH, KT. CHỦ TỊCH
    re.IGNORECASE,
)


def cell_number(text: str) -> float | None:
    """The number a cell holds ('2.136' -> 2136, '6,5' -> 6.5, '85%' -> 85), or None."""
    t = text.strip().rstrip("%").strip()
    return parse_number(t)


def _is_seq(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}[.)]?|[IVX]{1,5}[.)]?|[a-zđ][.)]", text.strip()))


# ---- doc -> grids ------------------------------------------------------------------------


def cell_grids(doc: Doc) -> list[Grid]:
    """Word tables: cell blocks grouped by table, placed by their row and column."""
    tables: dict[int, dict[tuple[int, int], Cell]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind != "cell" or b.table is None or b.row is None or b.col is None:
            continue
        start = doc.block_starts[i]
        cell = Cell(b.text.replace("\n", " ").replace("\t", " "), start, start + len(b.text))
        tables.setdefault(b.table, {})[(b.row, b.col)] = cell
    grids = []
    for cells in tables.values():
        nrows = max(r for r, _ in cells) + 1
        ncols = max(c for _, c in cells) + 1
        rows = [[cells.get((r, c)) for c in range(ncols)] for r in range(nrows)]
        rows = [r for r in rows if any(r)]
        grids.append(Grid(rows, "cells"))
    return grids


def _line_runs(doc: Doc, test) -> list[list[Line]]:
    runs: list[list[Line]] = []
    cur: list[Line] = []
    for ln in doc.lines:
        if test(ln.text) and doc.blocks[ln.block].kind != "cell":  # the line's own test first: most lines fail it
            cur.append(ln)
            continue
        if cur:
            runs.append(cur)
        cur = []
    if cur:
        runs.append(cur)
    return runs


def _split(ln: Line, sep: str, strip_edges: bool) -> list[Cell]:
    text = ln.text
    pos = ln.start
    parts = text.split(sep)
    if strip_edges:
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    out = []
    for p in parts:
        lead = len(p) - len(p.lstrip())
        out.append(Cell(p.strip(), pos + lead, pos + lead + len(p.strip())))
        pos += len(p) + 1
    return out


def tab_grids(doc: Doc) -> list[Grid]:
    """Runs of tab-separated lines with three cells or more on at least two lines.

    Text exports drop the empty cells at the start of a row; a row that does not start with its
    sequence number (a second header row, the total row) and has fewer cells than the table is
    aligned on the right. A numbered row with fewer cells than the table may have lost empty
    cells in the middle: it is kept as read and marked uncertain."""
    grids = []
    for run in _line_runs(doc, lambda t: "\t" in t):
        rows = [_split(ln, "\t", False) for ln in run]
        if sum(1 for r in rows if len(r) >= 3) < 2:
            continue
        if any(NATIONAL_RE.match(c.text) or _LAYOUT_RE.search(c.text) for r in rows for c in r):
            continue
        width = max(len(r) for r in rows)
        kept_empty = any(not c.text for r in rows for c in r)  # runs of tabs were kept: only edge cells are lost
        placed: list[list[Cell | None]] = []
        uncertain = []
        for i, r in enumerate(rows):
            pad: list[Cell | None] = [None] * (width - len(r))
            if len(r) == width or i == 0:
                placed.append([*r, *pad])
            elif _is_seq(r[0].text):
                placed.append([*r, *pad])
                if not kept_empty:
                    uncertain.append(i)
            else:
                placed.append([*pad, *r])
        grids.append(Grid(placed, "tabs", uncertain=uncertain))
    return grids


def _is_pipe_rule(text: str) -> bool:
    """The '|---|:--:|' line under a Markdown table's header."""
    return "---" in text and set(text) <= set("|:- ")


def pipe_grids(doc: Doc) -> list[Grid]:
    """Markdown tables: lines that start with '|', the '|---|' separator line dropped."""
    grids = []
    for run in _line_runs(doc, lambda t: t.startswith("|") and t.count("|") >= 2):
        rows = [_split(ln, "|", True) for ln in run if not _is_pipe_rule(ln.text)]
        if len(rows) < 2:
            continue
        width = max(len(r) for r in rows)
        grids.append(Grid([[*r, *([None] * (width - len(r)))] for r in rows], "pipes"))
    return grids


# ---- grid -> header, caption ---------------------------------------------------------------


def _numeric(grid: Grid, r: int) -> bool:
    return any(cell_number(grid.text(r, c)) is not None for c in range(1, grid.width))


def _same_shape(a: str, b: str) -> bool:
    """'Mẫu 1.1' and 'Mẫu 1.2', '1. Đ/c …' and '2. Đ/c …': two rows of data, not a header and a row."""
    if not re.search(r"\d", a) or not re.search(r"\d", b):
        return False
    return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)


def header_rows(grid: Grid) -> int:
    """How many top rows name the columns.

    Row 0 does unless it holds numbers or starts with a sequence number. A following row goes on
    the header while the header still has unnamed columns (a cell merged across columns above)
    and the row names some of them without holding numbers."""
    if not grid.rows or _data_like(grid, 0):
        return 0
    n = 1
    while n < len(grid.rows):
        named = {c for r in range(n) for c in range(grid.width) if grid.text(r, c)}
        fills = {c for c in range(grid.width) if grid.text(n, c)}
        if _data_like(grid, n) or not (fills - named):
            break
        n += 1
    return n


def _data_like(grid: Grid, r: int) -> bool:
    """A row of data or a numbered group row ('1. Mẫu trình bày văn bản hành chính'), not a header."""
    first = grid.text(r, 0)
    label = match_label(first)
    nxt = grid.text(r + 1, 0) if r + 1 < len(grid.rows) else ""
    return (
        _numeric(grid, r)
        or _is_seq(first)
        or _same_shape(first, nxt)
        or (label is not None and label[0] not in ("dash", "plus", "star"))
    )


def column_names(grid: Grid) -> list[str]:
    """The lowest header cell of each column; 'Thời gian: 1/2 ngày …' names its column 'Thời gian'."""
    names = []
    for c in range(grid.width):
        name = ""
        for r in range(grid.header_rows):
            if grid.text(r, c):
                name = grid.text(r, c)
        m = re.match(r"^([^:]{2,40}):\s", name)
        names.append(m.group(1).strip() if m else name)
    return names


def caption_of(doc: Doc, grid: Grid) -> str | None:
    """The line that names the table: 'BẢNG GIAO CHỈ TIÊU …' a few lines above it."""
    start = grid.span[0]
    before = [ln for ln in doc.lines if ln.end <= start and ln.text.strip()][-4:]
    for ln in reversed(before):
        t = ln.text.strip().replace("\t", " ")
        if t.startswith("(") or doc.blocks[ln.block].kind == "cell":
            continue
        if _CAPTION_RE.match(t) or (t.isupper() and len(t) > 10):
            return t
    return None


# ---- grid -> totals, warnings ----------------------------------------------------------------


def _row_label(grid: Grid, r: int) -> str:
    for c in range(grid.width):
        t = grid.text(r, c)
        if t and cell_number(t) is None:
            return t
    return ""


def total_row(grid: Grid) -> int | None:
    """The last row labelled 'Tổng cộng', 'Tổng số', 'Cộng', ... below the header."""
    hits = [r for r in range(grid.header_rows, len(grid.rows)) if TOTAL_RE.match(_row_label(grid, r))]
    return hits[-1] if hits else None


def totals(grid: Grid) -> dict[str, float]:
    r = total_row(grid)
    if r is None:
        return {}
    out: dict[str, float] = {}
    for c in range(grid.width):
        v = cell_number(grid.text(r, c))
        if v is not None:
            out[grid.names[c] if c < len(grid.names) and grid.names[c] else f"cột {c + 1}"] = v
    return out


def check_totals(grid: Grid) -> list[str]:
    """Plain-words warnings for each total that differs from the sum of its column."""
    r = total_row(grid)
    if r is None:
        return []
    name = f"table '{grid.caption[:60]}'" if grid.caption else "a table"
    if grid.uncertain:
        seqs = ", ".join(grid.text(i, 0) for i in grid.uncertain)
        return [f"{name}: rows {seqs} have fewer cells than the table, so the totals were not checked against the column sums"]
    data = [i for i in range(grid.header_rows, len(grid.rows)) if i != r and not TOTAL_RE.match(_row_label(grid, i))]
    out = []
    for c in range(grid.width):
        total = cell_number(grid.text(r, c))
        if total is None:
            continue
        values = [cell_number(grid.text(i, c)) for i in data]
        if not any(v is not None for v in values):
            continue
        s = sum(v for v in values if v is not None)
        if abs(s - total) > 1e-6:
            col = grid.names[c] or f"column {c + 1}"
            out.append(
                f"{name}: the total of column '{col}' is {as_int_if_whole(total)} but its rows add up to {as_int_if_whole(round(s, 6))}"
            )
    return out


# ---- doc -> tables ---------------------------------------------------------------------------


def _is_layout(grid: Grid) -> bool:
    """The header table (issuer | Quốc hiệu) and the signature table (Nơi nhận | signer)."""
    return any(c is not None and (NATIONAL_RE.match(c.text) or _LAYOUT_RE.search(c.text)) for r in grid.rows for c in r)


def find_grids(doc: Doc) -> list[Grid]:
    """Every data table of `doc` in reading order, header and caption settled; found once per document
    (the timeline, its task spans and the tables all read them): callers must not change them."""
    return doc.memo("grids", _find_grids)


def _find_grids(doc: Doc) -> list[Grid]:
    grids = [g for g in cell_grids(doc) + tab_grids(doc) + pipe_grids(doc) if len(g.rows) >= 2 and g.width >= 2]
    grids = [g for g in grids if not _is_layout(g)]
    for g in grids:
        g.header_rows = header_rows(g)
        g.names = column_names(g)
        g.caption = caption_of(doc, g)
    return sorted(grids, key=lambda g: g.span[0])


def extract_tables(doc: Doc) -> list[Table]:
    out = []
    for g in find_grids(doc):
        t = total_row(g)
        body = [r for r in range(g.header_rows, len(g.rows)) if r != t]
        doc.warnings.extend(check_totals(g))
        out.append(
            Table(
                caption=g.caption,
                header=g.names if g.header_rows else [],
                rows=[[g.text(r, c) for c in range(g.width)] for r in body],
                totals=totals(g),
                span=g.span,
            )
        )
    return out
