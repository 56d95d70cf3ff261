"""Plain text and Markdown: encoding detected, Markdown markers turned into provenance."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from vanban.errors import UnreadableDocument
from vanban.extract import legacy
from vanban.schemas import Block, ReadResult

_HEADING_RE = re.compile(
    r"""^\s{0,3}                   # up to three spaces of indentation
        (?P<hashes>\#{1,6})\s+      # one to six '#' and a space
        (?P<text>.*?)               # the heading text
        \s*\#*\s*$                  # optional closing '#'s
    """,
    re.VERBOSE,
)
_EMPHASIS_RE = re.compile(
    r"""(\*{1,3}|_{2,3})(?=\S)       # opening emphasis: *, **, ***, __, ___ before a letter
      | (?<=\S)(\*{1,3}|_{2,3})      # closing emphasis after a letter
      | ^\*{2,3}                     # bold marker at the start of the line
      | \*{2,3}$                     # bold marker at the end of the line
    """,
    re.VERBOSE,
)
_BOLD_RE = re.compile(r"\*\*+")  # bold markers from Markdown exports, never part of the text
_MD_BREAK_RE = re.compile(
    r"""(?:\ \                       # two spaces at the end of a line
         | \\                       # or a backslash
        )$""",
    re.VERBOSE,
)
# A Markdown table (what converters such as markitdown, pandoc and docling make of a Word table, the header's
# included): rows between pipes, and under the first one a rule of dashes per column.
PIPE_ROW_RE = re.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$")
PIPE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")  # a pipe that is not escaped ('\|')
_CELL_BREAK_RE = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)  # a line break written inside a cell
_CELL_ITEM_RE = re.compile(r"(?:(?<=[;:.,])|^)[ \t]+(?=[-–+•][ \t])")  # '…; - Lưu VT.': the items of a list in a cell
_MAX_REPLACEMENTS = 0.01  # share of undecodable bytes above which a file is not text in a known encoding


def _utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: the byte order that decodes to the most ordinary text, if any does."""
    best, best_score = None, 0.0
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:4000]
        ordinary = sum(1 for c in sample if c.isprintable() or c in "\t\r\n")
        score = ordinary / max(1, len(sample))
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= 0.95 else None


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode the bytes of a text file: (text in NFC, warning or None).

    Tries, in order: a byte-order mark (UTF-8, UTF-16), UTF-16 without one (NUL bytes), UTF-8,
    the one-byte legacy tables (TCVN3, VNI, VISCII) when they read as Vietnamese, and Windows-1258,
    whose tone marks are combining characters and are composed here.
    """
    if not data.strip(b"\x00 \t\r\n"):
        raise UnreadableDocument("the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _nfc(data[3:].decode("utf-8", errors="replace")), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _nfc(data.decode("utf-16", errors="replace")), None
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 10:
        text = _utf16(data)
        if text is None:
            raise UnreadableDocument("the file holds binary data, not text")
        return _nfc(text), None
    try:
        return _nfc(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    text = _nfc(data.decode("cp1258", errors="replace"))
    found = legacy.decode_legacy_bytes(data, text)
    if found is not None:
        converted, key = found
        return (
            converted,
            f"the file is not UTF-8; it was typed in the {legacy.encoding_name(key)} encoding and was converted to Unicode",
        )
    if text.count("\ufffd") > len(text) * _MAX_REPLACEMENTS:
        raise UnreadableDocument("the file is not text in a known encoding (UTF-8, UTF-16, Windows-1258)")
    return text, "the file is not UTF-8; it was read as Windows-1258"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _looks_like_markdown(lines: list[str]) -> bool:
    hits = sum(1 for x in lines if _HEADING_RE.match(x) or x.lstrip().startswith("**"))
    return hits >= 2


def text_to_blocks(text: str, markdown: bool | None = None) -> list[Block]:
    """Split text into paragraph blocks (one per line); Markdown headings keep their level, and the rows of a
    Markdown table become cell blocks (`table`, `row`, `col`), as a Word or HTML table's do."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if markdown is None:
        markdown = _looks_like_markdown(lines)
    blocks: list[Block] = []
    tables = _pipe_tables(lines) if markdown and "|" in text else {}
    for i, line in enumerate(lines):
        if i in tables:
            blocks += tables[i]
            continue
        level = None
        if markdown:
            m = _HEADING_RE.match(line)
            if m:
                level, line = len(m.group("hashes")), m.group("text")
            line = _MD_BREAK_RE.sub("", line)
            line = _EMPHASIS_RE.sub("", line)
        line = _BOLD_RE.sub("", line)
        if line.strip():
            blocks.append(Block(text=line, kind="heading" if level else "paragraph", level=level))
    return blocks


def _pipe_tables(lines: list[str]) -> dict[int, list[Block]]:
    """The cell blocks of each Markdown table, by the index of each of its lines (a table's blocks under its first
    line, [] under the others). A run of pipe rows is a table when its second line is the rule of dashes."""
    out: dict[int, list[Block]] = {}
    i, table = 0, 0
    while i < len(lines):
        if not (PIPE_ROW_RE.match(lines[i]) and i + 1 < len(lines) and PIPE_RULE_RE.match(lines[i + 1])):
            i += 1
            continue
        end = i + 2
        while end < len(lines) and PIPE_ROW_RE.match(lines[end]) and not PIPE_RULE_RE.match(lines[end]):
            end += 1
        rows = [lines[i], *lines[i + 2 : end]]
        blocks = []
        for r, row in enumerate(rows):
            m = PIPE_ROW_RE.match(row)
            for c, cell in enumerate(_CELL_SPLIT_RE.split(m.group("cells")) if m else []):
                text = "\n".join(_cell_lines(cell.replace("\\|", "|")))
                if text:
                    blocks.append(Block(text=text, kind="cell", table=table, row=r, col=c))
        out.update({k: [] for k in range(i, end)})
        out[i] = blocks
        table += 1
        i = end
    return out


def _cell_lines(cell: str) -> list[str]:
    """A cell's lines: a converter joins a cell's paragraphs with '<br>' or with a space, so each '<br>', each bold
    run ('LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN **CÔNG ĐOÀN NGÀNH Y TẾ**') and each dash item after a ';' or ':'
    ('**Nơi nhận:** - LĐLĐ tỉnh; - Lưu VT.') starts a line."""
    out = []
    for piece in _CELL_BREAK_RE.split(cell):
        for run in piece.split("**"):
            for item in _CELL_ITEM_RE.split(run):
                t = _EMPHASIS_RE.sub("", item).strip()
                if t:
                    out.append(t)
    return out


def read_text(path: Path) -> ReadResult:
    """A .txt or .md file. Text copied out of a legacy-font document (TCVN3 characters saved as UTF-8) is converted too."""
    text, warning = decode_bytes(path.read_bytes())
    blocks = text_to_blocks(text, markdown=True if path.suffix.lower() == ".md" else None)
    if not blocks:
        raise UnreadableDocument("the file holds no text")
    warnings = [warning] if warning else []
    plan = legacy.plan_for(b.text for b in blocks)
    if plan.key is not None:
        blocks = [b.model_copy(update={"text": plan.convert_text(b.text)}) for b in blocks]
        warnings.append(plan.warning or "")
    return ReadResult(blocks=blocks, warnings=warnings)
