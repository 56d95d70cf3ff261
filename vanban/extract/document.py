"""The normalised document: one text, and a map from every offset back to its block."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from vanban.extract.merged_columns import column_cut
from vanban.extract.normalise import normalise_texts
from vanban.extract.patterns import UPPER
from vanban.schemas import Block, Source

T = TypeVar("T")


@dataclass(frozen=True)
class Line:
    """One line of the normalised text with its offsets and the block it came from."""

    text: str
    start: int
    end: int
    block: int  # index into Doc.blocks


@dataclass
class Doc:
    """Normalised text plus provenance. Extractors read this and nothing else."""

    source: Source
    blocks: list[Block]
    text: str
    block_starts: list[int]
    warnings: list[str] = field(default_factory=list)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, build: Callable[[Doc], T]) -> T:
        """`build(self)`, computed once per document: structures several extractors read (the
        outline, the task tables) are built once. The blocks and text never change after
        construction, so what is derived from them stays true; callers must not mutate it."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    @classmethod
    def from_blocks(cls, source: Source, blocks: list[Block], warnings: list[str] | None = None) -> Doc:
        kept: list[Block] = []
        parts: list[str] = []
        starts: list[int] = []
        pos = 0
        for b, t in zip(blocks, normalise_texts([b.text for b in blocks]), strict=True):
            if not t:
                continue
            kept.append(b if t == b.text else b.model_copy(update={"text": t}))  # blocks are frozen: shared as they are
            starts.append(pos)
            parts.append(t)
            pos += len(t) + 1
        return cls(source, kept, "\n".join(parts), starts, list(warnings or []))

    def block_at(self, offset: int) -> Block:
        """The block that holds character `offset` of the text."""
        return self.blocks[max(0, bisect_right(self.block_starts, offset) - 1)]

    @cached_property
    def lines(self) -> list[Line]:
        out: list[Line] = []
        pos = 0
        for i, b in enumerate(self.blocks):
            for part in b.text.split("\n"):
                out.append(Line(part, pos, pos + len(part), i))
                pos += len(part) + 1
        return out

    @cached_property
    def column_lines(self) -> list[Line]:
        """Lines in reading order with tab-separated columns apart (and columns joined by a single
        space where merged_columns.column_cut finds the second one's start).

        A zone is a run of lines holding a tab (a header 'ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …', a
        signature area 'Nơi nhận:<tab>TM. …'); lines without a tab inside it (a line follows with a
        tab next, or a dash item goes on with the Nơi nhận list) belong to its
        left column. In a zone all left parts come
        first, then the right parts. Each part keeps its own offsets into the text."""
        lines = self.lines
        parts_of = [_column_parts(ln) for ln in lines]
        has_tab = [len(parts) > 1 for parts in parts_of]
        out: list[Line] = []
        left: list[Line] = []
        right: list[Line] = []
        for i, ln in enumerate(lines):
            if not has_tab[i]:
                # a line of the left column: a tab line follows, a dash item or the archive line goes on
                # with the Nơi nhận list, or the left text goes on in small letters ('V/v …' / 'của Thủ tướng Chính phủ')
                if left and (any(has_tab[i + 1 : i + 2]) or ln.text.startswith(("-", "+", "–", "Lưu")) or ln.text[:1].islower()):
                    left.append(ln)
                    continue
                out += left + right
                left, right = [], []
                out.append(ln)
                continue
            parts = parts_of[i]
            if parts:
                left.append(parts[0])
                right += parts[1:]
        return out + left + right


_COLUMN_START_RE = re.compile(rf"[{UPPER}(]|[-_=*]{{3}}")  # a capital, '(' or a rule line under a heading


_YEAR_TAIL_RE = re.compile(r"(?:19|20)\d\d[ ]*")
_NAM_END_RE = re.compile(r"năm[ ]*$", re.IGNORECASE)


def _wrapped_year(text: str, tab: int) -> bool:
    """A right column's wrapped year after the tab ('V/v triển khai …<tab>2023' under 'Quảng Nam,
    ngày 3 tháng 8 năm'): a year alone at the end of the line, not the year of a form's own date."""
    return bool(_YEAR_TAIL_RE.fullmatch(text, tab + 1)) and not _NAM_END_RE.search(text, 0, tab)


def _column_parts(ln: Line) -> list[Line]:
    """Split a line at the tabs that start a new column: the next part begins with a capital letter
    or '(' ('ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …'). A blank left in a form ('Số:<tab>/KH-UBND',
    'ngày<tab>tháng 12 năm 2011') or a cell of figures is not a column boundary."""
    parts: list[Line] = []
    start = ln.start
    text = ln.text
    if "\t" not in text:  # columns joined by a single space ('… TỈNH X CỘNG HÒA XÃ HỘI …')
        at = column_cut(text)
        if at is None:
            return [ln] if text.strip() else []
        left = text[:at].rstrip()
        return [Line(left, start, start + len(left), ln.block), Line(text[at:], start + at, start + len(text), ln.block)]
    cut = 0
    for i, ch in enumerate(text):
        if ch == "\t" and i + 1 < len(text) and (_COLUMN_START_RE.match(text[i + 1]) or _wrapped_year(text, i)):
            seg = text[cut:i]
            if seg.strip():
                parts.append(Line(seg, start + cut, start + i, ln.block))
            cut = i + 1
    seg = text[cut:]
    if seg.strip():
        parts.append(Line(seg, start + cut, start + len(text), ln.block))
    return parts
