"""From a file or a text to a DocumentRecord: reader -> blocks -> normalised Doc -> fields."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from vanban.extract import content
from vanban.extract.closing import extract_recipients, extract_signer
from vanban.extract.document import Doc
from vanban.extract.header import (
    Number,
    extract_adopted_title,
    extract_adoption_date,
    extract_doc_type,
    extract_issuer,
    extract_number,
    extract_place_date,
    extract_report,
    extract_title,
)
from vanban.extract.layout import find_layout
from vanban.extract.patterns import NUMBER_RE, canonical_number, type_codes
from vanban.extract.period import extract_period
from vanban.extract.provenance import locate_fields
from vanban.extract.readers import read_path
from vanban.extract.readers.text import text_to_blocks
from vanban.schemas import DocumentRecord, Issuer, ReadResult, Source


def extract_file(path: str | Path) -> DocumentRecord:
    """Read any supported file and extract its record. Raises UnreadableDocument."""
    p = Path(path)
    fmt, sha, result = read_path(p)
    source = Source(path=str(p), sha256=sha, format=fmt, pages=result.pages, ocr=result.ocr)  # type: ignore[arg-type]
    return extract_doc(Doc.from_blocks(source, result.blocks, result.warnings))


def extract_text(text: str, path: str = "<text>") -> DocumentRecord:
    """Extract a record from plain text (Markdown markers are recognised)."""
    sha = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    result = ReadResult(blocks=text_to_blocks(text))
    return extract_doc(Doc.from_blocks(Source(path=path, sha256=sha, format="txt"), result.blocks))


def extract_doc(doc: Doc) -> DocumentRecord:
    """Every field of the record from a normalised document. Never raises on odd text."""
    warnings = list(doc.warnings)
    layout = find_layout(doc)
    number, w = extract_number(doc, layout)
    warnings += w
    place, date, w = extract_place_date(doc, layout)
    warnings += w
    doc_type, code = extract_doc_type(doc, layout, number)
    title = extract_title(doc, layout)
    issuer, w = extract_issuer(doc, layout, number, place)
    warnings += w
    if date is None and doc_type in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
        date = extract_adoption_date(doc)
    if number.number is None and layout.type_line is not None and doc_type in ("Luật", "Bộ luật", "Pháp lệnh"):
        number = _law_number(doc, layout.type_line)
    report = None
    if number.number is None and date is None and layout.type_line is None:
        report = extract_report(doc)
    if report:
        nm = NUMBER_RE.match(report["num"])
        if nm:
            num, code = canonical_number(nm)
            number = Number(num, code, None)
        d, m, y = (int(x) for x in report["date"].split("/"))
        date = f"{y:04d}-{m:02d}-{d:02d}"
        if code:
            doc_type = type_codes()[code.casefold()][1]
        title = title or extract_adopted_title(doc) or (report.get("title") or "").strip() or None
        warnings.append("the text reports on the document (a news item); number, date and title are taken from the report")
    # A stand-alone annex has no signature or Nơi nhận of its own: those it prints are templates.
    is_annex = doc_type == "Phụ lục"
    signer = None if is_annex else extract_signer(doc)
    if issuer and signer and signer.authority and not issuer.organ:
        organ = re.match(r"TM\. (Ban Thường vụ|Ban Chấp hành|Đoàn Chủ tịch|Ban Bí thư|Bộ Chính trị)", signer.authority)
        if organ:
            issuer = Issuer(name=issuer.name, parent=issuer.parent, organ=organ.group(1))
    if issuer is None:
        warnings.append("no issuing body is printed in the header")
    record = DocumentRecord(
        source=doc.source,
        text=doc.text,
        number=number.number,
        doc_type=doc_type,
        doc_type_code=code,
        issuer=issuer,
        place=place,
        date=date,
        title=title,
        period=extract_period(doc, title, date),
        signer=signer,
        recipients=[] if is_annex else extract_recipients(doc),
        warnings=warnings,
    )
    record.field_spans = locate_fields(doc, record)
    return content.fill(record, doc)


def _law_number(doc: Doc, type_line: int) -> Number:
    """A law prints 'Luật số: 12/2012/QH13' near its title instead of a 'Số:' line."""
    for ln in doc.lines[max(0, type_line - 8) : type_line + 4]:
        m = re.search(r"số[ \t]*:?[ \t]*(\S+)", ln.text, re.IGNORECASE)
        nm = NUMBER_RE.match(m.group(1)) if m else None
        if nm:
            num, code = canonical_number(nm)
            return Number(num, code, ln)
    return Number(None, None, None)
