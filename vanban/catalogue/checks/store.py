"""The `findings` table: what the checks say about each catalogued document.

One row per finding: rule, severity (error, warning, info), message in Vietnamese, the evidence in
the document (span and quoted sentence) and, for checks across levels, in its parent. Findings are
recomputed

- when a document is stored: a child writer (registered on import of this module) recomputes, inside
  the document's own transaction (or its batch's), the document and every document whose findings its
  storing may change: those whose citations it resolved differently and those citing its work or a work
  it left (`write_many`), so the catalogue never holds findings about a text it no longer has;
- by `refresh` (`vanban check --all`), for every document or the ones named.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import sqlite_utils
from sqlite_utils.db import ForeignKey

from vanban.catalogue.checks.internal import check_internal
from vanban.catalogue.checks.levels import check_document, children
from vanban.catalogue.checks.model import Finding, make
from vanban.catalogue.store import prepared_part, put_rows, register_child_writer, write_transaction
from vanban.catalogue.works import ensure_tables as ensure_citation_tables
from vanban.extract.patterns import number_key
from vanban.schemas import DocumentRecord

# Column order is the order the web UI shows them in (vanban/web shows `select *`).
COLUMNS: dict[str, Any] = {
    "severity": str,  # error | warning | info
    "rule": str,
    "message": str,
    "quote": str,  # the sentence or table row of this document
    "parent_number": str,
    "parent_quote": str,  # the parent's sentence or table row
    "metric": str,
    "doc_id": str,
    "parent_id": str,
    "span_start": int,
    "span_end": int,
    "parent_span_start": int,
    "parent_span_end": int,
    "variant": str,
    "seq": int,
    "id": str,
}
_SEVERITY_ORDER = "case severity when 'error' then 0 when 'warning' then 1 else 2 end"


def ensure_table(db: sqlite_utils.Database) -> None:
    if "findings" in db.table_names():
        return
    db.table("findings").create(
        COLUMNS,
        pk="id",
        foreign_keys=[
            ForeignKey("findings", "doc_id", "documents", "id", on_delete="CASCADE"),
            ForeignKey("findings", "parent_id", "documents", "id", on_delete="CASCADE"),
        ],
        if_not_exists=True,
    )
    db.table("findings").create_index(["doc_id"], if_not_exists=True)
    db.table("findings").create_index(["parent_id"], if_not_exists=True)


def finding_row(doc_id: str, seq: int, f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity,
        "rule": f.rule,
        "message": f.message,
        "quote": f.quote,
        "parent_number": f.parent_number,
        "parent_quote": f.parent_quote,
        "metric": f.metric,
        "doc_id": doc_id,
        "parent_id": f.parent_id,
        "span_start": f.span[0] if f.span else None,
        "span_end": f.span[1] if f.span else None,
        "parent_span_start": f.parent_span[0] if f.parent_span else None,
        "parent_span_end": f.parent_span[1] if f.parent_span else None,
        "variant": f.variant,
        "seq": seq,
        "id": f"{f.key(doc_id)}-{seq}",
    }


def write_findings(db: sqlite_utils.Database, doc_id: str, findings: list[Finding]) -> None:
    """Replace the stored findings of `doc_id` (inside the caller's transaction; the table must exist: `ensure_table`)."""
    db.execute("delete from findings where doc_id = ?", [doc_id])
    parent_ids = sorted({f.parent_id for f in findings if f.parent_id})
    marks = ",".join("?" * len(parent_ids))
    known = {r[0] for r in db.execute(f"select id from documents where id in ({marks})", parent_ids)} if parent_ids else set()
    rows = []
    for seq, f in enumerate(findings, start=1):
        row = finding_row(doc_id, seq, f)
        if row["parent_id"] and row["parent_id"] not in known:
            row["parent_id"] = None  # a parent named only by a stub: no catalogued document to point at
        rows.append(row)
    put_rows(db, "findings", rows, "replace")


def compute(
    db: sqlite_utils.Database,
    doc_id: str,
    record: DocumentRecord | None = None,
    internal: list[Finding] | None = None,
    records: dict[str, DocumentRecord] | None = None,
) -> list[Finding]:
    """The findings of one document; a crash in the checks becomes a check_failed finding. `internal` and
    `records` as for `levels.check_document`."""
    try:
        return check_document(db, doc_id, record, internal, records)
    except sqlite3.Error:
        raise
    except Exception as e:  # noqa: BLE001  (reported as a finding, never silent)
        return [make("check_failed", "crashed", {"rule": "*", "error": f"{e.__class__.__name__}: {e}"})]


def affected(db: sqlite_utils.Database, doc_id: str, record: DocumentRecord) -> list[str]:
    """`doc_id`, the documents based on it or implementing it, and those citing its number (whose
    citations may have changed resolution when it was stored)."""
    out = [doc_id, *children(db, doc_id)]
    if record.number:
        out += [
            r[0] for r in db.execute("select distinct doc_id from citations where number_key = ?", [number_key(record.number)])
        ]
    return list(dict.fromkeys(out))


def write_document(db: sqlite_utils.Database, doc_id: str, record: DocumentRecord) -> None:
    """Child writer: recompute the findings a newly stored document touches (its own transaction)."""
    ensure_citation_tables(db)
    ensure_table(db)
    for other in affected(db, doc_id, record):
        write_findings(db, other, compute(db, other, record if other == doc_id else None))


def write_many(db: sqlite_utils.Database, items: list[tuple[str, DocumentRecord]], notes: dict[str, Any]) -> None:
    """Child writer for a batch stored in one transaction, after the works writer: recompute once the
    findings of the stored documents and of every document whose findings their storing may have changed,
    which the works writer left in `notes['findings_docs']` (a citation that became or stopped being
    resolved, or one resolved to a work whose files changed). Without that note (no works writer), the
    documents `affected` names."""
    ensure_citation_tables(db)
    ensure_table(db)
    records = dict(items)
    if "findings_docs" in notes:
        others = sorted(set(notes["findings_docs"]) - records.keys())
    else:
        others = sorted({o for doc_id, record in items for o in affected(db, doc_id, record)} - records.keys())
    read = dict(records)  # the stored records the checks read (parents, others), each read once per batch
    for doc_id in [*records, *others]:
        internal = prepared_part(notes, write_document, doc_id)
        write_findings(db, doc_id, compute(db, doc_id, records.get(doc_id), internal, read))


def prepare(record: DocumentRecord) -> list[Finding]:
    """The findings inside the document (`check_internal`): what depends on the record alone, made by the reader
    that read it (`store.prepare_record`)."""
    return check_internal(record)


write_document.write_many = write_many  # type: ignore[attr-defined]
write_document.prepare = prepare  # type: ignore[attr-defined]


def refresh(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None) -> dict[str, list[Finding]]:
    """Recompute and store the findings of `doc_ids` (every document when None), one transaction each."""
    ensure_citation_tables(db)
    ensure_table(db)
    ids = list(doc_ids) if doc_ids is not None else [r[0] for r in db.execute("select id from documents order by date, id")]
    out = {}
    for doc_id in ids:
        findings = compute(db, doc_id)
        with write_transaction(db):
            write_findings(db, doc_id, findings)
        out[doc_id] = findings
    return out


def stored(db: sqlite_utils.Database, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Stored findings (of one document, or all), errors first, in the order they were found."""
    if "findings" not in db.table_names():
        return []
    where, params = ("where doc_id = ?", [doc_id]) if doc_id else ("", [])
    cur = db.execute(f"select * from findings {where} order by doc_id, {_SEVERITY_ORDER}, seq", params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


register_child_writer(write_document)
