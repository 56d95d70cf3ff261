"""Header fields: number, type, issuer, place, date and title. One pure function per field."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from vanban.extract.acronyms import spell_out_tail
from vanban.extract.closing import PERSONAL_ROLE_RE, POSITION_RE
from vanban.extract.data import load
from vanban.extract.document import Doc, Line
from vanban.extract.layout import BODY_START_RE, NATIONAL_RE, RULE_RE, STAMP_RE, Layout, match_type_line
from vanban.extract.names import case_name, case_place, correct_known_name, is_upper
from vanban.extract.normalise import BLANKS_RE, fold, fold_word
from vanban.extract.patterns import LOWER, NUMBER_RE, PLACE_DATE_RE, UPPER, canonical_number, type_codes, type_names
from vanban.schemas import Issuer

SO_LINE_RE = re.compile(r"^(?:(?P<kind>[^\W\d]+(?:[ \t][^\W\d]+)?)[ \t]+)?số[ \t]*[:.]?[ \t]*(?P<rest>.*)$", re.IGNORECASE)
BLANK_NUMBER_RE = re.compile(r"^[ \t._…]*/[ \t]*[A-ZĐ]")  # "Số:   /KH-UBND": a number left blank
VV_RE = re.compile(r"^(?:V/v|Về việc)[ \t:.]*(?P<title>.+)", re.IGNORECASE)
# The body's opening sentence, dated: 'Ngày 03/01/2025, Phó Chủ tịch … chủ trì họp' (never the rest of a title,
# which writes 'ngày' in lower case and a date without the comma).
DATED_OPENING_RE = re.compile(
    r"^(?:Vào[ \t]+ngày|Ngày)[ \t]*\d{1,2}[ \t]*(?:(?P<sep>[/.-])[ \t]*\d{1,2}[ \t]*(?P=sep)|tháng[ \t]*\d{1,2}[ \t]*năm)"
    r"[ \t]*(?:19|20)\d\d[ \t]*,"
)
# A paragraph of prose, never the rest of a title: 150 characters or more holding two sentences or ending as one
# ('Trong thời gian qua, … chỉ đạo. Tất cả 7 huyện …', 'Sức khoẻ là vốn quý nhất … bảo vệ Tổ quốc.').
PROSE_RE = re.compile(rf"^(?=[^\n]{{150}})(?:[^\n]*?[.!?][ \t]+[{UPPER}][^\n]*|[^\n]*[.!?][ \t]*)$")
# "Ngày 21/6/2018, Ban Chấp hành LĐLĐ tỉnh xây dựng Chương trình số 05/Ctr-LĐLĐ về ..." in a news item
REPORT_RE = re.compile(
    r"^Ngày[ \t]++(?P<date>\d{1,2}/\d{1,2}/\d{4}),[ \t]*+(?P<org>.{3,120}?)[ \t]++(?:đã[ \t]++)?(?:xây dựng|ban hành|triển khai)"
    r"[ \t]++(?P<type>[^\W\d]++(?:[ \t][^\W\d]++){0,3}?)[ \t]++số[ \t]++(?P<num>\S++)(?:[ \t]++(?:về|v/v)[ \t]++(?P<title>[^.;\n]++))?",
    re.IGNORECASE,
)
ORGAN_RE = r"(?:Ban Thường vụ|Ban Chấp hành|Đoàn Chủ tịch|Thường trực|Ban Bí thư|Bộ Chính trị|BTV|BCH)"
ADOPT_RE = re.compile(
    rf"(?P<organ>{ORGAN_RE})[ \t]++(?P<org>[^;:,\n]{{2,100}}?)[ \t]++(?:xây dựng|ban hành)[ \t]++(?P<type>kế hoạch|chương trình|nghị quyết|hướng dẫn|quy chế|đề án)"
    r"(?:[ \t]++“(?P<title>[^”\n]{5,400}+)”)?",
    re.IGNORECASE,
)
# The line under a Party resolution's type that names the organ adopting it ('CỦA BỘ CHÍNH TRỊ').
# Only the organ: no number, date or subject ('CỦA QUỐC HỘI SỐ 21-LCT/HĐNN8 … VỀ BẢO VỆ …' is a title).
ORGAN_LINE_RE = re.compile(rf"^CỦA[ \t]++(?!.*\bVỀ\b)[{UPPER}][^{LOWER}\d\n]{{2,80}}$")
# The line under a decision's title that names who decides: the position, then the body it heads.
DECIDER_RE = re.compile(
    r"""^(?:PHÓ[ \t]+)?(?:CHỦ[ \t]+TỊCH|GIÁM[ \t]+ĐỐC|TỔNG[ \t]+GIÁM[ \t]+ĐỐC|BỘ[ \t]+TRƯỞNG|CỤC[ \t]+TRƯỞNG
        |VỤ[ \t]+TRƯỞNG|TRƯỞNG[ \t]+BAN|CHÁNH[ \t]+ÁN|VIỆN[ \t]+TRƯỞNG|HIỆU[ \t]+TRƯỞNG|TỔNG[ \t]+CỤC[ \t]+TRƯỞNG)
    [ \t]+(?P<body>(?:ỦY|UỶ|UBND|HỘI|SỞ|BỘ|CỤC|TỔNG|VỤ|BAN|LIÊN|TÒA|VIỆN|TRƯỜNG|CÔNG|ĐẠI|HỌC|CHI)\b[^\n]{2,80})$
    |^(?P<whole>THỦ[ \t]+TƯỚNG[ \t]+CHÍNH[ \t]+PHỦ)$      # the Prime Minister decides as the issuer itself""",
    re.VERBOSE,
)
ADMIN_RE = re.compile(rf"\b(tỉnh|thành phố|huyện|quận|thị xã)\b(?!\s+[{UPPER}])")


@dataclass(frozen=True)
class Number:
    number: str | None
    code: str | None
    line: Line | None


def _header_candidates(doc: Doc, layout: Layout) -> list[Line]:
    return [ln for ln in rejoined(doc.column_lines[: max(layout.header_end, 1) + 2]) if not STAMP_RE.search(ln.text)]


_FRAGMENT_RE = re.compile(rf"^[{UPPER}][{LOWER}]*(?:[ \t][{UPPER}][{LOWER}]*)?$")  # 'Quảng', 'Thừa Thiên': a place's start


def rejoined(lines: list[Line]) -> list[Line]:
    """The header's lines with those a copied web page or a narrow cell broke mid-line joined again, where only
    the joined line reads as a header line: the motto ('CỘNG' / 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'), the number
    line ('Số:' / '258/KH-UBND') and the place-and-date line ('Quảng' / 'Trị, ngày 27 tháng 12 năm 2016')."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and _broken(ln.text.strip(), nxt.text.strip()):
            out.append(Line(f"{ln.text.rstrip()} {nxt.text.strip()}", ln.start, nxt.end, ln.block))
            i += 2
            continue
        out.append(ln)
        i += 1
    return out


def _broken(a: str, b: str) -> bool:
    if not a or not b:
        return False
    joined = f"{a} {b}"
    if NATIONAL_RE.match(joined):
        return not NATIONAL_RE.match(a) and not NATIONAL_RE.match(b)
    so = SO_LINE_RE.match(a)
    if so and not so.group("kind") and not so.group("rest").strip():
        return NUMBER_RE.match(b) is not None
    return bool(_FRAGMENT_RE.match(a)) and PLACE_DATE_RE.match(joined) is not None


def extract_number(doc: Doc, layout: Layout) -> tuple[Number, list[str]]:
    """Số và ký hiệu from the header's 'Số:' line; a blank printed number gives None."""
    for ln in _header_candidates(doc, layout):
        m = SO_LINE_RE.match(ln.text)
        if not m:
            continue
        kind = m.group("kind")
        if kind and not any(fold(kind) == fold_word(n) for n, _c, _k in type_names()):
            continue  # "ĐẾN Số", "Văn bản số": not the document's own number line
        rest = m.group("rest")
        if BLANK_NUMBER_RE.match(rest):
            return Number(None, None, ln), []
        nm = NUMBER_RE.match(rest.strip())
        if nm:
            number, code = canonical_number(nm)
            return Number(number, code, ln), []
    return Number(None, None, None), []


def extract_doc_type(doc: Doc, layout: Layout, number: Number) -> tuple[str | None, str | None]:
    """(tên loại, official code): from the type line, else the number's code, else V/v -> Công văn."""
    codes = {name: code for name, code, _c in type_names()}
    if layout.type_name:
        return layout.type_name, codes.get(layout.type_name) or number.code
    if number.code:
        code, name = type_codes()[number.code.casefold()]
        return name, code
    if any(VV_RE.match(ln.text) for ln in doc.column_lines[: layout.header_end + 3]):
        return "Công văn", None
    return None, None


def extract_place_date(doc: Doc, layout: Layout) -> tuple[str | None, str | None, list[str]]:
    """(place, ISO date, warnings) from the place-and-date line: in the header, or where a form
    prints it, above the signature ('Hòa Khánh, ngày 11 tháng 3 năm 2026' / 'Người làm đơn')."""
    lines = doc.column_lines
    head = _unwrapped(rejoined(lines[: max(layout.header_end, 1) + 4]))
    if not any(PLACE_DATE_RE.match(ln.text.lstrip("*_ ")) for ln in head):
        # a form: the place-date line stands right above the signatory's role
        head = [ln for i, ln in enumerate(lines) if any(PERSONAL_ROLE_RE.match(x.text) for x in lines[i + 1 : i + 3])]
    for ln in head:
        m = PLACE_DATE_RE.match(ln.text.lstrip("*_ "))
        if not m or STAMP_RE.search(ln.text):
            continue
        place = case_place(m.group("place").strip(" *_"))
        day, month = m.group("day").strip(" \t._…"), m.group("month").strip(" \t._…")
        if not day or not month:
            return place, None, [f"the date line leaves the day or month blank: '{ln.text}'"]
        from datetime import date

        try:
            return place, date(int(m.group("year")), int(month), int(day)).isoformat(), []
        except ValueError:
            return place, None, [f"the date line is not a real date: '{ln.text}'"]
    return None, None, []


def _unwrapped(lines: list[Line]) -> list[Line]:
    """The lines with a place-and-date line that a narrow column wrapped ('Tam Đường, ngày 20 tháng
    10 năm' / '2021') joined to its end, so that it reads whole."""
    out: list[Line] = []
    skip = False
    for i, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        text = ln.text.lstrip("*_ ")
        if nxt is not None and len(nxt.text.strip()) <= 20 and "ngày" in text.lower() and not PLACE_DATE_RE.match(text):
            joined = f"{ln.text.rstrip()} {nxt.text.strip()}"
            if PLACE_DATE_RE.match(joined.lstrip("*_ ")):
                out.append(Line(joined, ln.start, nxt.end, ln.block))
                skip = True
                continue
        out.append(ln)
    return out


ADOPTED_RE = re.compile(r"thông qua ngày (\d{1,2}) tháng (\d{1,2}) năm ((?:19|20)\d\d)", re.IGNORECASE)


def extract_adoption_date(doc: Doc) -> str | None:
    """A law's date: '… thông qua ngày 20 tháng 11 năm 2019' near its end."""
    from datetime import date

    for ln in reversed(doc.column_lines[-60:]):
        m = ADOPTED_RE.search(ln.text)
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
            except ValueError:
                return None
    return None


def extract_title(doc: Doc, layout: Layout) -> str | None:
    """Trích yếu: the line(s) after the type name, or the V/v line of a letter."""
    lines = doc.column_lines
    if layout.type_line is None:
        for i, ln in enumerate(lines[: layout.header_end + 3]):
            m = VV_RE.match(ln.text)
            if m:
                parts = [m.group("title")]
                column = doc.blocks[ln.block].column
                for nxt in lines[i + 1 : i + 6]:
                    same_column = (
                        nxt.block == ln.block
                        or (column is not None and doc.blocks[nxt.block].column == column)
                        or (nxt.text[:1].islower() and not parts[-1].rstrip().endswith((".", ";", ":")))  # goes on
                    )
                    if not same_column or PLACE_DATE_RE.match(nxt.text) or NATIONAL_RE.match(nxt.text):
                        break
                    if BODY_START_RE.match(nxt.text) or RULE_RE.match(nxt.text) or STAMP_RE.search(nxt.text):
                        break
                    parts.append(nxt.text)
                return _clean_title(" ".join(parts))
        return None
    parts = [layout.type_rest] if layout.type_rest else []
    start = layout.type_line + 1
    for k, ln in enumerate(lines[start : start + 7], start):
        t = ln.text
        if RULE_RE.match(t) or STAMP_RE.search(t):
            if parts:
                break
            continue
        if parts and (
            BODY_START_RE.match(t)
            or t.startswith(("Thực hiện", "Căn cứ", "-", "+", "("))
            or _form_label_re().match(t)
            or PROSE_RE.match(t)
            or DATED_OPENING_RE.match(t)
        ):
            break
        if not parts and re.match(r"^(?:căn\s*cứ|kính\s*gửi)", t, re.IGNORECASE):
            break
        if not parts and not layout.type_rest and ORGAN_LINE_RE.match(t):
            continue  # 'NGHỊ QUYẾT' / 'CỦA BỘ CHÍNH TRỊ' / 'về …': who adopts it, not its subject
        if parts and _authority_line(t, " ".join(parts), lines[k + 1].text if k + 1 < len(lines) else ""):
            break
        parts.append(t)
        if len(" ".join(parts)) > 400:
            break
    return _clean_title(" ".join(parts)) if parts else None


def _authority_line(t: str, title: str, after: str = "") -> bool:
    """The line after a decision's title that names who decides ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI
    CHÂU', 'BỘ TRƯỞNG BỘ GIAO THÔNG VẬN TẢI', or the body itself, 'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ', right
    before the body's 'Căn cứ …' line `after`), or any line in capitals after a title in ordinary case
    ('BAN CHẤP HÀNH TỔNG LIÊN ĐOÀN …'): not part of the title."""
    if not is_upper(t) or re.search(r"\b(?:của|và|cho|về|CỦA|VÀ|CHO|VỀ)$", title):
        return False
    if _org_head_re().match(t) and BODY_START_RE.match(after):
        return True
    return bool(POSITION_RE.match(t)) or not is_upper(title)


def _clean_title(t: str) -> str:
    t = BLANKS_RE.sub(" ", t).strip(" *_#")
    return re.sub(r"^(?:V/v|Về việc)\s*[:.]?\s*", "", t, flags=re.IGNORECASE) if t.lower().startswith("v/v") else t


# ---- issuer -----------------------------------------------------------------------------

_JOIN_NEXT_RE = re.compile(r"(?:\bCƠ SỞ|\bCĐCS|\bVÀ|\bCỦA|\bCÔNG TY|\s[-–])\s*$", re.IGNORECASE)
_RULE_CHARS = " \t-_=*."


def _strip_trailing_rule(t: str) -> str:
    """'HUYỆN LỆ THUỶ ------' -> 'HUYỆN LỆ THUỶ': a rule printed after a name (3 characters or more)."""
    s = t.rstrip(_RULE_CHARS)
    return s if len(t) - len(s) >= 3 else t


# A header line that continues the name above it rather than starting a body of its own.
_CONTINUES_RE = re.compile(
    rf"""
    ^(?:TỈNH|THÀNH[ ]PHỐ|TP\.?|HUYỆN|QUẬN|THỊ[ ]XÃ|XÃ|PHƯỜNG|THỊ[ ]TRẤN)\b  # the place of the name above: 'HUYỆN TAM ĐƯỜNG'
        (?![ \t]+(?:ỦY|UỶ)\b)                                             # not a Party committee: 'HUYỆN ỦY HƯỚNG HÓA'
    | ^(?:VIỆT[ ]NAM|KHÓA|KHOÁ|TNHH|CỔ[ ]PHẦN|CP|MTV|VÀ)\b                   # the rest of a name: 'VIỆT NAM', 'KHÓA XII', 'TNHH'
    | ^[{LOWER}]                                                        # a line that starts in lower case
    """,
    re.VERBOSE,
)
_PLACEHOLDER_RE = re.compile(r"[.…_]{2,}|…")  # dotted blanks of a template ("CĐCS CÔNG TY TNHH …………….")


@cache
def _form_label_re() -> re.Pattern[str]:
    """A form field's label at the start of a line ('HỌ VÀ TÊN: …'): ends a title."""
    labels = sorted(load("layout")["form_labels"], key=len, reverse=True)
    return re.compile(r"^[-+\s]*(?:" + "|".join(re.escape(x) for x in labels) + r")[ \t]*:", re.IGNORECASE)


@cache
def web_summary_re() -> re.Pattern[str]:
    """A labelled field of a legal-document website's summary above the header ('Số hiệu: 155/KH-UBND')."""
    labels = sorted(load("layout")["web_summary_labels"], key=len, reverse=True)
    return re.compile(r"^[ \t]*(?:" + "|".join(re.escape(x) for x in labels) + r")[ \t]*:", re.IGNORECASE)


@cache
def _org_head_re() -> re.Pattern[str]:
    heads = sorted(load("casing")["org_heads"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.IGNORECASE)


_LEVEL_END_RE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)(?P<place>(?: \S+)?)$", re.IGNORECASE)


def _wrapped_place(prev: str, t: str) -> bool:
    """A place name that a narrow column wrapped: 'LIÊN ĐOÀN LAO ĐỘNG HUYỆN' / 'TAM ĐƯỜNG', or
    'LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI' / 'CHÂU': the line before ends with a level and at most one
    word, and this line is one or two words that do not start a body's name."""
    if _split_pair(prev, t):
        return True
    m = _LEVEL_END_RE.search(prev)
    if m is None:
        return False
    return len(t.split()) <= (1 if m.group("place") else 4) and not _org_head_re().match(t)


@cache
def _name_pairs() -> frozenset[str]:
    """Pairs of words that stand together in names of bodies ('LAO ĐỘNG', 'THÀNH PHỐ', 'CÔNG TY'),
    from the casing, body and domain vocabularies, in capitals."""
    casing, bodies = load("casing"), load("known_bodies")
    names = [*casing["phrases"], *casing["org_heads"], *casing["admin_levels"], *casing["name_introducers"], *bodies["domains"]]
    pairs: set[str] = set()
    for name in names:
        words = re.findall(r"[^\W\d_]+", name.upper())
        pairs.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return frozenset(pairs)


def _split_pair(prev: str, t: str) -> bool:
    """A narrow column broke a name between two words that stand together: 'TỔNG LIÊN ĐOÀN LAO' /
    'ĐỘNG VIỆT NAM', 'ỦY BAN NHÂN DÂN THÀNH' / 'PHỐ HÀ NỘI'."""
    a, b = prev.split(), t.split()
    return bool(a and b) and f"{a[-1]} {b[0]}".upper() in _name_pairs()


def _org_lines(doc: Doc, layout: Layout) -> list[str]:
    """The printed lines of the issuer block, in order, wrapped names joined, blanks removed.

    Names are printed in capitals; text converted from a legacy font may have lost its capitals,
    so short non-sentence lines are taken when no line is in capitals."""
    upper: list[str] = []
    other: list[str] = []
    for ln in rejoined(doc.column_lines[: layout.header_end]):
        t = _strip_trailing_rule(_PLACEHOLDER_RE.sub(" ", ln.text)).strip(" *_#\t")
        if not t or NATIONAL_RE.match(t) or RULE_RE.match(t) or STAMP_RE.search(t) or web_summary_re().match(t):
            continue
        if SO_LINE_RE.match(t) and re.search(r"\d|/", t):
            break
        if PLACE_DATE_RE.match(t) or VV_RE.match(t) or match_type_line(t):
            break
        if len(t) > 120 or re.search(r"\d{2}[:.]\d{2}|:", t) or t.endswith("."):
            continue
        if is_upper(t):
            bucket = upper
        elif re.search(r"\d", t) or not (_org_head_re().match(t) or (other and _CONTINUES_RE.match(t))):
            continue
        else:
            bucket = other
        if bucket and (_CONTINUES_RE.match(t) or _JOIN_NEXT_RE.search(bucket[-1]) or _wrapped_place(bucket[-1], t)):
            bucket[-1] = f"{bucket[-1]} {t}"
        else:
            bucket.append(t)
    return upper or other


def _place_of(name: str) -> str | None:
    m = re.search(r"\b((?:tỉnh|thành phố) [^\W\d][\w ]*)$", name)
    return m.group(1) if m else None


def _needs_parent_place(name: str) -> bool:
    return (
        bool(re.match(r"^(?:Sở|Văn phòng|Thanh tra|Chi cục|Ban quản lý|Công đoàn ngành)\b", name))
        and not ADMIN_RE.search(name)
        and not _place_of(name)
    )


def _complete_place(name: str, doc: Doc, place: str | None) -> tuple[str, list[str]]:
    """'Liên đoàn Lao động tỉnh' -> '… tỉnh Lai Châu' from the place line or the text itself."""
    m = re.search(r"\b(tỉnh|huyện|thành phố|quận|thị xã)$", name)
    if not m:
        return name, []
    level = m.group(1)
    if place:
        return f"{name} {place}", []
    found = Counter(re.findall(rf"\b{level} ((?:[{UPPER}][{LOWER}]+ ?){{1,3}})", doc.text))
    if found:
        best = found.most_common(1)[0][0].strip()
        return f"{name} {best}", [f"the issuer is written '{name}'; the {level} '{best}' was taken from the text"]
    return name, [f"the issuer is written '{name}' without naming the {level}"]


def extract_issuer(doc: Doc, layout: Layout, number: Number, place: str | None) -> tuple[Issuer | None, list[str]]:
    """Issuing body from the header block; else from the text ('Kèm theo Kế hoạch số … của …',
    'Ban Chấp hành … xây dựng Kế hoạch')."""
    printed = _org_lines(doc, layout)
    spelled = None
    if printed:
        printed[-1], spelled = spell_out_tail(printed[-1], doc.text)
    orgs = [case_name(o) for o in printed]
    if orgs:
        name, parent = orgs[-1], (orgs[-2] if len(orgs) > 1 else None)
        if parent and _needs_parent_place(name) and _place_of(parent):
            name = f"{name} {_place_of(parent)}"
        name, warning = correct_known_name(name)
        return Issuer(name=name, parent=parent), [w for w in (warning, spelled) if w]
    # Not in a header: look in the text for the body that issued the document.
    if number.number:
        own = re.escape(number.number).replace("/", r"\s*/+\s*")
        m = re.search(rf"Kèm theo [^\n]{{0,30}}?số {own}[^\n]*?\bcủa ([^)\n]+)\)", doc.text)
        if m:
            return Issuer(name=case_name(m.group(1).strip())), []
    head = "\n".join(ln.text for ln in doc.column_lines[:40])
    m = ADOPT_RE.search(head)
    if m:
        org = case_name(m.group("org").strip())
        org, warnings = _complete_place(org, doc, place)
        organ = case_name(m.group("organ"))
        return Issuer(name=org, organ=organ), warnings
    return _decider_issuer(doc, layout)


def _decider_issuer(doc: Doc, layout: Layout) -> tuple[Issuer | None, list[str]]:
    """A header without the issuing body (lost by a converter): the body named on the line under
    the title that says who decides ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU')."""
    if layout.type_line is None:
        return None, []
    for ln in doc.column_lines[layout.type_line + 1 : layout.type_line + 10]:
        t = ln.text.strip(" *#_")
        if BODY_START_RE.match(t):
            break
        m = DECIDER_RE.match(t)
        if m:
            name = case_name(m.group("body") or m.group("whole"))
            return Issuer(name=name), [
                f"the header prints no issuing body; '{name}' is taken from the line that names who decides"
            ]
    return None, []


def extract_adopted_title(doc: Doc) -> str | None:
    """The quoted subject of '… xây dựng Chương trình “…” như sau', for texts without a title line."""
    for m in ADOPT_RE.finditer("\n".join(ln.text for ln in doc.column_lines[:40])):
        if m.group("title"):
            return BLANKS_RE.sub(" ", m.group("title")).strip()
    return None


def extract_report(doc: Doc) -> dict[str, str] | None:
    """A news item that reports a document: 'Ngày 21/6/2018, … xây dựng Chương trình số 05/Ctr-LĐLĐ về …'."""
    for ln in doc.column_lines[:20]:
        m = REPORT_RE.search(ln.text)
        if m:
            return {k: v for k, v in m.groupdict().items() if v}
    return None


def load_positions() -> list[str]:
    return load("casing")["phrases"]
