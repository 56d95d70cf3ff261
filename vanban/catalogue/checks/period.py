"""The time a plan covers, as the plan itself states it.

In order: the record's `period`; a period in the title ('giai đoạn 2021 - 2025', 'nhiệm kỳ 2018 –
2023'); a horizon in the title ('đến năm 2023'), from the year of issue. Nothing else is guessed:
a plan whose title states no time has no period here, and its deadlines are not checked against one.
"""

from __future__ import annotations

from dataclasses import dataclass

from vanban.extract.targets import DEADLINE_RE, PERIOD_RE
from vanban.schemas import DocumentRecord


@dataclass(frozen=True)
class PlanPeriod:
    start: int
    end: int
    source: str  # the words that state it, for messages

    def text(self) -> str:
        return f"{self.start}–{self.end}"


def plan_period(record: DocumentRecord) -> PlanPeriod | None:
    year = int(record.date[:4]) if record.date else None
    p = record.period
    if p and p.start and p.end and p.start <= p.end:
        return PlanPeriod(p.start, p.end, f"{p.start}–{p.end}")
    title = " ".join((record.title or "").split())
    m = PERIOD_RE.search(title)
    if m:
        a, b = int(m.group("start")), int(m.group("end"))
        return PlanPeriod(a, b, m.group(0)) if a <= b else None
    m = DEADLINE_RE.search(title)
    if m and year:
        end = int(m.group("year") or m.group("dyear"))
        return PlanPeriod(year, end, m.group(0)) if year <= end else None
    return None
