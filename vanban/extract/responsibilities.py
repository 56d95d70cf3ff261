"""Responsibilities: who does what, from 'Tổ chức thực hiện', 'Phân công' and similar sections.

Inside an assignment section each item names an actor ('1. Đối với LĐLĐ tỉnh', '2.1. Ban Tổ
chức – Kiểm tra:', 'c) Sở Khoa học và Công nghệ:', '3. Sở Kế hoạch và Đầu tư rà soát …'); the
items under it, or the rest of its sentence, are its tasks. A heading that only groups actors
('2. Đối với các ban của LĐLĐ tỉnh') is not an actor itself. Anywhere in the body an item that
opens with an explicit assignment ('Giao Sở Tài chính …', 'Đề nghị UBND các huyện …') is one too.
Actors are kept as written, grouped names and all ('LĐLĐ các huyện, thành phố, Công đoàn ngành').
Role words ('chủ trì', 'phối hợp', 'tham mưu', 'theo dõi', 'báo cáo', ...) come from the tasks.
Actor and role phrases are found by the spaCy rule components in spacy_rules.py.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from typing import TYPE_CHECKING

from vanban.extract.actor_screen import may_be_framed, may_name_actor
from vanban.extract.data import load
from vanban.extract.document import Doc
from vanban.extract.outline import BULLETS, Outline, build_outline
from vanban.schemas import Responsibility

if TYPE_CHECKING:
    from vanban.extract.spacy_rules import ActorHit

NO_SPACY = "spaCy is not installed, so responsibilities were not extracted (pip install spacy)"

MAX_ACTOR_WORDS = 40


@cache
def _assignment_re() -> re.Pattern[str]:
    words = sorted(load("actors")["assignment_sections"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def is_assignment_heading(title: str) -> bool:
    """'III. TỔ CHỨC THỰC HIỆN', '6. Phân công tổ chức thực hiện:', 'II. Nhiệm vụ cụ thể …'."""
    return len(title) <= 60 and bool(_assignment_re().search(title))


@cache
def spacy_installed() -> bool:
    """spaCy is a declared dependency; without it the rest of the record still comes out."""
    return importlib.util.find_spec("spacy") is not None


def actor_of(text: str) -> ActorHit | None:
    """The actor `text` opens with. spaCy (slow to load) is loaded only for a text that may name one."""
    if not spacy_installed() or not may_name_actor(text):
        return None
    from vanban.extract.spacy_rules import find_actor

    hit = find_actor(text)
    if hit is None or len(hit.actor.split()) > MAX_ACTOR_WORDS:
        return None
    return hit


def actor_in(outline: Outline, text: str) -> ActorHit | None:
    """`actor_of(text)` for a text of `outline`'s document, each text asked once per document (the
    responsibilities ask about a unit up to four times, the timeline again about its dated items)."""
    hits: dict[str, ActorHit | None] = outline.memo("actor_hits", lambda _o: {})
    if text not in hits:
        hits[text] = actor_of(text)
    return hits[text]


def _task_of(text: str, hit: ActorHit) -> str:
    return text[hit.end :].strip(" :;,.-–")


def _acts(text: str, hit: ActorHit) -> bool:
    """'Sở Kế hoạch và Đầu tư rà soát …': the actor is followed by what it does."""
    return bool(_task_of(text, hit)) and hit.start == 0


class _Collector:
    def __init__(self, outline: Outline):
        self.outline = outline
        self.units = outline.units
        self.out: list[Responsibility] = []
        self.used: set[int] = set()

    def _hit(self, i: int) -> ActorHit | None:
        u = self.units[i]
        return None if u.kind == "cell" or u.start >= self.outline.body_end else actor_in(self.outline, u.text)

    def section(self, i: int) -> None:
        """Every actor among the items of assignment section `i`."""
        for c in self.units[i].children:
            self.item(c)

    def item(self, i: int) -> None:
        if i in self.used:
            return
        u = self.units[i]
        hit = self._hit(i)
        if hit is None:
            if u.is_heading or u.kind in BULLETS:
                for c in u.children:
                    self.item(c)
            return
        tasks: list[str] = []
        own = _task_of(u.text, hit)
        if own:
            tasks.append(own)
        sub_actors = [c for c in u.children if self.units[c].is_heading and self._hit(c)]
        for j in self.outline.subtree(i)[1:]:
            if any(j in self.outline.subtree(s) for s in sub_actors) or j in self.used:
                continue
            h = self._hit(j)
            if h is not None and h.framed and self.units[j].kind not in BULLETS:
                self.item(j)  # 'Giao Sở Khoa học và Công nghệ …' under another actor's items
                continue
            tasks.append(self.units[j].text)
        self.used.add(i)
        if tasks or not sub_actors:
            from vanban.extract.spacy_rules import find_roles  # loaded already: an actor was found

            roles = find_roles(" ".join([u.text, *tasks]))
            self.out.append(Responsibility(actor=hit.actor, tasks=tasks, roles=roles, span=(u.start, self.outline.span_end(i))))
        for s in sub_actors:
            self.item(s)


def responsibilities_of(outline: Outline) -> list[Responsibility]:
    """Who does what in `outline`, computed once per outline (the timeline asks again for owners)."""
    return outline.memo("responsibilities", _responsibilities_of)


def _responsibilities_of(outline: Outline) -> list[Responsibility]:
    col = _Collector(outline)
    units = outline.units
    for i, u in enumerate(units):
        if u.start >= outline.body_end:
            break
        if u.is_heading and is_assignment_heading(u.text) and not any(a in col.used for a in outline.ancestors(i)):
            col.used.add(i)
            col.section(i)
    for i, u in enumerate(units):
        if u.start >= outline.body_end:
            break
        if i in col.used or u.kind == "cell" or u.kind in BULLETS:
            continue
        if not u.is_heading and not may_be_framed(u.text):
            continue  # outside headings only an actor opened by a frame counts (tested first: no spaCy needed)
        hit = col._hit(i)
        if hit is None or any(a in col.used for a in outline.ancestors(i)):
            continue
        if (hit.framed and not u.text.lower().startswith("đối với")) or (u.is_heading and _acts(u.text, hit)):
            col.item(i)
    col.out.sort(key=lambda r: r.span[0])
    return col.out


def extract_responsibilities(doc: Doc) -> list[Responsibility]:
    if not spacy_installed():
        doc.warnings.append(NO_SPACY)
        return []
    return responsibilities_of(build_outline(doc))
