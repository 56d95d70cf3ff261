"""Checks across levels: does a plan meet the targets of the document it implements?

Targets of the parent and of the child are lined up by metric (data/metrics.yaml), population
condition, unit and time (one parent target to one child target, best match first). Each pair is

- *weaker* (error): same metric and population, and the child commits to less (a lower rate, a
  later deadline);
- *different_scope* (warning): same metric, but the populations or units differ, so a person must
  judge (the parent counts enterprises with 25 or more workers, the child those with 10 or more);
- *stronger* / *meets_parent* (info): the child asks as much or more.

A parent target that no child target answers is *missing* (a warning; information only where the
target has no metric and so could not be matched with confidence), unless a plan of another body
has a target of a metric that feeds it: *feeds_parent* (info; data/metrics.yaml `served_by`: a
province's new members feed the national total of members). Counts are compared only
between plans of the same body: a province's 540 new members are its share of a national target,
not a shortfall against it (allocation tables settle shares, see allocation.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.catalogue.checks import vn
from vanban.catalogue.checks.model import Finding, make
from vanban.catalogue.checks.period import plan_period
from vanban.catalogue.checks.population import compare, population, qualifiers, same_subject, similarity
from vanban.extract.data import load
from vanban.extract.names import expand_abbreviations
from vanban.extract.normalise import fold
from vanban.schemas import DocumentRecord, Target


@dataclass(frozen=True)
class Side:
    """One document in a comparison: its record, catalogue id and how messages name it."""

    record: DocumentRecord
    doc_id: str | None = None

    @property
    def name(self) -> str:
        r = self.record
        return r.number or " ".join(x for x in (r.doc_type, r.issuer.name if r.issuer else None) if x) or "văn bản cấp trên"

    @property
    def plan_end(self) -> int | None:
        p = plan_period(self.record)
        return p.end if p else None

    def issuer_key(self) -> str:
        return fold(expand_abbreviations(self.record.issuer.name)) if self.record.issuer else ""


@cache
def metric_labels() -> dict[str, str]:
    return {m["key"]: m["label"] for m in load("metrics")["metrics"]}


@cache
def served_by() -> dict[str, frozenset[str]]:
    """Metric -> the metrics of a lower level's targets that feed it (a province's new members
    feed the national total of members)."""
    return {m["key"]: frozenset(m.get("served_by", [])) for m in load("metrics")["metrics"]}


@cache
def _unit_synonyms() -> dict[str, str]:
    return {fold(k): fold(v) for k, v in load("checks")["unit_synonyms"].items()}


def unit_key(t: Target) -> str:
    if t.unit == "%":
        return "%"
    u = " ".join(fold(expand_abbreviations(t.unit or "")).split())
    return _unit_synonyms().get(u, u)


def deadline(t: Target, side: Side) -> int | None:
    """The year a target is due: its own deadline, its period's end, else the plan's own end."""
    if t.deadline:
        return t.deadline
    if t.period and t.period.end:
        return t.period.end
    return side.plan_end


def metric_name(t: Target) -> str:
    return metric_labels().get(t.metric or "", "") or vn.short(t.subject, 60)


# ---- pairing ------------------------------------------------------------------------------------

_POPULATION_SCORE = {"same": 3.0, "wider": 1.5, "narrower": 1.5, "unstated": 0.5, "different": 0.0}


def pair_score(p: Target, c: Target, parent: Side, child: Side) -> float | None:
    """How well a child target answers a parent target; None when it cannot (another metric)."""
    if p.metric != c.metric:
        return None
    sim = similarity(p.subject, c.subject)
    if p.metric is None and (sim < 0.5 or unit_key(p) != unit_key(c)):
        return None
    s = 1.0 + _POPULATION_SCORE[compare(population(c.condition), population(p.condition))]
    s += 2.0 if unit_key(p) == unit_key(c) else 0.0
    s += 1.0 if p.frequency == c.frequency else 0.0
    s += 1.0 if deadline(p, parent) == deadline(c, child) else 0.0
    s += 2.0 * sim
    s += 0.5 if qualifiers(p.subject) == qualifiers(c.subject) else 0.0
    s += 0.5 if (p.value, p.value_max) == (c.value, c.value_max) else 0.0
    return s


def pair_targets(parent: Side, child: Side) -> tuple[list[tuple[int, int]], list[int]]:
    """(parent index, child index) pairs, best first, each target used once; and the parent targets
    left without a partner."""
    P, C = parent.record.targets, child.record.targets
    scored = []
    for i, p in enumerate(P):
        for j, c in enumerate(C):
            s = pair_score(p, c, parent, child)
            if s is not None:
                scored.append((-s, i, j))
    scored.sort()
    used_p: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for _s, i, j in scored:
        if i in used_p or j in used_c:
            continue
        used_p.add(i)
        used_c.add(j)
        pairs.append((i, j))
    return sorted(pairs), [i for i in range(len(P)) if i not in used_p]


# ---- one pair -----------------------------------------------------------------------------------


def _lower_is_better(t: Target) -> bool:
    return t.comparator in ("<=", "<")


def _comparable_values(p: Target, c: Target, parent: Side, child: Side) -> bool:
    """Rates compare across levels; counts only within one body and for the same frequency."""
    if p.unit == "%":
        return True
    return bool(parent.issuer_key()) and parent.issuer_key() == child.issuer_key() and p.frequency == c.frequency


def _value_order(p: Target, c: Target) -> int:
    """-1 when the child asks less than the parent, 1 when more, 0 when the same."""
    if _lower_is_better(p):
        pv, cv = p.value_max if p.value_max is not None else p.value, c.value_max if c.value_max is not None else c.value
        return 0 if cv == pv else (1 if cv < pv else -1)
    return 0 if c.value == p.value else (1 if c.value > p.value else -1)


def _population_detail(p: Target, c: Target, relation: str) -> str:
    any_ = vn.phrase("any_population")
    values = {"child": c.condition or any_, "parent": p.condition or any_}
    if relation in ("wider", "narrower"):
        return vn.phrase(relation, **values)
    if relation == "unstated":
        return vn.phrase("no_population", **values)
    if relation == "same":  # the subjects differ ('cán bộ chuyên trách' / 'cán bộ không chuyên trách')
        return vn.phrase("other_population", child=vn.short(c.subject, 60), parent=vn.short(p.subject, 60))
    return vn.phrase("other_population", **values)


def compare_pair(p: Target, c: Target, parent: Side, child: Side) -> list[Finding]:
    metric = metric_name(p)
    names: dict[str, Any] = {
        "metric": metric,
        "parent_number": parent.name,
        "parent": vn.describe(p, parent.plan_end),
        "child": vn.describe(c, child.plan_end),
    }
    evidence: dict[str, Any] = {
        "span": c.span,
        "quote": c.text,
        "parent_id": parent.doc_id,
        "parent_number": parent.record.number,
        "parent_span": p.span,
        "parent_quote": p.text,
        "metric": p.metric,
    }
    dp, dc = deadline(p, parent), deadline(c, child)
    later = dp is not None and dc is not None and dc > dp
    if unit_key(p) != unit_key(c):
        return [make("different_scope", "unit", names, **evidence)]
    relation = compare(population(c.condition), population(p.condition))
    same_people = relation == "same" and (c.condition is not None or same_subject(c.subject, p.subject))
    if not same_people:
        detail = _population_detail(p, c, relation)
        if p.unit == "%":
            rate = _value_order(p, c)
            key = "lower_rate" if rate < 0 else "higher_rate" if rate > 0 else "same_rate"
            detail += vn.phrase(key, child=vn.amount(c), parent=vn.amount(p))
        if later:
            detail += vn.phrase("later", child=dc, parent=dp)
        elif dp is not None and dp == dc:
            detail += vn.phrase("same_deadline", year=dp)
        scope = [make("different_scope", "population", {**names, "detail": detail}, **evidence)]
        if later:
            scope.append(make("weaker", "deadline_other_scope", names, severity="warning", **evidence))
        return scope
    order: int | None = _value_order(p, c) if _comparable_values(p, c, parent, child) else None
    out: list[Finding] = []
    if order is not None and order < 0:
        out.append(make("weaker", "value", names, **evidence))
    if later:
        out.append(make("weaker", "deadline", names, **evidence))
    if out:
        return out
    if order is not None and order > 0:
        return [make("stronger", "value", names, **evidence)]
    if dp is not None and dc is not None and dc < dp:
        return [make("stronger", "deadline", names, **evidence)]
    return [make("meets_parent", "equal" if order is not None else "count", names, **evidence)]


# ---- a plan against its parent ----------------------------------------------------------------


def missing(p: Target, parent: Side, child: Side) -> Finding:
    names = {"metric": metric_name(p), "parent_number": parent.name, "parent": vn.describe(p, parent.plan_end)}
    evidence: dict[str, Any] = {
        "parent_id": parent.doc_id,
        "parent_number": parent.record.number,
        "parent_span": p.span,
        "parent_quote": p.text,
        "metric": p.metric,
    }
    if p.metric is None:
        return make("missing", "unknown_metric", names, severity="info", **evidence)
    feeding = [c for c in child.record.targets if c.metric in served_by().get(p.metric, ())]
    if feeding and parent.issuer_key() != child.issuer_key():
        c = feeding[0]
        values = {**names, "child_metric": metric_name(c), "child": vn.describe(c, child.plan_end)}
        dp, dc = deadline(p, parent), deadline(c, child)
        if dp is not None and dc is not None and dc > dp:  # the share arrives after the total is due
            return make("weaker", "deadline", {**values, "metric": values["child_metric"]}, **evidence, span=c.span, quote=c.text)
        return make("feeds_parent", "count", values, **evidence, span=c.span, quote=c.text)
    others = [c for c in child.record.targets if c.metric == p.metric]
    if others:
        listed = "; ".join(vn.describe(c, child.plan_end) for c in others[:3]) + ("; …" if len(others) > 3 else "")
        return make("missing", "other", {**names, "others": listed}, **evidence)
    return make("missing", "none", names, **evidence)


def compare_targets(parent: Side, child: Side) -> list[Finding]:
    """Every finding about `child`'s targets against `parent`'s."""
    pairs, unmatched = pair_targets(parent, child)
    P, C = parent.record.targets, child.record.targets
    out = []
    for i, j in pairs:
        out += compare_pair(P[i], C[j], parent, child)
    out += [missing(P[i], parent, child) for i in unmatched]
    return out
