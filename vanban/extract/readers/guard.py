"""Pre-flight checks on a file before any reader parses it.

Readers hand untrusted bytes to zip, XML, PDF and OLE parsers. The checks here are cheap, read only
what they must, and refuse what no genuine document looks like: a path that is not a regular file,
a file too large for its format, a picture or program under a document's name, a .docx that is a zip
bomb or whose XML declares a DTD (entity expansion, external entities), tables nested without end,
a password-protected PDF or Word file, binary data named .txt, a text line of megabytes. Every refusal
is an UnreadableDocument whose message says what the file is and, where it helps, what to do.

Time and memory bounds for whatever the checks cannot foresee are the job of `vanban.extract.limits`.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from vanban.errors import UnreadableDocument
from vanban.extract.data import load

_MB = 1 << 20


@dataclass(frozen=True)
class GuardSettings:
    """Every threshold of the pre-flight checks, with its default, in one place."""

    # Largest file read per format, in MB. Text formats are small; PDFs carry page images.
    max_mb: dict[str, int] = field(default_factory=lambda: {"txt": 20, "md": 20, "html": 20, "docx": 100, "doc": 100, "pdf": 200})
    max_any_mb: int = 200  # before the format is known
    max_line_bytes: int = _MB  # longest line of a text file (UTF-16: twice this)
    zip_members: int = 10_000  # a Word package holds tens of parts, a few hundred with many pictures
    zip_total_mb: int = 500  # sum of the uncompressed sizes of all parts
    zip_part_mb: int = 200  # uncompressed size of one part
    zip_ratio: int = 200  # uncompressed/compressed size of a part over `zip_ratio_from_mb`
    zip_ratio_from_mb: int = 10
    xml_depth: int = 200  # element nesting (libxml2 itself stops at 256)
    table_depth: int = 50  # tables inside tables
    xml_prolog_bytes: int = _MB  # bytes read to find an XML part's root element
    xml_tag_bytes: int = 10 * _MB  # one start tag (with its attributes)

    def __post_init__(self) -> None:
        numbers = [v for k, v in vars(self).items() if k != "max_mb"] + list(self.max_mb.values())
        if any(not isinstance(v, int) or v <= 0 for v in numbers):
            raise ValueError("every guard threshold must be a positive whole number")


DEFAULTS = GuardSettings()


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB"


# ---- the path itself ---------------------------------------------------------------------------


def check_path(path: Path, settings: GuardSettings = DEFAULTS) -> int:
    """The size of `path` if it is a regular, non-empty file of acceptable size; else UnreadableDocument.

    Never opens the file, so a named pipe or a device cannot block or flood the caller.
    """
    try:
        st = os.stat(path)
    except OSError as e:
        raise UnreadableDocument(_stat_error(path, e)) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UnreadableDocument("is a folder, not a file")
    if stat.S_ISFIFO(mode):
        raise UnreadableDocument("is a named pipe, not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise UnreadableDocument("is a device, not a file")
    if stat.S_ISSOCK(mode):
        raise UnreadableDocument("is a socket, not a file")
    if not stat.S_ISREG(mode):
        raise UnreadableDocument("is not a regular file")
    if st.st_size == 0:
        raise UnreadableDocument("the file is empty")
    if st.st_size > settings.max_any_mb * _MB:
        raise UnreadableDocument(f"the file is larger than {settings.max_any_mb} MB, more than any document vanban reads")
    return st.st_size


def _stat_error(path: Path, e: OSError) -> str:
    if e.errno == errno.ENOENT:
        return "is a broken symbolic link (its target does not exist)" if os.path.islink(path) else "no such file"
    if e.errno == errno.ELOOP:
        return "the symbolic links of this path loop back on themselves"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: a folder on the path cannot be entered"
    if e.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder)"
    if e.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot look at the file ({e.strerror or e.__class__.__name__})"


def read_file(path: Path, size: int) -> bytes:
    """The bytes of a file `check_path` accepted, read in full (at most one byte more than `size`)."""
    try:
        with open(path, "rb") as f:
            data = f.read(size + 1)
    except PermissionError:
        raise UnreadableDocument("permission denied: the file cannot be read") from None
    except OSError as e:
        raise UnreadableDocument(f"cannot open the file ({e.strerror or e.__class__.__name__})") from None
    if not data:
        raise UnreadableDocument("the file is empty")
    return data


# ---- what the bytes are ------------------------------------------------------------------------


@cache
def _signatures() -> list[tuple[int, bytes, str]]:
    out = []
    for entry in load("magic"):
        what = entry["what"] + ", not a document vanban reads" + (f"; {entry['hint']}" if entry.get("hint") else "")
        out.append((int(entry.get("offset", 0)), bytes.fromhex(entry["hex"]), what))
    return out


def not_a_document(head: bytes) -> str | None:
    """What the file is when its first bytes name a kind of file that is not a document
    ('a PNG image, not a document vanban reads; scanned pages must be inside a PDF to be read')."""
    for offset, magic, what in _signatures():
        if head[offset : offset + len(magic)] == magic:
            return what
    if head[:2] == b"MZ" and len(head) >= 64:
        pe = int.from_bytes(head[60:64], "little")
        if head[pe : pe + 4] == b"PE\x00\x00":
            return "a Windows program, not a document vanban reads"
    return None


def refuse_non_document(head: bytes) -> None:
    what = not_a_document(head)
    if what:
        raise UnreadableDocument(f"the file is {what}")


def _is_utf16(sample: bytes) -> bool:
    """UTF-16 text: a byte-order mark, or NUL bytes on one parity only (every other byte of ASCII)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    nuls = sample.count(0)
    if nuls < len(sample) // 5:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= 0.9 * nuls


# Control bytes that text never holds (tab, line feed, vertical tab, form feed, carriage return
# and the VISCII letters 0x02, 0x05, 0x06, 0x14, 0x19, 0x1e are allowed).
_CONTROL = bytes(b for b in [*range(0, 9), *range(14, 32), 127] if b not in (0x02, 0x05, 0x06, 0x14, 0x19, 0x1E))


def _samples(data: bytes, n: int = 65536) -> bytes:
    if len(data) <= 3 * n:
        return data
    mid = len(data) // 2
    return data[:n] + data[mid : mid + n] + data[-n:]


def text_problem(data: bytes) -> str | None:
    """Why `data` is not text, or None when it may be (UTF-8, UTF-16, a legacy 8-bit encoding)."""
    if not data.strip(b"\x00"):
        return "the file holds only NUL bytes (zeros), no text"
    sample = _samples(data)
    if _is_utf16(sample):
        return None
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if nuls > len(sample) // 10 or controls > len(sample) // 20:
        return "the file holds binary data (NUL and control bytes), not text"
    return None


def looks_like_text(data: bytes) -> bool:
    return not_a_document(data[:64]) is None and text_problem(data) is None


def _longest_line(data: bytes) -> int:
    return max(map(len, re.split(rb"[\r\n]", data)))


def check_text(data: bytes, fmt: str, settings: GuardSettings = DEFAULTS) -> None:
    """Text formats (.txt, .md, .html): no binary data, no line of megabytes, no XML entity declarations."""
    problem = text_problem(data)
    if problem:
        raise UnreadableDocument(problem)
    if fmt == "html":
        head = data[: 64 * 1024].replace(b"\x00", b"").lower()
        if b"<!entity" in head:
            raise UnreadableDocument(
                "the HTML declares XML entities (<!ENTITY>), which no web page needs and which can expand without bound"
            )
        return
    limit = settings.max_line_bytes * (2 if _is_utf16(_samples(data)) else 1)
    if len(data) > limit and _longest_line(data) > limit:
        raise UnreadableDocument(f"a line of the text is longer than {limit // _MB} MB; this is not the text of a document")


# ---- .docx: a zip package of XML parts ---------------------------------------------------------

_TAG_RE = re.compile(
    rb"""
    <(?P<close>/?)                                   # start or end tag
    (?P<name>[A-Za-z_][\w.:-]*)                       # qualified name, e.g. w:tbl
    (?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*        # attributes (a value may hold '>')
    \s*(?P<empty>/?)>                                 # '/>' closes an empty element
    """,
    re.VERBOSE,
)
_ROOT_RE = re.compile(rb"<[A-Za-z_]")
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']""")
_XML_ENCODINGS = {b"utf-8", b"utf8", b"utf-16", b"utf-16le", b"utf-16be", b"us-ascii", b"ascii", b"iso-8859-1", b"windows-1252"}


@dataclass
class _Depth:
    depth: int = 0
    tables: int = 0
    max_depth: int = 0
    max_tables: int = 0


def check_zip(data: bytes, settings: GuardSettings = DEFAULTS) -> None:
    """A .docx: a readable zip, no bomb, a Word package, every XML part free of DTDs and sanely nested."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # BadZipFile, NotImplementedError (a made-up zip version), struct errors, ...
        raise UnreadableDocument("the .docx file is truncated or damaged (its zip directory cannot be read)") from None
    if len(infos) > settings.zip_members:
        raise UnreadableDocument(
            f"the zip package holds {len(infos)} parts (more than {settings.zip_members}): not a Word document"
        )
    total = 0
    for info in infos:
        _check_member(info, settings)
        total += info.file_size
    if total > settings.zip_total_mb * _MB:
        raise UnreadableDocument(
            f"the .docx would unpack to {_mb(total)} (more than {settings.zip_total_mb} MB): a zip bomb, not a document"
        )
    for info in infos:
        if not info.is_dir():
            _check_xml_member(zf, info, settings)
    _check_package_kind(zf)


def _check_member(info: zipfile.ZipInfo, s: GuardSettings) -> None:
    if info.flag_bits & 0x1:
        raise UnreadableDocument("the zip package is encrypted; open it with its password and save an unprotected .docx")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnreadableDocument(
            f"the part '{info.filename}' uses zip compression method {info.compress_type}, which Word never writes"
        )
    if info.file_size > s.zip_part_mb * _MB:
        raise UnreadableDocument(
            f"the part '{info.filename}' would unpack to {_mb(info.file_size)} (more than {s.zip_part_mb} MB): a zip bomb"
        )
    if info.file_size > s.zip_ratio_from_mb * _MB and info.file_size > s.zip_ratio * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise UnreadableDocument(f"the part '{info.filename}' is compressed {ratio} to 1 (more than {s.zip_ratio}): a zip bomb")


def _open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo):  # noqa: ANN202
    try:
        return zf.open(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error) as e:
        raise UnreadableDocument(f"the .docx file is damaged (the part '{info.filename}' cannot be opened: {e})") from None


def _read(stream, n: int, name: str) -> bytes:  # noqa: ANN001
    try:
        return stream.read(n)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error) as e:
        raise UnreadableDocument(f"the .docx file is damaged (the part '{name}' cannot be unpacked: {e})") from None


def _check_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, s: GuardSettings) -> None:
    name = info.filename
    with _open_member(zf, info) as stream:
        head = _read(stream, 4096, name)
        plain = head.replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
        is_xml = name.lower().endswith((".xml", ".rels", ".vml")) or plain.startswith(b"<")
        if not is_xml:
            return
        utf16 = _is_utf16(head) if head else False
        buf = head
        # The prolog: everything before the root element. A DTD can only be declared there.
        while True:
            text = buf.replace(b"\x00", b"") if utf16 else buf
            root = _ROOT_RE.search(text)
            prolog = text[: root.start()] if root else text
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise UnreadableDocument(
                    f"the XML part '{name}' declares a DTD (<!DOCTYPE>), which Word never writes: its entities could "
                    "expand without bound or read other files, so the file is refused"
                )
            if root:
                break
            more = _read(stream, 64 * 1024, name)
            if not more:
                if text.strip():
                    raise UnreadableDocument(f"the XML part '{name}' has no root element: the .docx is damaged")
                return  # an empty part
            buf += more
            if len(buf) > s.xml_prolog_bytes:
                raise UnreadableDocument(f"the XML part '{name}' has no element in its first {s.xml_prolog_bytes // _MB} MB")
        enc = _ENCODING_RE.match(text)
        if enc and enc.group(1).lower() not in _XML_ENCODINGS:
            raise UnreadableDocument(
                f"the XML part '{name}' is in the unusual encoding {enc.group(1).decode('ascii', 'replace')}"
            )
        if utf16:
            return  # nesting is left to the XML parser's own depth limit
        _check_nesting(stream, buf, name, s)


def _check_nesting(stream, buf: bytes, name: str, s: GuardSettings) -> None:  # noqa: ANN001
    """Element and table nesting depth of one XML part, streamed in 1 MB chunks."""
    d = _Depth()
    while True:
        chunk = _read(stream, _MB, name)
        if chunk:
            buf += chunk
            cut = buf.rfind(b"<")  # tags cannot hold '<', so everything before the last one is complete
            if cut <= 0:
                if len(buf) > s.xml_tag_bytes:
                    raise UnreadableDocument(f"the XML part '{name}' holds a tag longer than {s.xml_tag_bytes // _MB} MB")
                continue
        else:
            cut = len(buf)
        _count_tags(_TAG_RE.findall(buf, 0, cut), d, name, s)
        buf = buf[cut:]
        if not chunk:
            return
        if len(buf) > s.xml_tag_bytes:
            raise UnreadableDocument(f"the XML part '{name}' holds a tag longer than {s.xml_tag_bytes // _MB} MB")


def _count_tags(tags: list[tuple[bytes, bytes, bytes]], d: _Depth, name: str, s: GuardSettings) -> None:
    """Follow the nesting through `tags`, (close, name, empty) in document order (one loop, no call per tag:
    a part holds thousands of them)."""
    depth, tables, max_depth, max_tables = d.depth, d.tables, s.xml_depth, s.table_depth
    for close, tag, empty in tags:
        is_table = tag.rpartition(b":")[2] == b"tbl"
        if close:
            depth -= 1
            tables -= is_table
            continue
        if empty:
            continue
        depth += 1
        tables += is_table
        if depth > max_depth:
            raise UnreadableDocument(f"the XML part '{name}' nests elements more than {max_depth} deep: not a genuine document")
        if tables > max_tables:
            raise UnreadableDocument(f"the document nests tables more than {max_tables} deep: not a genuine document")
    d.depth, d.tables = depth, tables


_OTHER_PACKAGES = {
    b"spreadsheetml": "an Excel workbook (.xlsx), not a Word document",
    b"presentationml": "a PowerPoint presentation (.pptx), not a Word document",
}


def _check_package_kind(zf: zipfile.ZipFile) -> None:
    names = {n.lower(): n for n in zf.namelist()}
    if "mimetype" in names:
        with _open_member(zf, zf.getinfo(names["mimetype"])) as stream:
            mime = _read(stream, 200, "mimetype")
        if b"opendocument.text" in mime:
            raise UnreadableDocument("the file is an OpenDocument text (.odt); open it in LibreOffice and save it as .docx")
        if b"opendocument" in mime:
            raise UnreadableDocument("the file is an OpenDocument file (spreadsheet or presentation), not a document")
        raise UnreadableDocument("the file is a zip package (an e-book or application), not a Word document")
    if "[content_types].xml" not in names:
        raise UnreadableDocument("the file is a zip archive, not a Word document (it has no [Content_Types].xml)")
    info = zf.getinfo(names["[content_types].xml"])
    with _open_member(zf, info) as stream:
        types = _read(stream, 1 * _MB, info.filename)
    if b"wordprocessingml" in types or b"ms-word" in types:
        return
    for key, what in _OTHER_PACKAGES.items():
        if key in types:
            raise UnreadableDocument(f"the file is {what}")
    raise UnreadableDocument("the file is an Office package that is not a Word document")


# ---- .doc: an OLE2 compound file ---------------------------------------------------------------

_FREE_SECTORS = 0xFFFFFFFA  # ids at and above this are markers, not sectors


def _ole_names(data: bytes, name: str) -> bool:
    """True when a directory entry called `name` exists (entries are 128 bytes, 128-aligned)."""
    needle = name.encode("utf-16-le") + b"\x00\x00"
    start = data.find(needle)
    while start != -1:
        if start % 128 == 0:
            return True
        start = data.find(needle, start + 1)
    return False


def check_ole(data: bytes) -> None:
    """A Word 97-2003 .doc: a whole OLE2 file holding a WordDocument stream, not encrypted."""
    if len(data) < 1536:
        raise UnreadableDocument("the .doc file is truncated (shorter than its own header)")
    shift = int.from_bytes(data[30:32], "little")
    if data[28:30] != b"\xfe\xff" or shift not in (9, 12):
        raise UnreadableDocument("the .doc file is damaged (its OLE2 header is invalid)")
    sector = 1 << shift
    n_sectors = (len(data) - sector) // sector + (1 if (len(data) - sector) % sector else 0)
    first_dir = int.from_bytes(data[48:52], "little")
    difat = [int.from_bytes(data[76 + 4 * i : 80 + 4 * i], "little") for i in range(109)]
    if first_dir >= n_sectors or any(n_sectors <= s < _FREE_SECTORS for s in difat):
        raise UnreadableDocument("the .doc file is truncated (its sector table points past the end of the file)")
    if _ole_names(data, "EncryptedPackage") or _ole_names(data, "EncryptionInfo"):
        raise UnreadableDocument("the document is protected by a password; open it in Word with the password and save a copy")
    if not _ole_names(data, "WordDocument"):
        if _ole_names(data, "Workbook") or _ole_names(data, "Book"):
            raise UnreadableDocument("the file is an Excel 97-2003 workbook (.xls), not a Word document")
        if _ole_names(data, "PowerPoint Document"):
            raise UnreadableDocument("the file is a PowerPoint 97-2003 presentation (.ppt), not a Word document")
        raise UnreadableDocument("the file is an OLE2 compound file without a Word document inside (not a .doc)")
    if _word_fib_encrypted(data, sector):
        raise UnreadableDocument(
            "the Word document is protected by a password; open it in Word with the password and save a copy"
        )


def _word_fib_encrypted(data: bytes, sector: int) -> bool:
    """The fEncrypted flag of the Word FIB, read from the first sector of the WordDocument stream."""
    needle = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    pos = data.find(needle)
    while pos != -1 and pos % 128:
        pos = data.find(needle, pos + 1)
    if pos == -1:
        return False
    start = int.from_bytes(data[pos + 116 : pos + 120], "little")
    off = sector + start * sector
    fib = data[off : off + 12]
    if len(fib) < 12 or fib[:2] != b"\xec\xa5":
        return False
    flags = int.from_bytes(fib[10:12], "little")
    return bool(flags & 0x0100)


# ---- .pdf --------------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """A PDF that asks for a password to open is refused; one with only an owner password is read."""
    if b"/Encrypt" not in data:
        return
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise UnreadableDocument(
                "the PDF is protected by a password; open it with the password and save or print an unprotected copy"
            ) from None
        return  # damaged in another way: the reader decides whether it can recover
    pdf.close()


# ---- all formats -------------------------------------------------------------------------------


def check_content(fmt: str, data: bytes, settings: GuardSettings = DEFAULTS) -> None:
    """The checks for `fmt` on the file's bytes. Raises UnreadableDocument."""
    limit = settings.max_mb.get(fmt, settings.max_any_mb)
    if len(data) > limit * _MB:
        raise UnreadableDocument(f"the .{fmt} file is larger than {limit} MB, more than any such document")
    if fmt in ("txt", "md", "html"):
        check_text(data, fmt, settings)
    elif fmt == "docx":
        check_zip(data, settings)
    elif fmt == "doc":
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            check_ole(data)
        else:  # Word 2003 XML or HTML saved as .doc
            check_text(data, "html", settings)
    elif fmt == "pdf":
        check_pdf(data)
