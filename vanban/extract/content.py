"""The body of the record: citations, targets, timeline, responsibilities, tables, sections.

Each extractor is a pure function of the normalised document; this module only calls them.
"""

from __future__ import annotations

from vanban.extract.document import Doc
from vanban.schemas import DocumentRecord


def fill(record: DocumentRecord, doc: Doc) -> DocumentRecord:
    """The record with its body fields extracted from `doc`."""
    return record
