"""Word automatic numbering (numbering.xml) turned into the labels a reader sees: '1.', 'a)', 'I.', '-'.

A numbered paragraph names a list (numId) and a level (ilvl); the list points at an abstract
definition whose level gives a start value, a number format and a text such as '%1.' or
'%1.%2.'. Counters are kept per abstract list, as Word does when several lists share one
definition; a list that overrides its start value starts again. A level restarts when a
shallower level is used (or as its lvlRestart says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from vanban.extract.readers.ooxml import W_VAL, Styles

_W = {name: qn(f"w:{name}") for name in (
    "num", "abstractNum", "abstractNumId", "lvl", "ilvl", "start", "numFmt", "lvlText", "lvlRestart", "isLgl",
    "suff", "lvlOverride", "startOverride", "numStyleLink", "styleLink", "pStyle", "numId",
)}  # fmt: skip
_PLACEHOLDER_RE = re.compile(r"%(?P<level>[1-9])")  # '%1' in a level text stands for level 1's counter
_KEPT_BULLETS = {"+": "+"}  # bullets that carry meaning in Vietnamese documents; all others print as '-'


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: 0 never, N: after level N (1-based); None: after any shallower level
    legal: bool = False  # isLgl: show every level's counter as a decimal
    suffix: str = " "


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def _level(el: etree._Element) -> Level:
    fmt, text, restart, suff = el.find(_W["numFmt"]), el.find(_W["lvlText"]), el.find(_W["lvlRestart"]), el.find(_W["suff"])
    legal = el.find(_W["isLgl"])
    return Level(
        start=_int(el.find(_W["start"]), 1),
        fmt=(fmt.get(W_VAL) if fmt is not None else None) or "decimal",
        text=(text.get(W_VAL) if text is not None else None) or "",
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and legal.get(W_VAL, "1") not in ("0", "false", "off"),
        suffix={"nothing": "", "space": " ", "tab": " "}.get(suff.get(W_VAL, "tab") if suff is not None else "tab", " "),
    )


def to_roman(n: int) -> str:
    """1 -> 'I', 4 -> 'IV', 1990 -> 'MCMXC'."""
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: 1 -> 'A', 26 -> 'Z', 27 -> 'AA', 28 -> 'BB'."""
    if n < 1:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word number format (unknown formats print as decimals)."""
    if fmt == "upperRoman":
        return to_roman(n) if n > 0 else str(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower() if n > 0 else str(n)
    if fmt == "upperLetter":
        return to_letters(n)
    if fmt == "lowerLetter":
        return to_letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Numbering:
    """Counters for every list of one document; `label(numId, ilvl)` numbers the next paragraph."""

    styles: Styles
    lists: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId -> ilvl -> level or start value
    links: dict[str, str] = field(default_factory=dict)  # abstractNumId -> numbering style it links to
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: etree._Element | None, styles: Styles) -> Numbering:
        out = cls(styles)
        if root is None:
            return out
        for a in root.iter(_W["abstractNum"]):
            aid = a.get(qn("w:abstractNumId"))
            if aid is None:
                continue
            out.abstract[aid] = {_int_attr(lvl, qn("w:ilvl")): _level(lvl) for lvl in a.iter(_W["lvl"])}
            link = a.find(_W["numStyleLink"])
            if link is not None and link.get(W_VAL):
                out.links[aid] = link.get(W_VAL)
        for n in root.iter(_W["num"]):
            nid, aid_el = n.get(qn("w:numId")), n.find(_W["abstractNumId"])
            if nid is None or aid_el is None:
                continue
            out.lists[nid] = aid_el.get(W_VAL, "")
            for ov in n.iter(_W["lvlOverride"]):
                ilvl = _int_attr(ov, qn("w:ilvl"))
                lvl, start = ov.find(_W["lvl"]), ov.find(_W["startOverride"])
                if lvl is not None:
                    out.overrides.setdefault(nid, {})[ilvl] = _level(lvl)
                elif start is not None:
                    out.overrides.setdefault(nid, {})[ilvl] = _int(start, 1)
        return out

    def _abstract_id(self, num_id: str) -> str | None:
        aid = self.lists.get(num_id)
        if aid in self.links:  # a list defined by a numbering style: follow the style to its list
            linked, _ = self.styles.numbering(self.links[aid])
            if linked and linked != num_id and self.lists.get(linked) not in self.links:
                aid = self.lists.get(linked)
        return aid

    def _levels(self, num_id: str, aid: str) -> dict[int, Level]:
        levels = dict(self.abstract.get(aid, {}))
        for ilvl, ov in self.overrides.get(num_id, {}).items():
            if isinstance(ov, Level):
                levels[ilvl] = ov
            elif ilvl in levels:
                levels[ilvl] = Level(
                    ov, levels[ilvl].fmt, levels[ilvl].text, levels[ilvl].restart, levels[ilvl].legal, levels[ilvl].suffix
                )
        return levels

    def label(self, num_id: str | None, ilvl: int | None) -> str | None:
        """The label Word prints before the next paragraph of list `num_id` at level `ilvl`, or None."""
        if not num_id or num_id == "0":
            return None
        aid = self._abstract_id(num_id)
        if aid is None or aid not in self.abstract:
            return None
        levels = self._levels(num_id, aid)
        ilvl = ilvl or 0
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for ov_level in self.overrides.get(num_id, {}):  # a list that restarts its numbering
                counters.pop(ov_level, None)
                for deeper in [k for k in counters if k > ov_level]:
                    counters.pop(deeper)
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters.pop(deeper)
        if level.fmt == "bullet":
            return _bullet(level.text) + level.suffix
        if level.fmt == "none" and not _PLACEHOLDER_RE.search(level.text):
            return (level.text + level.suffix) if level.text.strip() else None

        def counter(m: re.Match[str]) -> str:
            k = int(m.group("level")) - 1
            lv = levels.get(k, Level())
            n = counters.get(k, lv.start)
            return format_number(n, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        text = _PLACEHOLDER_RE.sub(counter, level.text)
        return (text + level.suffix) if text.strip() else None


def _bullet(text: str) -> str:
    t = text.strip()
    return _KEPT_BULLETS.get(t, "-")


def _int_attr(el: etree._Element, name: str) -> int:
    try:
        return int(el.get(name, "0"))
    except ValueError:
        return 0
