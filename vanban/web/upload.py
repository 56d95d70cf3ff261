"""Files uploaded through the web page: parse the form, keep each file, ingest it, and say in
Vietnamese what happened to it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from python_multipart import FormParser

from vanban.catalogue import open_db
from vanban.catalogue.ingest import IngestResult, ingest_file

MAX_FILES = 50
MAX_BYTES = 200 * 2**20  # the whole form


@dataclass(frozen=True)
class Upload:
    name: str  # the file name as the browser sent it (shown to people, never used as a path)
    data: bytes


@dataclass(frozen=True)
class UploadResult:
    name: str
    status: str  # stored, unchanged, failed
    id: str | None = None
    number: str | None = None
    doc_type: str | None = None
    message: str | None = None  # Vietnamese, for failures
    detail: str | None = None  # the reader's own words


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], list[Upload]]:
    """Text fields and files of a multipart/form-data body."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/form-data") or not m:
        raise ValueError("not a multipart form")
    fields: dict[str, str] = {}
    files: list[Upload] = []

    def on_field(f: Any) -> None:
        fields[f.field_name.decode("utf-8", "replace")] = (f.value or b"").decode("utf-8", "replace")

    def on_file(f: Any) -> None:
        name = (f.file_name or b"").decode("utf-8", "replace")
        f.file_object.seek(0)
        data = f.file_object.read()
        if name or data:
            files.append(Upload(unicodedata.normalize("NFC", name), data))

    parser = FormParser(
        "multipart/form-data",
        on_field,
        on_file,
        boundary=m.group(1).encode("latin-1"),
        config={"MAX_MEMORY_FILE_SIZE": MAX_BYTES},
    )
    parser.write(body)
    parser.finalize()
    return fields, files


def safe_filename(name: str) -> str:
    """A name that is safe on disk: no folders or special characters, not hidden, not too long."""
    cleaned = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", name).strip(" .")
    stem, dot, ext = cleaned.rpartition(".")
    if not dot or not stem or not re.fullmatch(r"\w{1,10}", ext):
        stem, ext = cleaned, ""
    stem = stem[:120] or "tep"
    return f"{stem}.{ext}" if ext else stem


def save_upload(root: Path, upload: Upload) -> Path:
    """Keep the file under root/<first 16 hex of its hash>/<safe name>; the same bytes land in the same place."""
    digest = hashlib.sha256(upload.data).hexdigest()[:16]
    folder = root / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_filename(upload.name)
    if not path.exists():
        path.write_bytes(upload.data)
    return path


@cache
def _failure_messages() -> list[tuple[re.Pattern[str], str]]:
    rows = yaml.safe_load((Path(__file__).parent / "failures.yaml").read_text(encoding="utf-8"))
    return [(re.compile(r["pattern"], re.IGNORECASE), r["message"]) for r in rows]


def explain_failure(reason: str | None) -> str:
    """The reader's English reason as a plain Vietnamese sentence."""
    for pattern, message in _failure_messages():
        m = pattern.search(reason or "")
        if m:
            return message.format(**m.groupdict())
    return "Không đọc được tệp này."


def ingest_uploads(db_path: str | Path, upload_root: Path, uploads: list[Upload]) -> list[UploadResult]:
    """Save and ingest each upload in turn (runs in a worker thread: extraction is slow and blocking)."""
    db = open_db(db_path)
    out = []
    try:
        for up in uploads:
            if not up.data:
                out.append(UploadResult(up.name, "failed", message="Tệp rỗng, không có nội dung."))
                continue
            res: IngestResult = ingest_file(db, save_upload(upload_root, up))
            if res.status == "failed":
                out.append(UploadResult(up.name, "failed", message=explain_failure(res.reason), detail=res.reason))
            else:
                out.append(UploadResult(up.name, res.status, res.id, res.number, res.doc_type))
    finally:
        db.conn.close()
    return out
