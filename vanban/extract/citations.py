"""Citations of other documents. NOT YET IMPLEMENTED: returns nothing until its issue lands."""

from __future__ import annotations

from vanban.extract.document import Doc
from vanban.schemas import Citation, DocumentRecord


def extract_citations(doc: Doc, record: DocumentRecord) -> list[Citation]:
    return []
