"""Mutation tests for the compliance checks: variants of real corpus documents, each made to break
one rule, must be caught by that rule; the unmodified corpus must give no false error.

Every variant is a document text run through the whole pipeline (extraction, catalogue, checks):
- inside one document: a table cell changed (table_total), the count the text states changed
  (text_table_total), a percentage pushed above 100 (percent_range), a range turned round
  (range_order), a deadline moved past the plan's own period (deadline_outside_period), a cited
  document's date moved after the citing one (citation_after_document);
- across levels: the real pair 277/KH-LĐLĐ -> 135/KH-TLĐ, and for every plan with targets a
  child that copies it and cites it as its basis; in the child a percentage lowered below the
  parent's (weaker), a deadline moved past the parent's (weaker), a target deleted (missing); and
  district plans under the allocation table of 277/KH-LĐLĐ, at and below their allocation.

Operators apply wherever they can; each is capped at a few variants per document (spread over the
document) to keep the run short, and each rule must have been exercised a minimum number of times.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

from vanban import extract_file, extract_text
from vanban.catalogue import open_db
from vanban.catalogue.checks import check_internal, refresh, stored
from vanban.catalogue.checks import store as _findings_store  # noqa: F401  (registers the findings writer)
from vanban.catalogue.checks.align import Side, compare_targets
from vanban.catalogue.checks.allocation import allotments
from vanban.catalogue.checks.internal import _pattern, check_text_totals
from vanban.catalogue.checks.period import plan_period
from vanban.catalogue.checks.population import population
from vanban.catalogue.checks.tableview import summable, table_views
from vanban.catalogue.checks.vn import date as vn_date
from vanban.catalogue.checks.vn import number as vn_number
from vanban.catalogue.ingest import _SKIP_NAMES, SUPPORTED, extractor_version
from vanban.catalogue.store import store_record
from vanban.errors import UnreadableDocument
from vanban.extract.names import expand_abbreviations
from vanban.extract.patterns import DATE_RE, match_date
from vanban.extract.targets import DEADLINE_RE
from vanban.schemas import DocumentRecord

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_001 = CORPUS / "seeds" / "001_90e93914de0aefd7.txt"
PARENT_135 = CORPUS / "parents" / "135-KH-TLD-2021.txt"
# Variants per operator and document, spread over the document: 2 in `make test`, more (or every
# variant, with 0) when VANBAN_MUTATION_CAP says so. The results of a full run are in docs/checks.md.
CAP = int(os.environ.get("VANBAN_MUTATION_CAP", "2")) or 1_000_000

# Errors the checks report on the unmodified corpus that are true (path -> [(rule, reason)]).
# None so far: every table total, stated count, percentage, range and citation date of the corpus
# is consistent, and the one cross-level pair (277/KH-LĐLĐ under 135/KH-TLĐ) differs in scope only.
TRUE_ERRORS: dict[str, list[tuple[str, str]]] = {}


# ---- the corpus, extracted once (cached across runs by file hash and extractor version) ---------


def _files() -> list[Path]:
    return [
        p
        for p in sorted(CORPUS.rglob("*"))
        if p.is_file() and p.suffix.lower() in SUPPORTED and p.name.lower() not in _SKIP_NAMES and not p.name.startswith(".")
    ]


def _cached(pytestconfig, material: bytes, make):  # type: ignore[no-untyped-def]
    """`make()`, a record or None, kept in pytest's cache under the hash of `material` and the
    extractor version (any change to extraction code or data makes a new entry)."""
    import hashlib

    key = f"vanban/checks-records/{hashlib.sha256(material).hexdigest()[:24]}-{extractor_version()}"
    cached = pytestconfig.cache.get(key, None)
    if cached is not None:
        return DocumentRecord.model_validate(cached) if cached else None
    rec = make()
    pytestconfig.cache.set(key, rec.model_dump(mode="json") if rec else {})
    return rec


@pytest.fixture(scope="module")
def corpus(pytestconfig) -> dict[str, DocumentRecord]:
    """path -> record of every readable corpus file (scans without a text layer are left out)."""

    def one(p: Path) -> tuple[str, DocumentRecord | None]:
        def read() -> DocumentRecord | None:
            try:
                return extract_file(p)
            except UnreadableDocument:
                return None

        return str(p.relative_to(ROOT)), _cached(pytestconfig, p.read_bytes(), read)

    with ThreadPoolExecutor(4) as pool:
        pairs = list(pool.map(one, _files()))
    return {k: v for k, v in pairs if v is not None}


# ---- variants -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    name: str
    text: str
    rule: str
    severity: str | tuple[str, ...]  # the severity expected, or those allowed

    def caught_by(self, rule: str, severity: str) -> bool:
        return rule == self.rule and severity in ((self.severity,) if isinstance(self.severity, str) else self.severity)


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _spread(items: list[Variant], cap: int = CAP) -> list[Variant]:
    if len(items) <= cap:
        return items
    step = len(items) / cap
    return [items[int(i * step)] for i in range(cap)]


def _number_at(text: str, start: int, end: int, value: float, after: str = "") -> re.Match[str] | None:
    """The single occurrence of `value` written the Vietnamese way in text[start:end] (followed by
    `after`), or None when there is none or more than one."""
    pat = re.compile(rf"(?<![\d.,]){re.escape(vn_number(value))}(?![\d]|[.,]\d)(?={after})")
    hits = list(pat.finditer(text, start, end))
    return hits[0] if len(hits) == 1 else None


def table_cell_variants(rec: DocumentRecord) -> list[Variant]:
    out = []
    for v in table_views(rec):
        for c in range(v.width):
            if not summable(v, c):
                continue
            for r in range(len(v.rows)):
                cell = v.rows[r][c] if c < len(v.rows[r]) else None
            rows = [
                r
                for r in range(len(v.rows))
                if not v.is_subtotal(r) and c < len(v.rows[r]) and (cell := v.rows[r][c]) is not None and cell.value is not None
            ]
            for r in rows[:1] + rows[-1:]:  # the first row and the last (in seed 001 a row the text export may leave short)
                cell = v.rows[r][c]
                assert cell is not None and cell.value is not None and cell.start is not None and cell.end is not None
                text = _replace(rec.text, cell.start, cell.end, vn_number(cell.value + 7))
                out.append(Variant(f"table {v.index} column {c} row {r} +7", text, "table_total", "error"))
    return out


def text_total_variants(rec: DocumentRecord) -> list[Variant]:
    out = []
    for f in check_text_totals(rec, table_views(rec)):
        t = next(t for t in rec.targets if t.span == f.span)
        m = _number_at(rec.text, *t.span, t.value, r"\s")
        if f.variant == "consistent" and m:
            text = _replace(rec.text, m.start(), m.end(), vn_number(t.value + 10))
            out.append(Variant(f"stated {vn_number(t.value)} +10", text, "text_table_total", "error"))
    return out


def percent_variants(rec: DocumentRecord) -> list[Variant]:
    out = []
    for t in rec.targets:
        if t.unit != "%" or _pattern("relative_percent").search(t.text):
            continue
        high = t.value_max if t.value_max is not None else t.value
        m = _number_at(rec.text, *t.span, high, r"\s*%")
        if m:
            text = _replace(rec.text, m.start(), m.end(), vn_number(high + 100))
            out.append(Variant(f"{vn_number(high)}% -> {vn_number(high + 100)}%", text, "percent_range", "error"))
    return out


def range_variants(rec: DocumentRecord) -> list[Variant]:
    out = []
    for t in rec.targets:
        if t.value_max is not None:
            a, b = re.escape(vn_number(t.value)), re.escape(vn_number(t.value_max))
            hits = list(re.finditer(rf"(?<![\d.,])({a})(\s*%?\s*(?:-|–|đến|tới)\s*)({b})(?![\d]|[.,]\d)", rec.text[: t.span[1]]))
            hits = [h for h in hits if h.start() >= t.span[0]]
            if len(hits) == 1:
                h = hits[0]
                text = _replace(rec.text, h.start(), h.end(), h.group(3) + h.group(2) + h.group(1))
                out.append(Variant(f"range {h.group(0)!r} turned round", text, "range_order", "error"))
        elif t.unit == "%" and t.value >= 10:
            m = _number_at(rec.text, *t.span, t.value, r"\s*%")
            if m:
                text = _replace(rec.text, m.start(), m.end(), f"{vn_number(t.value)} - {vn_number(t.value - 5)}")
                out.append(
                    Variant(
                        f"{vn_number(t.value)}% -> {vn_number(t.value)} - {vn_number(t.value - 5)}%", text, "range_order", "error"
                    )
                )
    return out


def _deadline_year(rec: DocumentRecord, t_span: tuple[int, int], year: int) -> re.Match[str] | None:
    for m in DEADLINE_RE.finditer(rec.text, *t_span):
        g = "year" if m.group("year") else "dyear"
        if int(m.group(g)) == year:
            return m
    return None


def deadline_variants(rec: DocumentRecord) -> list[Variant]:
    period = plan_period(rec)
    if period is None:
        return []
    out = []
    for t in rec.targets:
        m = _deadline_year(rec, t.span, t.deadline) if t.deadline else None
        if m:
            g = "year" if m.group("year") else "dyear"
            text = _replace(rec.text, m.start(g), m.end(g), str(period.end + 3))
            out.append(Variant(f"deadline {t.deadline} -> {period.end + 3}", text, "deadline_outside_period", "warning"))
    return out


def citation_date_variants(rec: DocumentRecord) -> list[Variant]:
    if not rec.date:
        return []
    later = int(rec.date[:4]) + 1
    out = []
    for c in rec.citations:
        if not c.date:
            continue
        for m in DATE_RE.finditer(rec.text, *c.span):
            if match_date(m) == c.date:
                g = "y1" if m.group("y1") else "y2"
                text = _replace(rec.text, m.start(g), m.end(g), str(later))
                out.append(Variant(f"citation {c.number or c.text[:30]} dated {later}", text, "citation_after_document", "error"))
                break
    return out


INTERNAL_OPERATORS = {
    "table_cell": table_cell_variants,
    "text_total": text_total_variants,
    "percent": percent_variants,
    "range": range_variants,
    "deadline": deadline_variants,
    "citation_date": citation_date_variants,
}
CAPS = {
    "table_cell": max(CAP, 10),
    "citation_date": min(CAP, 2),
}  # the corpus has one table with totals: every column of it, two rows each
# How many variants each operator must have made over the corpus (so no rule passes untested).
MINIMUM = {"table_cell": 10, "text_total": 1, "percent": 10, "range": 10, "deadline": 2, "citation_date": 10}


MAX_CHARS = 60_000  # the four long laws and decrees (140-220 thousand characters) take a second each to read again


@pytest.fixture(scope="module")
def text_corpus(corpus: dict[str, DocumentRecord], pytestconfig) -> dict[str, DocumentRecord]:
    """Each corpus document re-read from its text, the form the variants are made in (the long
    statutes left out: variants of them would only repeat the citation-date case, slowly)."""
    return {
        path: _cached(pytestconfig, f"text|{path}|{rec.text}".encode(), lambda rec=rec, path=path: extract_text(rec.text, path))
        for path, rec in sorted(corpus.items())
        if len(rec.text) <= MAX_CHARS
    }


def _keys(findings) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(f.rule, f.severity, f.message) for f in findings}


@pytest.mark.parametrize("operator", sorted(INTERNAL_OPERATORS))
def test_every_internal_variant_is_caught(text_corpus, operator):
    made = 0
    missed = []
    for path, base in text_corpus.items():
        variants = _spread(INTERNAL_OPERATORS[operator](base), CAPS.get(operator, CAP))
        if not variants:
            continue
        before = _keys(check_internal(base))
        for v in variants:
            made += 1
            after = _keys(check_internal(extract_text(v.text, path)))
            if not any(v.caught_by(r, s) for r, s, _m in after - before):
                missed.append(f"{path}: {v.name}")
    assert not missed, f"{len(missed)} of {made} variants not caught by their rule:\n" + "\n".join(missed)
    assert made >= MINIMUM[operator], f"only {made} variants made"
    print(f"{operator}: {made} variants, every one caught")


# ---- across levels -------------------------------------------------------------------------------


def _store(db, text: str, path: str) -> DocumentRecord:  # type: ignore[no-untyped-def]
    rec = extract_text(text, path)
    assert store_record(db, rec, "mutation") == "stored"
    return rec


_DB_SEQ = count()


def _child_findings(tmp_path: Path, name: str, parent: DocumentRecord, child_text: str) -> list[dict]:  # type: ignore[type-arg]
    """The stored findings of the child after both documents are stored in a fresh catalogue."""
    db = open_db(tmp_path / f"{next(_DB_SEQ)}-{re.sub(r'[^a-z0-9]+', '-', name.lower())[:40]}.db")
    assert store_record(db, parent, "mutation") == "stored"
    child = _store(db, child_text, "child.txt")
    return stored(db, child.source.sha256)


def numbered(rec: DocumentRecord, number: str) -> str:
    """The document's text with a number line where it prints none (so that a child can cite it)."""
    if rec.number:
        return rec.text
    at = rec.field_spans.get("place_date", (0, 0))[0]
    return _replace(rec.text, at, at, f"Số: {number}\n\n")


def copy_citing(parent: DocumentRecord) -> str:
    """A child plan: the parent's text under another number, citing the parent as its basis."""
    a, b = parent.field_spans["number"]
    _ta, tb = parent.field_spans["title"]
    assert parent.issuer and parent.number and a < tb
    cite = f"\n\nCăn cứ {parent.doc_type} số {parent.number}, ngày {vn_date(parent.date)} của {parent.issuer.name};\n"
    text = _replace(parent.text, tb, tb, cite)
    return _replace(text, a, b, "9" + parent.number)


def lowered_variants(child: DocumentRecord) -> list[Variant]:
    out = []
    for t in child.targets:
        if t.unit == "%" and t.value >= 20 and t.value_max is None and t.comparator not in ("<=", "<"):
            m = _number_at(child.text, *t.span, t.value, r"\s*%")
            if m:
                text = _replace(child.text, m.start(), m.end(), vn_number(t.value - 10))
                out.append(Variant(f"{vn_number(t.value)}% -> {vn_number(t.value - 10)}%", text, "weaker", "error"))
    return out


def later_variants(child: DocumentRecord, severity: str | tuple[str, ...] = "error") -> list[Variant]:
    out = []
    for t in child.targets:
        m = _deadline_year(child, t.span, t.deadline) if t.deadline else None
        if m:
            g = "year" if m.group("year") else "dyear"
            text = _replace(child.text, m.start(g), m.end(g), str(t.deadline + 2))  # type: ignore[operator]
            out.append(Variant(f"deadline {t.deadline} -> {t.deadline + 2}", text, "weaker", severity))  # type: ignore[operator]
    return out


def deleted_variants(child: DocumentRecord) -> list[Variant]:
    out = []
    for t in child.targets:
        if t.metric is not None:
            text = _replace(child.text, t.span[0], t.span[1], "")
            out.append(Variant(f"deleted {t.text[:50]!r}", text, "missing", "warning"))
    return out


def _copy_pairs(text_corpus: dict[str, DocumentRecord]) -> Iterator[tuple[str, DocumentRecord, DocumentRecord]]:
    """(name, parent, child) for every corpus plan with targets and its citing copy."""
    for path, base in text_corpus.items():
        if not base.targets or not base.issuer or not base.date:
            continue
        parent = extract_text(numbered(base, "88/KH-LĐLĐ"), path) if not base.number else base
        if "number" not in parent.field_spans or "title" not in parent.field_spans:
            continue
        yield path, parent, extract_text(copy_citing(parent), "child.txt")


CROSS_MINIMUM = {"weaker": 10, "missing": 10}


def test_an_unchanged_copy_meets_its_parent(text_corpus, tmp_path):
    """The baseline: a child that copies its parent pairs every target and falls short of none."""
    pairs = list(_copy_pairs(text_corpus))
    assert len(pairs) >= 5
    for name, parent, child in pairs:
        found = _child_findings(tmp_path, name, parent, child.text)
        bad = [
            f for f in found if f["rule"] in ("weaker", "different_scope", "missing", "allocation") and f["severity"] != "info"
        ]
        assert not bad, f"{name}: {[f['message'] for f in bad]}"
        assert sum(f["rule"] == "meets_parent" for f in found) == len(child.targets)


def test_every_cross_level_variant_is_caught(text_corpus):
    """The variants are compared with their parent directly (check_levels without the catalogue):
    the catalogue path, citation resolved to the parent, is the baseline test's."""
    made: Counter[str] = Counter()
    missed = []
    for name, parent, child in _copy_pairs(text_corpus):
        for v in _spread(lowered_variants(child)) + _spread(later_variants(child)) + _spread(deleted_variants(child)):
            made[v.rule] += 1
            found = compare_targets(Side(parent, "parent"), Side(extract_text(v.text, "child.txt"), "child"))
            if not any(v.caught_by(f.rule, f.severity) for f in found):
                missed.append(f"{name}: {v.name}")
    assert not missed, f"{len(missed)} variants not caught:\n" + "\n".join(missed)
    for rule, n in CROSS_MINIMUM.items():
        assert made[rule] >= n, f"only {made[rule]} {rule} variants made"
    print(f"cross-level: {dict(made)} variants, every one caught")


# ---- the real pair: 277/KH-LĐLĐ (Lai Châu) under 135/KH-TLĐ -------------------------------------


def _real_pair() -> tuple[DocumentRecord, DocumentRecord]:
    parent = extract_text(PARENT_135.read_text(encoding="utf-8"), "135.txt")
    return parent, extract_text(SEED_001.read_text(encoding="utf-8"), "277.txt")


def aligned_lower_variants(parent: DocumentRecord, child: DocumentRecord) -> list[Variant]:
    """For each pair that differs only by the population's threshold: give the child the parent's
    threshold (same population now) and a rate below the parent's."""
    out = []
    for f in compare_targets(Side(parent), Side(child)):
        if f.rule != "different_scope":
            continue
        p = next(t for t in parent.targets if t.span == f.parent_span and t.metric == f.metric)  # a sentence may hold several
        c = next(t for t in child.targets if t.span == f.span and t.metric == f.metric)
        pp, cp = population(p.condition), population(c.condition)
        if not (pp and cp and pp.n and cp.n and c.unit == "%" and p.value > 10):
            continue
        text = child.text
        m = _number_at(text, *c.span, c.value, r"\s*%")
        n = _number_at(text, *c.span, cp.n, r"\s")
        if m and n:
            edits = sorted([(m.start(), m.end(), vn_number(p.value - 10)), (n.start(), n.end(), str(pp.n))], reverse=True)
            for a, b, new in edits:
                text = _replace(text, a, b, new)
            out.append(
                Variant(
                    f"population {cp.n} -> {pp.n}, {vn_number(c.value)}% -> {vn_number(p.value - 10)}%", text, "weaker", "error"
                )
            )
    return out


def test_real_pair_variants_are_caught(tmp_path):
    parent, child = _real_pair()
    # a later deadline is an error where the populations agree (new members), a warning where they differ
    variants = aligned_lower_variants(parent, child) + later_variants(child, ("error", "warning")) + deleted_variants(child)
    assert Counter(v.rule for v in variants) == {"weaker": 3, "missing": 2}
    for v in variants:
        found = _child_findings(tmp_path, v.name, parent, v.text)
        assert any(v.caught_by(f["rule"], f["severity"]) for f in found), v.name


# ---- allocation: district plans under the table of 277/KH-LĐLĐ ------------------------------------


def _district_plan(seed: DocumentRecord, unit: str, place: str, members: float) -> str:
    """Seed 001 rewritten as the plan of `unit` (a row of its allocation table), citing 277/KH-LĐLĐ,
    committing to `members` new members, without the table."""
    body = seed.text[seed.text.index("I. MỤC ĐÍCH") : seed.text.index("\nNơi nhận")]
    body = body.replace("kết nạp được 540 đoàn viên", f"kết nạp được {vn_number(members)} đoàn viên")
    name = expand_abbreviations(unit)
    if not re.search(r"\b(?:huyện|thị xã|quận)\b", name, re.IGNORECASE):
        name += f" tỉnh {place}"
    head = (
        f"LIÊN ĐOÀN LAO ĐỘNG TỈNH {place.upper()}\n{name.upper()}\n\nSố: 45/KH-CĐ\n\n{place}, ngày 01 tháng 11 năm 2021\n\n"
        "KẾ HOẠCH\n\nPhát triển đoàn viên, thành lập CĐCS đến năm 2023\n\n"
        f"Căn cứ Kế hoạch số 277/KH-LĐLĐ, ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh {place} về phát triển đoàn viên;\n\n"
    )
    return head + body


def test_allocation_variants_are_caught(tmp_path):
    seed_text = SEED_001.read_text(encoding="utf-8")
    seed = extract_text(seed_text, "277.txt")
    rows = [a for a in allotments(table_views(seed)) if a.metric == "new_members"]
    assert len(rows) == 11  # every unit of the table, the short rows placed by the totals
    checked = 0
    for a in rows[::3]:  # four of the eleven units, spread over the table
        for members, expect in ((a.value, "reached"), (a.value + 5, "reached"), (a.value - 5, "below")):
            found = _child_findings(tmp_path, f"{a.unit} {members}", seed, _district_plan(seed, a.unit, "Lai Châu", members))
            alloc = [f for f in found if f["rule"] == "allocation" and f["metric"] == "new_members"]
            assert [f["variant"] for f in alloc] == [expect], (a.unit, members, found)
            assert alloc[0]["severity"] == ("error" if expect == "below" else "info")
            checked += 1
    assert checked == 12


# ---- the unmodified corpus ------------------------------------------------------------------------


def test_unmodified_corpus_has_no_false_errors(corpus, tmp_path):
    db = open_db(tmp_path / "corpus.db")
    for rec in corpus.values():
        store_record(db, rec, "corpus")
    refresh(db)
    paths = dict(db.execute("select id, path from documents").fetchall())
    errors: dict[str, list[tuple[str, str]]] = {}
    for f in stored(db):
        if f["severity"] == "error":
            errors.setdefault(paths[f["doc_id"]], []).append((f["rule"], f["message"]))
    assert {p: sorted(r for r, _m in v) for p, v in errors.items()} == {
        p: sorted(r for r, _w in v) for p, v in TRUE_ERRORS.items()
    }, errors
    assert not [f for f in stored(db) if f["rule"] == "check_failed"]


def test_the_demo_check_of_277(corpus, tmp_path):
    """The issue's acceptance check: 277/KH-LĐLĐ against 135/KH-TLĐ in the corpus catalogue."""
    db = open_db(tmp_path / "demo.db")
    for rec in corpus.values():
        store_record(db, rec, "corpus")
    seed = next(r for p, r in corpus.items() if p.endswith(SEED_001.name))
    found = stored(db, seed.source.sha256)  # computed on ingest by the child writer, no refresh
    scope = [f for f in found if f["rule"] == "different_scope"]
    assert len(scope) == 1 and scope[0]["severity"] == "warning" and scope[0]["parent_number"] == "135/KH-TLĐ"
    msg = scope[0]["message"]
    for words in ("25 lao động", "10 lao động", "85%", "100%", "năm 2023"):
        assert words in msg
    assert "85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS" in scope[0]["quote"]
    assert "100% số doanh nghiệp có từ 25 lao động trở lên" in scope[0]["parent_quote"]
    table = [f for f in found if f["rule"] == "table_total"]
    assert [f["severity"] for f in table] == ["info"]
    for value in ("23.320", "540", "23)"):
        assert value in table[0]["message"]
    assert [f["variant"] for f in found if f["rule"] == "text_table_total"] == ["consistent"]
    assert not [f for f in found if f["severity"] == "error"]
