"""Where each extracted value came from in the text, and the text cut into highlighted segments.

Citations, targets, responsibilities, timeline items and tables carry their own spans. Header
fields (number, date, place, issuer, type, title, signer, recipients) do not yet, so they are
located here: the number by its canonical key, the date by its calendar value, names by their
words in order (any case, any whitespace). A value that cannot be found is not highlighted
rather than highlighted somewhere it may not have come from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.extract.data import load
from vanban.extract.patterns import DATE_RE, NUMBER_RE, PLACE_DATE_RE, canonical_number, match_date, number_key
from vanban.schemas import DocumentRecord

Span = tuple[int, int]
HEADER_ZONE = 2500  # characters from the start where the header fields are printed


@dataclass(frozen=True)
class Mark:
    field: str  # "number", "date", ..., "citation", "target"
    start: int
    end: int
    anchor: str  # id of the element the field table links to


@dataclass(frozen=True)
class Segment:
    text: str
    fields: tuple[str, ...]  # fields of the marks covering this piece, innermost first
    anchors: tuple[str, ...]  # anchors of the marks that start here


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """`phrase` word by word, any case, any run of whitespace (line breaks too) between words."""
    words = phrase.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def find_phrase(text: str, phrase: str | None, start: int = 0, end: int | None = None, last: bool = False) -> Span | None:
    if not phrase or not phrase.split():
        return None
    hits = list(phrase_regex(phrase).finditer(text, start, len(text) if end is None else end))
    if not hits:
        return None
    m = hits[-1] if last else hits[0]
    return m.span()


def locate_number(text: str, number: str | None) -> Span | None:
    """The first number written in the text whose canonical form is `number` (any spacing or typo)."""
    if not number:
        return None
    key = number_key(number)
    for m in NUMBER_RE.finditer(text):
        if number_key(canonical_number(m)[0]) == key:
            return m.span()
    return None


def locate_date(text: str, iso: str | None) -> Span | None:
    """The first date written in the text whose calendar value is `iso` (any written form)."""
    if not iso:
        return None
    for m in DATE_RE.finditer(text):
        if match_date(m) == iso:
            return m.span()
    return None


def locate_place(text: str, place: str | None) -> Span | None:
    """The place on the place-and-date line ("Lai châu, ngày 15 tháng 10 năm 2021")."""
    if not place:
        return None
    target = " ".join(place.split()).casefold()
    for m in re.finditer(r"^[ \t]*(.+)$", text[:HEADER_ZONE], re.MULTILINE):
        line = PLACE_DATE_RE.match(m.group(1))
        if line and " ".join(line.group("place").split()).casefold() == target:
            s = m.start(1) + line.start("place")
            return (s, s + len(line.group("place").rstrip()))
    return find_phrase(text, place, end=HEADER_ZONE)


def locate_doc_type(text: str, doc_type: str | None) -> Span | None:
    """The type name where it starts a line in the header ("KẾ HOẠCH", "NGHỊ ĐỊNH")."""
    if not doc_type:
        return None
    words = r"\s+".join(re.escape(w) for w in doc_type.split())
    m = re.search(rf"^[ \t#*]*({words})(?!\w)", text[:HEADER_ZONE], re.IGNORECASE | re.MULTILINE)
    return m.span(1) if m else None


@cache
def _abbreviations() -> list[tuple[str, str]]:
    data = load("abbreviations")
    return sorted(((str(k), str(v)) for k, v in data.items() if str(k) != str(v)), key=lambda kv: -len(kv[1]))


def name_variants(name: str) -> list[str]:
    """`name` and the ways a header abbreviates it ("Liên đoàn Lao động tỉnh" -> "LĐLĐ tỉnh")."""
    out = [name]
    short = name
    for abbr, full in _abbreviations():
        pattern = re.compile(rf"(?<!\w){re.escape(full)}(?!\w)", re.IGNORECASE)
        if pattern.search(short):
            short = pattern.sub(abbr, short)
            out.append(short)
    return list(dict.fromkeys(out))


def locate_name(text: str, name: str | None, end: int | None = None, last: bool = False) -> Span | None:
    """`name`, or a way of abbreviating it, in text[:end]."""
    if not name:
        return None
    for variant in name_variants(name):
        span = find_phrase(text, variant, end=end, last=last)
        if span:
            return span
    return None


def locate_header_name(text: str, name: str | None, head_end: int) -> Span | None:
    """An issuing body where the header prints it, above the type line: the whole name, or the start of
    it at the start of a line (the header prints "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" and the record adds
    "tỉnh Phú Thọ" from the line above); failing that, the name anywhere in the header zone."""
    if not name:
        return None
    span = locate_name(text, name, end=head_end)
    if span:
        return span
    words = name.split()
    for n in range(len(words) - 1, max(2, (len(words) + 1) // 2) - 1, -1):
        for variant in name_variants(" ".join(words[:n])):
            pattern = re.compile(r"^[ \t]*(" + phrase_regex(variant).pattern + ")", re.IGNORECASE | re.MULTILINE)
            m = pattern.search(text, 0, head_end)
            if m:
                return m.span(1)
    return locate_name(text, name, end=HEADER_ZONE)


def header_marks(record: DocumentRecord) -> list[Mark]:
    """Header and closing fields located in the text; fields that cannot be found are left out."""
    text = record.text
    spans: dict[str, Span | None] = {
        "number": locate_number(text, record.number),
        "date": locate_date(text, record.date),
        "place": locate_place(text, record.place),
        "doc_type": locate_doc_type(text, record.doc_type),
        "title": find_phrase(text, record.title),
    }
    if record.issuer:
        head_end = min([s[0] for s in (spans["doc_type"], spans["title"]) if s] or [HEADER_ZONE])
        spans["issuer"] = locate_header_name(text, record.issuer.name, head_end)
        spans["issuer_parent"] = locate_header_name(text, record.issuer.parent, head_end)
    if record.signer:
        name = find_phrase(text, record.signer.name, last=True)
        before = name[0] if name else None
        spans["signer_name"] = name
        spans["signer_position"] = find_phrase(text, record.signer.position, end=before, last=True)
        spans["signer_authority"] = find_phrase(text, record.signer.authority, end=before, last=True)
    # Where the extractor recorded the span it read a value from, that span wins over a search.
    for field, key in (("number", "number"), ("issuer", "issuer"), ("title", "title"), ("signer_name", "signer")):
        if key in record.field_spans and (field != "issuer" or spans.get(field) is None):
            spans[field] = tuple(record.field_spans[key])  # type: ignore[assignment]
    marks = [Mark(f, *s, anchor=f"hl-{f}") for f, s in spans.items() if s]
    nn = re.search(r"nơi\s+nhận", text, re.IGNORECASE)
    if nn:
        for i, recipient in enumerate(record.recipients):
            s = find_phrase(text, recipient, start=nn.end())
            if s:
                marks.append(Mark("recipient", *s, anchor=f"hl-recipient-{i}"))
    return marks


def item_marks(record: DocumentRecord) -> list[Mark]:
    """Citations, targets, responsibilities, timeline items and tables, by the spans they carry."""
    marks: list[Mark] = []
    groups: tuple[tuple[str, Sequence[Any]], ...] = (
        ("citation", record.citations),
        ("target", record.targets),
        ("responsibility", record.responsibilities),
        ("timeline", record.timeline),
        ("table", record.tables),
    )
    for field, items in groups:
        for i, item in enumerate(items):
            span = getattr(item, "span", None)
            if span:
                marks.append(Mark(field, span[0], span[1], anchor=f"hl-{field}-{i}"))
    return marks


def section_anchors(record: DocumentRecord) -> list[tuple[int, str, Any]]:
    """(start, anchor id, section) for every heading in the outline, depth first: headings are
    places to jump to, not highlighted (a section's span covers its whole body)."""
    out: list[tuple[int, str, Any]] = []

    def walk(sections: Sequence[Any], prefix: str) -> None:
        for i, sec in enumerate(sections):
            anchor = f"{prefix}-{i}"
            out.append((sec.span[0], anchor, sec))
            walk(sec.children, anchor)

    walk(record.sections, "sec")
    return out


def segments(text: str, marks: list[Mark], anchors: Sequence[tuple[int, str]] = ()) -> list[Segment]:
    """`text` cut at every mark boundary; each piece knows the marks covering it and the anchors
    (marks' and plain `anchors` given as (offset, id)) that start where it starts."""
    good = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    places = [(o, a) for o, a in anchors if 0 <= o < len(text)]
    cuts = sorted({0, len(text), *(m.start for m in good), *(m.end for m in good), *(o for o, _a in places)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = sorted((m for m in good if m.start <= a and m.end >= b), key=lambda m: (m.end - m.start, m.field))
        starting = tuple(x for o, x in places if o == a) + tuple(m.anchor for m in good if m.start == a)
        out.append(Segment(text[a:b], tuple(dict.fromkeys(m.field for m in covering)), starting))
    return out
