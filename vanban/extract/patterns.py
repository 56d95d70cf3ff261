"""Regular expressions for document numbers and dates, in one place, built from the data files.

Every pattern here has a table of positive and negative examples in tests/test_patterns.py.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from vanban.extract.data import load
from vanban.extract.normalise import unaccent

# A symbol segment: starts with a capital letter (ToC, Ctr and CTr are real), then letters,
# digits or '&' (TT&TT). Vietnamese capitals are spelled out because \w would take digits first.
_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"  # capitals only
# Small letters, spelled out likewise: the ranges À-Ỹ and à-ỹ hold both cases (Đ, Ă, Ơ, Ư and the
# capitals of U+1EA0-U+1EF9 lie inside à-ỹ). For character classes: f"[{UPPER}]", f"[{LOWER}]".
UPPER = _UP
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
SYM = rf"[{_UP}][{_UP}{LOWER}0-9&]*"
_SEP = r"[ \t]*"
# A symbol part joined by '.' for '-' (15/KH.LĐLĐ, 123/QĐ.UBND): the dot touches two capitals, so a
# sentence's full stop ("số 15/KH. Trong") or a missing space before a word ("QH13.Điều") is not one.
_DOT_PART = rf"\.(?=[{_UP}]{{2}}){SYM}"

YEAR_RE = re.compile(r"(?:19|20)\d\d")  # a year of the 20th or 21st century (fullmatch a word)

NUMBER_RE = re.compile(
    rf"""
    (?P<seq>
        \d(?<![\w/.-].)                             # a digit not after a letter, digit, '/', '.' or '-' (the pattern
                                                   # opens with the digit, so a scan skips to the next one at C speed)
        \d{{0,4}}[a-zđ]?                              # 277, 06b, 3a
    )
    {_SEP}
    (?:
        # normative act: 30/2020/NĐ-CP, 12/2012/QH13, 01/2026/CV-CĐCS, 133/2025/NĐ-\nCP
        /{_SEP}(?P<year>(?:19|20)\d\d){_SEP}/{_SEP}
        (?P<nsym>{SYM}(?:{_SEP}[-_]\s*{SYM}|{_DOT_PART})*)
      |
        # Party: 02-NQ/TW, 21-LCT/HĐNN8, 35-CTr/HU, 399-QĐ/TU
        -{_SEP}(?P<pcode>{SYM}){_SEP}/{{1,2}}{_SEP}(?P<porg>{SYM}(?:-{SYM})*)
      |
        # state and union: 277/KH-LĐLĐ, 07/TTr-CĐCS/2024, 342/LĐLĐ, 77//KH-LĐLĐ, 02/NQ/TW
        /{{1,2}}{_SEP}(?P<ssym>{SYM}(?:{_SEP}[-_]{_SEP}{SYM}|{_DOT_PART})*)
        (?:{_SEP}/{_SEP}(?P<sorg>(?:19|20)\d\d|{SYM}(?:-{SYM})*))?
    )
    (?![\w])
    """,
    re.VERBOSE,
)

# Party organs that follow the type code after '/' (02-NQ/TW). A state-form number whose tail is
# one of these is a Party number typed with '/' for '-' (02/NQ/TW -> 02-NQ/TW).
PARTY_ORGS = {"TW", "TU", "HU", "ĐU", "QU", "ĐUK", "TƯ", "BCSĐ", "ĐĐ", "TUV", "ĐUQSTW"}


@cache
def type_codes() -> dict[str, tuple[str, str]]:
    """Case-folded code or alias -> (official code, type name)."""
    out: dict[str, tuple[str, str]] = {}
    for t in load("doc_types"):
        if not t.get("code"):
            continue
        name = t.get("canonical", t["name"])
        for c in [t["code"], *t.get("aliases", [])]:
            out.setdefault(c.casefold(), (t["code"], name))
    return out


@cache
def type_names() -> list[tuple[str, str | None, str]]:
    """(name as written, official code, canonical name), longest names first."""
    rows = [(t["name"], t.get("code"), t.get("canonical", t["name"])) for t in load("doc_types")]
    return sorted(rows, key=lambda r: -len(r[0]))


def _canon_code(seg: str) -> str:
    hit = type_codes().get(seg.casefold())
    return hit[0] if hit else seg


_PART_SEP_RE = re.compile(r"\s*[-_.]\s*")  # between a symbol's parts: '-', or the slips '_' and '.'


def canonical_number(m: re.Match[str]) -> tuple[str, str | None]:
    """(canonical number, official type code or None) from a NUMBER_RE match."""
    seq = m.group("seq")
    if m.group("nsym"):
        parts = [p for p in _PART_SEP_RE.split(m.group("nsym")) if p]
        code = type_codes().get(parts[0].casefold())
        if code:
            parts[0] = code[0]
        return f"{seq}/{m.group('year')}/{'-'.join(parts)}", code[0] if code else None
    if m.group("pcode"):
        pcode = _canon_code(m.group("pcode"))
        return f"{seq}-{pcode}/{m.group('porg')}", pcode if pcode.casefold() in type_codes() else None
    parts = [p for p in _PART_SEP_RE.split(m.group("ssym")) if p]
    tail = m.group("sorg")
    code = type_codes().get(parts[0].casefold())
    if tail and len(parts) == 1 and tail in PARTY_ORGS and code:
        return f"{seq}-{code[0]}/{tail}", code[0]  # 02/NQ/TW typed for 02-NQ/TW
    if code and len(parts) > 1:
        parts[0] = code[0]
    number = f"{seq}/{'-'.join(parts)}" + (f"/{tail}" if tail else "")
    return number, code[0] if code and len(parts) > 1 else None


def find_numbers(text: str) -> list[tuple[str, str | None, re.Match[str]]]:
    """Every document number in `text`: (canonical number, type code, match)."""
    return [(*canonical_number(m), m) for m in NUMBER_RE.finditer(text)]


_KEY_SEPARATORS_RE = re.compile(r"[\s/_.-]+")  # blanks, slashes, underscores, dots and hyphens between a number's parts


@lru_cache(maxsize=4096)
def number_key(number: str) -> str:
    """Lookup key for a number typed any way: '02/NQ-TW', '02-nq/tw' and '02-NQ/TW' agree. (Kept: a document
    asks for the key of the same few numbers again and again.)"""
    return _KEY_SEPARATORS_RE.sub("/", unaccent(number)).strip("/")


# ---- dates -------------------------------------------------------------------------------

DATE_RE = re.compile(
    r"""
    (?=[n\d])                                        # 'ngày' or a digit first (a cheap test before the alternatives)
    (?:ngày[ \t]*)?
    (?:
        # ngày 24 tháng 9 năm 2021
        (?P<d1>\d{1,2})[ \t]*tháng[ \t]*(?P<m1>\d{1,2})[ \t]*(?:năm[ \t]*)?(?P<y1>(?:19|20)\d\d)
      |
        # 24/9/2021, 24-9-2021, 24.9.2021
        (?P<d2>\d{1,2})[ \t]*(?P<sep>[/.-])[ \t]*(?P<m2>\d{1,2})[ \t]*(?P=sep)[ \t]*(?P<y2>(?:19|20)\d\d)
    )
    (?!\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def match_date(m: re.Match[str]) -> str | None:
    """ISO date from a DATE_RE match, or None when it is not a real calendar date."""
    d, mo, y = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("y1") else (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


# The place before the date: anything up to a comma ("Lai châu, ngày …"), or, with the comma left
# out, a name in title case ("Lai Châu ngày …") that is not a word opening a sentence ("Vào ngày …").
_PLACE = rf"""
    ^(?P<place>
        [^\W\d][^,\d\n]{{0,40}}?(?=[ \t]*+,)                                # up to the comma
      | (?!(?i:vào|hôm|từ|đến|tới|trước|sau|trong|cùng|cho|ngày)\b)
        (?-i:[{_UP}](?:[{LOWER}]++|[{_UP}]*+)\.?(?:[ \t][{_UP}](?:[{LOWER}]++|[{_UP}]*+)\.?){{0,4}})(?=[ \t]++(?:ngày|ngay))   # Lai Châu, TP. Hồ Chí Minh
    )[ \t]*+,?[ \t]*+
"""
PLACE_DATE_WORDS_RE = re.compile(
    _PLACE
    + r"""
    (?:ngày|ngay)(?P<day>[ \t._…]*+(?:\d{1,2}[ \t._…]*+)?)     # the day, or a blank left to fill in
    tháng(?P<month>[ \t._…]*+(?:\d{1,2}[ \t._…]*+)?)          # the month, or a blank
    năm[ \t.]*+(?P<year>(?:19|20)\d\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "Hà Nội, ngày 05/3/2020": the date in figures, as informal documents and web pages print it.
PLACE_DATE_DIGITS_RE = re.compile(
    _PLACE
    + r"""
    (?:ngày|ngay)[ \t]*+(?P<day>\d{1,2})[ \t]*+(?P<sep>[/.-])[ \t]*+(?P<month>\d{1,2})[ \t]*+(?P=sep)[ \t]*+
    (?P<year>(?:19|20)\d\d)(?!\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)


# "Hà Nội, 05/3/2020": figures with no 'ngày', on a line of their own, after a place in title case and a comma
# (a sentence's opening words before a date, 'Ngoài ra, 05/3/2020 …', are neither).
PLACE_DATE_BARE_RE = re.compile(
    rf"""
    ^(?P<place>(?-i:[{_UP}](?:[{LOWER}]++|[{_UP}]*+)\.?(?:[ \t][{_UP}](?:[{LOWER}]++|[{_UP}]*+)\.?){{0,4}}))[ \t]*+,[ \t]*+
    (?P<day>\d{{1,2}})[ \t]*+(?P<sep>[/.-])[ \t]*+(?P<month>\d{{1,2}})[ \t]*+(?P=sep)[ \t]*+(?P<year>(?:19|20)\d\d)
    [ \t.]*+$
    """,
    re.VERBOSE,
)


class _PlaceDate:
    """The place-and-date line in words or in figures: `match` as a compiled pattern's, with groups
    place, day, month and year (day and month may be blank in the words form)."""

    def match(self, text: str) -> re.Match[str] | None:
        return PLACE_DATE_WORDS_RE.match(text) or PLACE_DATE_DIGITS_RE.match(text) or PLACE_DATE_BARE_RE.match(text)


PLACE_DATE_RE = _PlaceDate()
