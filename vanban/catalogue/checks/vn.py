"""Numbers, dates and targets written the Vietnamese way, for the checks' messages."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from vanban.extract.data import load
from vanban.extract.numerals import as_int_if_whole
from vanban.schemas import Target


@cache
def phrases() -> dict[str, Any]:
    data: dict[str, Any] = load("checks")["phrases"]
    return data


def phrase(key: str, **values: Any) -> str:
    return str(phrases()[key]).format(**values)


def number(value: float) -> str:
    """23320 -> '23.320', 6.5 -> '6,5', 1234.5 -> '1.234,5' (Vietnamese separators)."""
    v = as_int_if_whole(round(value, 6))
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    whole, frac = f"{v:,.6f}".rstrip("0").split(".")
    return whole.replace(",", ".") + "," + frac


def date(iso: str | None) -> str:
    """'2021-10-15' -> '15/10/2021'."""
    if not iso:
        return ""
    parts = iso.split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 else iso


def amount(t: Target) -> str:
    """'85%', 'ít nhất 16.000', '95–98%'."""
    cmp = phrases()["comparators"].get(t.comparator or "=", "")
    v = number(t.value) + (f"–{number(t.value_max)}" if t.value_max is not None else "")
    return f"{cmp}{v}%" if t.unit == "%" else f"{cmp}{v}"


def short(text: str | None, limit: int = 90) -> str:
    """`text` cut at a word boundary near `limit` characters, with '…' where cut."""
    t = " ".join((text or "").split())
    if len(t) <= limit:
        return t
    cut = t[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def when(t: Target, plan_end: int | None = None) -> str:
    """'đến năm 2023', 'hằng năm', 'giai đoạn 2021–2025', or the plan's own end year."""
    parts = []
    if t.deadline:
        parts.append(phrase("by_year", year=t.deadline))
    elif t.period and t.period.start and t.period.end:
        parts.append(phrase("period", start=t.period.start, end=t.period.end))
    elif plan_end:
        parts.append(phrase("by_plan_year", year=plan_end))
    if t.frequency:
        parts.append(phrase(t.frequency))
    return ", ".join(parts)


@cache
def _subject_stop() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load("checks")["subject_stops"]), re.IGNORECASE)


def subject(t: Target) -> str:
    """The target's subject without the next clause it runs on into."""
    s = t.subject or t.condition or ""
    m = _subject_stop().search(s)
    return s[: m.start()] if m and m.start() > 0 else s


def describe(t: Target, plan_end: int | None = None) -> str:
    """A target in a few words: '85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS, đến năm 2023'."""
    what = short(subject(t), 110)
    head = f"{amount(t)} {what or ('' if t.unit == '%' else t.unit or '')}".strip()
    tail = when(t, plan_end)
    return f"{head}, {tail}" if tail else head
