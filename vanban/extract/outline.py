"""The body of a document as a tree of units: labelled headings, bullets, paragraphs, table cells.

A unit is one paragraph of the body with the label it starts with (`I.`, `II-`, `1.`, `2.1.`,
`2.1.1.`, `a)`, `-`, `+`, `Điều 5.`, ...). Lines broken in the middle of a sentence (a wrapped
PDF line, a paragraph split in a text export) are joined back into their unit. The hierarchy
comes from the order in which label styles first appear (the usual way to read an outline whose
styles are not fixed in advance): a style already open closes everything below it; a new style
opens one level down. Markdown headings without a label (`## Heading`) take their own level.

This module is shared by the sections, targets, timeline and responsibilities extractors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from vanban.extract.document import Doc

T = TypeVar("T")

LABEL_RE = re.compile(
    r"""
    ^(?:
        (?P<chuong>(?:Chương|CHƯƠNG)[ ]+[IVXLC\d]+)\b[.:]?          # Chương I
      | (?P<phan>(?:Phần|PHẦN)[ ]+[IVXLC\d]+)\b[.:]?                # Phần II
      | (?P<muc>(?:Mục|MỤC)[ ]+\d{1,2})\b[.:]?                       # Mục 1 (of a Chương)
      | (?P<dieu>(?:Điều|ĐIỀU)[ ]+\d{1,3}[a-zđ]?)[ ]*[.:]           # Điều 5.
      | (?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=[ \t]|[^\W\d_])     # 2.1, 2.1., 2.1.1. (not 2.136)
      | (?P<roman>[IVX]{1,5})[ ]*[.\-–)](?=[ \t]|[^\W\d_])          # I., II-, IV)
      | (?P<arabic>\d{1,2})[ ]*[.)](?=[ \t]|[^\W\d_])               # 1., 3) (not 1.000, not 2%)
      | \((?P<paren>\d{1,2}|[a-zđ])\)(?=[ \t])                      # (1), (a)
      | (?P<upper>[A-ZĐ])[.)](?=[ \t])                              # A., B)
      | (?P<lower>[a-zđ])[).](?=[ \t])                              # a), b., đ)
      | (?P<dash>[-–—•·])(?=[ \t]*[^\W\d_\s]|[ \t]+\S)              # - item, – item, • item
      | (?P<plus>\+)(?=[ \t]*\S)                                    # + item
      | (?P<star>\*)(?=[ \t]+\S)                                    # * item
    )
    [ \t]*(?P<rest>.*)$
    """,
    re.VERBOSE,
)

BULLETS = {"dash", "plus", "star"}
_TITLED = {"chuong", "phan", "muc"}
_LEADS = BULLETS | {"para"}  # units that hold items only until the next non-item  # labels whose title may stand on the next line
_LABEL_KINDS = ("chuong", "phan", "muc", "dieu", "num", "roman", "arabic", "paren", "upper", "lower", "dash", "plus", "star")
_CLOSERS = "\"”’')]"  # quotation marks and brackets that may follow a sentence's final punctuation
_FINAL = ".:;!?…"
_PAGE_NUMBER_RE = re.compile(r"^[-–]?[ ]*\d{1,3}[ ]*[-–]?$")  # '2', '- 3 -'
_CLOSING_RE = re.compile(r"^[*_\s]*Nơi[ \t]+nhận\b", re.IGNORECASE)


@dataclass
class Unit:
    """One paragraph of the body."""

    kind: str  # a label style ('roman', 'num2', 'dash', ...), 'md<level>', 'para' or 'cell'
    label: str | None  # the label as written ('II.', '2.1.', 'a)', '-'), None for paragraphs
    text: str  # the text after the label, wrapped lines joined with a space
    start: int  # span in doc.text, label included
    end: int
    block: int  # the block of the first line
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    depth: int = 0

    @property
    def is_heading(self) -> bool:
        return self.kind not in ("para", "cell") and self.kind not in BULLETS


@dataclass
class Outline:
    units: list[Unit]
    body_end: int  # offset where the closing (Nơi nhận) starts, or len(text)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, build: Callable[[Outline], T]) -> T:
        """`build(self)`, computed once per outline (what several extractors read: who does what)."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    def subtree(self, i: int) -> list[int]:
        """`i` and every unit below it, in reading order."""
        out = [i]
        for c in self.units[i].children:
            out += self.subtree(c)
        return out

    def ancestors(self, i: int) -> list[int]:
        out = []
        p = self.units[i].parent
        while p is not None:
            out.append(p)
            p = self.units[p].parent
        return out

    def span_end(self, i: int) -> int:
        """The end of unit `i` and everything below it (each unit's computed once: sections ask for every one)."""
        ends: dict[int, int] = self._memo.setdefault("span_end", {})
        if i not in ends:
            ends[i] = max([self.units[i].end, *(self.span_end(c) for c in self.units[i].children)])
        return ends[i]

    def unit_at(self, offset: int) -> int | None:
        for i, u in enumerate(self.units):
            if u.start <= offset < u.end + 1:
                return i
        return None


def match_label(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) when `text` starts with an outline label."""
    m = LABEL_RE.match(text)
    if not m:
        return None
    for k in _LABEL_KINDS:
        g = m.group(k)
        if g is None:
            continue
        label = text[: m.start("rest")].strip()
        if k == "num":
            k = f"num{g.count('.') + 1}"
        return k, label, m.group("rest").strip()
    return None


def _ends_sentence(text: str) -> bool:
    """The text ends on a sentence's punctuation, closing quotation marks and brackets aside ('… thực hiện.',
    '… (Quý IV).', '… “Đổi mới”:'). Unit texts hold no line break."""
    t = text.rstrip(_CLOSERS)
    return bool(t) and t[-1] in _FINAL


WRAP_WIDTH = 50  # a PDF line this long that ends without punctuation was wrapped, not ended


def _joins(prev: Unit, line_text: str, prev_kind_block: str, kind_block: str, text: str) -> bool:
    """Whether a line without a label goes on the paragraph before it (a wrapped line); `text` is the document's."""
    if prev.kind == "cell" or prev.kind.startswith("md") or kind_block in ("cell", "heading"):
        return False
    if _ends_sentence(prev.text) or not prev.text:
        return False
    first = line_text[:1]
    if first.islower():
        return True
    # a wrapped PDF line: sentences go on with a capital ('… thực hiện 02 / Chương trình …'), a
    # short labelled heading does not ('II. Nhiệm vụ cụ thể trong thời gian đến' / 'Để đẩy nhanh …')
    if prev_kind_block != "line" or kind_block != "line":
        return False
    return prev.kind == "para" or prev.end - (text.rfind("\n", 0, prev.end) + 1) >= WRAP_WIDTH  # the previous line's length


def build_outline(doc: Doc) -> Outline:
    """The units of `doc`'s body in reading order, each linked to its parent (built once per document)."""
    return doc.memo("outline", outline_of)


def outline_of(doc: Doc) -> Outline:
    """The outline of `doc`, built afresh (build_outline caches it)."""
    units: list[Unit] = []
    body_end = len(doc.text)
    seen_heading = False
    for ln in doc.lines:
        text = ln.text.strip()
        if not text:
            continue
        block = doc.blocks[ln.block]
        if seen_heading and _CLOSING_RE.match(text):
            body_end = ln.start
            break
        if block.kind == "line" and _PAGE_NUMBER_RE.match(text):
            continue  # a page number printed between two lines of a PDF page
        if block.kind == "cell":
            units.append(Unit("cell", None, text.replace("\t", " "), ln.start, ln.end, ln.block))
            continue
        hit = match_label(text)
        if hit and "\t" in text and hit[0] in BULLETS:
            hit = None  # a tab-separated row that starts with a dash cell
        if hit:
            kind, label, rest = hit
            seen_heading = seen_heading or kind not in BULLETS
            units.append(Unit(kind, label, rest.replace("\t", " "), ln.start, ln.end, ln.block))
            continue
        if units and units[-1].kind in _TITLED and not units[-1].text and len(text) <= 200:
            units[-1].text = text.replace("\t", " ")  # 'CHƯƠNG I' / 'NHỮNG QUY ĐỊNH CHUNG': the title on its own line
            units[-1].end = ln.end
            continue
        if block.kind == "heading" and block.level:
            units.append(Unit(f"md{block.level}", None, text.replace("\t", " "), ln.start, ln.end, ln.block))
            continue
        if units:
            prev = units[-1]
            prev_block = doc.blocks[prev.block].kind
            if _joins(prev, text, prev_block, block.kind, doc.text):
                prev.text = f"{prev.text} {text}".replace("\t", " ")
                prev.end = ln.end
                continue
        units.append(Unit("para", None, text.replace("\t", " "), ln.start, ln.end, ln.block))
    _link(units)
    return Outline(units, body_end)


def _link(units: list[Unit]) -> None:
    stack: list[int] = []
    for i, u in enumerate(units):
        if u.kind not in BULLETS:
            while stack and units[stack[-1]].kind in _LEADS:
                stack.pop()  # bullets and lead-in paragraphs end where something else starts
        if u.kind in ("para", "cell"):
            parent = stack[-1] if stack else None
            if u.kind == "para" and u.text.endswith(":"):
                stack.append(i)  # 'Phấn đấu đến năm 2025:' holds the bullets that follow it
        elif u.kind.startswith("md"):
            level = int(u.kind[2:])
            while stack and (units[stack[-1]].kind in BULLETS or _md_level(units[stack[-1]]) >= level):
                stack.pop()
            parent = stack[-1] if stack else None
            stack.append(i)
        else:
            kinds = [units[j].kind for j in stack]
            if u.kind in kinds:
                del stack[kinds.index(u.kind) :]
            elif u.kind not in BULLETS:
                while stack and units[stack[-1]].kind in BULLETS:
                    stack.pop()  # a new heading style never nests under a bullet
            parent = stack[-1] if stack else None
            stack.append(i)
        u.parent = parent
        u.depth = units[parent].depth + 1 if parent is not None else 0
        if parent is not None:
            units[parent].children.append(i)


def _md_level(u: Unit) -> int:
    """A Markdown heading's level; labelled headings count as deeper than any Markdown level."""
    return int(u.kind[2:]) if u.kind.startswith("md") else 99
