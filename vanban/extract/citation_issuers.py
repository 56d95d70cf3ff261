"""The issuer of a cited document, from the words after "của" or from its number, in full.

"Ban Thường vụ LĐLĐ tỉnh" in a plan of the LĐLĐ tỉnh Lai Châu is "Liên đoàn Lao động tỉnh Lai Châu":
the organ is dropped, abbreviations expanded, and a body written without its place takes the citing
document's own locality.
"""

from __future__ import annotations

import re
from functools import cache

from vanban.extract.citation_patterns import VI_UPPER
from vanban.extract.data import load
from vanban.extract.names import expand_abbreviations
from vanban.extract.normalise import BLANKS_RE, fold, fold_word
from vanban.extract.patterns import YEAR_RE
from vanban.schemas import DocumentRecord

# An administrative level and the place name after it: "tỉnh Lai Châu", "huyện Hương Hóa".
LOCALITY_RE = re.compile(
    rf"""
    (?<![\w])
    (?P<level>thành[ \t]+phố|thị[ \t]+xã|tỉnh|huyện|quận)   # the level, longer names first
    [ \t]+
    (?P<name>[{VI_UPPER}][\w]*(?:[ \t]+[{VI_UPPER}][\w]*){{0,3}})   # the place: capitalised words
    """,
    re.VERBOSE,
)


def describe_issuer(raw: str, record: DocumentRecord) -> str:
    """The issuing body named by `raw` ("Đoàn Chủ tịch Tổng LĐLĐ Việt Nam"), in full."""
    name = BLANKS_RE.sub(" ", raw).strip(" ,.;:-–")
    name = _drop_organ(name)
    name = _committee_alias(name)
    name = _official_casing(expand_abbreviations(name))
    return _unique_bodies().get(fold(name), None) or complete_locality(name, record)


@cache
def _unique_bodies() -> dict[str, str]:
    """Folded short name -> full name of the bodies there is only one of ('Tổng Liên đoàn'), from data/citations.yaml."""
    return {fold(k): v for k, v in load("citations")["unique_bodies"].items()}


@cache
def _organ_re() -> re.Pattern[str]:
    """An organ's name (longest first) followed by a body's head: 'Ban Thường vụ' in 'Ban Thường vụ LĐLĐ tỉnh'."""
    data = load("citations")
    organs = "|".join(re.escape(o) for o in sorted(data["organs"], key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in sorted(data["body_heads"], key=len, reverse=True))
    return re.compile(
        rf"""
        (?:{organs})            # the organ, longest names first
        [ \t]+
        (?=(?:{heads})(?![\w]))  # a body's head follows
        """,
        re.IGNORECASE | re.VERBOSE,
    )


def _drop_organ(name: str) -> str:
    m = _organ_re().match(name)
    return name[m.end() :] if m else name


@cache
def _aliases() -> list[tuple[str, str, str]]:
    """(alias, folded alias, replacement) of data/citations.yaml's committee_aliases, longest first."""
    aliases: dict[str, str] = load("citations")["committee_aliases"]
    return [(a, fold_word(a), aliases[a]) for a in sorted(aliases, key=len, reverse=True)]


def _committee_alias(name: str) -> str:
    folded = fold(name)
    for alias, folded_alias, full in _aliases():
        if folded.startswith(folded_alias) and (len(name) == len(alias) or not name[len(alias)].isalnum()):
            return full + name[len(alias) :]
    return name


@cache
def _phrases() -> tuple[re.Pattern[str], dict[str, str]]:
    phrases: list[str] = load("casing")["phrases"]
    table = {p.casefold(): p for p in phrases}
    alts = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w])", re.IGNORECASE), table


def _official_casing(name: str) -> str:
    """'Bộ chính trị' -> 'Bộ Chính trị': known phrases in their official case; other words as written."""
    rx, table = _phrases()
    out = rx.sub(lambda m: table[m.group(0).casefold()], name)
    return out[:1].upper() + out[1:]


def localities(record: DocumentRecord) -> dict[str, str]:
    """Administrative level -> place name, from the citing document's issuer and the body above it."""
    out: dict[str, str] = {}
    issuer = record.issuer
    for text in (issuer.name if issuer else None, issuer.parent if issuer else None):
        for m in LOCALITY_RE.finditer(text or ""):
            out.setdefault(BLANKS_RE.sub(" ", m.group("level")), m.group("name"))
    return out


@cache
def _local_levels() -> dict[str, str]:
    """Folded name of a local body ('liên đoàn lao động tỉnh') -> its level, the first of data/citations.yaml's
    local_bodies where two fold alike."""
    out: dict[str, str] = {}
    for body, level in load("citations")["local_bodies"].items():
        out.setdefault(fold_word(body), level)
    return out


def complete_locality(name: str, record: DocumentRecord) -> str:
    """'Liên đoàn Lao động tỉnh' -> 'Liên đoàn Lao động tỉnh Lai Châu' in a Lai Châu document; 'Huyện ủy' ->
    'Huyện ủy Hương Hóa' in a Hương Hóa one. Left as written when the citing document does not say."""
    level = _local_levels().get(fold(name))
    if level is None:
        return name
    place = localities(record).get(level)
    return f"{name} {place}" if place else name


def is_party_central(issuer: str) -> bool:
    """True for the central Party bodies whose documents are numbered '.../TW'."""
    return fold(issuer) in {fold_word(k) for k in load("citations")["party_central"]}


_NUMBER_SEP_RE = re.compile(r"[/-]")  # between a number's parts
_TERM_SUFFIX_RE = re.compile(r"(?<=[A-Z])\d+$")  # a term's digits after a body's code: QH13


def issuer_from_code(number: str) -> str | None:
    """The issuer that the number's last segment names on its own nationally (TW, CP, TTg, QH13, TLĐ)."""
    from vanban.extract.patterns import type_codes

    codes: dict[str, str] = load("issuer_codes")
    if "-" in number.split("/")[0]:  # Party form 02-NQ/TW: the organ follows the slash
        orgs = number.split("/")[1:]
    else:  # 1479/QĐ-TTg: the body follows the type code; 202/BTTTT-KHTC (a letter): it comes first
        segments = [s for s in _NUMBER_SEP_RE.split(number)[1:] if not YEAR_RE.fullmatch(s)]
        orgs = segments[1:] if segments and segments[0].casefold() in type_codes() else segments[:1]
    if len(orgs) != 1:
        return None
    return codes.get(_TERM_SUFFIX_RE.sub("", orgs[0]))  # QH13 -> QH
