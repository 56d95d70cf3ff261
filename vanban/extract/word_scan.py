"""Whole-word alternations written so that a scan of a long text runs at C speed.

`(?<![\\w])(?:phấn[ ]+đấu|bảo[ ]+đảm|…)` compiled with IGNORECASE is tried in full at every place of
the text: the engine finds no first character to skip to, because the pattern opens with a look-behind
and because under IGNORECASE it does not gather the first letters of cased words. `words_scan` writes
the same alternation as one branch per first letter, in each of the cases IGNORECASE matches, with the
look-behind moved behind that letter (looking back over it) and the rest of each word matched ignoring
case: the pattern then opens with a set of letters, and a scan skips to the next one. At any place only
the words that start with the letter found there can match, and among those the order (longest first)
is the one of the plain alternation, so both patterns find the same matches.
"""

from __future__ import annotations

import re

from vanban.extract.citation_patterns import case_variants


def plain_words(words: list[str], space: str) -> str:
    """The plain alternation: `words` longest first, each escaped, a space matching `space`."""
    return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(words, key=len, reverse=True))


def words_scan(words: list[str], space: str) -> str:
    r"""A pattern (compiled without IGNORECASE) that matches what `(?<![\w])(?:{plain_words(words, space)})`
    matches under IGNORECASE, opening with the words' first letters (see the module's docstring). Where two
    first letters share a case (the dotted capital I and i), the plain alternation is returned, ignoring case."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        if not w[:1].isalpha():
            raise ValueError(f"a word to scan for must start with a letter: {w!r}")
        groups.setdefault(tuple(case_variants(w[0])), []).append(w[1:])
    letters = [v for variants in groups for v in variants]
    if len(set(letters)) < len(letters):  # a letter opens two groups: the order between them would matter
        return rf"(?<![\w])(?i:{plain_words(words, space)})"
    branches = []
    for variants, rests in groups.items():
        rest = "|".join(re.escape(r).replace(r"\ ", space) for r in rests)
        for v in variants:
            # the letter, then: no word character before it (looked back over the letter), the rest ignoring case
            branches.append(rf"{re.escape(v)}(?<![\w].)(?i:{rest})")
    return "(?:" + "|".join(branches) + ")"
