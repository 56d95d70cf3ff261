"""Allocation: a parent's table assigns a target to each unit below it; the unit's own plan must
reach its share.

A parent table allocates when a column assigns something ('Số đoàn viên giao tăng thêm', 'Số CĐCS
giao thành lập': data/checks.yaml `tables`) and each row names a unit ('LĐLĐ huyện Tam Đường').
The child's issuer is matched to a row by name, abbreviations expanded, the parent's own place
allowed as the missing part ('LĐLĐ Thành phố' in a Lai Châu table is the Liên đoàn Lao động thành
phố Lai Châu). The child's commitment for the column's metric is its largest count target or
table total of that metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.catalogue.checks import vn
from vanban.catalogue.checks.align import Side, metric_labels
from vanban.catalogue.checks.model import Finding, make
from vanban.catalogue.checks.tableview import TableView, assigns, column_metric, summable, table_views
from vanban.extract.data import load
from vanban.extract.names import expand_abbreviations
from vanban.extract.normalise import fold
from vanban.extract.targets import PERIOD_RE


@dataclass(frozen=True)
class Allotment:
    unit: str  # the row's label as written
    column: str
    metric: str
    value: float
    span: tuple[int, int] | None  # the row
    quote: str
    years: int | None  # how many years the column covers ('giai đoạn 2021-2023' -> 3)


@cache
def _body_words() -> list[str]:
    return sorted((fold(w) for w in load("checks")["body_words"]), key=len, reverse=True)


def _name(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(expand_abbreviations(text))))


def distinct_words(name: str) -> set[str]:
    """What is left of a body's name without its generic words: the place or branch it names."""
    t = f" {_name(name)} "
    for w in _body_words():
        t = t.replace(f" {w} ", " ")
    return set(t.split())


def unit_matches(label: str, issuer: str, parent_issuer: str | None) -> bool:
    """Whether a table row's `label` names the body `issuer`, read in the parent's context."""
    lab, iss = _name(label), _name(issuer)
    if not lab or not iss:
        return False
    if lab == iss:
        return True
    home = set(_name(parent_issuer or "").split())
    if f" {lab} " in f" {iss} ":
        rest = set(f" {iss} ".replace(f" {lab} ", " ").split())
        if rest <= home:
            return True
    own = distinct_words(label)
    return bool(own) and own == distinct_words(issuer) - home


def _quote(view: TableView, r: int) -> str:
    return " | ".join(c.text for c in view.rows[r] if c is not None)


def allotments(views: list[TableView]) -> list[Allotment]:
    out = []
    for v in views:
        if v.uncertain:  # short rows not settled by the totals: their cells' columns are unknown
            continue
        cols = [(c, column_metric(v.name(c))) for c in range(v.width) if assigns(v.name(c))]
        for r in range(len(v.rows)):
            label = v.row_label(r)
            if not label or v.is_subtotal(r):
                continue
            for c, metric in cols:
                cell = v.rows[r][c] if c < len(v.rows[r]) else None
                if metric is None or cell is None or cell.value is None:
                    continue
                m = PERIOD_RE.search(v.name(c))
                years = int(m.group("end")) - int(m.group("start")) + 1 if m else None
                out.append(Allotment(label, v.name(c), metric, cell.value, v.row_span(r), _quote(v, r), years))
    return out


Commitment = tuple[float, str, tuple[int, int] | None, str, bool]


def commitments(child: Side, metric: str) -> list[Commitment]:
    """(value, description, span, quote, annual) of each count the child commits to for `metric`."""
    out: list[Commitment] = []
    for t in child.record.targets:
        if t.metric == metric and t.unit != "%":
            out.append((t.value, vn.describe(t, child.plan_end), t.span, t.text, t.frequency == "annual"))
    for v in table_views(child.record):
        for c in range(v.width):
            if column_metric(v.name(c)) == metric and summable(v, c):
                total = v.total_value(c) or 0.0
                cell = v.total[c] if v.total and c < len(v.total) else None
                span = (cell.start, cell.end) if cell is not None and cell.start is not None and cell.end is not None else v.span
                out.append((total, f"{vn.number(total)} (dòng tổng cột “{v.name(c)}”)", span, v.name(c), False))
    return out


def check_allocation(parent: Side, child: Side) -> list[Finding]:
    issuer = child.record.issuer.name if child.record.issuer else None
    if not issuer:
        return []
    parent_issuer = parent.record.issuer.name if parent.record.issuer else None
    out = []
    for a in allotments(table_views(parent.record)):
        if not unit_matches(a.unit, issuer, parent_issuer):
            continue
        names: dict[str, Any] = {
            "parent_number": parent.name,
            "unit": a.unit,
            "allocated": vn.number(a.value),
            "column": a.column,
            "metric": metric_labels().get(a.metric, a.metric),
        }
        evidence: dict[str, Any] = {
            "parent_id": parent.doc_id,
            "parent_number": parent.record.number,
            "parent_span": a.span,
            "parent_quote": a.quote,
            "metric": a.metric,
        }
        found = commitments(child, a.metric)
        if not found:
            out.append(make("allocation", "absent", names, severity="warning", **evidence))
            continue
        same_period = [f for f in found if not (f[4] and (a.years or 1) > 1)]
        if not same_period:
            value, desc, span, quote, _annual = found[0]
            out.append(
                make(
                    "allocation", "other_period", {**names, "child": desc}, severity="warning", span=span, quote=quote, **evidence
                )
            )
            continue
        value, desc, span, quote, _annual = max(same_period, key=lambda f: f[0])
        variant, severity = ("reached", "info") if value >= a.value else ("below", None)
        out.append(make("allocation", variant, {**names, "child": desc}, severity=severity, span=span, quote=quote, **evidence))
    return out
