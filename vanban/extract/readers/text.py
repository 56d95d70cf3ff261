"""Plain text and Markdown: encoding detected, Markdown markers turned into provenance."""

from __future__ import annotations

import re
from pathlib import Path

from vanban.errors import UnreadableDocument
from vanban.schemas import Block, ReadResult

_HEADING_RE = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})|^\*{2,3}|\*{2,3}$")
_BOLD_RE = re.compile(r"\*\*+")  # bold markers from Markdown exports, never part of the text
_MD_BREAK_RE = re.compile(r"(?:  |\\)$")  # Markdown hard line break at end of line


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode text bytes; return (text, warning). Tries BOMs, UTF-8, UTF-16, then Windows-1258."""
    if not data.strip(b"\x00 \t\r\n"):
        raise UnreadableDocument("the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        if max(even_nuls, odd_nuls) > len(sample) // 3:
            return data.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le", errors="replace"), None
        raise UnreadableDocument("the file holds binary data, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        raise UnreadableDocument("the file is not text in a known encoding (UTF-8, UTF-16, Windows-1258)")
    return text, "the file is not UTF-8; it was read as Windows-1258"


def _looks_like_markdown(lines: list[str]) -> bool:
    hits = sum(1 for x in lines if _HEADING_RE.match(x) or x.lstrip().startswith("**"))
    return hits >= 2


def text_to_blocks(text: str, markdown: bool | None = None) -> list[Block]:
    """Split text into paragraph blocks (one per line); Markdown headings keep their level."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if markdown is None:
        markdown = _looks_like_markdown(lines)
    blocks: list[Block] = []
    for line in lines:
        level = None
        if markdown:
            m = _HEADING_RE.match(line)
            if m:
                level, line = len(m.group("hashes")), m.group("text")
            line = _MD_BREAK_RE.sub("", line)
            line = _EMPHASIS_RE.sub("", line)
        line = _BOLD_RE.sub("", line)
        if line.strip():
            kind = "heading" if level else "paragraph"
            blocks.append(Block(text=line, kind=kind, level=level))
    return blocks


def read_text(path: Path) -> ReadResult:
    """A .txt or .md file."""
    text, warning = decode_bytes(path.read_bytes())
    blocks = text_to_blocks(text, markdown=True if path.suffix.lower() == ".md" else None)
    if not blocks:
        raise UnreadableDocument("the file holds no text")
    return ReadResult(blocks=blocks, warnings=[warning] if warning else [])
