"""Where each header value was read: spans into the record's text, for highlighting and `explain`.

Header extractors return values; this stage finds the printed text each value came from, so that
every field of the record can be shown in its context (eyecite keeps source and cleaned text side
by side the same way). A value that cannot be located has no span.
"""

from __future__ import annotations

import re

from vanban.extract.document import Doc
from vanban.extract.normalise import fold
from vanban.extract.patterns import NUMBER_RE, PLACE_DATE_RE, canonical_number
from vanban.schemas import DocumentRecord

Span = tuple[int, int]

# Compiled once: they are tried on line after line (a pattern given as a string is looked up in re's cache each time).
_NUMBER_LABEL_RE = re.compile(r"(?i)số\b")  # 'Số: 45/KH-LĐLĐ' is not the issuer's line
_RECIPIENTS_LABEL_RE = re.compile(r"(?i)^[*_\s]*nơi\s+nhận")  # the 'Nơi nhận:' label that opens the recipients


def _find_number(doc: Doc, number: str) -> Span | None:
    for m in NUMBER_RE.finditer(doc.text):
        if canonical_number(m)[0] == number:
            return m.start(), m.end()
    return None


def _find_line(doc: Doc, pred) -> Span | None:  # type: ignore[no-untyped-def]
    for ln in doc.column_lines:
        if pred(ln.text):
            return ln.start, ln.end
    return None


def _find_folded(doc: Doc, value: str, last: bool = False) -> Span | None:
    """Span of `value` in the text, compared case- and tone-insensitively (fold keeps lengths
    for NFC Vietnamese, so offsets carry over)."""
    needle = fold(value)
    hay = doc.memo("folded_flat", lambda d: fold(d.text.replace("\n", " ").replace("\t", " ")))
    if len(hay) != len(doc.text) or not needle:
        return None
    i = hay.rfind(needle) if last else hay.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def locate_fields(doc: Doc, record: DocumentRecord) -> dict[str, Span]:
    """Spans of the header fields that were read from the text: number, place_date, issuer,
    title, signer and recipients."""
    spans: dict[str, Span | None] = {}
    if record.number:
        spans["number"] = _find_number(doc, record.number)
    if record.date or record.place:
        spans["place_date"] = _find_line(doc, lambda t: PLACE_DATE_RE.match(t.lstrip("*_ ")) is not None)
    if record.issuer:
        head = fold(record.issuer.name)
        spans["issuer"] = _find_line(
            doc, lambda t: len(t) > 3 and fold(t) in head and not _NUMBER_LABEL_RE.match(t)
        ) or _find_folded(doc, record.issuer.name)
    if record.title:
        spans["title"] = _find_folded(doc, record.title)
    if record.signer and record.signer.name:
        spans["signer"] = _find_folded(doc, record.signer.name, last=True)
    if record.recipients:
        first = _find_line(doc, lambda t: _RECIPIENTS_LABEL_RE.match(t) is not None)
        last = _find_folded(doc, record.recipients[-1])
        if first and last and last[1] > first[0]:
            spans["recipients"] = (first[0], last[1])
    return {k: v for k, v in spans.items() if v}
