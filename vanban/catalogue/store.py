"""The SQLite catalogue, built with sqlite-utils: one row per file, keyed on its content hash."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from vanban.extract.normalise import unaccent
from vanban.extract.patterns import number_key
from vanban.schemas import DocumentRecord

SCHEMA_VERSION = 1
DEFAULT_DB = Path("outputs/catalogue.db")

# Called after a document row is written, inside the same transaction, so that other parts of
# the catalogue (citations, targets, findings) store their rows atomically with the document.
_CHILD_WRITERS: list[Callable[[sqlite_utils.Database, str, DocumentRecord], None]] = []


def register_child_writer(fn: Callable[[sqlite_utils.Database, str, DocumentRecord], None]) -> None:
    if fn not in _CHILD_WRITERS:
        _CHILD_WRITERS.append(fn)


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (and create or migrate) the catalogue at `path`. WAL mode, busy timeout, foreign keys."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(p), timeout=30, isolation_level=None, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    _ensure_schema(db)
    return db


def _ensure_schema(db: sqlite_utils.Database) -> None:
    if "documents" in db.table_names():
        return
    with db.conn:
        db["documents"].create(
            {
                "id": str,  # sha256 of the file's bytes
                "path": str,
                "format": str,
                "pages": int,
                "ocr": int,
                "number": str,
                "number_key": str,
                "doc_type": str,
                "doc_type_code": str,
                "issuer": str,
                "issuer_parent": str,
                "organ": str,
                "place": str,
                "date": str,
                "year": int,
                "title": str,
                "signer_name": str,
                "signer_position": str,
                "signer_authority": str,
                "n_warnings": int,
                "record": str,  # the full DocumentRecord as JSON
                "text": str,
                "folded": str,  # number, title, issuer and text without diacritics, for search
                "ingested_at": str,
                "extractor_version": str,
            },
            pk="id",
            if_not_exists=True,
        )
        for cols in (["number_key"], ["doc_type"], ["issuer"], ["year"]):
            db["documents"].create_index(cols, if_not_exists=True)
        db["documents"].enable_fts(["title", "folded"], create_triggers=True, tokenize="unicode61", replace=True)
        db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key", replace=True)


def document_row(record: DocumentRecord, version: str) -> dict[str, Any]:
    issuer = record.issuer
    signer = record.signer
    folded = " ".join(unaccent(x) for x in (record.number or "", record.title or "", issuer.name if issuer else "", record.text))
    return {
        "id": record.source.sha256,
        "path": record.source.path,
        "format": record.source.format,
        "pages": record.source.pages,
        "ocr": int(record.source.ocr),
        "number": record.number,
        "number_key": number_key(record.number) if record.number else None,
        "doc_type": record.doc_type,
        "doc_type_code": record.doc_type_code,
        "issuer": issuer.name if issuer else None,
        "issuer_parent": issuer.parent if issuer else None,
        "organ": issuer.organ if issuer else None,
        "place": record.place,
        "date": record.date,
        "year": int(record.date[:4]) if record.date else None,
        "title": record.title,
        "signer_name": signer.name if signer else None,
        "signer_position": signer.position if signer else None,
        "signer_authority": signer.authority if signer else None,
        "n_warnings": len(record.warnings),
        "record": record.model_dump_json(),
        "text": record.text,
        "folded": folded,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "extractor_version": version,
    }


def store_record(db: sqlite_utils.Database, record: DocumentRecord, version: str) -> str:
    """Write one document and its child rows in one transaction. Returns 'stored' or 'unchanged'."""
    doc_id = record.source.sha256
    existing = db.execute("select extractor_version from documents where id = ?", [doc_id]).fetchone()
    if existing and existing[0] == version:
        return "unchanged"
    with db.conn:  # one transaction per document
        db.execute("BEGIN IMMEDIATE")
        db["documents"].upsert(document_row(record, version), pk="id")
        for writer in _CHILD_WRITERS:
            writer(db, doc_id, record)
    return "stored"


def get_record(db: sqlite_utils.Database, doc_id: str) -> DocumentRecord | None:
    row = db.execute("select record from documents where id = ?", [doc_id]).fetchone()
    return DocumentRecord.model_validate(json.loads(row[0])) if row else None
