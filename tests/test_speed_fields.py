"""The shortcuts of the field extractors give what the plain code they replaced gave (kept here as references)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extract import citation_issuers, citation_patterns, citations, closing, layout, merged_columns, names
from vanban.extract.document import Doc
from vanban.extract.normalise import BLANKS_RE, fold, fold_word
from vanban.extract.patterns import YEAR_RE, type_names
from vanban.extract.readers.text import text_to_blocks
from vanban.extract.spans import overlap_test
from vanban.extract.targets import _doc_term
from vanban.schemas import Source

# ---- references ------------------------------------------------------------------------------


def ref_overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def ref_match_type_line(text: str) -> tuple[str, str] | None:
    t = layout._PREFIX_RE().sub("", text.strip(" *#:"))
    if not t or len(t) > 200:
        return None
    f = fold(t)
    for written, _code, canonical in type_names():
        w = fold_word(written)
        if f == w:
            return canonical, ""
        if not f.startswith(w + " "):
            continue
        rest = t[len(written) :].strip(" :-–")
        if layout._LABEL_RE.match(rest):
            return canonical, ""
        if t[: len(written)].isupper() and len(rest.split()) >= 2:
            return canonical, rest
    return None


def ref_is_signature_line(t: str) -> bool:
    return bool(closing.AUTHORITY_RE.match(t) or closing.POSITION_RE.match(t)) and closing.is_upper(t)


# ---- citations: spans taken by whole numbers ----------------------------------------------------

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


@settings(max_examples=400, deadline=None)
@given(spans, st.integers(0, 70), st.integers(0, 70))
def test_overlap_test_is_any_overlap(taken: list[tuple[int, int]], a: int, b: int) -> None:
    assert overlap_test(taken)(a, b) == ref_overlaps(taken, a, b)


@pytest.mark.parametrize(
    ("taken", "a", "b", "expected"),
    [
        ([(10, 20)], 15, 30, True),  # starts inside
        ([(10, 20)], 0, 11, True),  # ends inside
        ([(10, 20)], 20, 30, False),  # touches the end
        ([(10, 20)], 0, 10, False),  # touches the start
        ([(40, 50), (0, 100)], 60, 70, True),  # a long span started earlier
        ([], 0, 5, False),
    ],
)
def test_overlap_test_table(taken: list[tuple[int, int]], a: int, b: int, expected: bool) -> None:
    assert overlap_test(taken)(a, b) is expected


# ---- layout: the type line ------------------------------------------------------------------------

TYPE_LINES = [
    "KẾ HOẠCH",
    "Kế hoạch",
    "KẾ HOẠCH Tổ chức Tháng Công nhân năm 2022",
    "QUYẾT ĐỊNH",
    "QUYẾT ĐỊNH Về việc ban hành quy chế",
    "PHỤ LỤC I",
    "Phụ lục 01",
    "NGHỊ QUYẾT",
    "LUẬT SƯ",
    "Luật",
    "LUẬT",
    "THÔNG BÁO KẾT LUẬN",
    "bản tự kiểm điểm",
    "ĐƠN XIN NGHỈ PHÉP NĂM",
    "CÔNG VĂN",
    "Căn cứ Luật Tổ chức chính quyền địa phương",
    "Số: 45/KH-LĐLĐ",
    "",
    "   ",
    "** KẾ HOẠCH **",
    "# QUY CHẾ",
]


@pytest.mark.parametrize("text", TYPE_LINES)
def test_match_type_line_as_the_scan_of_every_name(text: str) -> None:
    assert layout.match_type_line(text) == ref_match_type_line(text)


def test_match_type_line_every_type_name() -> None:
    for written, _code, _canonical in type_names():
        for text in (written, written.upper(), f"{written.upper()} về việc tổ chức hội nghị", f"{written} II"):
            assert layout.match_type_line(text) == ref_match_type_line(text), text


# ---- closing: signature lines ------------------------------------------------------------------------


def test_signature_first_characters_cover_every_match() -> None:
    """Every code point that can open an AUTHORITY_RE or POSITION_RE match is in _SIGNATURE_FIRST."""
    authority_first = re.compile("[TKQ]")  # AUTHORITY_RE's alternatives, case-sensitive
    position_first = re.compile("[PQCTBGHVNĐ]", re.IGNORECASE)  # POSITION_RE's alternatives, any case
    for c in map(chr, range(0x110000)):
        if authority_first.match(c) or position_first.match(c):
            assert c in closing._SIGNATURE_FIRST, hex(ord(c))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TM. BAN THƯỜNG VỤ", True),
        ("KT. CHỦ TỊCH", True),
        ("Q. GIÁM ĐỐC", True),
        ("CHỦ TỊCH", True),
        ("PHÓ CHỦ TỊCH", True),
        ("ĐẠI DIỆN ĐƠN VỊ", True),
        ("đại diện đơn vị", False),  # not in capitals
        ("- CHỦ TỊCH", False),
        ("Nơi nhận:", False),
        ("", False),
        ("NGUYỄN VĂN HÙNG", False),
    ],
)
def test_is_signature_line_table(line: str, expected: bool) -> None:
    assert closing._is_signature_line(line) is expected
    assert ref_is_signature_line(line) is expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("TKQPCBGHVNĐđtkqpcbghvn Ủ.ỦỊCHÍ:/-ạa"), max_size=20))
def test_is_signature_line_as_the_two_patterns(line: str) -> None:
    assert closing._is_signature_line(line) == ref_is_signature_line(line)


# ---- targets: the document's term ------------------------------------------------------------------


def _doc(text: str) -> Doc:
    return Doc.from_blocks(Source(path="<t>", sha256="0", format="txt"), text_to_blocks(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đại hội nhiệm kỳ 2018 - 2023 của Công đoàn", (2018, 2023)),
        ("ĐẠI HỘI NHIỆM KỲ 2023 – 2028", (2023, 2028)),
        ("Nhiệm kỳ từ năm 2021 đến năm 2026", (2021, 2026)),
        ("nhiệm kỳ 2018 - 2023 và nhiệm kỳ 2023 - 2028", None),  # two terms
        ("Kế hoạch năm 2023 - 2025", None),
        ("Nhiệm vụ năm 2024", None),
    ],
)
def test_doc_term_table(text: str, expected: tuple[int, int] | None) -> None:
    term = _doc_term(_doc(text))
    assert (term.start, term.end) == expected if term else expected is None


# ---- patterns compiled once instead of on every call ---------------------------------------------------


def _found(rx: re.Pattern[str], how: str, text: str) -> str | None:
    m = getattr(rx, how)(text)
    return None if m is None else m.group(0)


@pytest.mark.parametrize(
    ("rx", "how", "text", "expected"),
    [
        (BLANKS_RE, "search", "a \t\n b", " \t\n "),
        (BLANKS_RE, "search", "không", None),
        (YEAR_RE, "fullmatch", "2021", "2021"),
        (YEAR_RE, "fullmatch", "1999", "1999"),
        (YEAR_RE, "fullmatch", "2100x", None),
        (YEAR_RE, "fullmatch", "1899", None),
        (citations._NEXT_WORD_RE, "match", "  Chính phủ", "  Chính"),
        (citations._NEXT_WORD_RE, "match", " “Luật", None),  # a mark first
        (citations._NEXT_WORD_RE, "match", "Luật", None),  # no blank before it
        (citations._NUMBER_YEAR_RE, "search", "12/2012/QH13", "/2012/"),
        (citations._NUMBER_YEAR_RE, "search", "45/KH-LĐLĐ", None),
        (citation_patterns._SEQUENCE_RE, "match", "12a/QĐ-UBND", "12a"),
        (citation_patterns._SEQUENCE_RE, "match", "QĐ-UBND", None),
        (citation_patterns._SYMBOL_SEP_RE, "search", "KH_LĐLĐ", "_"),
        (citation_patterns._SYMBOL_SEP_RE, "search", "KHLĐLĐ", None),
        (citation_issuers._NUMBER_SEP_RE, "search", "02-NQ", "-"),
        (citation_issuers._NUMBER_SEP_RE, "search", "02_NQ", None),
        (citation_issuers._TERM_SUFFIX_RE, "search", "QH13", "13"),
        (citation_issuers._TERM_SUFFIX_RE, "search", "2013", None),  # digits after no capital
        (
            names._VIET_NAM_TWICE_RE,
            "search",
            "Tổng Liên đoàn Lao động Việt Nam Việt Nam",
            "Tổng Liên đoàn Lao động Việt Nam Việt Nam",
        ),
        (names._VIET_NAM_TWICE_RE, "search", "Tổng Liên đoàn Lao động tỉnh", None),
        (names._SPACE_BEFORE_MARK_RE, "search", "Sở Y tế , tỉnh", " ,"),
        (names._SPACE_BEFORE_MARK_RE, "search", "Sở Y tế, tỉnh", None),
        (names._MINISTRY_RE, "match", "BỘ Tài chính", "BỘ "),
        (names._MINISTRY_RE, "match", "Sở Y tế", "Sở "),
        (names._MINISTRY_RE, "match", "Ban Tuyên giáo", None),
        (names._FIELD_START_RE, "search", "Bộ Văn hóa, thể thao", "t"),
        (names._FIELD_START_RE, "search", "Bộ Tài chính", None),
        (names._AFTER_AND_RE, "search", "Ban Tổ chức và kiểm tra", "k"),
        (names._AFTER_AND_RE, "search", "Ban Tổ chức", None),
        (names._head_res()[0], "match", "Ban Tuyên giáo", "Ban "),
        (names._head_res()[0], "match", "Tuyên giáo", None),
        (names._head_res()[1], "search", "ban tuyên giáo", "ban t"),
        (names._head_res()[1], "search", "đảng bộ tỉnh", None),
        (names._place_re(), "search", "ủy ban nhân dân tỉnh lai châu", "tỉnh lai châu"),
        (names._place_re(), "search", "tỉnh ủy", None),
    ],
)
def test_compiled_patterns_table(rx: re.Pattern[str], how: str, text: str, expected: str | None) -> None:
    assert _found(rx, how, text) == expected


# ---- merged columns: the motto's last letter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "M"),
        ("Độc lập - Tự do - Hạnh phúc ___", "c"),
        ("ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "C"),
        ("Số: 45/KH-LĐLĐ", "Đ"),
        ("a_", "a"),  # '_' is not a letter of a word here
        ("...", ""),
    ],
)
def test_last_word_char_table(text: str, expected: str) -> None:
    assert merged_columns._last_word_char(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("CỘNGHÒAXÃỘICHỦNGĨAVIỆTNAMđộclập-tựdohạnhphúcPHÚC _.*\u00a0x")), max_size=50))
def test_no_motto_without_its_last_letter(text: str) -> None:
    if merged_columns._last_word_char(text) not in ("M", "c", "C"):
        assert merged_columns.MOTTO_RE.search(text) is None
