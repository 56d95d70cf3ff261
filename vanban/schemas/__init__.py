"""Pydantic records: the only definition of a record (see ../shared/CONTRACT.md)."""

from vanban.schemas.block import Block, ReadResult
from vanban.schemas.record import (
    Citation,
    DocumentRecord,
    Issuer,
    Period,
    Responsibility,
    Section,
    Signer,
    Source,
    Table,
    Target,
    TimelineItem,
)

__all__ = [
    "Block",
    "Citation",
    "DocumentRecord",
    "Issuer",
    "Period",
    "ReadResult",
    "Responsibility",
    "Section",
    "Signer",
    "Source",
    "Table",
    "Target",
    "TimelineItem",
]
