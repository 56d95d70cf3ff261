"""Readers: the only code that opens files. Each returns blocks with provenance."""

from __future__ import annotations

import hashlib
from pathlib import Path

from vanban.errors import UnreadableDocument
from vanban.schemas import ReadResult

# extension -> (format name, reader module, function)
_READERS = {
    ".txt": ("txt", "text", "read_text"),
    ".md": ("md", "text", "read_text"),
    ".docx": ("docx", "docx", "read_docx"),
    ".pdf": ("pdf", "pdf", "read_pdf"),
    ".doc": ("doc", "doc", "read_doc"),
    ".html": ("html", "html", "read_html"),
    ".htm": ("html", "html", "read_html"),
}

MAX_BYTES = 200 * 1024 * 1024


def detect_format(path: Path, head: bytes) -> str:
    """The format to read `path` as, from its first bytes first and its extension second."""
    ext = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    sniff = head.lstrip()[:200].lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or (b"<html" in sniff and ext in (".doc", ".htm", ".html")):
        return "html"
    if ext in _READERS:
        return _READERS[ext][0]
    raise UnreadableDocument(f"unsupported file type '{ext or path.name}' (vanban reads .docx, .doc, .pdf, .txt, .md, .html)")


def read_path(path: Path) -> tuple[str, str, ReadResult]:
    """Read any supported file: (format, sha256, result). Raises UnreadableDocument."""
    if not path.exists():
        raise UnreadableDocument("no such file")
    if path.is_dir():
        raise UnreadableDocument("is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableDocument("the file is empty")
    if size > MAX_BYTES:
        raise UnreadableDocument(f"the file is larger than {MAX_BYTES // 2**20} MB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(f"cannot open the file ({e.strerror})") from None
    fmt = detect_format(path, data[:1024])
    ext_fmt = {".md": "md"}.get(path.suffix.lower())
    module, func = next((m, f) for (f_, m, f) in _READERS.values() if f_ == fmt)
    import importlib

    reader = getattr(importlib.import_module(f"vanban.extract.readers.{module}"), func)
    result: ReadResult = reader(path)
    return ext_fmt or fmt, hashlib.sha256(data).hexdigest(), result
