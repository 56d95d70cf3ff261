"""Checks inside one document: does the plan hold together?

- table_total: each total row equals the sum of its column (short rows of a text export placed by
  the totals where exactly one placement fits);
- text_table_total: a count stated in the text ('kết nạp được 540 đoàn viên (có biểu giao chỉ tiêu
  kèm theo)') equals the total of the table column that assigns the same thing;
- percent_range: a percentage lies in 0-100 (unless measured against a plan or a base);
- range_order: a range's ends are in order ('95 - 98%', 'giai đoạn 2021 - 2025');
- deadline_outside_period: each deadline falls inside the plan's own period;
- citation_after_document: no cited document is dated after the citing one.

Each check is a pure function of the record (and its table views) returning findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from vanban.catalogue.checks import vn
from vanban.catalogue.checks.model import Finding, make
from vanban.catalogue.checks.period import plan_period
from vanban.catalogue.checks.tableview import Cell, TableView, column_metric, summable, table_views
from vanban.extract.data import load
from vanban.extract.targets import PERIOD_RE
from vanban.schemas import DocumentRecord, Target

_I = re.IGNORECASE


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in load("checks")[key]) + r")(?!\w)", _I)


def _quote(record: DocumentRecord, span: tuple[int, int] | None) -> str | None:
    if not span:
        return None
    return " | ".join(p.strip() for p in re.split(r"[\t\n]", record.text[span[0] : span[1]]) if p.strip()) or None


def _row_span(cells: list[Cell | None] | None) -> tuple[int, int] | None:
    starts = [c.start for c in cells or [] if c is not None and c.start is not None]
    ends = [c.end for c in cells or [] if c is not None and c.end is not None]
    return (min(starts), max(ends)) if starts and ends else None


# ---- tables -----------------------------------------------------------------------------------


def _sum(view: TableView, c: int, rows: list[int]) -> float:
    return sum(v for r in rows if (v := _value(view, r, c)) is not None)


def _value(view: TableView, r: int, c: int) -> float | None:
    row = view.rows[r]
    cell = row[c] if c < len(row) else None
    return cell.value if cell is not None else None


def _row_sets(view: TableView) -> list[list[int]]:
    """The rows a total may add up: every row but sub-totals; where the table has group rows (I.,
    a)) above numbered rows, the group rows alone or the numbered rows alone."""
    rows = [r for r in range(len(view.rows)) if not view.is_subtotal(r)]
    groups = [r for r in rows if view.is_group(r)]
    if groups and len(groups) < len(rows):
        return [rows, groups, [r for r in rows if r not in groups]]
    return [rows]


def check_table(record: DocumentRecord, view: TableView) -> list[Finding]:
    if view.total is None:
        return []
    span = _row_span(view.total) or view.span
    quote = _quote(record, span)
    table = view.label()
    evidence: dict[str, Any] = {"span": span, "quote": quote}
    if view.placement is not None:
        short = view.placed or view.uncertain
        rows = ", ".join(view.text(r, 0) or str(r + 1) for r in short)
        placed = view.placement
        if not placed.columns:
            return []
        values = "; ".join(f"“{view.name(c)}” = {vn.number(view.total_value(c) or 0)}" for c in placed.columns)
        if placed.too_many:
            return [make("table_total", "too_many", {"table": table, "rows": rows}, severity="info", **evidence)]
        if placed.solutions == 0:
            return [make("table_total", "placement_none", {"table": table, "rows": rows, "columns": values}, **evidence)]
        if placed.solutions > 1:
            return [make("table_total", "consistent_ambiguous", {"table": table, "rows": rows, "count": "nhiều", "values": values},
                         severity="info", **evidence)]  # fmt: skip
        return [
            make("table_total", "consistent_placed", {"table": table, "n": len(placed.columns), "values": values, "rows": rows},
                 severity="info", **evidence)
        ]  # fmt: skip
    out: list[Finding] = []
    ok: list[int] = []
    for c in range(view.width):
        if not summable(view, c):
            continue
        total = view.total_value(c) or 0.0
        sums = [_sum(view, c, rows) for rows in _row_sets(view)]
        if any(abs(s - total) < 1e-6 for s in sums):
            ok.append(c)
            continue
        cell = view.total[c] if c < len(view.total) else None
        cell_span = (cell.start, cell.end) if cell is not None and cell.start is not None else span
        out.append(
            make("table_total", "mismatch", {"table": table, "total": vn.number(total), "column": view.name(c), "sum": vn.number(sums[0])},
                 span=cell_span, quote=quote)
        )  # fmt: skip
    if ok and not out:
        values = "; ".join(f"“{view.name(c)}” = {vn.number(view.total_value(c) or 0)}" for c in ok)
        out.append(
            make("table_total", "consistent", {"table": table, "n": len(ok), "values": values}, severity="info", **evidence)
        )
    return out


def check_tables(record: DocumentRecord, views: list[TableView]) -> list[Finding]:
    return [f for v in views for f in check_table(record, v)]


# ---- a count in the text against the table ------------------------------------------------------


def _columns_for(target: Target, views: list[TableView]) -> list[tuple[TableView, int]]:
    return [
        (v, c)
        for v in views
        for c in range(v.width)
        if v.total is not None and not v.uncertain and summable(v, c) and column_metric(v.name(c)) == target.metric
    ]


def check_text_totals(record: DocumentRecord, views: list[TableView]) -> list[Finding]:
    """A count target whose metric a table column assigns must equal that column's total. Where the
    sentence points at the table ('có biểu giao chỉ tiêu kèm theo') a difference is an error, else a
    warning (the two numbers may count different things)."""
    out = []
    for t in record.targets:
        if t.unit == "%" or t.metric is None or t.value_max is not None or t.frequency is not None:
            continue
        cols = _columns_for(t, views)
        if not cols:
            continue
        referenced = bool(_pattern("table_reference").search(t.text))
        stated = f"{vn.number(t.value)} {t.unit}"
        evidence: dict[str, Any] = {"span": t.span, "quote": t.text, "metric": t.metric}
        match = next(((v, c) for v, c in cols if abs((v.total_value(c) or 0) - t.value) < 1e-6), None)
        if match:
            v, c = match
            values = {"stated": stated, "column": v.name(c), "table": v.label(), "total": vn.number(v.total_value(c) or 0)}
            out.append(make("text_table_total", "consistent", values, severity="info", **evidence))
        elif len(cols) == 1 or referenced:
            v, c = cols[0]
            values = {"stated": stated, "column": v.name(c), "table": v.label(), "total": vn.number(v.total_value(c) or 0)}
            if referenced:
                out.append(make("text_table_total", "mismatch", values, **evidence))
            else:
                out.append(make("text_table_total", "mismatch_unreferenced", values, severity="warning", **evidence))
    return out


# ---- numbers in range ---------------------------------------------------------------------------


def check_percentages(record: DocumentRecord) -> list[Finding]:
    out = []
    for t in record.targets:
        if t.unit != "%":
            continue
        high = max(t.value, t.value_max or 0)
        if high > 100 and not _pattern("relative_percent").search(t.text):
            out.append(make("percent_range", "above", {"value": vn.number(high)}, span=t.span, quote=t.text, metric=t.metric))
    return out


def check_ranges(record: DocumentRecord) -> list[Finding]:
    out = []
    for t in record.targets:
        if t.value_max is not None and t.value_max < t.value:
            unit = "%" if t.unit == "%" else f" {t.unit}"
            values = {
                "text": f"{vn.number(t.value)} - {vn.number(t.value_max)}{unit}",
                "low": vn.number(t.value),
                "high": vn.number(t.value_max),
            }
            out.append(make("range_order", "target", values, span=t.span, quote=t.text, metric=t.metric))
    if not has_backward_years(record.text):  # PERIOD_RE's scan is slow; without a backward pair it finds nothing to report
        return out
    for m in PERIOD_RE.finditer(record.text):
        a, b = int(m.group("start")), int(m.group("end"))
        if a > b:
            span = (m.start(), m.end())
            out.append(make("range_order", "period", {"text": " ".join(m.group(0).split()), "low": a, "high": b},
                            span=span, quote=_sentence(record.text, span)))  # fmt: skip
    return out


# The year pair of PERIOD_RE ('2025-2021', '2023 đến năm 2020') wherever it starts: the first year is matched, the
# rest is looked ahead at, so consecutive pairs sharing a year are all found; digits first, so the scan skips to
# the next 1 or 2 at C speed. Every PERIOD_RE match holds such a pair (its start year follows a space), so a text
# without a backward pair has no backward period.
YEAR_PAIR_RE = re.compile(
    r"""
    (?P<start>(?:19|20)\d\d)                          # 2025
    (?=[ ]*(?:-|–|đến|tới)[ ]*(?:năm[ ]+)?          # -, –, đến, tới, then năm or not
       (?P<end>(?:19|20)\d\d))                       # 2021
    """,
    re.VERBOSE | _I,
)


def has_backward_years(text: str) -> bool:
    """True when a year pair in `text` ends before it starts ('2025-2021')."""
    return any(int(m.group("start")) > int(m.group("end")) for m in YEAR_PAIR_RE.finditer(text))


def _sentence(text: str, span: tuple[int, int]) -> str:
    a = max(text.rfind("\n", 0, span[0]), text.rfind(". ", 0, span[0]) + 1, 0)
    b = min(x for x in (text.find("\n", span[1]), text.find(". ", span[1]), len(text)) if x >= 0)
    return " ".join(text[a:b].split()).lstrip(". ")


# ---- time ---------------------------------------------------------------------------------------


def check_deadlines(record: DocumentRecord) -> list[Finding]:
    """Target deadlines and dated tasks inside the plan's own period (a warning: a plan may look
    further ahead on purpose, 'định hướng đến năm 2030')."""
    period = plan_period(record)
    if period is None:
        return []
    out = []
    items: list[tuple[int, tuple[int, int] | None, str, str | None]] = []
    for t in record.targets:
        if t.deadline:
            items.append((t.deadline, t.span, t.text, t.metric))
    for task in record.timeline:
        years = {int(d[:4]) for d in (task.start, task.end) if d and d[:4].isdigit()} | ({task.year} if task.year else set())
        for y in sorted(years):
            items.append((y, task.span, task.text, None))
    seen = set()
    for year, span, text, metric in items:
        variant = "after" if year > period.end else "before" if year < period.start else None
        if variant is None or (year, span) in seen:
            continue
        seen.add((year, span))
        values = {"year": year, "period": period.text(), "source": period.source}
        out.append(make("deadline_outside_period", variant, values, span=span, quote=" ".join(text.split()), metric=metric))
    return out


def check_citation_dates(record: DocumentRecord) -> list[Finding]:
    if not record.date:
        return []
    out = []
    for c in record.citations:
        if c.date and c.date > record.date:
            cited = " ".join(x for x in (c.doc_type, c.number) if x) or c.text
            values = {"date": vn.date(record.date), "cited": cited, "cited_date": vn.date(c.date)}
            out.append(make("citation_after_document", "written", values, span=c.span, quote=c.text))
    return out


# ---- all --------------------------------------------------------------------------------------------

CHECKS: list[tuple[str, Callable[[DocumentRecord, list[TableView]], list[Finding]]]] = [
    ("table_total", check_tables),
    ("text_table_total", check_text_totals),
    ("percent_range", lambda r, _v: check_percentages(r)),
    ("range_order", lambda r, _v: check_ranges(r)),
    ("deadline_outside_period", lambda r, _v: check_deadlines(r)),
    ("citation_after_document", lambda r, _v: check_citation_dates(r)),
]


def check_internal(record: DocumentRecord, views: list[TableView] | None = None) -> list[Finding]:
    """Every check inside one document. A check that crashes on odd input gives a check_failed
    finding instead of stopping the others."""
    views = table_views(record) if views is None else views
    out: list[Finding] = []
    for name, check in CHECKS:
        try:
            out += check(record, views)
        except Exception as e:  # noqa: BLE001  (reported as a finding, never silent)
            out.append(make("check_failed", "crashed", {"rule": name, "error": f"{e.__class__.__name__}: {e}"}))
    return out
