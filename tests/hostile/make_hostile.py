"""Broken and hostile input for vanban: every kind of bad file the reliability tests feed it.

Each case is one kind of bad input, a function that writes it, and what vanban must answer: the
error contract (`expect="error"`, the reason matching `reason`) or a correct record
(`expect="record"`, whose text holds `contains`). Small cases (`small=True`) are also committed under
tests/hostile/files/ (regenerate them with `--commit`); the others (bombs, a 50 MB line, pipes,
links, permissions) are written where the tests run, because they cannot or should not be committed.

    python tests/hostile/make_hostile.py OUTDIR     # write every case into OUTDIR
    python tests/hostile/make_hostile.py --commit   # rewrite tests/hostile/files/
    python tests/hostile/make_hostile.py --list     # the kinds, one line each (docs/reliability.md)
    python tests/hostile/make_hostile.py --measure OUTDIR  # answer, time and peak memory of each kind
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
CORPUS = HERE.parent.parent / "corpus"
SEED = CORPUS / "seeds" / "001_90e93914de0aefd7.txt"  # Số: 277/KH-LĐLĐ
REAL_DOC = CORPUS / "real" / "hpqlvb__QD15UB.DOC"

SAMPLE = """LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU
Số: 12/KH-LĐLĐ
Lai Châu, ngày 15 tháng 10 năm 2021
KẾ HOẠCH
Phát triển đoàn viên năm 2022
Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam.
Phấn đấu kết nạp 540 đoàn viên mới.
Nơi nhận:
- Như trên;
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn An"""


@dataclass(frozen=True)
class Case:
    kind: str  # short id, also the file's stem
    name: str  # file name to write (the extension matters)
    describe: str  # one line for docs/reliability.md
    write: Callable[[Path], None]  # writes the case at the given path
    expect: str = "error"  # "error", "record", or "either" (depends on a reader: the contract either way)
    reason: str = ""  # regex the error reason must match (case-insensitive)
    contains: str = ""  # text the record's text must hold
    small: bool = False  # committed under tests/hostile/files/
    slow: bool = False  # takes seconds to read (a large genuine text): left out of the batch-ingest test


# ---- building blocks ---------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DATE = (2021, 10, 15, 0, 0, 0)


def _para(text: str) -> str:
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:p><w:r><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>'


def document_xml(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'


def sample_body() -> str:
    return "".join(_para(line) for line in SAMPLE.splitlines())


def zip_bytes(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _DATE)
            info.compress_type = method
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def docx_bytes(document: str | bytes | None = None, extra: dict[str, bytes | str] | None = None, rels: str = _RELS) -> bytes:
    parts: dict[str, bytes | str] = {"[Content_Types].xml": _CT, "_rels/.rels": rels}
    parts["word/document.xml"] = document if document is not None else document_xml(sample_body())
    parts.update(extra or {})
    return zip_bytes(parts)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def pdf_bytes(lines: list[str], user_password: bytes | None = None, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF with ASCII text in Helvetica; with a password, encrypted (standard handler, RC4 40-bit, R2)."""
    doc_id = hashlib.md5("\n".join(lines).encode()).digest()
    content = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
    stream = content.encode("latin-1")
    key = None
    encrypt = ""
    if user_password is not None:
        o_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
        o_value = _rc4(o_key, (user_password + _PAD)[:32])
        p = -4
        key = hashlib.md5((user_password + _PAD)[:32] + o_value + struct.pack("<i", p) + doc_id).digest()[:5]
        u_value = _rc4(key, _PAD)
        encrypt = f"<< /Filter /Standard /V 1 /R 2 /O <{o_value.hex()}> /U <{u_value.hex()}> /P {p} >>"
        obj_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
        stream = _rc4(obj_key, stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if encrypt:
        objects.append(encrypt.encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{doc_id.hex()}> <{doc_id.hex()}>]"
    if encrypt:
        trailer += f" /Encrypt {len(objects)} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PDF_LINES = ["KE HOACH", "So: 12/KH-UBND", "Lai Chau, ngay 15 thang 10 nam 2021", "Phat trien doan vien nam 2022"]


def _put(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _rng(kind: str) -> random.Random:
    return random.Random(kind)  # deterministic per case


def _random_bytes(kind: str, n: int) -> bytes:
    return _rng(kind).randbytes(n)


def _ole_rename(data: bytes, old: str, new: str) -> bytes:
    """Rename a directory entry of an OLE2 file (name field: 64 bytes UTF-16LE, length at +64)."""
    needle = old.encode("utf-16-le") + b"\x00\x00"
    pos = data.find(needle)
    while pos != -1 and pos % 128:
        pos = data.find(needle, pos + 1)
    if pos == -1:
        raise ValueError(f"no entry {old}")
    name = (new.encode("utf-16-le") + b"\x00\x00").ljust(64, b"\x00")
    return data[:pos] + name + struct.pack("<H", len(new) * 2 + 2) + data[pos + 66 :]


# ---- writers that need more than bytes ----------------------------------------------------------


def _zip_bomb(p: Path) -> None:
    """document.xml that unpacks to 256 MB of one repeated paragraph (compresses about 1000 to 1)."""
    chunk = (_para("a") * 40_000).encode()
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", _DATE), _CT)
        zf.writestr(zipfile.ZipInfo("_rels/.rels", _DATE), _RELS)
        info = zipfile.ZipInfo("word/document.xml", _DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as f:
            f.write(f'<w:document xmlns:w="{_W}"><w:body>'.encode())
            written = 0
            while written < 256 * 2**20:
                f.write(chunk)
                written += len(chunk)
            f.write(b"</w:body></w:document>")


def _ratio_bomb(p: Path) -> None:
    """Under the size cap, but a 30 MB part compressed 1000 to 1."""
    body = _para("a") * (30 * 2**20 // len(_para("a")))
    p.write_bytes(docx_bytes(document_xml(body)))


def _many_members(p: Path) -> None:
    extra: dict[str, bytes | str] = {f"word/media/x{i}.bin": b"" for i in range(12_000)}
    p.write_bytes(docx_bytes(extra=extra))


def _nested_tables(depth: int) -> str:
    inner = _para("Ô trong cùng")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return document_xml(sample_body() + inner)


def _deep_elements(p: Path) -> None:
    depth = 5000
    inner = "<w:sdt><w:sdtContent>" * depth + _para("sâu") + "</w:sdtContent></w:sdt>" * depth
    p.write_bytes(docx_bytes(document_xml(sample_body() + inner)))


def _truncated_docx(p: Path) -> None:
    data = docx_bytes()
    p.write_bytes(data[: len(data) * 6 // 10])


def _corrupt_docx(p: Path) -> None:
    data = bytearray(docx_bytes(document_xml(sample_body() * 5)))
    start = data.find(b"word/document.xml") + 40  # inside the compressed document part
    for i in range(start, start + 200):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))


def _long_line(size: int) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        with open(p, "wb") as f:
            f.write(SAMPLE.encode() + b"\n")
            block = ("đoàn viên công đoàn " * 5000).encode()
            written = 0
            while written < size:
                f.write(block)
                written += len(block)

    return write


def _many_lines(p: Path) -> None:
    p.write_bytes((SAMPLE + "\n" + "- Dòng ngắn;\n" * 20_000).encode())


def _adversarial_text(p: Path) -> None:
    """Patterns repeated to trip backtracking in the number, date, header and closing regexes."""
    units = [
        "1/A-" * 2000,
        "12/2020/A - B - " * 1000,
        "1-A/B-" * 2000,
        "ngày 1 tháng " * 1500,
        "Hà Nội, ngày " * 1500,
        "TM. " + "A " * 4000,
        "Số: " + "1/" * 4000,
        "# " + " " * 5000 + "x",
        "**" * 5000 + "a",
        "Căn cứ " * 3000,
        "CHỦ TỊCH " * 2000,
        "Ban Thường vụ " + "a " * 4000 + "xây",
    ]
    p.write_bytes((SAMPLE + "\n" + "\n".join(units)).encode())


def _utf16(encoding: str) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))


def _stray_nuls(p: Path) -> None:
    lines = SAMPLE.encode().split(b"\n")
    p.write_bytes(b"\n".join(line + (b"\x00" if i % 4 == 0 else b"") for i, line in enumerate(lines)))


def _truncated_doc(p: Path) -> None:
    p.write_bytes(REAL_DOC.read_bytes()[:4096])


def _corrupt_doc(p: Path) -> None:
    data = REAL_DOC.read_bytes()
    p.write_bytes(data[:512] + _random_bytes("corrupt_doc", len(data) - 512))


def _xls_as_doc(p: Path) -> None:
    p.write_bytes(_ole_rename(REAL_DOC.read_bytes(), "WordDocument", "Workbook"))


def _encrypted_office(p: Path) -> None:
    p.write_bytes(_ole_rename(REAL_DOC.read_bytes(), "WordDocument", "EncryptedPackage"))


def _png(p: Path) -> None:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    chunks = b""
    for tag, body in ((b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\x00\x00")), (b"IEND", b"")):
        chunks += struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)


def _elf(p: Path) -> None:
    header = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + struct.pack("<HHI", 2, 62, 1)
    p.write_bytes(header + _random_bytes("elf", 2000))


def _directory(p: Path) -> None:
    p.mkdir()
    (p / "inside.txt").write_text(SAMPLE + "\nTệp nằm trong thư mục tên folder.pdf.", encoding="utf-8")


def _unreadable(p: Path) -> None:
    p.write_text(SAMPLE + "\nTệp không có quyền đọc.", encoding="utf-8")
    p.chmod(0)


def _symlink_loop(p: Path) -> None:
    other = p.with_name(p.stem + "-other.txt")
    os.symlink(other.name, p)
    os.symlink(p.name, other)


def _broken_symlink(p: Path) -> None:
    os.symlink("does-not-exist.txt", p)


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _device(p: Path) -> None:
    os.symlink("/dev/zero", p)


def _odt(p: Path) -> None:
    p.write_bytes(
        zip_bytes(
            {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"},
            method=zipfile.ZIP_STORED,
        )
    )


def _zip_version(p: Path) -> None:
    """A .docx whose central directory asks for zip version 15.7 (found by fuzzing: zipfile raises NotImplementedError)."""
    data = bytearray(docx_bytes())
    pos = data.find(b"PK\x01\x02")
    data[pos + 6 : pos + 8] = (157).to_bytes(2, "little")
    p.write_bytes(bytes(data))


def _html_deep(p: Path) -> None:
    depth = 100_000
    p.write_text(
        "<html><body>" + "<div>" * depth + "<p>Số: 12/KH-UBND</p>" + "</div>" * depth + "</body></html>", encoding="utf-8"
    )


def _html_deep_tables(p: Path) -> None:
    depth = 3000
    inner = "<tr><td>Số: 12/KH-UBND</td></tr>"
    p.write_text("<html><body><table>" + "<tr><td><table>" * depth + inner + "</table></td></tr>" * depth + "</table></body></html>", encoding="utf-8")  # fmt: skip


def _pdf_many_pages(p: Path) -> None:
    """3,000 blank pages sharing one empty content stream."""
    n = 3000
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Length 0 >>\nstream\n\nendstream"]
    kids = []
    for _ in range(n):
        kids.append(f"{len(objs) + 1} 0 R")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    p.write_bytes(bytes(out))


def _xlsx(p: Path) -> None:
    ct = _CT.replace("wordprocessingml.document.main", "spreadsheetml.sheet.main").replace(
        "/word/document.xml", "/xl/workbook.xml"
    )
    p.write_bytes(zip_bytes({"[Content_Types].xml": ct, "_rels/.rels": _RELS, "xl/workbook.xml": "<workbook/>"}))


_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>\n"
)
_XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def _laughs_docx() -> bytes:
    return docx_bytes(document_xml(sample_body() + _para("&lol9;").replace("&amp;", "&"), prolog=_LAUGHS))


def _xxe_docx() -> bytes:
    return docx_bytes(document_xml(sample_body() + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog=_XXE))


def _xxe_rels() -> bytes:
    rels = _RELS.replace("\n<Relationships", '\n<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n<Relationships')
    return docx_bytes(rels=rels)


def _dtd_utf16() -> bytes:
    xml = document_xml(sample_body(), prolog=_XXE).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return docx_bytes(xml.encode("utf-16"))


def _dtd_after_comment() -> bytes:
    return docx_bytes(document_xml(sample_body(), prolog="<!--" + "x" * 100_000 + "-->\n" + _XXE))


def _html_laughs() -> bytes:
    return (_LAUGHS.replace("w:document", "html") + "<html><body><p>&lol9;</p></body></html>").encode()


CASES: list[Case] = [
    # empty and blank
    Case("empty_txt", "empty.txt", "empty .txt (0 bytes)", _put(b""), reason="empty", small=True),
    Case("empty_docx", "empty.docx", "empty .docx (0 bytes)", _put(b""), reason="empty", small=True),
    Case("empty_pdf", "empty.pdf", "empty .pdf (0 bytes)", _put(b""), reason="empty", small=True),
    Case("empty_doc", "empty.doc", "empty .doc (0 bytes)", _put(b""), reason="empty", small=True),
    Case(
        "blank_txt",
        "blank.txt",
        "text file of spaces and line breaks only",
        _put(b" \n\t\r\n  \n"),
        reason="empty|no text",
        small=True,
    ),
    # .docx: broken, bombs, entities, nesting, other packages
    Case(
        "truncated_docx",
        "truncated.docx",
        ".docx cut at 60% of its bytes",
        _truncated_docx,
        reason="truncated|damaged",
        small=True,
    ),
    Case(
        "corrupt_docx",
        "corrupt.docx",
        ".docx with 200 bytes of its compressed XML scrambled",
        _corrupt_docx,
        reason="damaged",
        small=True,
    ),
    Case(
        "zip_not_word",
        "random-files.docx",
        "zip of random files named .docx",
        _put(zip_bytes({"a.bin": _random_bytes("zip", 3000), "b/c.txt": "hello"})),
        reason="zip archive, not a Word document",
        small=True,
    ),  # fmt: skip
    Case("zip_bomb", "zip-bomb.docx", ".docx zip bomb: document.xml unpacks to 256 MB", _zip_bomb, reason="zip bomb"),
    Case("ratio_bomb", "ratio-bomb.docx", ".docx whose 30 MB part is compressed 1000 to 1", _ratio_bomb, reason="zip bomb"),
    Case("many_members", "many-parts.docx", ".docx zip with 12,000 parts", _many_members, reason="parts"),
    Case(
        "billion_laughs",
        "billion-laughs.docx",
        ".docx with XML entity expansion (billion laughs) in document.xml",
        _put(_laughs_docx()),
        reason="DTD",
        small=True,
    ),  # fmt: skip
    Case(
        "xxe_file", "xxe.docx", ".docx with an external entity reading /etc/passwd", _put(_xxe_docx()), reason="DTD", small=True
    ),
    Case(
        "xxe_rels",
        "xxe-rels.docx",
        ".docx with a network external entity in _rels/.rels",
        _put(_xxe_rels()),
        reason="DTD",
        small=True,
    ),
    Case(
        "dtd_utf16",
        "dtd-utf16.docx",
        ".docx whose document.xml is UTF-16 with a DOCTYPE",
        _put(_dtd_utf16()),
        reason="DTD",
        small=True,
    ),
    Case(
        "dtd_after_comment",
        "dtd-after-comment.docx",
        ".docx hiding its DOCTYPE after a 100 KB comment",
        _put(_dtd_after_comment()),
        reason="DTD",
        small=True,
    ),  # fmt: skip
    Case(
        "nested_tables",
        "nested-tables.docx",
        ".docx with tables nested 120 deep",
        _put(docx_bytes(_nested_tables(120))),
        reason="nests",
        small=True,
    ),  # fmt: skip
    Case(
        "deep_elements",
        "deep-elements.docx",
        ".docx with elements nested 10,000 deep",
        _deep_elements,
        reason="nests elements",
        small=True,
    ),  # fmt: skip
    Case(
        "tables_10_deep",
        "tables-10-deep.docx",
        ".docx with tables nested 10 deep (read, innermost cell kept)",
        _put(docx_bytes(_nested_tables(10))),
        expect="record",
        contains="Ô trong cùng",
        small=True,
    ),  # fmt: skip
    Case(
        "bad_xml",
        "bad-xml.docx",
        ".docx whose document.xml is not well-formed",
        _put(docx_bytes(document_xml(sample_body()).replace("</w:body>", "</w:bod>"))),
        reason="damaged|XML|cannot read",
        small=True,
    ),  # fmt: skip
    Case(
        "zip_version",
        "zip-version.docx",
        ".docx whose zip directory asks for an unknown zip version (fuzzing finding)",
        _zip_version,
        reason="damaged",
        small=True,
    ),  # fmt: skip
    Case("xlsx_as_docx", "workbook.docx", "Excel workbook (.xlsx) named .docx", _xlsx, reason="Excel", small=True),
    Case("odt_as_docx", "opendocument.docx", "OpenDocument text named .docx", _odt, reason="OpenDocument", small=True),
    # .pdf
    Case(
        "truncated_pdf",
        "truncated.pdf",
        ".pdf cut at 40% of its bytes",
        lambda p: p.write_bytes(pdf_bytes(PDF_LINES)[: len(pdf_bytes(PDF_LINES)) * 4 // 10]),
        reason="",
        small=True,
    ),  # fmt: skip
    Case(
        "corrupt_pdf",
        "corrupt.pdf",
        "PDF header followed by random bytes",
        _put(b"%PDF-1.4\n" + _random_bytes("pdf", 5000)),
        reason="",
        small=True,
    ),  # fmt: skip
    Case(
        "encrypted_pdf",
        "encrypted.pdf",
        "PDF encrypted with a user password",
        _put(pdf_bytes(PDF_LINES, user_password=b"secret")),
        reason="password",
        small=True,
    ),  # fmt: skip
    Case(
        "owner_only_pdf",
        "owner-password.pdf",
        "PDF with only an owner password (opens without one: read)",
        _put(pdf_bytes(PDF_LINES, user_password=b"")),
        expect="record",
        contains="12/KH-UBND",
        small=True,
    ),  # fmt: skip
    Case(
        "pdf_many_pages",
        "many-pages.pdf",
        "PDF of 3,000 blank pages (answered in bounded time)",
        _pdf_many_pages,
        expect="either",
    ),  # fmt: skip
    # .doc (OLE2)
    Case("truncated_doc", "truncated.doc", ".doc cut to its first 4 KB", _truncated_doc, reason="truncated", small=True),
    Case("corrupt_doc", "corrupt.doc", ".doc header followed by random sectors", _corrupt_doc, reason=""),
    Case("xls_as_doc", "workbook.doc", "Excel 97 workbook (OLE2 without WordDocument) named .doc", _xls_as_doc, reason="Excel"),
    Case(
        "encrypted_office",
        "encrypted-office.doc",
        "password-protected Office file (OLE2 EncryptedPackage)",
        _encrypted_office,
        reason="password",
    ),  # fmt: skip
    Case(
        "rtf_as_doc",
        "rich-text.doc",
        "RTF document named .doc",
        _put(rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Ke hoach\par}"),
        reason="RTF",
        small=True,
    ),  # fmt: skip
    # text
    Case(
        "binary_txt",
        "binary.txt",
        "random binary data named .txt",
        _put(_random_bytes("binary", 20_000)),
        reason="binary",
        small=True,
    ),
    Case("nul_txt", "zeros.txt", "file of NUL bytes named .txt", _put(b"\x00" * 10_000), reason="NUL", small=True),
    Case(
        "stray_nuls",
        "stray-nuls.txt",
        "Vietnamese text with stray NUL bytes (read, NULs dropped)",
        _stray_nuls,
        expect="record",
        contains="12/KH-LĐLĐ",
        small=True,
    ),  # fmt: skip
    Case("line_50mb", "line-50mb.txt", "a 50 MB single line", _long_line(50 * 2**20), reason="larger than"),
    Case("line_3mb", "line-3mb.txt", "a 3 MB single line (under the size cap)", _long_line(3 * 2**20), reason="line"),
    Case(
        "many_lines",
        "many-lines.txt",
        "20,000 short lines (read within the time bound)",
        _many_lines,
        expect="record",
        contains="12/KH-LĐLĐ",
        slow=True,
    ),  # fmt: skip
    Case(
        "adversarial_regex",
        "adversarial.txt",
        "text built to trigger regex backtracking (read in bounded time)",
        _adversarial_text,
        expect="record",
        contains="12/KH-LĐLĐ",
        slow=True,
    ),  # fmt: skip
    Case(
        "utf16le_no_bom",
        "utf16le.txt",
        "UTF-16 LE text without a BOM (read)",
        _utf16("utf-16-le"),
        expect="record",
        contains="277/KH-LĐLĐ",
    ),  # fmt: skip
    Case(
        "utf16be_no_bom",
        "utf16be.txt",
        "UTF-16 BE text without a BOM (read)",
        _utf16("utf-16-be"),
        expect="record",
        contains="277/KH-LĐLĐ",
    ),  # fmt: skip
    Case(
        "html_deep",
        "deep.html",
        "HTML with 100,000 nested div elements (answered in bounded time)",
        _html_deep,
        expect="either",
    ),  # fmt: skip
    Case(
        "html_deep_tables",
        "deep-tables.html",
        "HTML with tables nested 3,000 deep (answered in bounded time)",
        _html_deep_tables,
        expect="either",
    ),  # fmt: skip
    # not a document at all
    Case("png_as_pdf", "picture.pdf", "PNG image named .pdf", _png, reason="PNG", small=True),
    Case(
        "jpeg_as_docx",
        "photo.docx",
        "JPEG image named .docx",
        _put(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _random_bytes("jpeg", 3000)),
        reason="JPEG",
        small=True,
    ),  # fmt: skip
    Case("elf_as_txt", "program.txt", "ELF executable named .txt", _elf, reason="ELF", small=True),
    Case(
        "gzip_as_txt",
        "archive.txt",
        "gzip archive named .txt",
        _put(b"\x1f\x8b\x08\x00" + _random_bytes("gz", 2000)),
        reason="gzip",
        small=True,
    ),  # fmt: skip
    Case(
        "html_laughs",
        "laughs.html",
        "HTML declaring nested XML entities (billion laughs)",
        _put(_html_laughs()),
        reason="ENTITY",
        small=True,
    ),  # fmt: skip
    Case(
        "unsupported_ext",
        "sheet.xyz",
        "unknown extension holding random bytes",
        _put(_random_bytes("xyz", 500)),
        reason="unsupported",
        small=True,
    ),  # fmt: skip
    # wrong extension, but a document
    Case(
        "docx_as_pdf",
        "really-a-docx.pdf",
        "a genuine .docx named .pdf (read as .docx)",
        _put(docx_bytes()),
        expect="record",
        contains="12/KH-LĐLĐ",
        small=True,
    ),  # fmt: skip
    Case(
        "text_as_docx",
        "really-text.docx",
        "plain text named .docx (read as text, with a warning)",
        _put((SAMPLE + "\nVăn bản thuần đặt tên .docx.").encode()),
        expect="record",
        contains="12/KH-LĐLĐ",
        small=True,
    ),  # fmt: skip
    # the file system
    Case("directory", "folder.pdf", "a directory named x.pdf", _directory, reason="folder"),
    Case(
        "unreadable",
        "unreadable.txt",
        "file without read permission (root can read it: then a record)",
        _unreadable,
        reason="permission",
    ),  # fmt: skip
    Case("symlink_loop", "loop.txt", "symbolic links pointing at each other", _symlink_loop, reason="loop"),
    Case("broken_symlink", "dangling.txt", "symbolic link to a missing file", _broken_symlink, reason="broken symbolic link"),
    Case("fifo", "pipe.txt", "named pipe called .txt (reading it would block forever)", _fifo, reason="named pipe"),
    Case("device", "zero.txt", "link to /dev/zero called .txt (endless bytes)", _device, reason="device"),
    Case("newline_name", "new\nline.txt", "file name holding a line break (the error stays one line)", _put(b""), reason="empty"),
]


def case(kind: str) -> Case:
    return next(c for c in CASES if c.kind == kind)


def generate(dest: Path, only: list[str] | None = None) -> list[tuple[Case, Path]]:
    """Write every case (or `only` these kinds) into `dest`; (case, path) pairs."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for c in CASES:
        if only is not None and c.kind not in only:
            continue
        p = dest / c.name
        if not p.exists() and not p.is_symlink():
            c.write(p)
        out.append((c, p))
    return out


def measure_all(dest: Path) -> int:
    """Extract every case in a bounded worker and print a Markdown table: outcome, time, peak memory."""
    sys.path.insert(0, str(HERE.parent.parent))
    from vanban.extract.limits import Limits, measure, warm_reader
    from vanban.extract.pipeline import extract_file

    print("| kind | answer | seconds | peak memory (MB) |")
    print("|---|---|---:|---:|")
    for c, p in generate(dest):
        warm_reader(p)
        result, stats = measure(extract_file, str(p), limits=Limits(timeout=60))
        answer = "record" if stats.ended == "ok" else f"error: {result}"
        peak = f"{stats.peak_rss_mb:.0f}" if stats.peak_rss_mb else "-"
        print(f"| `{c.kind}` | {answer[:110]} | {stats.seconds:.2f} | {peak} |")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        for c in CASES:
            want = {"record": f"record containing {c.contains!r}", "either": "error or record"}.get(c.expect, "error")
            print(f"- `{c.kind}`: {c.describe} -> {want}")
        return 0
    if argv[:1] == ["--commit"]:
        FILES.mkdir(exist_ok=True)
        for f in FILES.iterdir():
            f.unlink()
        for c in CASES:
            if c.small:
                c.write(FILES / c.name)
        print(f"wrote {sum(c.small for c in CASES)} files to {FILES}")
        return 0
    if argv[:1] == ["--measure"] and len(argv) == 2:
        return measure_all(Path(argv[1]))
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    pairs = generate(Path(argv[0]))
    print(f"wrote {len(pairs)} cases to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
