"""The SQLite catalogue, built with sqlite-utils: one row per file, keyed on its content hash."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import sqlite_utils

from vanban.extract.normalise import unaccent
from vanban.extract.patterns import number_key
from vanban.schemas import DocumentRecord

SCHEMA_VERSION = 4  # 3: the diacritics-keeping search index and the citation walk's indexes; 4: number look-up index
DEFAULT_DB = Path("outputs/catalogue.db")

# Called after a document row is written, inside the same transaction, so that other parts of
# the catalogue (citations, targets, findings) store their rows atomically with the document.
# A writer may carry a `write_many(db, items, notes)` attribute: in a batch, it is called once with
# every (doc_id, record) stored, after all their document rows, instead of once per document;
# `notes` is one dict per batch that the writers share (works tells findings what changed).
# A writer may also carry a `prepare(record)` attribute: a pure function of the record whose result
# `prepare_record` computes where the record is read (a reader process) and the writer finds with
# `prepared_part`, so that the one writer only does what needs the catalogue. A writer whose tables, made after
# documents were stored, are filled from those documents carries an `ensure_tables(db)` attribute: it is called
# before a batch's document rows are written, so that a new catalogue's first batch is not stored twice.
_CHILD_WRITERS: list[Callable[[sqlite_utils.Database, str, DocumentRecord], None]] = []


def register_child_writer(fn: Callable[[sqlite_utils.Database, str, DocumentRecord], None]) -> None:
    if fn not in _CHILD_WRITERS:
        _CHILD_WRITERS.append(fn)


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (and create or migrate) the catalogue at `path`. WAL mode, busy timeout, foreign keys.

    Safe to call from several processes at once: the schema is created or migrated inside one
    write transaction, so a crash or a competing process never sees half a schema.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    _retry_locked(lambda: db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}"))
    _retry_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    _retry_locked(lambda: _ensure_schema(db))
    return db


BUSY_TIMEOUT_S = 60.0


def _retry_locked(fn: Callable[[], Any], attempts: int = 8) -> Any:
    """`fn()`, retried with backoff while SQLite says the database is locked or busy.

    The busy timeout already waits for other writers; SQLite skips it in a few cases (a journal-mode
    change racing another connection, WAL recovery after a crash), and those are retried here.
    """
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as e:
            msg = str(e).lower()
            if ("locked" not in msg and "busy" not in msg) or attempt == attempts - 1:
                raise
            time.sleep(min(0.05 * 2**attempt, 2.0) * (0.5 + random.random()))
    raise AssertionError("unreachable")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One IMMEDIATE transaction: the write lock is taken at the start (waiting for other writers up
    to the busy timeout), so the transaction cannot fail half-way with "database is locked".
    sqlite-utils calls made inside it become savepoints of it; everything commits or nothing does."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


_COLUMNS: dict[str, Any] = {
    "id": str,  # sha256 of the file's bytes
    "path": str,
    "format": str,
    "pages": int,
    "ocr": int,
    "number": str,
    "number_key": str,
    "work_key": str,  # files with the same key are versions of one work (same number, year and issuer)
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
}


def _ensure_schema(db: sqlite_utils.Database) -> None:
    if _schema_current(db):
        return
    with write_transaction(db):
        if _schema_current(db):  # another process created it while this one waited for the lock
            return
        if "documents" not in db.table_names():
            db.table("documents").create(_COLUMNS, pk="id", if_not_exists=True)
            db.table("documents").enable_fts(["title", "folded"], create_triggers=True, tokenize="unicode61", replace=True)
        else:
            _migrate(db)
        for cols in (["number_key"], ["work_key"], ["doc_type"], ["issuer"], ["year"]):
            db.table("documents").create_index(cols, if_not_exists=True)
        _ensure_query_indexes(db)
        db.table("meta").insert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key", replace=True)


def _ensure_query_indexes(db: sqlite_utils.Database) -> None:
    """The indexes the read-only queries need (the web opens the catalogue read-only, so they are made
    here): search's diacritics-keeping full-text index and number look-up index, and the citation
    walk's covering indexes, the one on `citations` as soon as that table exists."""
    from vanban.catalogue.graph import WALK_INDEXES
    from vanban.catalogue.ranked import NUMBER_INDEX, ensure_exact_index

    ensure_exact_index(db)
    db.execute("create index if not exists {} on {}".format(*NUMBER_INDEX))
    tables = set(db.table_names())
    for table, (name, spec) in WALK_INDEXES.items():
        if table in tables:
            db.execute(f"create index if not exists {name} on {spec}")


def _schema_current(db: sqlite_utils.Database) -> bool:
    tables = set(db.table_names())
    if "meta" not in tables:
        return False
    row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    if not row or row[0] != str(SCHEMA_VERSION):
        return False
    # `citations` is made on the first store, after the schema: its index follows on the next open
    return "citations" not in tables or _has_index(db, "citations_work_doc")


def _has_index(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("select 1 from sqlite_master where type = 'index' and name = ?", [name]).fetchone() is not None


def _migrate(db: sqlite_utils.Database) -> None:
    """Bring an older catalogue up to SCHEMA_VERSION (inside the caller's transaction)."""
    columns = db.table("documents").columns_dict
    for name, kind in _COLUMNS.items():
        if name not in columns:
            db.table("documents").add_column(name, kind)
    if "work_key" not in columns:
        rows = db.execute("select id, number_key, year, issuer from documents").fetchall()
        for doc_id, key, year, issuer in rows:
            db.execute("update documents set work_key = ? where id = ?", [_work_key(key, year, issuer), doc_id])
    if not db.table("documents").detect_fts():
        db.table("documents").enable_fts(["title", "folded"], create_triggers=True, tokenize="unicode61", replace=True)


def _work_key(number_key: str | None, year: int | None, issuer: str | None) -> str | None:
    """Versions of one work share a number, a year (numbers restart each year) and an issuer."""
    if not number_key:
        return None
    return f"{number_key}|{year or ''}|{unaccent(issuer or '')}"


_ROW_COLUMNS = tuple(c for c in _COLUMNS if c not in ("ingested_at", "extractor_version"))  # what the record alone decides


def row_values(record: DocumentRecord) -> tuple[Any, ...]:
    """The documents row of `record` in `_ROW_COLUMNS` order: everything but when and by which extractor it is
    stored. A pure function of the record, so a reader process makes it and the writer only inserts it."""
    issuer = record.issuer
    signer = record.signer
    source = record.source
    key = number_key(record.number) if record.number else None
    year = int(record.date[:4]) if record.date else None
    issuer_name = issuer.name if issuer else None
    folded = " ".join(unaccent(x) for x in (record.number or "", record.title or "", issuer_name or "", record.text))
    return (
        source.sha256,
        source.path,
        source.format,
        source.pages,
        int(source.ocr),
        record.number,
        key,
        _work_key(key, year, issuer_name),
        record.doc_type,
        record.doc_type_code,
        issuer_name,
        issuer.parent if issuer else None,
        issuer.organ if issuer else None,
        record.place,
        record.date,
        year,
        record.title,
        signer.name if signer else None,
        signer.position if signer else None,
        signer.authority if signer else None,
        len(record.warnings),
        record.model_dump_json(),
        record.text,
        folded,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Prepared(NamedTuple):
    """A record with what the writer stores for it that depends on the record alone: its documents row
    (`row_values`) and what each child writer with a `prepare` attribute made of it (`parts`, by the writer's
    name). Made where the record was read (`prepare_record`, in a reader process, in parallel), so the one
    writer only runs the inserts and the work that reads other documents."""

    record: DocumentRecord
    row: tuple[Any, ...]
    parts: dict[str, Any]


def prepare_record(record: DocumentRecord) -> Prepared:
    """`record` with its documents row and its child writers' parts. A child writer whose `prepare` fails is left
    out of `parts`: the writer then computes it as it always did (and reports a failure there, with the file)."""
    _register_writers()
    parts: dict[str, Any] = {}
    for writer in list(_CHILD_WRITERS):
        prepare = getattr(writer, "prepare", None)
        if prepare is not None:
            try:
                parts[writer_name(writer)] = prepare(record)
            except Exception:  # noqa: BLE001,S112  (left to the writer, which stores it or reports the failure)
                continue
    return Prepared(record, row_values(record), parts)


def writer_name(writer: Callable[..., Any]) -> str:
    """The key of a child writer's part in `Prepared.parts`."""
    return f"{writer.__module__}.{writer.__qualname__}"


def prepared_part(notes: dict[str, Any], writer: Callable[..., Any], doc_id: str) -> Any:
    """What `writer.prepare` made of the record `doc_id` stored in this batch (see `_write_children`), or None
    when it was not prepared (the child writer then computes it from the record)."""
    prepared = notes.get("prepared", {}).get(doc_id)
    return prepared.parts.get(writer_name(writer)) if prepared is not None else None


def _register_writers() -> None:
    """Import the modules whose child writers store citations, works and findings with each document
    (imported here, on first write, so that commands which only read start without spaCy)."""
    import vanban.catalogue.checks.store  # noqa: F401
    import vanban.catalogue.works  # noqa: F401


def store_record(db: sqlite_utils.Database, record: DocumentRecord, version: str) -> str:
    """Write one document and its child rows in one transaction. Returns 'stored' or 'unchanged'.

    The same bytes already stored by the same extractor version are left alone ('unchanged'), so
    re-ingesting is a no-op and a batch re-run after a crash only writes what is missing. Different
    bytes are a different row even when the number is the same: a new version of a work (same
    work_key), never an overwrite. A crash at any point leaves the previous state of the database.
    """
    return store_records(db, [record], version)[0]


def store_records(db: sqlite_utils.Database, records: list[DocumentRecord], version: str) -> list[str]:
    """Write several documents and their child rows in one transaction: 'stored' or 'unchanged' for each.

    The catalogue afterwards is the one storing them one by one in this order would leave, but each
    number they touch is resolved once and each document whose findings they change is checked once,
    so a batch costs far less than its documents one at a time. All or nothing: a crash or an error
    leaves the previous state of the database (the caller may then store the records one by one).
    """
    return store_prepared(db, [prepare_record(r) for r in records], version)


def store_prepared(db: sqlite_utils.Database, items: list[Prepared], version: str) -> list[str]:
    """`store_records` for records already prepared (`prepare_record`, done by the reader processes of a
    parallel ingest): the same catalogue, with only the inserts and the work that reads other documents left
    to the writer."""
    _register_writers()

    def write() -> list[str]:
        statuses: list[str] = []
        with write_transaction(db):
            stored = _stored_versions(db, [p.row[0] for p in items])
            writes: list[tuple[Any, ...]] = []
            kept: dict[str, Prepared] = {}
            for p in items:
                doc_id = p.row[0]
                if stored.get(doc_id, _NONE) == version:
                    statuses.append("unchanged")
                    continue
                stored[doc_id] = version
                writes.append((*p.row, _now(), version))
                kept[doc_id] = p
                statuses.append("stored")
            if writes:
                _ensure_child_tables(db)
                _put_documents(db, writes)
                _write_children(db, kept)
        return statuses

    grow_page_cache(db)
    with statement_journals_in_memory(db):
        return list(_retry_locked(write))


def db_file(db: sqlite_utils.Database) -> str | None:
    """The file behind `db` (for other processes' read-only connections), or None for an in-memory catalogue."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def connect_read_only(path: str, **kwargs: Any) -> sqlite3.Connection:
    """A read-only connection to the catalogue file at `path` (another process reading what the writer writes)."""
    return sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30, **kwargs)


WRITER_CACHE_KIB = 32 * 1024  # the writer's page cache at least (SQLite's default: 2 MiB)


def grow_page_cache(db: sqlite_utils.Database, kib: int = WRITER_CACHE_KIB) -> None:
    """Let the connection's page cache grow to `kib` KiB where it may hold less. With 2 MiB the writer read the
    pages of the indexes a batch's rows land on again for every batch (and spilled changed ones to the WAL before
    the commit wrote them again): 176 reads and writes of pages per document at 1,000 documents, 89 with 32 MiB."""
    size = db.execute("pragma cache_size").fetchone()[0]
    held = -size if size < 0 else size * db.execute("pragma page_size").fetchone()[0] // 1024
    if held < kib:
        db.execute(f"pragma cache_size = -{int(kib)}")


@contextmanager
def statement_journals_in_memory(db: sqlite_utils.Database) -> Iterator[None]:
    """Keep the statement journals of the transactions run inside in memory (`PRAGMA temp_store = memory`).

    SQLite journals the pages each statement of a transaction changes, to undo that statement alone if it fails,
    and writes that journal to a temporary file past 64 KiB: a batch's statements (its document rows land on
    pages all over the indexes) wrote hundreds of pages per document there, none ever read back (a failure rolls
    the whole transaction back). The catalogue's own journal, the WAL, is untouched. The setting is restored
    after; it drops the connection's temporary tables, so it is left alone where the connection has some."""
    mode = db.execute("pragma temp_store").fetchone()[0]
    if mode == 2 or db.execute("select 1 from temp.sqlite_master").fetchone():
        yield
        return
    db.execute("pragma temp_store = memory")
    try:
        yield
    finally:
        db.execute(f"pragma temp_store = {int(mode)}")


_NONE = object()
_COLUMN_NAMES = (*_ROW_COLUMNS, "ingested_at", "extractor_version")  # a row as `store_prepared` writes it


def _stored_versions(db: sqlite_utils.Database, ids: list[str]) -> dict[str, Any]:
    """id -> extractor version of those of `ids` the catalogue holds (one query per 500 ids)."""
    out: dict[str, Any] = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        chunk = unique[i : i + 500]
        sql = f"select id, extractor_version from documents where id in ({','.join('?' * len(chunk))})"
        out.update(db.execute(sql, chunk).fetchall())
    return out


def _put_documents(db: sqlite_utils.Database, rows: list[tuple[Any, ...]]) -> None:
    """Upsert documents rows (`_COLUMN_NAMES` order), many rows to a statement. Triggers feed them to the two
    FTS5 indexes, and FTS5 writes the terms it holds to a new segment at the end of each statement: one statement
    per row (`executemany`) wrote a segment per document and per index, and merged them again, most of the
    cost of storing a document; one statement for the batch writes one. The same index, other segments."""
    per = max(1, min(ROWS_PER_STATEMENT, db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(_COLUMN_NAMES)))
    for i in range(0, len(rows), per):
        chunk = rows[i : i + per]
        db.conn.execute(_insert_sql("documents", _COLUMN_NAMES, "upsert", "id", len(chunk)), [v for row in chunk for v in row])


ROWS_PER_STATEMENT = 256  # documents rows upserted by one statement at most (each size is one statement to prepare)


def put_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], conflict: str = "insert", pk: str = "id") -> None:
    """Write `rows` (dicts with the same keys, plain values) in one prepared statement, as sqlite-utils' `insert_all`
    (`conflict="insert"`), `insert_all(replace=True)` ("replace") or `upsert_all` ("upsert": a row already stored
    keeps its rowid, its columns are updated) would, without the table introspection those do on every call."""
    if rows:
        columns = tuple(rows[0])
        db.conn.executemany(_insert_sql(table, columns, conflict, pk), [tuple(row[c] for c in columns) for row in rows])


@cache
def _insert_sql(table: str, columns: tuple[str, ...], conflict: str, pk: str, rows: int = 1) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join([f"({', '.join('?' * len(columns))})"] * rows)
    sql = f'INSERT{" OR REPLACE" if conflict == "replace" else ""} INTO "{table}" ({names}) VALUES {values}'
    if conflict == "upsert":
        sql += f' ON CONFLICT("{pk}") DO UPDATE SET ' + ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != pk)
    elif conflict not in ("insert", "replace"):
        raise ValueError(f"conflict must be insert, replace or upsert, not {conflict!r}")
    return sql


def _ensure_child_tables(db: sqlite_utils.Database) -> None:
    """The child writers' `ensure_tables`, before a batch's document rows are written."""
    for writer in list(_CHILD_WRITERS):
        ensure = getattr(writer, "ensure_tables", None)
        if ensure is not None:
            ensure(db)


def _write_children(db: sqlite_utils.Database, kept: dict[str, Prepared]) -> None:
    """Each child writer once for the batch (`write_many`) or once per document. `notes` is shared by the
    writers of the batch; `notes['prepared']` holds each document's `Prepared` (see `prepared_part`)."""
    items = [(doc_id, p.record) for doc_id, p in kept.items()]
    notes: dict[str, Any] = {"prepared": kept}
    for writer in list(_CHILD_WRITERS):
        many = getattr(writer, "write_many", None)
        if many is not None:
            many(db, items, notes)
        else:
            for doc_id, record in items:
                writer(db, doc_id, record)


def stored_version(db: sqlite_utils.Database, doc_id: str) -> dict[str, Any] | None:
    """The id, number, type and extractor version of a stored document, or None."""
    row = db.execute("select id, number, doc_type, extractor_version from documents where id = ?", [doc_id]).fetchone()
    return dict(zip(("id", "number", "doc_type", "extractor_version"), row, strict=True)) if row else None


def verify(db: sqlite_utils.Database) -> list[str]:
    """What is wrong with the catalogue, in plain words; [] when it is intact.

    SQLite's own integrity and foreign-key checks, and the full-text index checked against the
    documents it indexes (a document missing from search, or a search hit without a document).
    """
    problems = [f"integrity check: {r[0]}" for r in db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    problems += [f"foreign key broken in table {r[0]} (row {r[1]})" for r in db.execute("PRAGMA foreign_key_check").fetchall()]
    if "documents_fts" in db.table_names():
        try:
            db.execute("insert into documents_fts(documents_fts, rank) values('integrity-check', 1)")
        except sqlite3.DatabaseError as e:
            problems.append(f"the search index does not match the documents ({e})")
    return problems


def get_record(db: sqlite_utils.Database, doc_id: str) -> DocumentRecord | None:
    row = db.execute("select record from documents where id = ?", [doc_id]).fetchone()
    return DocumentRecord.model_validate(json.loads(row[0])) if row else None
