"""Ingest files into the catalogue: one transaction per document, bad files reported, never fatal.

Each file is checked first (same bytes, same extractor version: 'unchanged', nothing read), then
extracted by a reader process bounded in time and memory (`ingest_paths`: one long-lived reader,
`reader_pool`; `ingest_file`: a process of its own, vanban.extract.limits), then stored in one
transaction. A crash or kill at any point loses at most the file in hand; running the same
batch again completes it without duplicates. The parallel and Dask ingests store the records that
arrive together in one transaction (`store_batch`): a kill loses at most those, none of which was
reported stored yet.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlite_utils

from vanban.catalogue.store import Prepared, prepare_record, store_prepared, store_record, stored_version
from vanban.errors import UnreadableDocument
from vanban.extract.limits import Limits, extract_bounded
from vanban.extract.readers import guard
from vanban.schemas import DocumentRecord

SUPPORTED = {".docx", ".doc", ".pdf", ".txt", ".md", ".html", ".htm"}
# Files that describe a folder rather than being documents; skipped when walking folders.
_SKIP_NAMES = {"sources.md", "readme.md", "readme.txt", "license", "license.txt"}


@dataclass(frozen=True)
class IngestResult:
    path: str
    status: str  # "stored", "unchanged" or "failed"
    id: str | None = None
    number: str | None = None
    doc_type: str | None = None
    reason: str | None = None


@cache
def extractor_version() -> str:
    """Changes whenever extraction code or data changes, so re-ingesting re-extracts."""
    root = Path(__file__).resolve().parent.parent / "extract"
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".yaml", ".json") and p.is_file() and "__pycache__" not in p.parts:
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and supported files under folders (sorted, hidden and README/SOURCES skipped).

    Under a folder, anything with a supported extension that is not itself a folder is yielded, even a
    broken link or a named pipe, so that the batch reports it rather than skipping it in silence.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or f.is_dir():
                    continue
                if f.suffix.lower() in SUPPORTED and f.name.lower() not in _SKIP_NAMES:
                    yield f
        else:
            yield p


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, after the guard's checks (so a pipe or a device is never read)."""
    guard.check_path(path)
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as e:
        reason = "permission denied: the file cannot be read" if isinstance(e, PermissionError) else e.strerror
        raise UnreadableDocument(reason or f"cannot read the file ({e.__class__.__name__})") from None
    return h.hexdigest()


def unchanged(db: sqlite_utils.Database, path: Path) -> IngestResult | None:
    """'unchanged' when these exact bytes are stored by this extractor version; 'failed' when the path
    cannot be read at all; None when the file must be extracted."""
    try:
        sha = file_sha256(path)
    except UnreadableDocument as e:
        return IngestResult(str(path), "failed", reason=str(e))
    row = stored_version(db, sha)
    if row and row["extractor_version"] == extractor_version():
        return IngestResult(str(path), "unchanged", sha, row["number"], row["doc_type"])
    return None


def extract_one(path: Path, limits: Limits | None = None) -> DocumentRecord | IngestResult:
    """The record of one file, extracted in a worker bounded in time and memory, or a 'failed' result.

    Safe to call from several threads at once (each call runs its own worker process).
    """
    try:
        return extract_bounded(path, limits)  # type: ignore[no-any-return]
    except UnreadableDocument as e:
        return IngestResult(str(path), "failed", reason=str(e))


def store_one(db: sqlite_utils.Database, path: Path, record: DocumentRecord | Prepared) -> IngestResult:
    """Store an extracted record (or one prepared by a reader, `store.prepare_record`) in one transaction:
    'stored', 'unchanged', or 'failed' if the write fails."""
    prepared = record if isinstance(record, Prepared) else None
    rec = prepared.record if prepared is not None else record
    try:
        if prepared is not None:
            status = store_prepared(db, [prepared], extractor_version())[0]
        else:
            status = store_record(db, rec, extractor_version())  # type: ignore[arg-type]
    except sqlite3.Error as e:
        return IngestResult(str(path), "failed", reason=f"the catalogue could not store it ({e}); run the ingest again")
    except Exception as e:  # a bug in a child writer must not stop the batch; its transaction was rolled back
        return IngestResult(str(path), "failed", reason=f"internal error while storing ({e.__class__.__name__}: {e})")
    return IngestResult(str(path), status, rec.source.sha256, rec.number, rec.doc_type)  # type: ignore[union-attr]


def store_batch(db: sqlite_utils.Database, items: list[tuple[Path, DocumentRecord | Prepared]]) -> list[IngestResult]:
    """Store extracted records (or records prepared by readers) in one transaction, a result for each in order.
    If the batch cannot be written as a whole, each record is stored on its own, so a bad record fails alone."""
    if len(items) == 1:
        return [store_one(db, *items[0])]
    try:
        prepared = [r if isinstance(r, Prepared) else prepare_record(r) for _path, r in items]
        statuses = store_prepared(db, prepared, extractor_version())
    except Exception:  # noqa: BLE001  (rolled back; one by one, each failure is reported with its file)
        return [store_one(db, path, record) for path, record in items]
    return [
        IngestResult(str(path), status, p.record.source.sha256, p.record.number, p.record.doc_type)
        for (path, _r), p, status in zip(items, prepared, statuses, strict=True)
    ]


def ingest_file(db: sqlite_utils.Database, path: str | Path, limits: Limits | None = None) -> IngestResult:
    """Ingest one file: skip it if unchanged, else extract it (bounded) and store it (one transaction)."""
    p = Path(path)
    skip = unchanged(db, p)
    if skip:
        return skip
    extracted = extract_one(p, limits)
    if isinstance(extracted, IngestResult):
        return extracted
    return store_one(db, p, extracted)


def ingest_paths(db: sqlite_utils.Database, paths: Iterable[str | Path], limits: Limits | None = None) -> Iterator[IngestResult]:
    """Ingest every file under `paths`, yielding one result per file: each file not already stored is read by
    one long-lived reader process bounded in time and memory (`reader_pool`), and stored in its own transaction."""
    limits = limits or Limits.resolve()
    if not limits.isolate or not hasattr(os, "fork"):
        for f in iter_files(paths):
            yield ingest_file(db, f, limits)
        return
    from vanban.catalogue.reader_pool import Reader, warm
    from vanban.catalogue.zygote import start_zygote

    reader = zygote = None
    try:
        for f in iter_files(paths):
            skip = unchanged(db, f)
            if skip:
                yield skip
                continue
            if reader is None:
                warm()
                zygote = start_zygote()  # forks the reader and its successors: see zygote.py
                reader = Reader("vanban-reader-0", None, limits, zygote)
            out = reader.read(str(f))
            yield store_one(db, f, out) if isinstance(out, DocumentRecord | Prepared) else out
    finally:
        if reader is not None:
            reader.close()
        if zygote is not None:
            zygote.close()
