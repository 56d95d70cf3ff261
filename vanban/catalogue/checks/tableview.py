"""The tables of a stored record, cell by cell with offsets, ready for the checks.

A table read from text (tab or pipe separated) is rebuilt from the record's text with the
extractor's own grid finder (vanban.extract.tables), matched by its span, so every cell keeps its
offsets and the rows the text export left short (empty cells dropped: 'uncertain') are known. A
Word table is taken from the record's rows, its cells located in the text in reading order.

`place_uncertain` settles short rows where the totals allow exactly one placement of their cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations, product

from vanban.catalogue.checks.vn import number as vn_number
from vanban.extract.data import load
from vanban.extract.document import Doc
from vanban.extract.numerals import as_int_if_whole
from vanban.extract.tables import TOTAL_RE, Grid, cell_number, find_grids, total_row
from vanban.schemas import Block, DocumentRecord, Table

_SEQ_RE = re.compile(r"\d{1,3}[.)]?|[IVX]{1,5}[.)]?|[a-zđ][.)]")  # 1, 2., IV, a)
_GROUP_SEQ_RE = re.compile(r"[IVX]{1,5}[.)]?|[A-Za-zđ][.)]")  # I., a): a group row above numbered rows
MAX_PLACEMENTS = 200_000


@dataclass
class Cell:
    text: str
    start: int | None
    end: int | None

    @property
    def value(self) -> float | None:
        return cell_number(self.text)


@dataclass
class Placement:
    solutions: int  # 0, 1 or 2 (= several)
    too_many: bool = False
    columns: list[int] = field(default_factory=list)  # the summed columns


@dataclass
class TableView:
    index: int  # position in record.tables
    caption: str | None
    names: list[str]
    rows: list[list[Cell | None]]  # body rows, header and total row left out
    total: list[Cell | None] | None  # the total row, cell by cell
    span: tuple[int, int] | None
    uncertain: list[int] = field(default_factory=list)  # rows (indices into rows) short of cells
    placed: list[int] = field(default_factory=list)  # short rows settled by the totals
    placement: Placement | None = None  # how the short rows were settled, where there were any

    @property
    def width(self) -> int:
        return max([len(self.names), *(len(r) for r in self.rows), len(self.total or [])])

    def text(self, r: int, c: int) -> str:
        row = self.rows[r]
        cell = row[c] if c < len(row) else None
        return cell.text if cell else ""

    def label(self, number: int | None = None) -> str:
        from vanban.catalogue.checks.vn import phrase

        return f"“{self.caption}”" if self.caption else phrase("table_number", n=(number or self.index + 1))

    def name(self, c: int) -> str:
        return self.names[c] if c < len(self.names) and self.names[c] else f"cột {c + 1}"

    def row_label(self, r: int) -> str:
        """The first cell of a row that is not a number: the unit a row is about ('LĐLĐ huyện Sìn Hồ')."""
        for c in range(self.width):
            t = self.text(r, c)
            if t and cell_number(t) is None and not _SEQ_RE.fullmatch(t):
                return t
        return ""

    def is_subtotal(self, r: int) -> bool:
        return bool(TOTAL_RE.match(self.row_label(r)))

    def is_group(self, r: int) -> bool:
        return bool(_GROUP_SEQ_RE.fullmatch(self.text(r, 0)))

    def total_value(self, c: int) -> float | None:
        cell = self.total[c] if self.total and c < len(self.total) else None
        return cell.value if cell is not None else None

    def row_span(self, r: int) -> tuple[int, int] | None:
        starts = [c.start for c in self.rows[r] if c is not None and c.start is not None]
        ends = [c.end for c in self.rows[r] if c is not None and c.end is not None]
        return (min(starts), max(ends)) if starts and ends else self.span


@cache
def words() -> dict[str, re.Pattern[str]]:
    t = load("checks")["tables"]
    return {k: re.compile("|".join(f"(?:{p})" for p in t[k]), re.IGNORECASE) for k in ("not_summed", "stock", "assigns")}


@cache
def column_metric_patterns() -> list[tuple[str, re.Pattern[str]]]:
    t = load("checks")["tables"]["column_metrics"]
    return [(k, re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)) for k, pats in t.items()]


def summable(view: TableView, c: int) -> bool:
    """A column whose total row holds a number that should be the sum of the rows above it."""
    if view.total_value(c) is None or words()["not_summed"].search(view.name(c)):
        return False
    cells = [row[c] for row in view.rows if c < len(row)]
    return any(cell is not None and cell.value is not None for cell in cells)


def column_metric(header: str) -> str | None:
    """The metric a column assigns ('Số đoàn viên giao tăng thêm' -> new_members), or None for a
    column that counts what exists ('Số đoàn viên hiện có')."""
    if words()["stock"].search(header):
        return None
    for key, pat in column_metric_patterns():
        if pat.search(header):
            return key
    return None


def assigns(header: str) -> bool:
    return bool(words()["assigns"].search(header)) and not words()["stock"].search(header)


# ---- record -> views --------------------------------------------------------------------------


def _text_doc(record: DocumentRecord) -> Doc:
    return Doc(record.source, [Block(text=record.text)], record.text, [0])


def _from_grid(i: int, t: Table, g: Grid) -> TableView:
    tr = total_row(g)
    body = [r for r in range(g.header_rows, len(g.rows)) if r != tr]

    def cells(r: int) -> list[Cell | None]:
        return [Cell(c.text, c.start, c.end) if c is not None else None for c in g.rows[r]]

    return TableView(
        index=i,
        caption=t.caption,
        names=list(g.names),
        rows=[cells(r) for r in body],
        total=cells(tr) if tr is not None else None,
        span=g.span,
        uncertain=[body.index(r) for r in g.uncertain if r in body],
    )


def _locate(text: str, cells: list[str], pos: int, end: int) -> tuple[list[Cell | None], int]:
    out: list[Cell | None] = []
    for c in cells:
        if not c:
            out.append(None)
            continue
        k = text.find(c, pos, end)
        if k < 0:
            out.append(Cell(c, None, None))
            continue
        out.append(Cell(c, k, k + len(c)))
        pos = k + len(c)
    return out, pos


def _from_record(i: int, t: Table, text: str) -> TableView:
    """A Word table: cells found in the text in reading order; the total row rebuilt from `totals`."""
    start, end = t.span or (0, len(text))
    pos = start
    for h in t.header:
        k = text.find(h, pos, end) if h else -1
        pos = k + len(h) if k >= 0 else pos
    rows = []
    for r in t.rows:
        cells, pos = _locate(text, r, pos, end)
        rows.append(cells)
    width = max([len(t.header), *(len(r) for r in t.rows)], default=0)
    total: list[Cell | None] | None = None
    if t.totals:
        total = [None] * width
        for key, value in t.totals.items():
            m = re.fullmatch(r"cột (\d+)", key)
            c = int(m.group(1)) - 1 if m else (t.header.index(key) if key in t.header else None)
            if c is not None and c < width:
                written = next((w for w in (vn_number(value), str(as_int_if_whole(value))) if text.find(w, pos, end) >= 0), None)
                k = text.find(written, pos, end) if written else -1
                total[c] = Cell(
                    written or vn_number(value), k if k >= 0 else None, k + len(written) if written and k >= 0 else None
                )
    return TableView(i, t.caption, list(t.header), rows, total, t.span)


def table_views(record: DocumentRecord) -> list[TableView]:
    """Every table of the record as a view, short rows placed where the totals settle them."""
    if not record.tables:
        return []
    grids = {g.span: g for g in find_grids(_text_doc(record))}
    out = []
    for i, t in enumerate(record.tables):
        g = grids.get((t.span[0], t.span[1])) if t.span else None
        view = _from_grid(i, t, g) if g is not None else _from_record(i, t, record.text)
        if view.uncertain:
            view.placement = place_uncertain(view)
        out.append(view)
    return out


# ---- short rows -------------------------------------------------------------------------------


def _column_kinds(view: TableView) -> list[str]:
    """'num', 'text' or 'any' per column, from the rows that are not short."""
    kinds = []
    for c in range(view.width):
        vals = [view.text(r, c) for r in range(len(view.rows)) if r not in view.uncertain and view.text(r, c)]
        nums = sum(1 for v in vals if cell_number(v) is not None)
        kinds.append("any" if not vals else "num" if nums * 2 > len(vals) else "text")
    return kinds


def _placements(cells: list[Cell], width: int, kinds: list[str]) -> list[tuple[int, ...]]:
    """Order-keeping placements of a short row's cells in `width` columns: a sequence number stays in
    the first column, a number goes to a numeric column, text to a text column."""
    out = []
    for cols in combinations(range(width), len(cells)):
        ok = True
        for k, (cell, c) in enumerate(zip(cells, cols, strict=True)):
            if k == 0 and _SEQ_RE.fullmatch(cell.text.strip()) and c != 0:
                ok = False
            elif cell.value is None and kinds[c] == "num":
                ok = False
            elif cell.value is not None and kinds[c] == "text" and not (k == 0 and c == 0):
                ok = False
            if not ok:
                break
        if ok:
            out.append(cols)
    return out


def place_uncertain(view: TableView) -> Placement:
    """Try every placement of the short rows' cells; where exactly one makes every summed column
    add up to its total, rewrite those rows so (later checks read them in their columns)."""
    cols = [c for c in range(view.width) if summable(view, c)]
    if not view.uncertain or not cols:
        return Placement(0, columns=cols)
    kinds = _column_kinds(view)
    short = {r: [c for c in view.rows[r] if c is not None] for r in view.uncertain}
    options = {r: _placements(short[r], view.width, kinds) for r in view.uncertain}
    count = 1
    for opts in options.values():
        count *= max(1, len(opts))
    if count > MAX_PLACEMENTS:
        return Placement(0, too_many=True, columns=cols)
    fixed = [0.0] * view.width
    for r in range(len(view.rows)):
        if r in view.uncertain or view.is_subtotal(r):
            continue
        for c in cols:
            cell = view.rows[r][c] if c < len(view.rows[r]) else None
            fixed[c] += (cell.value or 0.0) if cell is not None else 0.0
    need = {c: (view.total_value(c) or 0.0) - fixed[c] for c in cols}
    rows = list(options)
    found: list[tuple[tuple[int, ...], ...]] = []
    for combo in product(*(options[r] for r in rows)):
        sums = dict.fromkeys(cols, 0.0)
        for r, placement in zip(rows, combo, strict=True):
            for cell, c in zip(short[r], placement, strict=True):
                if c in sums and cell.value is not None:
                    sums[c] += cell.value
        if all(abs(sums[c] - need[c]) < 1e-6 for c in cols):
            found.append(combo)
            if len(found) > 1:
                break
    if len(found) == 1:
        for r, placement in zip(rows, found[0], strict=True):
            new: list[Cell | None] = [None] * view.width
            for cell, c in zip(short[r], placement, strict=True):
                new[c] = cell
            view.rows[r] = new
        view.placed = list(view.uncertain)
        view.uncertain = []
    return Placement(len(found), columns=cols)
