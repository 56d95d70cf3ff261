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
