"""Whole-word alternations written so that a scan of a long text runs at C speed.

`(?<![\\w])(?:phấn[ ]+đấu|bảo[ ]+đảm|…)` compiled with IGNORECASE is tried in full at every place of
the text: the engine finds no first character to skip to, because the pattern opens with a look-behind
and because under IGNORECASE it does not gather the first letters of cased words. `words_scan` writes
the same alternation as one branch per first letter, in each of the cases IGNORECASE matches, with the
look-behind moved behind that letter (looking back over it) and the rest of each word matched ignoring
case: the pattern then opens with a set of letters, and a scan skips to the next one. At any place only
the words that start with the letter found there can match, and among those the order (longest first)
is the one of the plain alternation, so both patterns find the same matches.
`citation_patterns.type_name_scan` builds its branches the same way (`letter_branches`, `case_variants`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


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
        branches += letter_branches(variants, "|".join(re.escape(r).replace(r"\ ", space) for r in rests))
    return "(?:" + "|".join(branches) + ")"


def letter_branches(variants: Iterable[str], rest: str) -> list[str]:
    r"""One branch per case of a first letter (`variants`): the letter, then no word character before it
    (looked back over the letter), then `rest` (an alternation of the words' other letters) ignoring case."""
    return [rf"{re.escape(v)}(?<![\w].)(?i:{rest})" for v in variants]


# Letters that other code points take for themselves under IGNORECASE besides their upper and lower case:
# the Kelvin sign is a K, the capital I with a dot an i, ... (checked against every code point in the tests).
_OTHER_CASES = {"k": "\u212a", "i": "\u0130", "å": "\u212b", "ß": "\u1e9e", "ω": "\u2126", "θ": "\u03f4"}


def case_variants(letter: str) -> list[str]:
    """Every character that `re.IGNORECASE` matches with `letter`: 'T' and 't'; 'k', 'K' and the Kelvin sign."""
    lower = letter.lower() if len(letter.lower()) == 1 else letter
    candidates = {letter, lower, letter.upper(), lower.upper(), *_OTHER_CASES.get(lower, "")}
    candidates |= {chr(c) for c in getattr(getattr(re, "_casefix", None), "_EXTRA_CASES", {}).get(ord(lower), ())}
    candidates |= {c.upper() for c in list(candidates)}
    one = re.compile(re.escape(letter), re.IGNORECASE)
    return sorted(c for c in candidates if len(c) == 1 and one.fullmatch(c))
