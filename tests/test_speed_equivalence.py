"""The fast paths of extraction give exactly what the plain versions they replaced gave.

Each reference below is the earlier, obvious implementation, kept here as the specification.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_paths import REF_TONE_RE
from vanban.extract import normalise
from vanban.extract.names import is_upper

# ---- references ------------------------------------------------------------------------------


REF_TABS_RE = re.compile(r"[ ]*\t[ ]*|[ ]{4,}")


def ref_normalise_line(line: str) -> str:
    t = unicodedata.normalize("NFC", line.translate(normalise._LOOKALIKES))
    t = normalise._SURROGATE_RE.sub("\ufffd", normalise._UNICODE_SPACES_RE.sub(" ", normalise._CONTROL_RE.sub("", t)))
    if normalise._CYRILLIC_RE.search(t):
        t = re.sub(r"\w+", normalise._repair_cyrillic, t)
    return re.sub(r" +", " ", REF_TABS_RE.sub("\t", t)).strip(" \t")


def ref_normalise_text(text: str) -> str:
    lines = (ref_normalise_line(x) for x in text.translate(normalise._LOOKALIKES).split("\n"))
    return "\n".join(x for x in lines if x)


def ref_fold(text: str) -> str:
    t = re.sub(" {2,}", " ", ref_normalise_line(text).replace("\t", " ").casefold())
    return REF_TONE_RE.sub(lambda m: normalise.TONE_PAIRS[m.group(0)], t)


def ref_is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# ---- text made of the characters normalisation cares about -------------------------------------

_TRICKY = (
    "aăâeêioôơuưyđAĂÂĐ ÐðƉɖ \t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u2007\u202f\u3000\u200b\u200c\u200d\ufeff\u00ad"
    "\u0300\u0301\u0303\u0309\u0323\u1680\u2000\u2003\u205f\x00\x07\x1f\x7fАВЕКМНОРСТХаеорсхуЖж\ud800"
    "oàuỷOÀUỶ0123456789.,;:-–()"
)
tricky_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=60)

CORPUS_LINES = [
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "  Số: 277/KH-LĐLĐ     Lai Châu, ngày 15 tháng 10 năm 2021  ",
    "Ủy ban nhân dân\u00a0tỉnh Phú Thọ\u200b",
    "Hoà giải viên lao động uỷ quyền\r",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\u2028Độc lập - Tự do - Hạnh phúc",
    "TM. BAN THƯỜNG VỤ",
    "Nguyễn Văn A",
    "",
    "\t\t",
    "ВАН (Cyrillic) and mixed КН-UBND",
]


@pytest.mark.parametrize("text", CORPUS_LINES)
def test_normalise_matches_reference_on_corpus_lines(text: str) -> None:
    assert normalise.normalise_line(text) == ref_normalise_line(text)
    assert normalise.normalise_text(text) == ref_normalise_text(text)
    assert normalise.fold(text) == ref_fold(text)
    assert is_upper(text) == ref_is_upper(text)


@settings(max_examples=400, deadline=None)
@given(tricky_text)
def test_normalise_line_matches_reference(text: str) -> None:
    assert normalise.normalise_line(text) == ref_normalise_line(text)


@settings(max_examples=400, deadline=None)
@given(tricky_text)
def test_normalise_text_matches_reference(text: str) -> None:
    assert normalise.normalise_text(text) == ref_normalise_text(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(tricky_text, st.text(alphabet=st.sampled_from(_TRICKY), min_size=301, max_size=400)))
def test_fold_matches_reference_short_and_long(text: str) -> None:
    assert normalise.fold(text) == ref_fold(text)
    assert normalise.fold(text) == ref_fold(text)  # the second time from the cache


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t  \ta"), max_size=30))
def test_blank_runs_match_reference(text: str) -> None:
    assert normalise._TABS_RE.sub("\t", text) == REF_TABS_RE.sub("\t", text)
    assert normalise._SPACES_RE.sub(" ", text) == re.sub(r" +", " ", text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_is_upper_matches_reference(text: str) -> None:
    assert is_upper(text) == ref_is_upper(text)


def test_data_files_load_the_same_with_libyaml() -> None:
    """data.load may use libyaml's parser: every rule file must read exactly as PyYAML's own reads it."""
    from pathlib import Path

    import yaml

    from vanban.extract import data

    files = sorted(Path(data.__file__).parent.glob("*.yaml"))
    assert len(files) > 10
    for path in files:
        assert data.load(path.stem) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name


# ---- type names as a tree of prefixes -----------------------------------------------------------


def _corpus_texts() -> list[str]:
    from pathlib import Path

    from vanban.errors import UnreadableDocument
    from vanban.extract.pipeline import extract_file

    root = Path(__file__).resolve().parent.parent / "corpus"
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in (".txt", ".docx", ".html", ".md"):
            try:
                out.append(extract_file(path).text)
            except UnreadableDocument:
                continue
    return out


def _type_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(as a plain alternation, as a tree) for every pattern that holds the type names."""
    from vanban.extract import citation_patterns as cp
    from vanban.extract.patterns import type_names

    tree = cp.type_name_re()
    plain = cp._alts([n for n, _c, _k in type_names()])
    assert tree != plain
    short = cp.short_ref_re()
    return [
        (re.compile(short.pattern.replace(tree, plain), short.flags), short),
        (re.compile(rf"(?:{plain})(?![\w])"), re.compile(rf"(?:{tree})(?![\w])")),
        (
            re.compile(rf"(?<![\w])(?P<type>{plain})[ \t]*(?:số[ \t]*:?[ \t]*)?$", re.I),
            re.compile(rf"(?<![\w])(?P<type>{tree})[ \t]*(?:số[ \t]*:?[ \t]*)?$", re.I),
        ),
    ]


def _same_matches(a: re.Pattern[str], b: re.Pattern[str], text: str) -> None:
    assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]
    for i in range(0, len(text), 7):
        ma, mb = a.match(text, i), b.match(text, i)
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups()))


def test_type_name_tree_matches_like_the_alternation_on_the_corpus() -> None:
    texts = _corpus_texts()
    assert len(texts) > 10
    for plain, tree in _type_patterns():
        for text in texts:
            _same_matches(plain, tree, text.replace("\n", " "))


def _type_words() -> list[str]:
    from vanban.extract.patterns import type_names

    names = [n for n, _c, _k in type_names()]
    return names + [n.upper() for n in names] + [n.lower() for n in names] + [n.split()[0] for n in names if " " in n]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_type_words()),
            st.sampled_from([" ", "  ", "\t", " số ", " số: ", "-NQ", "/KH-UBND", " năm ", ", ", ".", "\n"]),
            st.from_regex(r"\d{1,5}[ab]?", fullmatch=True),
        ),
        max_size=10,
    )
)
def test_type_name_tree_matches_like_the_alternation(parts: list[str]) -> None:
    text = "".join(parts)
    for plain, tree in _type_patterns():
        _same_matches(plain, tree, text)


def test_trie_alternation_prefers_the_longest_word_like_the_plain_one() -> None:
    from vanban.extract.citation_patterns import _alts, _trie_alts

    words = ["ab", "abcd", "abxyz", "x y", "Quyết định", "Quyết định liên tịch"]
    for text in ["abxyz", "abcd", "abc", "x  y", "Quyết định liên tịch 5", "Quyết định liên 5"]:
        a, b = re.compile(_alts(words)), re.compile(_trie_alts(words))
        assert (a.match(text) or [None])[0] == (b.match(text) or [None])[0]
    assert _trie_alts(["ab", "aB"]) == _alts(["ab", "aB"])  # case variants: the plain alternation


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(tricky_text, st.sampled_from(["", "\ue000", "a\ue000b", "\n", " \t "])), max_size=8))
def test_normalise_texts_is_normalise_text_of_each(texts: list[str]) -> None:
    assert normalise.normalise_texts(texts) == [ref_normalise_text(t) for t in texts]
