"""Timeline of a document. NOT YET IMPLEMENTED: returns nothing until its issue lands."""

from __future__ import annotations

from vanban.extract.document import Doc
from vanban.schemas import TimelineItem


def extract_timeline(doc: Doc) -> list[TimelineItem]:
    return []
