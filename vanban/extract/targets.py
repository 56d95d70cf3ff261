"""Targets of a document. NOT YET IMPLEMENTED: returns nothing until its issue lands."""

from __future__ import annotations

from vanban.extract.document import Doc
from vanban.schemas import Target


def extract_targets(doc: Doc) -> list[Target]:
    return []
