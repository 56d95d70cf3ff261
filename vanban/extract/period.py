"""The years a plan covers: 'giai đoạn 2013 - 2018', 'nhiệm kỳ 2018-2023', 'đến năm 2023'."""

from __future__ import annotations

import re

from vanban.extract.document import Doc, Line
from vanban.schemas import Period

_YEAR = r"((?:19|20)\d\d)"
RANGE_RE = re.compile(
    rf"""(?:giai[ \t]+đoạn|nhiệm[ \t]+kỳ|từ[ \t]+năm|từ|các[ \t]+năm|năm[ \t]+học|năm)[ \t]*+   # giai đoạn 2021 - 2025, năm học 2023 - 2024
    {_YEAR}[ \t]*+(?:-|–|đến[ \t]+(?:hết[ \t]+)?(?:năm[ \t]+)?)[ \t]*+{_YEAR}
    """,
    re.IGNORECASE | re.VERBOSE,
)
UNTIL_RE = re.compile(rf"đến[ \t]+(?:hết[ \t]+)?năm[ \t]+{_YEAR}", re.IGNORECASE)  # đến năm 2023, định hướng đến năm 2045
_SENTENCE_RE = re.compile(r"[^.;:\n]+")
_GROUNDS_RE = re.compile(
    r"^[\s\-–+*•]*căn[ \t]+cứ\b", re.IGNORECASE
)  # 'Căn cứ Quyết định … giai đoạn 2021-2025': the years of the grounds
# A line that starts a heading or a bullet ('1. Mục đích', 'II. NHIỆM VỤ', 'a) …', '- …'): never the rest of a
# wrapped 'Căn cứ' paragraph.
_NEW_ITEM_RE = re.compile(r"^[ \t]*(?:(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[ \t]*[.)][ \t]|[-–+*•])", re.IGNORECASE)
# The plan's own statement ('… ban hành Kế hoạch … như sau'): never the rest of a 'Căn cứ' paragraph.
_OWN_RE = re.compile(r"\b(?:ban[ \t]+hành|xây[ \t]+dựng)[ \t]+(?:kế[ \t]+hoạch|chương[ \t]+trình)\b", re.IGNORECASE)


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


def _not_grounds(lines: list[Line]) -> list[str]:
    """The lines' texts but those of the 'Căn cứ' paragraphs, with the lines a narrow column or a copied web page
    wrapped them onto: a grounds line without a final '.', ';' or ':' goes on on the next line, unless that line
    starts a heading or a bullet or states the plan itself."""
    out: list[str] = []
    grounds = False
    for ln in lines:
        t = ln.text
        if _GROUNDS_RE.match(t) or (grounds and not _NEW_ITEM_RE.match(t) and not _OWN_RE.search(t)):
            grounds = not t.rstrip().endswith((".", ";", ":"))
            continue
        grounds = False
        out.append(t)
    return out


def extract_period(doc: Doc, title: str | None, date: str | None, lines: int = 40) -> Period | None:
    """From the title first, then the opening sentences: the first sentence that names a range of
    years gives the period (its earliest start and latest end, so 'giai đoạn 2021-2025, định hướng
    đến năm 2045' is 2021-2045); 'đến năm 2023' alone runs from the year of issue."""
    issued = int(date[:4]) if date else None
    texts = [title or ""] + [m.group(0) for t in _not_grounds(doc.lines[:lines]) for m in _SENTENCE_RE.finditer(t)]
    for t in texts:
        span = _span_of(t, issued)
        if span:
            return Period(start=span[0], end=span[1])
    return None
