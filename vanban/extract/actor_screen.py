"""Which texts could name an actor, decided without spaCy, so that spaCy is loaded only when one does.

`spacy_rules.find_actor` finds an actor only where a body's name (a head from data/actors.yaml)
matches: at the first token that is not punctuation, or right after an opening frame ('Đối với',
'Giao', 'Đề nghị', ...). The words of every head and frame are single tokens made of letters
(tests/test_actor_screen.py checks this against spaCy's tokenizer), and spaCy's tokenizer never
splits a run of letters, so two such tokens that follow each other are printed with exactly one
space between them. Hence two tests on the text that every such match passes:

- after the leading punctuation and spaces, the text starts with a head as written or in capitals;
- in lower case, the text holds a frame, one space, and the first word of a head.

A text that passes neither has no actor; only the others are tokenised.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from vanban.extract.data import load


def _longest_first(s: str) -> tuple[int, str]:
    return -len(s), s


@cache
def _tests() -> tuple[tuple[str, ...], re.Pattern[str]]:
    d = load("actors")
    heads: list[str] = d["heads"] + d["named_heads"]
    # longest first, then alphabetical: the same pattern text in every process (a set's order is not),
    # so that its compiled program is found in regex_cache
    starts = tuple(sorted({v for h in heads for v in (h, h.upper())}, key=_longest_first))
    first_words = sorted({h.split()[0].lower() for h in heads}, key=_longest_first)
    frames = sorted({f.lower() for f in d["frames"]}, key=_longest_first)
    framed = re.compile(
        rf"""
        (?:{"|".join(map(re.escape, frames))})        # an opening frame: đối với, giao, đề nghị, ...
        [ ]
        (?:{"|".join(map(re.escape, first_words))})   # the first word of a head: sở, ban, ubnd, ...
        """,
        re.VERBOSE,
    )
    return starts, framed


def _after_punctuation(text: str) -> str:
    """`text` without the punctuation (Unicode category P) and spaces it opens with: the tokens
    spaCy counts as punctuation before the first word."""
    for i, ch in enumerate(text):
        if ch != " " and not unicodedata.category(ch).startswith("P"):
            return text[i:]
    return ""


def may_name_actor(text: str) -> bool:
    """False only when `spacy_rules.find_actor(text)` is certainly None."""
    starts, _framed = _tests()
    return _after_punctuation(text).startswith(starts) or may_be_framed(text)


@cache
def _frames_then_space() -> tuple[str, ...]:
    """Each frame followed by its space, as the framed pattern requires: found with `in` before the pattern runs."""
    return tuple(sorted({f.lower() + " " for f in load("actors")["frames"]}, key=_longest_first))


def may_be_framed(text: str) -> bool:
    """False only when `spacy_rules.find_actor(text)` certainly finds no actor opened by a frame."""
    low = text.lower()
    return any(f in low for f in _frames_then_space()) and _tests()[1].search(low) is not None
