"""The normalised document: one text, and a map from every offset back to its block."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from vanban.extract.normalise import normalise_text
from vanban.schemas import Block, Source


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

    @classmethod
    def from_blocks(cls, source: Source, blocks: list[Block], warnings: list[str] | None = None) -> Doc:
        kept: list[Block] = []
        parts: list[str] = []
        starts: list[int] = []
        pos = 0
        for b in blocks:
            t = normalise_text(b.text)
            if not t:
                continue
            kept.append(b.model_copy(update={"text": t}))
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
        """Lines in reading order with tab-separated columns apart.

        A zone is a run of lines holding a tab (a header 'ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …', a
        signature area 'Nơi nhận:<tab>TM. …'); lines without a tab inside it (a line follows with a
        tab within the next few lines) belong to its left column. In a zone all left parts come
        first, then the right parts. Each part keeps its own offsets into the text."""
        lines = self.lines
        has_tab = [("\t" in ln.text) for ln in lines]
        out: list[Line] = []
        left: list[Line] = []
        right: list[Line] = []
        for i, ln in enumerate(lines):
            if not has_tab[i]:
                if left and any(has_tab[i + 1 : i + 4]):
                    left.append(ln)
                    continue
                out += left + right
                left, right = [], []
                out.append(ln)
                continue
            pos = ln.start
            parts = []
            for seg in ln.text.split("\t"):
                if seg.strip():
                    parts.append(Line(seg, pos, pos + len(seg), ln.block))
                pos += len(seg) + 1
            if parts:
                left.append(parts[0])
                right += parts[1:]
        return out + left + right
