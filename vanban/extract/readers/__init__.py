"""Readers: the only code that opens files. Each returns blocks with provenance.

`read_path` is the dispatcher: it checks the path and the bytes (readers/guard.py) before any reader
parses them, decides the format from the bytes first and the extension second, and hands the file
to the reader of that format.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable
from pathlib import Path

from vanban.errors import MissingTool, UnreadableDocument
from vanban.extract.readers import guard
from vanban.schemas import ReadResult

# format -> (reader module, function)
_READERS = {
    "txt": ("text", "read_text"),
    "md": ("text", "read_text"),
    "docx": ("docx", "read_docx"),
    "pdf": ("pdf", "read_pdf"),
    "doc": ("doc", "read_doc"),
    "html": ("html", "read_html"),
}
# extension -> format
_EXTENSIONS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".html": "html", ".htm": "html"}
_BINARY_FORMATS = {"docx", "pdf", "doc"}
_NAMES = {"docx": "Word document", "pdf": "PDF", "doc": "Word 97-2003 document"}
SUPPORTED_EXTENSIONS = frozenset(_EXTENSIONS)

MAX_BYTES = guard.DEFAULTS.max_any_mb * 2**20


def detect_format(path: Path, head: bytes) -> str:
    """The format to read `path` as, from its first bytes (4 KB or more) first and its extension second.

    Raises UnreadableDocument for a file whose bytes say it is not a document (a picture, a program,
    an archive) and for a .docx, .pdf or .doc whose bytes are neither that format nor plain text.
    """
    ext = path.suffix.lower()
    if head.startswith(b"%PDF") or (ext == ".pdf" and b"%PDF-" in head[:1024]):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    guard.refuse_non_document(head)
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or (b"<html" in sniff and ext in (".doc", ".htm", ".html")):
        return "html"
    fmt = _EXTENSIONS.get(ext)
    if fmt in _BINARY_FORMATS:
        if fmt == "doc" and sniff.startswith(b"<"):
            return "doc"  # Word 2003 XML saved as .doc
        if guard.looks_like_text(head):
            return "txt"  # plain text under a document's name: read it, with a warning
        if head.startswith(b"PK"):
            raise UnreadableDocument("the .docx file is truncated or damaged (it is not a complete zip archive)")
        raise UnreadableDocument(
            f"the file is named {ext} but is not a {_NAMES[fmt]} (its first bytes are wrong): damaged or mislabelled"
        )
    if fmt:
        return fmt
    raise UnreadableDocument(f"unsupported file type '{ext or path.name}' (vanban reads .docx, .doc, .pdf, .txt, .md, .html)")


def reader_for(fmt: str) -> Callable[[Path], ReadResult]:
    """The reader function of a format (its module imported on first use)."""
    module, func = _READERS[fmt]
    try:
        mod = importlib.import_module(f"vanban.extract.readers.{module}")
    except ImportError as e:
        raise MissingTool(f"the {fmt} reader cannot be loaded ({e}); reinstall vanban with its dependencies") from None
    return getattr(mod, func)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _valid_unicode(result: ReadResult) -> ReadResult:
    """Lone UTF-16 surrogates (from a damaged PDF font map or a bad decoder) replaced with U+FFFD: they
    cannot be encoded, so every later stage (search index, JSON output, spaCy) would fail on them."""
    if not any(_SURROGATE_RE.search(b.text) for b in result.blocks):
        return result
    blocks = [b.model_copy(update={"text": _SURROGATE_RE.sub("\ufffd", b.text)}) for b in result.blocks]
    warning = "the text held characters that are not valid Unicode (lone surrogates); they were replaced with \ufffd"
    return result.model_copy(update={"blocks": blocks, "warnings": [*result.warnings, warning]})


def read_path(path: Path, settings: guard.GuardSettings = guard.DEFAULTS) -> tuple[str, str, ReadResult]:
    """Read any supported file: (format, sha256, result). Raises UnreadableDocument."""
    path = Path(path)
    size = guard.check_path(path, settings)
    data = guard.read_file(path, size)
    fmt = detect_format(path, data[:4096])
    guard.check_content(fmt, data, settings)
    result = _valid_unicode(reader_for(fmt)(path))
    ext = path.suffix.lower()
    named = _EXTENSIONS.get(ext)
    if named and named != fmt and not (named == "md" and fmt == "txt") and not (named == "doc" and fmt == "html"):
        what = {"txt": "plain text", "html": "a web page (HTML)"}.get(fmt, f"a {_NAMES.get(fmt, fmt)}")
        result = result.model_copy(
            update={"warnings": [f"the file is named {ext} but holds {what}; it was read as such", *result.warnings]}
        )
    if fmt == "txt" and named == "md":
        fmt = "md"
    return fmt, hashlib.sha256(data).hexdigest(), result
