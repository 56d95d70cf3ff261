"""Checks that need the catalogue: a document's parents and the dates of what it cites.

A parent is a catalogued document of a work that the checked document cites as its basis (căn cứ,
ELI `based_on`) or says it implements (thực hiện, `implements`), the citation resolved to exactly
one work (vanban.catalogue.works). Where a work has several files (versions), the newest one
ingested is compared.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlite_utils

from vanban.catalogue.checks import vn
from vanban.catalogue.checks.align import Side, compare_targets
from vanban.catalogue.checks.allocation import check_allocation
from vanban.catalogue.checks.internal import check_internal
from vanban.catalogue.checks.model import Finding, make
from vanban.catalogue.store import get_record
from vanban.catalogue.works import ensure_tables
from vanban.extract.data import load
from vanban.schemas import DocumentRecord

PARENT_RELATIONS = ("based_on", "implements")


@dataclass(frozen=True)
class ParentLink:
    doc_id: str  # the parent document
    relation: str  # based_on | implements
    citation: str  # the citation as written in the child
    span: tuple[int, int]


def parents(db: sqlite_utils.Database, doc_id: str) -> list[ParentLink]:
    """The catalogued documents `doc_id` is based on or implements, one per work, in citing order."""
    ensure_tables(db)
    rows = db.execute(
        """select c.work_id, c.eli_relation, c.text, c.span_start, c.span_end,
                  (select dw.doc_id from document_works dw join documents d on d.id = dw.doc_id
                   where dw.work_id = c.work_id and dw.doc_id != c.doc_id order by d.ingested_at desc, d.id limit 1)
           from citations c where c.doc_id = ? and c.resolution = 'resolved' and c.eli_relation in (?, ?)
           order by c.seq""",
        [doc_id, *PARENT_RELATIONS],
    ).fetchall()
    out: list[ParentLink] = []
    seen: set[str] = set()
    for _work, relation, text, a, b, parent in rows:
        if parent is None or parent in seen:
            continue
        seen.add(parent)
        out.append(ParentLink(parent, relation, text, (a, b)))
    return out


def children(db: sqlite_utils.Database, doc_id: str) -> list[str]:
    """Documents whose citations based_on/implements resolve to a work of `doc_id`."""
    ensure_tables(db)
    rows = db.execute(
        """select distinct c.doc_id from citations c join document_works dw on dw.work_id = c.work_id
           where dw.doc_id = ? and c.doc_id != ? and c.resolution = 'resolved' and c.eli_relation in (?, ?)""",
        [doc_id, doc_id, *PARENT_RELATIONS],
    ).fetchall()
    return [r[0] for r in rows]


@cache
def plan_types() -> frozenset[str]:
    return frozenset(load("checks")["plan_types"])


def is_plan(record: DocumentRecord) -> bool:
    """A document whose targets are commitments to check against its parent's."""
    return bool(record.targets) or (record.doc_type or "") in plan_types()


def check_catalogued_citation_dates(db: sqlite_utils.Database, doc_id: str, record: DocumentRecord) -> list[Finding]:
    """A citation that prints no date, resolved to a catalogued document dated after the citing one."""
    if not record.date:
        return []
    rows = db.execute(
        """select c.text, c.span_start, c.span_end, w.doc_type, w.number, w.date,
                  (select dw.doc_id from document_works dw where dw.work_id = w.id limit 1)
           from citations c join works w on w.id = c.work_id
           where c.doc_id = ? and c.resolution = 'resolved' and c.date is null and w.is_stub = 0 and w.date > ?""",
        [doc_id, record.date],
    ).fetchall()
    out = []
    for text, a, b, doc_type, number, date, parent in rows:
        cited = " ".join(x for x in (doc_type, number) if x)
        values = {"date": vn.date(record.date), "cited": cited, "cited_date": vn.date(date)}
        out.append(
            make("citation_after_document", "catalogued", values, span=(a, b), quote=text, parent_id=parent, parent_number=number)
        )
    return out


def check_levels(
    db: sqlite_utils.Database, doc_id: str, record: DocumentRecord, records: dict[str, DocumentRecord] | None = None
) -> list[Finding]:
    """Every check of `record` against each catalogued parent. `records` (doc id -> the stored record) keeps
    the parents read for a batch of documents, which often share them."""
    if not is_plan(record):
        return []
    child = Side(record, doc_id)
    out: list[Finding] = []
    for link in parents(db, doc_id):
        parent_record = stored_record(db, link.doc_id, records)
        if parent_record is None:
            continue
        parent = Side(parent_record, link.doc_id)
        for name, check in (("cross_level", compare_targets), ("allocation", check_allocation)):
            try:
                out += check(parent, child)
            except Exception as e:  # noqa: BLE001  (reported as a finding, never silent)
                out.append(
                    make(
                        "check_failed", "crashed", {"rule": name, "error": f"{e.__class__.__name__}: {e}"}, parent_id=link.doc_id
                    )
                )
    return out


def check_document(
    db: sqlite_utils.Database,
    doc_id: str,
    record: DocumentRecord | None = None,
    internal: list[Finding] | None = None,
    records: dict[str, DocumentRecord] | None = None,
) -> list[Finding]:
    """Every finding about one catalogued document: inside it, about what it cites, against its parents.
    `internal`: the findings of `check_internal(record)` where already made (by the reader that read it);
    `records`: stored records already read (see `check_levels`)."""
    record = record or stored_record(db, doc_id, records)
    if record is None:
        return []
    inside = list(internal) if internal is not None else _internal(db, doc_id, record)
    return inside + check_catalogued_citation_dates(db, doc_id, record) + check_levels(db, doc_id, record, records)


def stored_record(
    db: sqlite_utils.Database, doc_id: str, records: dict[str, DocumentRecord] | None = None
) -> DocumentRecord | None:
    """The stored record of `doc_id`, from `records` where it was read before (and kept there when read now).

    With `records` (the writer's batches), a record parsed for an earlier batch on the same connection is used
    again while its row still says the same: a stored record changes only when its document is stored again,
    which gives it another `ingested_at` or extractor version (the same bytes by the same version are left
    alone), so the row's stamp tells a parent read before from one rewritten since."""
    if records is None:
        return get_record(db, doc_id)
    if doc_id in records:
        return records[doc_id]
    stamp = db.execute(
        "select rowid, extractor_version, ingested_at, path, length(record) from documents where id = ?", [doc_id]
    ).fetchone()
    if stamp is None:
        return None
    kept = _kept(db)
    hit = kept.get(doc_id)
    if hit is not None and hit[0] == stamp:
        kept.move_to_end(doc_id)
        record: DocumentRecord | None = hit[1]
    else:
        record = get_record(db, doc_id)
        if record is None:
            return None
        kept[doc_id] = [stamp, record, None]
        if len(kept) > KEPT_RECORDS:
            kept.popitem(last=False)
    records[doc_id] = record  # type: ignore[assignment]
    return record


def _internal(db: sqlite_utils.Database, doc_id: str, record: DocumentRecord) -> list[Finding]:
    """`check_internal(record)`, kept with a stored record read by `stored_record` (a pure function of it);
    made afresh for any other record."""
    hit = _kept(db).get(doc_id)
    if hit is None or hit[1] is not record:
        return check_internal(record)
    if hit[2] is None:
        hit[2] = check_internal(record)
    return list(hit[2])


KEPT_RECORDS = 512  # parsed stored records kept per connection (with their findings inside), most recently used first
_KEPT: weakref.WeakKeyDictionary[Any, OrderedDict[str, list[Any]]] = weakref.WeakKeyDictionary()


def _kept(db: sqlite_utils.Database) -> OrderedDict[str, list[Any]]:
    kept = _KEPT.get(db)
    if kept is None:
        kept = _KEPT[db] = OrderedDict()
    return kept
