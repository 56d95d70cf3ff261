"""The years a plan covers: 'giai đoạn 2013 - 2018', 'nhiệm kỳ 2018-2023', 'đến năm 2023'."""

from __future__ import annotations

import re

from vanban.extract.document import Doc
from vanban.schemas import Period

_YEAR = r"((?:19|20)\d\d)"
RANGE_RE = re.compile(
    rf"""(?:giai[ \t]+đoạn|nhiệm[ \t]+kỳ|từ[ \t]+năm|từ|các[ \t]+năm|năm)[ \t]*+   # giai đoạn 2021 - 2025, từ năm 2014 đến 2018
    {_YEAR}[ \t]*+(?:-|–|đến[ \t]+(?:hết[ \t]+)?(?:năm[ \t]+)?)[ \t]*+{_YEAR}
    """,
    re.IGNORECASE | re.VERBOSE,
)
UNTIL_RE = re.compile(rf"đến[ \t]+(?:hết[ \t]+)?năm[ \t]+{_YEAR}", re.IGNORECASE)  # đến năm 2023, định hướng đến năm 2045
_SENTENCE_RE = re.compile(r"[^.;:\n]+")
_GROUNDS_RE = re.compile(
    r"^[\s\-–+*•]*căn[ \t]+cứ\b", re.IGNORECASE
)  # 'Căn cứ Quyết định … giai đoạn 2021-2025': the years of the grounds


def _span_of(sentence: str, issued: int | None) -> tuple[int, int] | None:
    if "19" not in sentence and "20" not in sentence:  # both patterns need a year (a cheap test first)
        return None
    ranges = [(int(a), int(b)) for a, b in RANGE_RE.findall(sentence) if int(a) <= int(b)]
    ends = [int(y) for y in UNTIL_RE.findall(sentence)]
    if ranges:
        return min(a for a, _ in ranges), max([b for _, b in ranges] + [e for e in ends if e >= min(a for a, _ in ranges)])
    if ends and issued and issued <= max(ends):
        return issued, max(ends)
    return None


def extract_period(doc: Doc, title: str | None, date: str | None, lines: int = 40) -> Period | None:
    """From the title first, then the opening sentences: the first sentence that names a range of
    years gives the period (its earliest start and latest end, so 'giai đoạn 2021-2025, định hướng
    đến năm 2045' is 2021-2045); 'đến năm 2023' alone runs from the year of issue."""
    issued = int(date[:4]) if date else None
    texts = [title or ""] + [
        m.group(0) for ln in doc.lines[:lines] if not _GROUNDS_RE.match(ln.text) for m in _SENTENCE_RE.finditer(ln.text)
    ]
    for t in texts:
        span = _span_of(t, issued)
        if span:
            return Period(start=span[0], end=span[1])
    return None
