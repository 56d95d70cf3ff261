"""Ingest files into the catalogue: one transaction per document, bad files reported, never fatal."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlite_utils

from vanban.catalogue.store import store_record
from vanban.errors import UnreadableDocument
from vanban.extract.pipeline import extract_file

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
        if p.suffix in (".py", ".yaml", ".json") and p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and supported files under folders (sorted, hidden and README/SOURCES skipped)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if f.suffix.lower() in SUPPORTED and f.name.lower() not in _SKIP_NAMES:
                    yield f
        else:
            yield p


def ingest_file(db: sqlite_utils.Database, path: Path) -> IngestResult:
    try:
        record = extract_file(path)
    except UnreadableDocument as e:
        return IngestResult(str(path), "failed", reason=str(e))
    except Exception as e:  # a bug in an extractor must not stop the batch
        return IngestResult(str(path), "failed", reason=f"internal error while extracting ({e.__class__.__name__}: {e})")
    status = store_record(db, record, extractor_version())
    return IngestResult(str(path), status, record.source.sha256, record.number, record.doc_type)


def ingest_paths(db: sqlite_utils.Database, paths: Iterable[str | Path]) -> Iterator[IngestResult]:
    """Ingest every file under `paths`, yielding one result per file."""
    for f in iter_files(paths):
        yield ingest_file(db, f)
