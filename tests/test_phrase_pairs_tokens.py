"""FTS5's tokens computed in Python (`catalogue.fts5_tokens`): the same tokens as FTS5's own unicode61 with
remove_diacritics 0, on Vietnamese text and on characters where Python and Unicode 6.1 disagree; the two
patterns, each with a table; the varint decoder against FTS5's own records."""

from __future__ import annotations

import random
import sqlite3

import pytest

from vanban.catalogue import fts5_tokens
from vanban.catalogue.fts5_tokens import _TOKEN_CHAR_RE, _TOKEN_RE, count_pair, followed_by, tokens, varints


def fts5_own(texts: list[str]) -> list[list[str]]:
    """FTS5's tokens of each text, read back from an in-memory index through fts5vocab."""
    con = sqlite3.connect(":memory:")
    con.execute(f"create virtual table t using fts5(x, tokenize='{fts5_tokens.TOKENIZE}')")
    con.executemany("insert into t(rowid, x) values (?, ?)", list(enumerate(texts, 1)))
    con.execute("create virtual table temp.v using fts5vocab(main, t, 'instance')")
    out: list[list[tuple[int, str]]] = [[] for _ in texts]
    for term, doc, offset in con.execute("select term, doc, offset from temp.v"):
        out[doc - 1].append((offset, term))
    return [[t for _, t in sorted(toks)] for toks in out]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đoàn viên", ["Đoàn", "viên"]),  # letters with diacritics
        ("số 277/KH-LĐLĐ", ["số", "277", "KH", "LĐLĐ"]),  # '/' and '-' separate
        ("a_b", ["a", "b"]),  # '_' separates, as in FTS5
        ("x2", ["x2"]),  # digits join letters
        ("«Hòa»", ["Hòa"]),  # quotes separate
        ("", []),  # nothing
        ("... , ;", []),  # punctuation only
    ],
)
def test_token_pattern(text: str, found: list[str]) -> None:
    assert _TOKEN_RE.findall(text) == found


@pytest.mark.parametrize(
    ("text", "first", "second", "count"),
    [
        ("đoàn viên", "đoàn", "viên", 1),  # side by side
        ("đoàn, viên", "đoàn", "viên", 1),  # punctuation between
        ("đoàn_viên", "đoàn", "viên", 1),  # '_' separates
        ("đoàn  \n viên", "đoàn", "viên", 1),  # several separators
        ("a a a", "a", "a", 2),  # overlapping pairs both count
        ("công đoàn viên", "đoàn", "viên", 1),  # inside a longer run
        ("đoànx viên", "đoàn", "viên", 0),  # a longer first word
        ("đoàn viênx", "đoàn", "viên", 0),  # a longer second word
        ("xđoàn viên", "đoàn", "viên", 0),  # the first word inside another
        ("viên đoàn", "đoàn", "viên", 0),  # the other order
        ("đoàn cơ viên", "đoàn", "viên", 0),  # a word between
        ("đoàn2 viên", "đoàn", "viên", 0),  # a digit joins the word
    ],
)
def test_count_pair(text: str, first: str, second: str, count: int) -> None:
    assert count_pair(text, first, second) == count
    toks = tokens(text)
    assert count == sum(1 for a, b in zip(toks, toks[1:], strict=False) if (a, b) == (first, second))


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        (" viên", True),  # a space, then the word
        (", viên.", True),  # punctuation around
        ("_viên", True),  # '_' separates
        ("\n\t viên", True),  # several separators
        (" viênx", False),  # a longer word
        (" viên2", False),  # a digit joins the word
        ("viên", False),  # no separator before
        (" vien", False),  # other letters
    ],
)
def test_followed_by_pattern(text: str, matched: bool) -> None:
    assert bool(followed_by("viên").match(text)) is matched


@pytest.mark.parametrize(
    ("char", "token"),
    [("a", True), ("Đ", True), ("ệ", True), ("7", True), ("_", False), (" ", False), ("-", False), ("“", False)],
)
def test_token_char_pattern(char: str, token: bool) -> None:
    assert bool(_TOKEN_CHAR_RE.match(char)) is token


ODD = "µİſςϐ_–—“”‘’…•·×÷°±²³¼ÆæØøßĦħŁłŒœ\u0301\u0323\u200b\u00a0\u2028\ufeff֍߾ꭰᏸ🙂𝐀"
VIETNAMESE = "Đảng ủy Ban Chấp hành Công đoàn hòa hoà thủy thuỷ năm 2024 số 15/KH-LĐLĐ Khánh Hòa ĐOÀN VIÊN"


def random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = list(VIETNAMESE) + list(ODD) + list("  ,.;:/-()\n\t")
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 120))) for _ in range(n)]


def test_tokens_equal_fts5s_on_vietnamese_and_odd_characters() -> None:
    texts = [VIETNAMESE, VIETNAMESE.upper(), ODD, *random_texts(300, seed=3)]
    assert [tokens(t) for t in texts] == fts5_own(texts)


def test_pairs_counted_as_fts5_matches_phrases() -> None:
    texts = random_texts(200, seed=5)
    con = sqlite3.connect(":memory:")
    con.execute(f"create virtual table t using fts5(x, tokenize='{fts5_tokens.TOKENIZE}')")
    con.executemany("insert into t(rowid, x) values (?, ?)", list(enumerate(texts, 1)))
    pairs = {(a, b) for t in texts for a, b in zip(tokens(t), tokens(t)[1:], strict=False)}
    for a, b in sorted(pairs)[:300]:
        phrase = '"' + f"{a} {b}".replace('"', '""') + '"'
        matched = {r[0] for r in con.execute("select rowid from t where t match ?", [phrase])}
        assert {i for i, t in enumerate(texts, 1) if count_pair(t, a, b)} == matched, (a, b)


def test_plain_characters_are_the_ones_python_cuts_as_fts5() -> None:
    assert fts5_tokens.is_plain("Đoàn viên công đoàn 2024, số 15/KH")
    assert not fts5_tokens.is_plain("İstanbul")  # lowered to two characters by Python
    assert not fts5_tokens.is_plain("µ")  # FTS5 folds it to Greek mu


def test_varints_read_fts5s_own_records() -> None:
    con = sqlite3.connect(":memory:")
    con.execute(f"create virtual table t using fts5(a, b, tokenize='{fts5_tokens.TOKENIZE}')")
    long_text = " ".join(["từ"] * 20000)  # a length over two varint bytes
    con.executemany("insert into t(rowid, a, b) values (?, ?, ?)", [(1, "một hai", long_text), (2, "", "ba")])
    con.commit()  # FTS5 writes its totals when the transaction ends
    sizes = dict(con.execute("select id, sz from t_docsize"))
    assert varints(sizes[1]) == [2, 20000] and varints(sizes[2]) == [0, 1]
    assert varints(con.execute("select block from t_data where id = 1").fetchone()[0]) == [2, 2, 20001]
    assert varints(bytes([0xFF] * 8 + [0x01])) == [(1 << 64) - 255]  # the ninth byte keeps all 8 bits
