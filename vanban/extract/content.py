"""The body of the record: citations, targets, timeline, responsibilities, tables, sections.

Each extractor is a pure function of the normalised document; this module only calls them and
hands each one's warnings on to the record.
"""

from __future__ import annotations

from vanban.extract.citations import extract_citations
from vanban.extract.document import Doc
from vanban.extract.responsibilities import extract_responsibilities
from vanban.extract.sections import extract_sections
from vanban.extract.tables import extract_tables
from vanban.extract.targets import extract_targets
from vanban.extract.timeline import extract_timeline
from vanban.schemas import DocumentRecord


def fill(record: DocumentRecord, doc: Doc) -> DocumentRecord:
    """The record with its body fields extracted from `doc`.

    Extractors may append plain-words warnings to `doc.warnings`; they are copied to the record.
    The header record is passed along where an extractor needs it (the document's own number,
    issuer and place resolve "LĐLĐ tỉnh" and keep the document from citing itself).
    """
    before = len(doc.warnings)
    update = {
        "citations": extract_citations(doc, record),
        "sections": extract_sections(doc),
        "targets": extract_targets(doc, record.doc_type),
        "timeline": extract_timeline(doc, record.doc_type),
        "responsibilities": extract_responsibilities(doc),
        "tables": extract_tables(doc),
        "warnings": record.warnings + doc.warnings[before:],
    }
    return record.model_copy(update=update)
