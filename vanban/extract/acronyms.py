"""A body's name that ends in an abbreviation the text itself spells out: the header prints
'CĐCS CÔNG TY CP MAY XK LA' and the body 'CĐCS Công ty CP May XK Long An', so the issuer is
'… May Xuất Khẩu Long An'. Only the words the document writes after the same preceding word are
used, and only when every such place agrees."""

from __future__ import annotations

import re

from vanban.extract.data import load
from vanban.extract.names import is_acronym, is_upper
from vanban.extract.normalise import unaccent
from vanban.extract.patterns import LOWER, UPPER

# The printed name's last word: 2-4 capitals (LA, BR, HCM), after a space.
TAIL_RE = re.compile(rf"(?<=\s)[{UPPER}]{{2,4}}$")


def spell_out_tail(printed: str, text: str) -> tuple[str, str | None]:
    """(printed, warning): a body's name as printed, with its last word, an abbreviation, replaced by
    the words whose initials it is, as `text` writes them right after the word before it (in capitals
    when the name is printed in capitals); unchanged when the text does not, or spells it out in more
    than one way."""
    printed = printed.rstrip()
    m = TAIL_RE.search(printed)
    before = printed[: m.start()].split() if m else []
    if m is None or not before or _is_known_abbreviation(m.group(0)):
        return printed, None
    tail = m.group(0)
    words = r"\s+".join(rf"[{UPPER}][{LOWER}]*" for _ in tail)
    anchors = "|".join(map(re.escape, _anchors(before[-1])))
    pattern = re.compile(rf"(?<!\w)(?i:{anchors})\s+({words})(?!\w)(?!\s+[{UPPER}])")
    found = {re.sub(r"\s+", " ", s) for s in pattern.findall(text) if _initials(s) == unaccent(tail)}
    if len(found) != 1:
        return printed, None
    spelled = found.pop()
    shown = spelled.upper() if is_upper(printed) else spelled
    return f"{printed[: m.start()]}{shown}", f"the issuer's last word '{tail}' is spelled out as the text writes it: '{spelled}'"


def _is_known_abbreviation(word: str) -> bool:
    """An acronym kept as printed (TNHH, CP) or a company abbreviation the names table expands (XK)."""
    return is_acronym(word) or word in load("casing")["company_abbreviations"]


def _anchors(word: str) -> list[str]:
    """The word before the abbreviation as the text may print it: as in the header ('XK'), spelled out
    ('khẩu' of 'xuất khẩu'), or abbreviated when the header spells it out."""
    company: dict[str, str] = load("casing")["company_abbreviations"]
    out = [word]
    if word in company:
        out.append(company[word].split()[-1])
    out += [k for k, v in company.items() if v.split()[-1].casefold() == word.casefold()]
    return out


def _initials(words: str) -> str:
    return unaccent("".join(w[0] for w in words.split()))
