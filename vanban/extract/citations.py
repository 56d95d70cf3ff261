"""Citations: every reference to another document, anywhere in the text.

A chain of small stages, each a function of the normalised text:

    find_full_numbers -> find_short_refs -> find_named_refs     (where references are)
    -> describe (type, date, issuer, title)                     (what they say about the cited document)
    -> assign_relations (căn cứ / thực hiện / mention)          (why they are cited)
    -> merge (each document once)                               -> list[Citation]

Offsets are character offsets into `doc.text`. The search runs on a copy of the text with line breaks
turned into spaces (same length), so a number or a date broken over two lines is still found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from vanban.extract.citation_issuers import describe_issuer, is_party_central, issuer_from_code
from vanban.extract.citation_patterns import (
    DATE_LEAD_RE,
    ISSUER_LEAD_RE,
    LABEL_RE,
    LIST_GAP_RE,
    PLACEHOLDER_TAIL_RE,
    SHARED_SUFFIX_RE,
    SUBJECT_RE,
    TERM_RE,
    find_triggers,
    named_ref_re,
    plausible_symbol,
    relation_of_word,
    short_ref_re,
    trigger_re,
    type_name_re,
    type_name_scan,
)
from vanban.extract.data import load
from vanban.extract.document import Doc
from vanban.extract.normalise import BLANKS_RE, TONE_PAIRS, fold
from vanban.extract.patterns import (
    DATE_RE,
    NUMBER_RE,
    PLACE_DATE_RE,
    YEAR_RE,
    canonical_number,
    match_date,
    number_key,
    type_codes,
    type_names,
)
from vanban.extract.spans import overlap_test
from vanban.schemas import Citation, DocumentRecord

_RANK = {"can_cu": 2, "thuc_hien": 2, "mention": 1}


@dataclass(frozen=True)
class Mention:
    """One place where a document is referred to, before repeated mentions are merged."""

    kind: str  # "full" (a whole number), "short" ("Nghị quyết 02" made whole), "named" (no number)
    start: int  # where the reference starts: its type name, or the number
    num_start: int  # where the number (or the name) starts
    num_end: int  # where the number (or the name) ends
    number: str | None = None
    code: str | None = None  # official type code, from the number
    doc_type: str | None = None
    name: str | None = None  # named references: "Luật Công đoàn"
    year: int | None = None  # named references: "năm 2012"
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    end: int = 0  # end of the number, date and issuer
    relation: str = "mention"


def extract_citations(doc: Doc, record: DocumentRecord) -> list[Citation]:
    """Every other document the text refers to, each once, in order of first mention."""
    text = doc.text
    flat = _flat(doc)
    full = find_full_numbers(text, flat)
    own = own_numbers(text, full, record)
    mentions = [describe(m, flat, record) for m in full]
    mentions = [m for m in mentions if not _is_own(m, own, record)]
    shorts, warnings = find_short_refs(flat, mentions, record)
    shorts = [m for m in (describe(s, flat, record) for s in shorts) if not _is_own(m, own, record)]
    numbered = sorted(mentions + shorts, key=lambda m: m.start)
    named = [describe(m, flat, record) for m in find_named_refs(flat, numbered, record)]
    numbered = inherit_issuers(flat, inherit_types(flat, numbered))
    every = sorted(numbered + named, key=lambda m: m.start)
    every = assign_relations(text, every, record)
    doc.warnings.extend(w for w in warnings if w not in doc.warnings)
    return [to_citation(m, text) for m in merge(every)]


CELL_END = "\x1f"  # stands for the line break before a header's place-date cell: no reference reads across it


def _flat(doc: Doc) -> str:
    """The text on one line, offsets unchanged; the break before a table cell that holds the header's
    place and date is kept as CELL_END, so a reference in the cell before it ('V/v triển khai Chỉ thị
    số 21/CT-TTg') does not take that date or place ('Quảng Nam, ngày 3 tháng 8 năm 2023'). A cell
    of a list of documents (Số hiệu | Ngày) still gives the number its date."""
    flat = doc.text.replace("\n", " ")
    ends = [
        start - 1
        for i, start in enumerate(doc.block_starts[1:], 1)
        if start
        and doc.blocks[i].kind == "cell"
        and doc.text[start - 1] == "\n"
        and PLACE_DATE_RE.match(doc.blocks[i].text.lstrip("*_ "))
    ]
    for at in ends:  # few, mostly none
        flat = flat[:at] + CELL_END + flat[at + 1 :]
    return flat


# ---- where references are -----------------------------------------------------------------


def find_full_numbers(text: str, flat: str) -> list[Mention]:
    """Whole document numbers: plausible symbols, not blank forms, not a header's 'Số:' label."""
    out = []
    for m in NUMBER_RE.finditer(flat):
        number, code = canonical_number(m)
        if not plausible_symbol(number) or PLACEHOLDER_TAIL_RE.match(flat, m.end()):
            continue
        kind = "label" if LABEL_RE.search(text[max(0, m.start() - 40) : m.start()]) else "full"
        out.append(Mention(kind, m.start(), m.start(), m.end(), number=number, code=code, end=m.end()))
    return out


def own_numbers(text: str, full: list[Mention], record: DocumentRecord) -> set[str]:
    """Number keys of the document itself and of every document printed in the file with a 'Số:' label
    (the other documents of a multi-document file, a style guide's examples)."""
    own = {number_key(m.number) for m in full if m.kind == "label" and m.number}
    if record.number:
        own.add(number_key(record.number))
    return own


def _is_own(m: Mention, own: set[str], record: DocumentRecord) -> bool:
    if m.kind == "label":
        return True
    if not m.number or number_key(m.number) not in own:
        return False
    # The same number with another year is another document (Party numbers restart each term).
    return not (m.date and record.date and m.date[:4] != record.date[:4])


def find_short_refs(flat: str, full: list[Mention], record: DocumentRecord) -> tuple[list[Mention], list[str]]:
    """'Nghị quyết 02', 'Quyết định 217, 218-QĐ/TW', 'Nghị quyết 02-NQ' made whole where the text allows:
    from the full number that closes a list, from the Party's numbering when a central Party body is
    named, or from a whole mention of the same number elsewhere in the text. Otherwise left out."""
    overlaps = overlap_test([(m.num_start, m.num_end) for m in full])
    found = [m for m in short_ref_re().finditer(flat) if not overlaps(m.start(), m.end())]
    numbers: dict[int, str] = {}
    for m in found:  # first the shorts that say everything themselves
        code = _type_code(m.group("type"), m.group("code"))
        number = _shared_suffix(flat, m.end(), m.group("seq"))
        if number is None and code:
            issuer = _issuer_after(flat, m.end(), record)
            if issuer and is_party_central(issuer):
                number = f"{m.group('seq')}-{code}/TW"
        if number:
            numbers[m.start()] = number
    pool = [f.number for f in full if f.number] + list(numbers.values())
    warnings: list[str] = []
    for m in found:  # then those that name a number written in full elsewhere
        if m.start() in numbers:
            continue
        key = (m.group("seq").lower(), _type_code(m.group("type"), m.group("code")))
        same = sorted({n for n in pool if _seq_code(n) == key})
        if len(same) == 1:
            numbers[m.start()] = same[0]
        elif len(same) > 1:
            warnings.append(f"'{m.group(0)}' may be any of {', '.join(same)}; it is left without a number")
    out = [
        Mention(
            "short",
            m.start(),
            m.start("seq"),
            m.end(),
            number=numbers[m.start()],
            code=_type_code(m.group("type"), m.group("code")),
            end=m.end(),
        )
        for m in found
        if m.start() in numbers
    ]
    return out, warnings


def _type_code(type_name: str, half: str | None) -> str | None:
    if half:
        hit = type_codes().get(half.casefold())
        return hit[0] if hit else None
    folded = type_name.casefold()
    return next((code for name, code, _ in type_names() if name.casefold() == folded), None)


def _seq_code(number: str) -> tuple[str, str | None]:
    """('02', 'NQ') for 02-NQ/TW, ('135', 'KH') for 135/KH-TLĐ, ('12', None) for 12/2012/QH13."""
    m = NUMBER_RE.fullmatch(number)
    return (m.group("seq").lower(), canonical_number(m)[1]) if m else ("", None)


def _shared_suffix(flat: str, pos: int, seq: str) -> str | None:
    """'217' in 'Quyết định 217, 218-QĐ/TW' is 217-QĐ/TW: the list shares the last number's symbol."""
    lst = SHARED_SUFFIX_RE.match(flat, pos)
    if not lst:
        return None
    nm = NUMBER_RE.match(flat, lst.start("rest"))
    if not nm or nm.group("nsym"):  # a normative number's year is its own
        return None
    number, _ = canonical_number(nm)
    return seq + number[len(nm.group("seq")) :]


def find_named_refs(flat: str, numbered: list[Mention], record: DocumentRecord) -> list[Mention]:
    """References without a number: 'Điều lệ Công đoàn Việt Nam', 'Luật Công đoàn năm 2012', 'Hiến pháp',
    'Nghị quyết Đại hội XIII của Đảng'. Names inside a numbered reference (a law's title) are not counted,
    nor the document's own name. A name that a numbered reference of the same text gives in full
    ("Luật Quản lý, sử dụng tài sản công số 15/2017/QH14") is read as that name."""
    heads = {h["head"].casefold(): h for h in load("citations")["named_references"]}
    spans = [(m.start, max(m.end, m.num_end)) for m in numbered]
    known = sorted({m.title for m in numbered if m.title and named_ref_re().match(m.title)}, key=len, reverse=True)
    own = fold(record.title or "")
    if record.doc_type and not own.startswith(fold(record.doc_type)):
        own = fold(f"{record.doc_type} {record.title or ''}")
    out = []
    for m in named_ref_re().finditer(flat):
        if any(s <= m.start() < e for s, e in spans):
            continue
        head = BLANKS_RE.sub(" ", m.group("head"))
        rule = heads.get(head.casefold())
        if rule is None:
            continue
        name_end = _known_name_end(flat, m.start(), known)
        if name_end is None:
            name_end = _name_end(flat, m.end(), head, rule)
        if name_end is None:
            continue
        name = BLANKS_RE.sub(" ", flat[m.start() : name_end]).strip()
        year = re.match(r"[ \t,]*\(?[ \t]*(?:năm[ \t]+)?((?:19|20)\d\d)(?!\d)", flat[name_end : name_end + 20])
        y = int(year.group(1)) if year else None
        if fold(name) == own and (y is None or (record.date and str(y) == record.date[:4])):
            continue
        out.append(Mention("named", m.start(), m.start(), name_end, doc_type=rule["doc_type"], name=name, year=y, end=name_end))
    return out


def _known_name_end(flat: str, pos: int, known: list[str]) -> int | None:
    for name in known:
        m = re.compile(r"\s+".join(re.escape(w) for w in name.split()) + r"(?![\w])", re.IGNORECASE).match(flat, pos)
        if m:
            return m.end()
    return None


_NAME_WORD_RE = re.compile(r"(?P<sep>[ \t]+|[ \t]*,[ \t]*)(?P<w>[^\s,;:.()“”\"'/]+)")


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Case-folded named_stops, named_not_names and named_comma_phrases of data/citations.yaml."""
    data = load("citations")
    return tuple(frozenset(s.casefold() for s in data[k]) for k in ("named_stops", "named_not_names", "named_comma_phrases"))  # type: ignore[return-value]


def _name_end(flat: str, pos: int, head: str, rule: dict[str, object]) -> int | None:
    """End of the name written after a head, or None when the head names no document."""
    data = load("citations")
    stops, not_names, comma_phrases = _name_words()
    end, words, first, prev = pos, 0, "", ""
    before_and: tuple[int, int] | None = None  # where the name stood before a "và" that small words follow
    while words < 20:
        w = _NAME_WORD_RE.match(flat, end)
        if not w:
            break
        word, low = w.group("w"), w.group("w").casefold()
        nxt = _next_word(flat, w.end())
        if "," in w.group("sep") and f"{low} {nxt.casefold()}" not in comma_phrases and f"{prev}, {low}" not in comma_phrases:
            break
        if words == 0:
            if low in not_names or (word[:1].islower() and not (rule["lower_name"] and head[:1].isupper())):
                return None
            if YEAR_RE.fullmatch(word):
                break
            first = word
        if low in stops or f"{low} {nxt.casefold()}" in stops or YEAR_RE.fullmatch(word):
            break
        if low == "và" and (
            nxt in data["named_and_breaks"]
            or _starts_reference(flat, w.end())
            or (nxt[:1].islower() and not first[:1].islower())  # "Nghị quyết Đại hội IV ... và chỉ đạo của"
        ):
            break
        if low == "và" and nxt[:1].islower():
            before_and = (end, words)
        elif before_and and words - before_and[1] > 3:  # "Luật hôn nhân và gia đình", not "Luật giáo dục và hệ thống ..."
            end, words = before_and
            break
        end, words, prev = w.end(), words + 1, low
    while words and (tail := re.search(r"[ \t]+và$", flat[pos:end])):  # "Điều lệ và Hướng dẫn ..." names nothing
        end, words = end - len(tail.group(0)), words - 1
    if words == 0 and head.casefold() != "hiến pháp":
        return None
    return end


def _starts_reference(flat: str, pos: int) -> bool:
    """True when a named reference or a type name starts after the blanks at `pos`."""
    rest = flat[pos : pos + 40].lstrip()
    return bool(named_ref_re().match(rest) or re.match(rf"(?:{type_name_re()})(?![\w])", rest))


_NEXT_WORD_RE = re.compile(r"[ \t]+([^\s,;:.()“”\"'/]+)")  # the word after the blanks, up to a mark


def _next_word(flat: str, pos: int) -> str:
    w = _NEXT_WORD_RE.match(flat[pos : pos + 60])
    return w.group(1) if w else ""


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ---- what a reference says about the cited document ---------------------------------------


def describe(m: Mention, flat: str, record: DocumentRecord) -> Mention:
    """The type name before the number, and the date, issuer and subject written after it."""
    start, doc_type, name = m.start, m.doc_type, None
    if m.kind in ("full", "short", "label"):
        start, doc_type, name = _type_before(flat, m)
    pos, date, issuer = m.num_end, m.date, m.issuer
    if m.kind == "named":
        pos = m.end
    for _ in range(2):
        if date is None:
            d, pos = _date_at(flat, pos)
            date = date or d
        if issuer is None:
            i, pos = _issuer_at(flat, pos, record)
            issuer = issuer or i
    title = name or _subject_at(flat, pos)
    if m.kind == "named":
        title = m.name
    return replace(m, start=start, doc_type=doc_type, date=date, issuer=issuer, title=title, end=max(pos, m.num_end))


def inherit_types(flat: str, mentions: list[Mention]) -> list[Mention]:
    """'Công văn số 4643/UBND-KGVX ngày 28/8/2024; số 4975/UBND-KGVX': a number listed after another with
    only 'số' before it has the same type."""
    out = list(mentions)
    for i in range(1, len(out)):
        prev, m = out[i - 1], out[i]
        if m.doc_type is None and prev.doc_type and LIST_GAP_RE.fullmatch(flat, max(prev.end, prev.num_end), m.num_start):
            out[i] = replace(m, doc_type=prev.doc_type)
    return out


_AND_GAP_RE = re.compile(r"[ \t]*(?:,|và|,[ \t]*và)[ \t]*")  # 'Quyết định 217, Quyết định 218 của …'


def _body_code(number: str | None) -> str | None:
    """The body part of a number ('TW' of '217-QĐ/TW', 'UBND' of '45/KH-UBND'), or None."""
    return re.split(r"[/-]", number)[-1].casefold() if number else None


def inherit_issuers(flat: str, mentions: list[Mention]) -> list[Mention]:
    """'Quyết định 217, Quyết định 218 của Bộ Chính trị': the issuer written after the last of a list of numbers
    of the same body, with nothing but ',' or 'và' between them, is the issuer of each of them."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        m, nxt = out[i], out[i + 1]
        if m.issuer is None and m.date is None and nxt.issuer and _body_code(m.number) == _body_code(nxt.number) is not None:
            if _AND_GAP_RE.fullmatch(flat, max(m.end, m.num_end), nxt.start):
                out[i] = replace(m, issuer=nxt.issuer)
    return out


def _type_before(flat: str, m: Mention) -> tuple[int, str | None, str | None]:
    """(start of the reference, its type name, a law's name) from the words before the number."""
    window = flat[max(0, m.num_start - 300) : m.num_start]
    base = m.num_start - len(window)
    direct = type_name_before(window)  # the type name right before the number
    if direct and not (direct.group("type")[0].islower() and direct.group("type").casefold() == "luật"):  # "pháp luật số"
        canonical = _canonical_type(direct.group("type"))
        coded = type_codes().get(m.code.casefold()) if m.code else None
        if coded and coded[1] != canonical:  # 'Thông báo kết luận số 25-TB/HU': the type the code names, written first
            lead = re.search(rf"(?<![\w]){_loose_words(coded[1])}[ \t]+$", window[: direct.start()], re.IGNORECASE)
            if lead:
                return base + lead.start(), coded[1], None
        return base + direct.start(), canonical, None
    # A law named before its number: "Luật Tổ chức Chính phủ số 63/2025/QH15", from the clause's start.
    clause = max(window.rfind(";"), window.rfind(". "), _last_number_end(window))
    law = re.search(
        r"(?<![\w])(?P<type>Bộ[ \t]+[Ll]uật|Luật|Pháp[ \t]+lệnh)[ \t]+(?P<name>\S.*?)[ \t]+số[ \t]*:?[ \t]*$",
        window[clause + 1 :],
    )
    if law:
        s = base + clause + 1 + law.start()
        name = BLANKS_RE.sub(" ", law.group("type") + " " + law.group("name")).strip(" ,")
        return s, _canonical_type(law.group("type")), name
    code = m.code
    return m.num_start, (type_codes()[code.casefold()][1] if code and code.casefold() in type_codes() else None), None


def _loose_words(name: str) -> str:
    return r"[ \t]+".join(re.escape(w) for w in name.split())


_TYPE_TAIL = r"[ \t]*(?:số[ \t]*:?[ \t]*)?$"  # blanks and 'số:' between a type name and the number after the window
_BLANK_RUN_RE = re.compile(r"\s\s")


@cache
def _type_reach() -> int:
    """More characters than a type name and its tail can take with single blanks: the longest name, ' số : '."""
    return max(len(name) for name, _code, _canon in type_names()) + 16


def type_name_before(window: str) -> re.Match[str] | None:
    """`type_name_scan(_TYPE_TAIL).search(window)`: the type name that ends the window, blanks and 'số:' aside.

    Such a match is letters, single characters of blank between words and 'số:' (runs of blanks aside),
    shorter than `_type_reach()`. Where the window's last `_type_reach()` characters hold no run of two
    blanks, a match starting before them would hold them all, with more characters than it can have: the
    search starts there (it still looks back over the character before it) instead of scanning the window."""
    pattern = type_name_scan(_TYPE_TAIL)
    lo = len(window) - _type_reach()
    if lo > 0 and not _BLANK_RUN_RE.search(window, lo):
        return pattern.search(window, lo)
    return pattern.search(window)


def _last_number_end(window: str) -> int:
    ends = [x.end() for x in NUMBER_RE.finditer(window)]
    return ends[-1] - 1 if ends else -1


def _canonical_type(written: str) -> str:
    folded = BLANKS_RE.sub(" ", written).casefold()
    return next((canon for name, _code, canon in type_names() if name.casefold() == folded), _cap(written))


def _date_at(flat: str, pos: int) -> tuple[str | None, int]:
    lead = DATE_LEAD_RE.match(flat, pos)
    if not lead:
        return None, pos
    d = DATE_RE.match(flat, lead.end())
    if not d:
        return None, pos
    iso = match_date(d)
    return (iso, d.end()) if iso else (None, pos)


def _issuer_at(flat: str, pos: int, record: DocumentRecord) -> tuple[str | None, int]:
    lead = ISSUER_LEAD_RE.match(flat, pos)
    if not lead:
        bare = _bare_central_re().match(flat, pos)  # 'ngày 6/8/2008 Ban Chấp hành Trung ương khóa X' ('của' left out)
        if not bare:
            return None, pos
        term = TERM_RE.match(flat, bare.end())
        return describe_issuer(bare.group("name"), record), term.end() if term else bare.end()
    known = comma_body_re().match(flat, lead.end())
    if known:  # a ministry's or department's name that holds a comma: the comma does not end it
        end = _issuer_end(flat, known.end(), named=True)  # ' tỉnh Nghệ An' after a department's name
        raw = f"{_comma_heads()[fold(known.group('head'))]} {_comma_domains()[fold(_COMMA_RE.sub(', ', known.group('domain')))]}"
        raw += flat[known.end() : end].rstrip()
    else:
        end = _issuer_end(flat, lead.end())
        raw = flat[lead.end() : end].strip()
    if not raw or not raw[0].isupper() or (" " not in raw and raw not in load("abbreviations")):
        return None, pos  # "của người lao động", "của liên Bộ: ..." name no body
    term = TERM_RE.match(flat, end)  # "khóa X", "(khóa XIV)": the term, not part of the name
    return describe_issuer(raw, record), term.end() if term else end


@cache
def _bare_central_re() -> re.Pattern[str]:
    """A central Party body named with no 'của' before it (data/citations.yaml party_central), longest first."""
    return re.compile(rf"[ \t,]*(?P<name>{_line_alts(load('citations')['party_central'])})(?!\w)")


def _line_alts(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, a space matching any run of spaces and tabs (never a line's
    end, nor the CELL_END of the text on one line)."""
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


def _issuer_after(flat: str, pos: int, record: DocumentRecord) -> str | None:
    _, p = _date_at(flat, pos)
    return _issuer_at(flat, p, record)[0]


_COMMA_RE = re.compile(r"[ \t]*,[ \t]*")


@cache
def _comma_domains() -> dict[str, str]:
    """Folded domain of a ministry or department whose name holds a comma -> its official spelling: the names
    written so ('Văn hóa, Thể thao và Du lịch') and those written with a comma for their dash ('Lao động,
    Thương binh và Xã hội' for 'Lao động - Thương binh và Xã hội')."""
    return {fold(v): d for d in load("known_bodies")["domains"] for v in (d, d.replace(" - ", ", ")) if "," in v}


@cache
def _comma_heads() -> dict[str, str]:
    return {fold(h): h for h in load("known_bodies")["heads"]}


@cache
def comma_body_re() -> re.Pattern[str]:
    """'Bộ Văn hóa, Thể thao và Du lịch', 'Bộ Lao động, Thương binh và Xã hội': a head ('Bộ', 'Sở') and a domain
    whose name holds a comma, as a whole word, in any case and either tone placement ('Văn hoá'), with or
    without a space around the comma. Groups: `head`, `domain`."""
    heads = "|".join(re.escape(h) for h in load("known_bodies")["heads"])
    alts = "|".join(_loose(d) for d in sorted(_comma_variants(), key=len, reverse=True))
    return re.compile(rf"(?P<head>{heads})[ \t]+(?P<domain>{alts})(?![\w])", re.IGNORECASE)


def _comma_variants() -> set[str]:
    return {v for d in load("known_bodies")["domains"] for v in (d, d.replace(" - ", ", ")) if "," in v}


def _loose(name: str) -> str:
    """`name` as a pattern: any run of spaces, spaces around a comma optional, old or new tone placement."""
    out = re.escape(name).replace(r"\ ", r"[ \t]+").replace(r",[ \t]+", ",").replace(",", r"[ \t]*,[ \t]*")
    for old, new in TONE_PAIRS.items():
        out = out.replace(new, f"(?:{new}|{old})")
    return out


@cache
def _issuer_stop_re() -> re.Pattern[str]:
    stops = sorted(load("citations")["issuer_stops"], key=len, reverse=True)
    alts = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in stops)
    return re.compile(rf"[ \t]+(?:{alts})(?![\w])", re.IGNORECASE)


_ISSUER_WORD_RE = re.compile(r"[ \t]*(?P<w>[^\s,;:.()“”\"]+)")  # the next word of an issuer's name


def _issuer_end(flat: str, pos: int, named: bool = False) -> int:
    """Where an issuer's name written at `pos` ends: at punctuation, a stop word or after 12 words. `named`: the
    name's first words are already read (a stop word at `pos` ends it)."""
    stop_re = _issuer_stop_re()
    end, words = pos, int(named)
    while words < 12:
        w = _ISSUER_WORD_RE.match(flat, end)  # matched in place: a copy of the rest of the text for each word costs
        if not w or (words and stop_re.match(flat, end)):
            break
        end = w.end()
        words += 1
    return end


def _subject_at(flat: str, pos: int) -> str | None:
    s = SUBJECT_RE.match(flat, pos)
    if not s:
        return None
    subject = s.group("quoted") or s.group("plain")
    if not s.group("quoted"):
        for cut in (main_clause_re(), _subject_end_re()):
            if m := cut.search(subject):
                subject = subject[: m.start()]  # '… năm 2024, Ban Thường vụ LĐLĐ tỉnh đề nghị …': the sentence's own clause
    return BLANKS_RE.sub(" ", subject).strip(" ,") or None


@cache
def _subject_end_re() -> re.Pattern[str]:
    """',ngoài ra …', ' như sau:': where a subject's sentence goes on (data/citations.yaml subject_ends)."""
    return re.compile(rf"[ \t,]*(?<!\w)(?:{_line_alts(load('citations')['subject_ends'])})(?!\w)")


@cache
def main_clause_re() -> re.Pattern[str]:
    """', Ban Thường vụ LĐLĐ tỉnh đề nghị': a comma, a body (an organ or a body head first, in capitals as printed),
    then within a few words a verb of the sentence's own clause (data/citations.yaml)."""
    d = load("citations")
    heads = _line_alts(d["organs"] + d["body_heads"] + d["main_clause_heads"])
    verbs = _line_alts(d["main_clause_verbs"])
    return re.compile(rf",[ \t]*(?:{heads})(?!\w)[^,;:]{{0,80}}?[ \t](?:{verbs})(?!\w)")


# ---- why a reference is made ----------------------------------------------------------------


def assign_relations(text: str, mentions: list[Mention], record: DocumentRecord) -> list[Mention]:
    """can_cu / thuc_hien for the references a clause opened by a relation word rests on; mention otherwise.

    Within the clause, items separated by ';' each rest on the clause's word; a reference written after
    a subject marker ('về', 'thực hiện', a quotation mark, ...) is the subject of the one before it."""
    out = list(mentions)
    for c_start, c_end, relation in _clauses(text, record):
        inside = [i for i, m in enumerate(out) if c_start <= m.start < c_end]
        cursor, segment = c_start, _segment_of(text, c_start, c_start)
        blocked = False
        for i in inside:
            m = out[i]
            seg = _segment_of(text, c_start, m.start)
            if seg != segment:
                segment, cursor, blocked = seg, seg, False
            if blocked or _has_subject_marker(text[cursor : m.start]):
                blocked = True
                continue
            out[i] = replace(m, relation=relation)
            cursor = max(m.end, m.num_end)
    return out


def _segment_of(text: str, clause_start: int, pos: int) -> int:
    """Start of the ';'-separated item of a clause that holds `pos`."""
    return max(clause_start, text.rfind(";", clause_start, pos) + 1)


def _clauses(text: str, record: DocumentRecord) -> list[tuple[int, int, str]]:
    """(start, end, relation) of every clause opened by a relation word, and of the title's."""
    out = []
    for end, word in find_triggers(text):
        if not word[0].isupper():  # "thực hiện" starting a line is a wrapped sentence going on
            continue
        out.append((end, _clause_end(text, end), relation_of_word()[BLANKS_RE.sub(" ", word).casefold()]))
    title = _title_span(text, record)
    if title:
        t = re.search(r"(?<![\w])(?:thực hiện|triển khai|thi hành)(?![\w])", text[title[0] : title[1]], re.IGNORECASE)
        if t:
            out.append((title[0] + t.end(), title[1], "thuc_hien"))
    return out


def _clause_end(text: str, pos: int) -> int:
    """The clause runs to the end of its paragraph. A line ending without punctuation goes on (a PDF's hard
    wrap) when the next line starts in lower case (a relation word included: 'tổ chức' / 'thực hiện các
    chương trình') or with the rest of a number, or when the line ends on a word that cannot end a clause
    ("... được sửa đổi, bổ sung bởi" / "Luật số 87/2025/QH15;"); a capitalised relation word opens the next."""
    wrap_words = set(load("citations")["wrap_words"])
    end = pos
    limit = min(len(text), pos + 1500)
    while end < limit:
        nl = text.find("\n", end)
        if nl < 0 or nl >= limit:
            return limit
        line_end = text[max(end, nl - 40) : nl].rstrip()
        nxt = text[nl + 1 : nl + 40].lstrip(" \t")
        if not line_end or line_end[-1] in ".;:!?" or not nxt:
            return nl
        opens = trigger_re().match(text, nl + 1)
        if opens and opens.group("word")[0].isupper():  # a lower-case "thực hiện" there is the sentence going on
            return nl
        last_word = line_end.split()[-1].casefold() if line_end.split() else ""
        if not (nxt[0].islower() or re.match(r"\d+[a-zđ]?\s*[/-]", nxt) or last_word in wrap_words):
            return nl
        end = nl + 1
    return limit


def _title_span(text: str, record: DocumentRecord) -> tuple[int, int] | None:
    if not record.title:
        return None
    words = record.title.split()[:40]
    m = re.search(r"\s+".join(re.escape(w) for w in words), text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


@cache
def _subject_markers() -> tuple[tuple[str, ...], re.Pattern[str] | None, tuple[str, ...]]:
    """(basis connectors, longest first; the word markers as one pattern; the other markers, quotation marks),
    case-folded, from data/citations.yaml."""
    data = load("citations")
    connectors = tuple(c.casefold() for c in sorted(data["basis_connectors"], key=len, reverse=True))
    folded = [m.casefold() for m in data["subject_markers"]]
    words = [mk for mk in folded if mk.isalpha() or " " in mk or "/" in mk]
    marks = tuple(mk for mk in folded if mk not in words)
    pattern = (
        re.compile(
            rf"""
            (?<![\w])
            (?:{"|".join(re.escape(w) for w in words)})   # về, v/v, thực hiện, ...: a whole word or phrase
            (?![\w])
            """,
            re.VERBOSE,
        )
        if words
        else None
    )
    return connectors, pattern, marks


def _has_subject_marker(gap: str) -> bool:
    connectors, words, marks = _subject_markers()
    low = BLANKS_RE.sub(" ", gap).casefold()
    for connector in connectors:
        low = low.replace(connector, " ")
    return bool(words and words.search(low)) or any(mk in low for mk in marks)


# ---- each document once -----------------------------------------------------------------------


def merge(mentions: list[Mention]) -> list[Mention]:
    """One entry per cited document: mentions of the same number (and year, where written) merged,
    keeping the first mention's span, the strongest relation and the first value written for each field."""
    groups: list[list[Mention]] = []
    index: dict[tuple[str, int | None], int] = {}
    undated: list[Mention] = []
    titles: dict[str, set[str]] = {}
    for m in mentions:  # "Luật Công đoàn" after "Luật Công đoàn số 50/2024/QH15" is that law
        if m.number and m.title:
            titles.setdefault(fold(m.title), set()).add(number_key(m.number))
    for m in mentions:
        key = _merge_key(m, titles)
        year = _year(m)
        if year is None:
            undated.append(m)
            continue
        if (key, year) not in index:
            index[(key, year)] = len(groups)
            groups.append([])
        groups[index[(key, year)]].append(m)
    for m in undated:
        key = _merge_key(m, titles)
        dated = [i for (k, _y), i in index.items() if k == key]
        if len(dated) == 1:
            groups[dated[0]].append(m)
        elif (key, None) in index:
            groups[index[(key, None)]].append(m)
        else:
            index[(key, None)] = len(groups)
            groups.append([m])
    merged = [_merge_group(sorted(g, key=lambda m: m.start)) for g in groups]
    return sorted(merged, key=lambda m: m.start)


_NUMBER_YEAR_RE = re.compile(r"/((?:19|20)\d\d)/")  # the year segment of a number: 12/2012/QH13


def _merge_key(m: Mention, titles: dict[str, set[str]]) -> str:
    if m.number:
        return number_key(m.number)
    same = titles.get(fold(m.name or ""), set())
    if len(same) == 1:
        key = next(iter(same))
        year = _NUMBER_YEAR_RE.search(key)
        if m.year is None or (year and int(year.group(1)) == m.year):
            return key
    if m.doc_type == "Hiến pháp":  # "Hiến pháp" and "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        return "hien phap"
    return f"{m.doc_type}|{fold(m.name or '')}"


def _year(m: Mention) -> int | None:
    if m.date:
        return int(m.date[:4])
    if m.number:  # a normative number carries its year: 12/2012/QH13
        year = _NUMBER_YEAR_RE.search(m.number)
        return int(year.group(1)) if year else None
    return m.year


def _merge_group(group: list[Mention]) -> Mention:
    first = group[0]
    best = max(group, key=lambda m: _RANK[m.relation])  # max keeps the first of equals

    ordered = [m for m in group if m.kind == "full"] + [m for m in group if m.kind != "full"]

    def pick(field: str) -> Any:
        return next((getattr(m, field) for m in ordered if getattr(m, field)), None)

    return replace(
        first,
        number=pick("number"),
        relation=best.relation,
        date=pick("date"),
        issuer=pick("issuer") or (issuer_from_code(first.number) if first.number else None),
        title=pick("title"),
        doc_type=pick("doc_type"),
        year=pick("year"),
    )


def to_citation(m: Mention, text: str) -> Citation:
    written = BLANKS_RE.sub(" ", text[m.start : m.end]).strip()
    return Citation(
        text=written,
        number=m.number,
        doc_type=m.doc_type,
        date=m.date,
        issuer=m.issuer,
        title=m.title,
        relation=m.relation,  # type: ignore[arg-type]
        span=(m.start, m.end),
    )
