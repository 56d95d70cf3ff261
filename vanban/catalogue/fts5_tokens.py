"""The tokens FTS5 makes of a text in the diacritics-keeping index (`documents_exact`: unicode61 with
remove_diacritics 0), computed in Python, so that adjacent word pairs can be counted ahead of time
(`phrase_pairs`) exactly as FTS5 matches a phrase.

unicode61 reads a text one code point at a time: each is a token character (Unicode 6.1's letters and
numbers, and what 6.1 left unassigned) or a separator, and a token character is case-folded on its own.
Python's `str.lower` and `\\w` agree with that for almost every character a Vietnamese document holds,
but not for all (`_`, 'µ', 'İ', symbols added after Unicode 6.1). So nothing is assumed: each character
met is asked of FTS5 itself once (a one-column FTS5 table in memory, one row per character, read back
through fts5vocab), and a text is cut the fast way (`str.lower` and `_TOKEN_RE`) only when every one of
its characters was found to behave the same both ways; otherwise each character is mapped to FTS5's
own answer.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import cache

TOKENIZE = "unicode61 remove_diacritics 0"  # the tokenizer of `ranked.EXACT`
# A token when every character is plain (see `_plain`): a run of letters and digits, '_' separating.
_TOKEN_RE = re.compile(r"[^\W_]+")

_fold: dict[str, str | None] = {}  # character -> FTS5's folded form, or None for a separator
_joins: dict[str, str] = {}  # separators that continue a token already begun (combining marks) -> folded form
_plain: set[str] = set()  # characters for which `str.lower` and `_TOKEN_RE` give FTS5's answer


def learn(chars: Iterable[str]) -> None:
    """Ask FTS5 how it tokenizes each character not asked before: alone, and between two letters (a
    combining mark starts no token but continues one, as unicode61 reads diacritics)."""
    new = sorted({c for c in chars if c not in _fold and not 0xD800 <= ord(c) < 0xE000})
    if not new:
        return
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"create virtual table probe using fts5(t, tokenize='{TOKENIZE}')")
        rows = [(2 * ord(c), c) for c in new] + [(2 * ord(c) + 1, f"a{c}a") for c in new]
        con.executemany("insert into probe(rowid, t) values (?, ?)", rows)
        con.execute("create virtual table temp.probe_terms using fts5vocab(main, probe, 'instance')")
        terms: dict[int, list[str]] = {}
        for term, doc in con.execute("select term, doc from temp.probe_terms"):
            terms.setdefault(doc, []).append(term)
    finally:
        con.close()
    for c in new:
        alone, inside = terms.get(2 * ord(c), []), terms.get(2 * ord(c) + 1, [])
        f = alone[0] if alone else None
        _fold[c] = f
        if f is None and len(inside) == 1:
            _joins[c] = inside[0][1:-1]
        low = c.lower()
        same_class = bool(_TOKEN_RE.fullmatch(c)) == (f is not None) == bool(_TOKEN_RE.fullmatch(low))
        if len(low) == 1 and same_class and (f is None or f == low) and c not in _joins:
            _plain.add(c)


_unplain: list[re.Pattern[str]] = []  # a character not (yet) known to be plain; remade as `_plain` grows


def is_plain(text: str) -> bool:
    """Whether `str.lower` and `_TOKEN_RE` cut `text` as FTS5 does (every character learnt and plain)."""
    if _unplain and not _unplain[0].search(text):  # the common case, without making a set of the text
        return True
    chars = set(text)
    learn(chars)
    if chars <= _plain:
        if chars:  # remade only as `_plain` has grown (an empty text teaches nothing)
            _unplain[:] = [re.compile("[^" + "".join(re.escape(c) for c in sorted(_plain)) + "]")]
        return True
    return False


def tokens(text: str) -> list[str]:
    """FTS5's tokens of `text`, in order."""
    if is_plain(text):
        return _TOKEN_RE.findall(text.lower())
    out: list[str] = []
    token: list[str] = []
    for c in text:  # a character at a time, as unicode61 reads it
        f = _fold.get(c)
        if f is None and token and c in _joins:
            f = _joins[c]
        if f is not None:
            token.append(f)
        elif token:
            out.append("".join(token))
            token = []
    if token:
        out.append("".join(token))
    return out


_TOKEN_CHAR_RE = re.compile(r"[^\W_]")  # one character of a token in a plain text


@cache
def followed_by(second: str) -> re.Pattern[str]:
    """Separators, then `second` as a whole token: what must follow a pair's first token in a lowered plain text."""
    return re.compile(rf"[\W_]+{re.escape(second)}(?![^\W_])")


def count_pair(text: str, first: str, second: str) -> int:
    """How many times the tokens `first`, `second` stand side by side in `text` (FTS5's phrase instances,
    overlapping ones too: "a a a" holds "a a" twice)."""
    return count_pairs(text, [(first, second)])[0]


def count_pairs(text: str, pairs: Sequence[tuple[str, str]]) -> list[int]:
    """`count_pair` of each of `pairs` in `text`, the text lowered (or cut) once."""
    if not text:
        return [0] * len(pairs)
    if not (is_plain(text) and all(is_plain(a + b) for a, b in pairs)):
        toks = tokens(text)
        return [sum(1 for a, b in zip(toks, toks[1:], strict=False) if a == first and b == second) for first, second in pairs]
    low = text.lower()
    return [_count_lowered(low, first, second) for first, second in pairs]


def _count_lowered(low: str, first: str, second: str) -> int:
    if second not in low:
        return 0
    after = followed_by(second)
    n = 0
    i = low.find(first)
    while i >= 0:  # each place `first` starts a token, found by str.find (a regex would try every character)
        if (i == 0 or not _TOKEN_CHAR_RE.match(low, i - 1)) and after.match(low, i + len(first)):
            n += 1
        i = low.find(first, i + 1)
    return n


def varints(blob: bytes) -> list[int]:
    """SQLite's varints one after another (FTS5's docsize and averages records)."""
    out: list[int] = []
    i = 0
    while i < len(blob):
        v = 0
        for k in range(9):
            x = blob[i]
            i += 1
            if k == 8:
                v = (v << 8) | x
                break
            v = (v << 7) | (x & 0x7F)
            if not x & 0x80:
                break
        out.append(v)
    return out
