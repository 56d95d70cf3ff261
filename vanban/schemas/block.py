"""Blocks: what a reader returns. Each block is one piece of text with its provenance."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

BlockKind = Literal["paragraph", "cell", "line", "heading"]


class Block(BaseModel):
    """One paragraph, table cell or page line, in reading order.

    `text` may hold line breaks (a Word `w:br`, a multi-line cell). `page` is 1-based for
    PDFs and None elsewhere. `table`, `row`, `col` locate a table cell (0-based). `column`
    is "left" or "right" for the two columns of a header or signature block, where the
    reader could tell them apart. `level` is a heading level where the source marks one.
    `stamp` marks text printed by an e-signature stamp ("Ký bởi", "Thời gian ký", "+07:00")
    or an incoming-mail stamp ("ĐẾN Số: 2352"); readers put such blocks after the document's
    own text, so they are never its start, number or date.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    kind: BlockKind = "paragraph"
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    column: Literal["left", "right"] | None = None
    level: int | None = None
    stamp: bool = False  # text of an e-signature or incoming-mail stamp, not of the document


class ReadResult(BaseModel):
    """What a reader hands on: the blocks plus facts about the file itself."""

    model_config = ConfigDict(extra="forbid")

    blocks: list[Block]
    pages: int | None = None
    ocr: bool = False
    warnings: list[str] = []
