"""Who a target counts: its population condition and subject, compared between two targets.

'doanh nghiệp có từ 25 lao động trở lên' parses to (doanh nghiệp, 25, lao động, >=); two
conditions on the same kind of body and the same counted thing differ only by their threshold,
so one is wider than the other. Anything else that differs is just different.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from vanban.extract.data import load
from vanban.extract.names import expand_abbreviations
from vanban.extract.normalise import fold

THRESHOLD_RE = re.compile(
    r"""
    ^(?P<body>.+?)                                  # doanh nghiệp, CĐCS doanh nghiệp ngoài nhà nước
    \s+có\s+(?:từ\s+)?                              # có từ
    (?P<n>\d+)\s+                                   # 25
    (?P<unit>[^\d]+?)                               # lao động, công nhân lao động, nữ đoàn viên
    (?:\s+trở\s+(?P<dir>lên|xuống))?$               # trở lên / trở xuống
    """,
    re.VERBOSE | re.IGNORECASE,
)
_LEAD_RE = re.compile(r"^(?:(?:số|các|tất\s+cả|mọi|toàn\s+bộ|những|trong)\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Population:
    key: str  # folded condition without leading 'số', 'các', ...
    body: str | None = None
    n: int | None = None
    unit: str | None = None
    up: bool = True  # 'trở lên' (or no direction): a larger threshold is a narrower population


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = load("checks")["population_abbreviations"]
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, table)) + r")(?!\w)"), table


def expand(text: str) -> str:
    """Abbreviations expanded: the project's table, then the few the checks add ('DN')."""
    rx, table = _abbreviations()
    return rx.sub(lambda m: table[m.group(0)], expand_abbreviations(text))


def population(condition: str | None) -> Population | None:
    if not condition:
        return None
    key = _LEAD_RE.sub("", fold(expand(condition))).strip(" ,.;:()")
    key = re.sub(r"\s+", " ", key)
    m = THRESHOLD_RE.match(key)
    if not m:
        return Population(key)
    return Population(key, m.group("body"), int(m.group("n")), m.group("unit"), m.group("dir") != "xuống")


def compare(child: Population | None, parent: Population | None) -> str:
    """'same', 'wider', 'narrower', 'different' (the child's population against the parent's), or
    'unstated' when exactly one of them states a condition."""
    if child is None and parent is None:
        return "same"
    if child is None or parent is None:
        return "unstated"
    if child.key == parent.key:
        return "same"
    if (
        child.n is not None
        and parent.n is not None
        and (child.body, child.unit, child.up) == (parent.body, parent.unit, parent.up)
    ):
        lower = child.n < parent.n
        return "wider" if lower == child.up else "narrower"
    return "different"


# ---- subjects -----------------------------------------------------------------------------------


@cache
def _word_lists() -> tuple[frozenset[str], list[str]]:
    d = load("checks")
    return frozenset(fold(w) for w in d["stopwords"]), sorted((fold(q) for q in d["qualifiers"]), key=len, reverse=True)


@lru_cache(maxsize=4096)
def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(expand(text))))


def _words(text: str | None) -> list[str]:
    return list(_folded_words(text or ""))


def content_words(text: str | None, limit: int = 12) -> set[str]:
    """The first `limit` meaningful words of a subject (its tail is often the sentence running on)."""
    stop, _ = _word_lists()
    return {w for w in _words(text) if w not in stop and not w.isdigit()}.intersection(
        [w for w in _words(text) if w not in stop and not w.isdigit()][:limit]
    )


def qualifiers(text: str | None, limit: int = 12) -> set[str]:
    """The qualifier phrases ('không', 'chuyên trách', 'ngoài', 'nữ') among a subject's first words."""
    _, quals = _word_lists()
    head = " " + " ".join(_words(text)[:limit]) + " "
    found = set()
    for q in quals:
        if f" {q} " in head:
            found.add(q)
            head = head.replace(f" {q} ", " ")
    return found


def similarity(a: str | None, b: str | None) -> float:
    """Overlap of two subjects' first meaningful words (0 to 1, Jaccard)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def same_subject(a: str | None, b: str | None) -> bool:
    """Subjects that count the same people or bodies: the same qualifiers, and most words shared."""
    if " ".join(_words(a)) == " ".join(_words(b)):
        return True
    return qualifiers(a) == qualifiers(b) and similarity(a, b) >= 0.5
