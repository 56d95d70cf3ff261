"""Unit tables for the pre-flight checks (vanban/extract/readers/guard.py) and the format sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.make_hostile import REAL_DOC, SAMPLE, _ole_rename, document_xml, docx_bytes, sample_body, zip_bytes
from vanban.errors import UnreadableDocument
from vanban.extract.readers import detect_format, read_path
from vanban.extract.readers.guard import (
    _ENCODING_RE,
    _ROOT_RE,
    _TAG_RE,
    GuardSettings,
    _longest_line,
    check_ole,
    check_text,
    check_zip,
    not_a_document,
    text_problem,
)


@pytest.mark.parametrize(
    ("tag", "close", "name", "empty"),
    [
        ("<w:tbl>", "", "w:tbl", ""),
        ("</w:tbl>", "/", "w:tbl", ""),
        ("<tbl/>", "", "tbl", "/"),
        ('<w:tc w:val="a>b"/>', "", "w:tc", "/"),  # '>' inside an attribute value
        ("<w:p\n  w:rsidR='00A1'>", "", "w:p", ""),
        ('<a:tbl xmlns:a="urn:x" >', "", "a:tbl", ""),
    ],
)
def test_tag_re_matches_tags(tag: str, close: str, name: str, empty: str) -> None:
    m = _TAG_RE.fullmatch(tag.encode())
    assert m and (m.group("close"), m.group("name"), m.group("empty")) == (close.encode(), name.encode(), empty.encode())


@pytest.mark.parametrize("text", ["<!-- <w:tbl> -->", "<?xml version='1.0'?>", "<![CDATA[x]]>", "< w:p>", "<1a>", "<!DOCTYPE x>"])
def test_tag_re_skips_what_is_not_a_tag(text: str) -> None:
    assert _TAG_RE.match(text.encode()) is None


@pytest.mark.parametrize(("text", "root"), [("<w:document>", True), ("<a/>", True), ("<_x>", True), ("<?xml", False), ("<!DOCTYPE", False), ("<!--", False), ("</x>", False)])  # fmt: skip
def test_root_re(text: str, root: bool) -> None:
    assert bool(_ROOT_RE.match(text.encode())) == root


@pytest.mark.parametrize(
    ("decl", "encoding"),
    [
        ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "UTF-8"),
        ("  <?xml version='1.0' encoding='utf-16'?>", "utf-16"),
        ('<?xml version="1.0" encoding="UTF-7"?>', "UTF-7"),
        ('<?xml version="1.0"?>', None),
        ('<x encoding="UTF-7">', None),
    ],
)
def test_encoding_re(decl: str, encoding: str | None) -> None:
    m = _ENCODING_RE.match(decl.encode())
    assert (m.group(1).decode() if m else None) == encoding


# ---- what the bytes are --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.pdf", b"%PDF-1.7\n", "pdf"),
        ("a.pdf", b"HTTP/1.1 200 OK\r\n\r\n%PDF-1.4", "pdf"),  # junk before the header, as the spec allows
        ("a.txt", b"%PDF-1.4", "pdf"),
        ("a.docx", b"PK\x03\x04rest", "docx"),
        ("a.pdf", b"PK\x03\x04rest", "docx"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
        ("a.doc", b"<html><body>", "html"),
        ("a.doc", b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>', "doc"),
        ("a.htm", b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        ("a.txt", "Số: 12/KH-LĐLĐ".encode(), "txt"),
        ("a.md", b"# Title", "md"),
        ("a.docx", "Số: 12/KH-LĐLĐ\nKẾ HOẠCH".encode(), "txt"),  # plain text under a .docx name
        ("a.pdf", "Kế hoạch".encode("utf-16-le"), "txt"),
    ],
)
def test_detect_format(name: str, head: bytes, fmt: str) -> None:
    assert detect_format(Path(name), head) == fmt


@pytest.mark.parametrize(
    ("name", "head", "reason"),
    [
        ("a.pdf", b"\x89PNG\r\n\x1a\n....", "PNG image"),
        ("a.txt", b"\x7fELF\x02\x01", "ELF program"),
        ("a.docx", b"PK\x05\x06" + b"\x00" * 18, "truncated or damaged"),  # an empty zip's end record only
        ("a.doc", bytes(range(256)) * 4, "not a Word 97-2003 document"),
        ("a.xyz", b"hello", "unsupported file type"),
        ("noext", b"hello", "unsupported file type"),
        ("a.txt", b"{\\rtf1\\ansi", "RTF document"),
        ("a.txt", b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00", "Windows program"),
    ],
)
def test_detect_format_refuses(name: str, head: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument, match=reason):
        detect_format(Path(name), head)


def test_text_starting_like_a_signature_is_still_text() -> None:
    assert not_a_document("MZ là mã".encode()) is None  # 'MZ' without a PE header
    assert not_a_document("BM-01 biểu mẫu".encode()) is None


# ---- text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode(),
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("cp1258", errors="replace"),
        b"Vi\x1eet Nam \x02\x05\x06 \x14\x19" + b"ascii text " * 20,  # VISCII letters in the C0 range
        SAMPLE.encode() + b"\x00" * 3,  # a few stray NUL bytes
        b"line\r" * 100,  # old Mac line ends
    ],
)
def test_text_that_is_text(data: bytes) -> None:
    assert text_problem(data) is None


@pytest.mark.parametrize(
    ("data", "reason"), [(b"\x00" * 100, "only NUL"), (bytes(range(32)) * 50, "binary"), (b"\x01\x02\x03\x04" * 400, "binary")]
)
def test_text_that_is_not(data: bytes, reason: str) -> None:
    assert reason in (text_problem(data) or "")


def test_longest_line_counts_cr_and_lf() -> None:
    assert _longest_line(b"ab\ncde\rf") == 3
    with pytest.raises(UnreadableDocument, match="longer than 1 MB"):
        check_text(b"x" * (2**20 + 1), "txt")
    check_text(b"x" * (2**20 + 1), "html")  # a minified web page is one long line
    check_text(("x" * 600_000).encode("utf-16-le"), "txt")  # 1.2 MB of UTF-16 is 600,000 characters


# ---- zip, OLE --------------------------------------------------------------------------------------


def test_zip_thresholds_come_from_the_settings() -> None:
    big = docx_bytes(document_xml(sample_body() * 1500))  # more than 1 MB of XML
    check_zip(big)
    with pytest.raises(UnreadableDocument, match=r"would unpack to [\d.]+ MB \(more than 1 MB\)"):
        check_zip(big, GuardSettings(zip_total_mb=1))
    with pytest.raises(UnreadableDocument, match="holds 3 parts"):
        check_zip(big, GuardSettings(zip_members=2))
    nested = "<w:tbl><w:tr><w:tc><w:tbl/><w:tbl><w:p/></w:tbl></w:tc></w:tr></w:tbl>"
    with pytest.raises(UnreadableDocument, match="tables more than 1 deep"):
        check_zip(docx_bytes(document_xml(nested)), GuardSettings(table_depth=1))
    side_by_side = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:tbl/><w:tbl><w:tr/></w:tbl>"
    check_zip(docx_bytes(document_xml(side_by_side)), GuardSettings(table_depth=1))


def test_a_docx_whose_xml_declares_a_dtd_anywhere_is_refused() -> None:
    styles = '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY e "x">]>\n<w:styles/>'
    with pytest.raises(UnreadableDocument, match=r"'word/styles.xml' declares a DTD"):
        check_zip(docx_bytes(extra={"word/styles.xml": styles}))
    with pytest.raises(UnreadableDocument, match="declares a DTD"):  # XML under another extension
        check_zip(docx_bytes(extra={"customXml/item1.dat": '<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>'}))
    with pytest.raises(UnreadableDocument, match="unusual encoding"):
        check_zip(docx_bytes(document_xml(sample_body()).replace("UTF-8", "UTF-7")))


def test_zip_with_only_junk_or_other_packages() -> None:
    with pytest.raises(UnreadableDocument, match="PowerPoint"):
        ct = '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
        check_zip(zip_bytes({"[Content_Types].xml": ct}))
    with pytest.raises(UnreadableDocument, match="e-book or application"):
        check_zip(zip_bytes({"mimetype": "application/epub+zip", "x.xhtml": "<html/>"}))


def test_ole_checks() -> None:
    data = REAL_DOC.read_bytes()
    check_ole(data)
    with pytest.raises(UnreadableDocument, match="PowerPoint"):
        check_ole(_ole_rename(data, "WordDocument", "PowerPoint Document"))
    with pytest.raises(UnreadableDocument, match="header is invalid"):
        check_ole(data[:28] + b"\x00\x00" + data[30:])
    fib = bytearray(data)
    pos = data.find("WordDocument".encode("utf-16-le") + b"\x00\x00")
    start = int.from_bytes(data[pos + 116 : pos + 120], "little")
    flags = 512 + start * 512 + 10
    fib[flags + 1] |= 0x01  # fEncrypted
    with pytest.raises(UnreadableDocument, match="protected by a password"):
        check_ole(bytes(fib))


def test_read_path_warns_about_a_wrong_extension(tmp_path: Path) -> None:
    p = tmp_path / "plan.docx"
    p.write_text(SAMPLE, encoding="utf-8")
    fmt, sha, result = read_path(p)
    assert fmt == "txt" and len(sha) == 64
    assert result.warnings[0] == "the file is named .docx but holds plain text; it was read as such"


def test_lone_surrogates_from_a_reader_are_replaced() -> None:
    from vanban.extract.readers import _valid_unicode
    from vanban.schemas import Block, ReadResult

    clean = ReadResult(blocks=[Block(text="Số: 1/KH")])
    assert _valid_unicode(clean) is clean
    fixed = _valid_unicode(ReadResult(blocks=[Block(text="a\ud900b"), Block(text="c")]))
    assert [b.text for b in fixed.blocks] == ["a\ufffdb", "c"]
    assert "not valid Unicode" in fixed.warnings[0]
    fixed.model_dump_json()  # encodes


@pytest.mark.parametrize("bad", [{"zip_ratio": 0}, {"xml_depth": -1}, {"max_mb": {"txt": 0}}])
def test_guard_settings_are_validated(bad: dict) -> None:
    with pytest.raises(ValueError):
        GuardSettings(**bad)
