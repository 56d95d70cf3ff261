""".txt/.md reader: every encoding a Vietnamese text file turns up in, and the Markdown patterns."""

from __future__ import annotations

import unicodedata

import pytest

from tests.test_legacy import SAMPLE, _cp1258, _iconv, _vni
from vanban.errors import UnreadableDocument
from vanban.extract.readers import text as text_reader
from vanban.extract.readers.text import decode_bytes, read_text, text_to_blocks

DOC = (
    "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\n"
    "Số: 277/KH-LĐLĐ\n"
    "Lai Châu, ngày 15 tháng 10 năm 2021\n"
    "KẾ HOẠCH\n"
    "Phát triển đoàn viên, thành lập công đoàn cơ sở đến năm 2023; ưu tiên người lao động ở khu công nghiệp.\n"
)


def _lines(result) -> list[str]:
    return [b.text for b in result.blocks]


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", DOC.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + DOC.encode("utf-8")),
        ("utf-16 LE with BOM", b"\xff\xfe" + DOC.encode("utf-16-le")),
        ("utf-16 BE with BOM", b"\xfe\xff" + DOC.encode("utf-16-be")),
        ("utf-16 LE without BOM", DOC.encode("utf-16-le")),
        ("utf-16 BE without BOM", DOC.encode("utf-16-be")),
        ("utf-8 NFD", unicodedata.normalize("NFD", DOC).encode("utf-8")),
        ("utf-8 CRLF", DOC.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_unicode_encodings(tmp_path, encoding, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    result = read_text(path)
    assert _lines(result) == DOC.strip().split("\n"), encoding
    assert result.warnings == []


def test_windows_1258_is_composed_to_nfc(tmp_path):
    data = _cp1258(DOC)
    assert b"\xf2" in data or b"\xec" in data  # tone marks really are separate combining characters
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    result = read_text(path)
    assert _lines(result) == DOC.strip().split("\n")
    assert all(unicodedata.is_normalized("NFC", line) for line in _lines(result))
    assert result.warnings == ["the file is not UTF-8; it was read as Windows-1258"]


@pytest.mark.parametrize("encoding, name", [("TCVN5712-1", "TCVN3 (ABC)"), ("VISCII", "VISCII")])
def test_legacy_byte_encodings(tmp_path, encoding, name):
    data = _iconv(SAMPLE, encoding)
    if data is None:
        pytest.skip(f"iconv with {encoding} is not available")
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    result = read_text(path)
    assert _lines(result) == [SAMPLE]
    assert result.warnings == [f"the file is not UTF-8; it was typed in the {name} encoding and was converted to Unicode"]


def test_vni_bytes(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(_vni(SAMPLE).encode("latin-1"))
    result = read_text(path)
    assert _lines(result) == [SAMPLE]
    assert "VNI" in result.warnings[0]


def test_legacy_characters_saved_as_utf8(tmp_path):
    # Text copied out of a .VnTime document and saved as UTF-8 keeps the TCVN3 characters.
    raw = _iconv(SAMPLE, "TCVN5712-1")
    if raw is None:
        pytest.skip("iconv with TCVN5712-1 is not available")
    path = tmp_path / "doc.txt"
    path.write_text(raw.decode("latin-1") + "\n", encoding="utf-8")
    result = read_text(path)
    assert _lines(result) == [SAMPLE]
    assert result.warnings == ["the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x00\x00 \r\n", "empty"),
        (b"\x00\x00\x00\x01\x7f\x00\x00\x10" * 500, "binary data"),
        (bytes(range(256)) * 40, "not text in a known encoding"),
        (b"\x81\x8a\x8d\x8e\x8f\x90\x9a\x9d\x9e" * 200, "not text in a known encoding"),
    ],
)
def test_undecodable_bytes(data, message):
    with pytest.raises(UnreadableDocument, match=message):
        decode_bytes(data)


def test_markdown_headings_and_emphasis():
    blocks = text_to_blocks("# KẾ HOẠCH\n## I. MỤC ĐÍCH\n**Số:** 277/KH-LĐLĐ  \n- *một* việc\n")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "KẾ HOẠCH"),
        ("heading", 2, "I. MỤC ĐÍCH"),
        ("paragraph", None, "Số: 277/KH-LĐLĐ"),
        ("paragraph", None, "- một việc"),
    ]


# -- patterns --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, level, text",
    [
        ("# KẾ HOẠCH", 1, "KẾ HOẠCH"),
        ("### 1. Mục tiêu ###", 3, "1. Mục tiêu"),
        ("   ## Thụt ba", 2, "Thụt ba"),
        ("###### Sáu", 6, "Sáu"),
        ("####### Bảy", None, None),  # seven hashes are text
        ("#Không cách", None, None),
        ("    # Thụt bốn", None, None),  # four spaces of indentation is code
        ("Số #5", None, None),
    ],
)
def test_heading_pattern(line, level, text):
    m = text_reader._HEADING_RE.match(line)
    assert (len(m.group("hashes")) if m else None, m.group("text") if m else None) == (level, text)


@pytest.mark.parametrize(
    "line, cleaned",
    [
        ("**Điều 1.** Phạm vi", "Điều 1. Phạm vi"),
        ("*nghiêng* và __đậm__", "nghiêng và đậm"),
        ("***cả hai***", "cả hai"),
        ("- gạch đầu dòng", "- gạch đầu dòng"),
        ("* dấu sao đầu dòng", "* dấu sao đầu dòng"),  # a list marker followed by a space stays
        ("5 * 3 = 15", "5 * 3 = 15"),
        ("tên_biến", "tên_biến"),  # one underscore is not emphasis
    ],
)
def test_emphasis_pattern(line, cleaned):
    assert text_reader._EMPHASIS_RE.sub("", line) == cleaned


@pytest.mark.parametrize(
    "line, cleaned",
    [("dòng  ", "dòng"), ("dòng\\", "dòng"), ("dòng ", "dòng "), ("dòng", "dòng"), ("a  b", "a  b")],
)
def test_markdown_break_pattern(line, cleaned):
    assert text_reader._MD_BREAK_RE.sub("", line) == cleaned


@pytest.mark.parametrize("line, cleaned", [("**Số:**", "Số:"), ("a ** b", "a  b"), ("a * b", "a * b")])
def test_bold_pattern(line, cleaned):
    assert text_reader._BOLD_RE.sub("", line) == cleaned
