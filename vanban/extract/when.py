"""Time expressions of plans and schedules: 'Năm 2014', 'Quý II/2022', 'Tháng 5/2022',
'Ngày 26, 27/12/2011', 'Chiều ngày 28/12 và cả ngày 29/12/2011', 'trước ngày 08/02/2025',
'Hằng năm'.

`parse_when` reads the whole expression into a `When`: a single year, or first and last day
(ISO dates), whether it is a deadline ('trước ngày ...'), and whether it recurs every year. Days
written without a year ('28/12') take the year of the full date that follows them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
WEEKDAYS = {"2": 0, "hai": 0, "3": 1, "ba": 1, "4": 2, "tư": 2, "5": 3, "năm": 3, "6": 4, "sáu": 4, "7": 5, "bảy": 5}

YEAR_RE = re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)(?![\d/])")

QUARTER_RE = re.compile(
    r"""
    quý[ ]*(?P<q>IV|I{1,3}|[1-4])                    # Quý II, quý 2
    [ ]*(?:/|-|năm)[ ]*(?P<year>(?:19|20)\d\d)       # /2022, năm 2022
    """,
    re.VERBOSE | re.IGNORECASE,
)

MONTH_RE = re.compile(
    r"""
    tháng[ ]*(?P<m1>\d{1,2})                           # Tháng 5
    (?:[ ]*(?:-|–|đến)[ ]*(?:tháng[ ]*)?(?P<m2>\d{1,2}))?  # Tháng 5-6, tháng 5 đến tháng 6
    [ ]*(?:/|-|năm)[ ]*(?P<year>(?:19|20)\d\d)         # /2022, năm 2022
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A day with or without month and year: 26, 27/12/2011, 28/12, 02/01/2011, 24-9-2021.
DAY_RE = re.compile(
    r"""
    (?<![\d/.])
    (?P<d>\d{1,2})
    (?:[ ]*(?P<sep>[/.-])[ ]*(?P<m>\d{1,2})(?:[ ]*(?P=sep)[ ]*(?P<y>(?:19|20)\d\d))?)?
    (?![\d%]|[ ]*(?:h\b|giờ|g\d))
    """,
    re.VERBOSE,
)

# 'ngày 01 tháng 7 năm 2006' read as '01/7/2006'
LONG_DATE_RE = re.compile(r"(?P<d>\d{1,2})[ ]*tháng[ ]*(?P<m>\d{1,2})[ ]*(?:năm[ ]*)?(?P<y>(?:19|20)\d\d)", re.IGNORECASE)

DEADLINE_RE = re.compile(
    r"""
    [TtCcHhKk\u212a]                     # the first letter of a word below, in any case (so a scan skips to it at C speed)
    (?i:
        (?<=t)rước                       # trước
      | (?<=c)hậm[ ]nhất(?:[ ]là)?(?:[ ]vào)?   # chậm nhất (là) (vào)
      | (?<=h)ạn[ ]chót                  # hạn chót
      | (?<=k)hông[ ]quá                 # không quá
      | (?<=h)oàn[ ]thành[ ](?:trong|trước)   # hoàn thành trong / trước
    )
    (?i:[ ]+(?:ngày|tháng|quý|năm|\d))   # then the time: trước ngày 08/02/2025, trước 30/11/2024
    """,
    re.VERBOSE,
)

# The first word of each phrase of DEADLINE_RE, in small letters.
DEADLINE_FIRST_WORDS = ("trước", "chậm", "hạn", "không", "hoàn")


def find_deadline(text: str) -> re.Match[str] | None:
    """`DEADLINE_RE.search(text)`, after a cheaper test: the lowered text holds the first word of one of its
    phrases (every character IGNORECASE takes for one of their letters lowers to that letter; tested)."""
    low = text.lower()
    if not any(w in low for w in DEADLINE_FIRST_WORDS):
        return None
    return DEADLINE_RE.search(text)


_DAY_LIST_GAP_RE = re.compile(r"[ ]*(?:,|và|-|–|đến)[ ]*(?:ngày[ ]*)?", re.IGNORECASE)
ANNUAL_RE = re.compile(r"\b(?:hằng|hàng|mỗi)[ ]+năm\b|\bđịnh[ ]kỳ[ ]+năm\b", re.IGNORECASE)
WEEKDAY_RE = re.compile(r"\(?\bthứ[ ]*(?P<wd>[2-7]|hai|ba|tư|năm|sáu|bảy)\b\)?", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    year: int | None = None
    start: str | None = None
    end: str | None = None
    deadline: bool = False  # 'trước ngày ...': the end is a deadline, the start is open
    annual: bool = False

    @property
    def empty(self) -> bool:
        return self.year is None and self.start is None and self.end is None and not self.annual


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _days(text: str) -> list[str]:
    """Full dates of the day expressions in `text`, in order; bare days borrow month and year
    from the next fuller expression ('26, 27/12/2011', 'Chiều ngày 28/12 và cả ngày 29/12/2011')."""
    text = LONG_DATE_RE.sub(lambda m: f"{m.group('d')}/{m.group('m')}/{m.group('y')}", text)
    raw: list[list[int | None]] = []
    matches = list(DAY_RE.finditer(text))
    for i, m in enumerate(matches):
        d = int(m.group("d"))
        mo = int(m.group("m")) if m.group("m") else None
        y = int(m.group("y")) if m.group("y") else None
        if mo is None:
            # a bare day counts only in a list of days: '26, 27/12/2011', '5 và 6/3/2022'
            gap = text[m.end() : matches[i + 1].start()] if i + 1 < len(matches) else "x"
            if not _DAY_LIST_GAP_RE.fullmatch(gap):
                continue
        raw.append([d, mo, y])
    if not any(r[2] for r in raw):
        return []
    for i in range(len(raw) - 1, -1, -1):
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if raw[i][1] is None and nxt:
            raw[i][1] = nxt[1]
        if raw[i][2] is None and nxt:
            raw[i][2] = nxt[2]
    out = []
    for day, mo, y in raw:
        if day is not None and mo and y:
            iso = _iso(y, mo, day)
            if iso:
                out.append(iso)
    return out


def parse_when(text: str) -> When:
    """The time that `text` states, or an empty When."""
    t = re.sub(r"\b\d{1,2}\s*h\s*\d{0,2}\s*(?:[-–]\s*\d{1,2}\s*h\s*\d{0,2})?", " ", text)  # 8h00-10h00
    annual = bool(ANNUAL_RE.search(t))
    deadline = bool(DEADLINE_RE.search(t))
    days = _days(t)
    if days:
        start, end = min(days), max(days)
        if deadline:
            return When(year=int(end[:4]), end=end, deadline=True, annual=annual)
        year = int(start[:4]) if start[:4] == end[:4] else None
        return When(year=year, start=start, end=end if end != start else None, annual=annual)
    q = QUARTER_RE.search(t)
    if q:
        y = int(q.group("year"))
        n = _ROMAN.get(q.group("q").lower()) or int(q.group("q"))
        last = 3 * n
        start = date(y, last - 2, 1).isoformat()
        end = date(y, last, calendar.monthrange(y, last)[1]).isoformat()
        return When(year=y, start=None if deadline else start, end=end, deadline=deadline, annual=annual)
    mo = MONTH_RE.search(t)
    if mo:
        y = int(mo.group("year"))
        m1 = int(mo.group("m1"))
        m2 = int(mo.group("m2") or m1)
        if 1 <= m1 <= m2 <= 12:
            start = date(y, m1, 1).isoformat()
            end = date(y, m2, calendar.monthrange(y, m2)[1]).isoformat()
            return When(year=y, start=None if deadline else start, end=end, deadline=deadline, annual=annual)
    years = sorted({int(m.group("year")) for m in YEAR_RE.finditer(t)})
    if len(years) == 1:
        return When(year=years[0], deadline=deadline, annual=annual)
    if len(years) == 2 and re.search(r"(?:19|20)\d\d\s*(?:-|–|đến|tới)\s*(?:năm\s*)?(?:19|20)\d\d", t):
        return When(start=f"{years[0]}-01-01", end=f"{years[1]}-12-31", annual=annual)
    return When(annual=annual)


def weekday_mismatch(text: str, iso: str) -> str | None:
    """The printed weekday ('thứ 2') when it is not the weekday of `iso`, else None."""
    m = WEEKDAY_RE.search(text)
    if not m:
        return None
    want = WEEKDAYS.get(m.group("wd").lower())
    if want is None or date.fromisoformat(iso).weekday() == want:
        return None
    return m.group(0).strip("()")
