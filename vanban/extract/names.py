"""Names of bodies, positions and places: abbreviations expanded and official casing restored."""

from __future__ import annotations

import re
from functools import cache

from vanban.extract.data import load
from vanban.extract.normalise import _TONE_RE, BLANKS_RE, TONE_PAIRS, fold, fold_word, unaccent, unaccent_word

_VOWELS = set("aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_WORD_RE = re.compile(r"[^\W\d_][\w&]*|\d+|\S")


@cache
def _abbrev_re() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = load("abbreviations")
    keys = sorted(table, key=len, reverse=True)
    alts = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])"), table


_VIET_NAM_TWICE_RE = re.compile(r"\b(Tổng Liên đoàn Lao động)( Việt Nam)+")  # '… Việt Nam Việt Nam' after an expansion


def expand_abbreviations(name: str) -> str:
    """'Tổng LĐLĐ Việt Nam' -> 'Tổng Liên đoàn Lao động Việt Nam'; 'TLĐLĐVN' -> the full name."""
    rx, table = _abbrev_re()
    out = rx.sub(lambda m: table[m.group(0)], name)
    out = _VIET_NAM_TWICE_RE.sub(r"\1 Việt Nam", out)
    return BLANKS_RE.sub(" ", out).strip()


def is_upper(text: str) -> bool:
    """At least 80% of the letters are capitals (and there is a letter)."""
    letters = list(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def is_acronym(word: str) -> bool:
    casing = load("casing")
    if word in casing["acronyms"]:
        return True
    letters = word.lower()
    return len(word) >= 2 and word.isupper() and not any(c in _VOWELS for c in letters)


@cache
def _phrase_re() -> tuple[re.Pattern[str], dict[str, str]]:
    phrases: list[str] = load("casing")["phrases"]
    table = {p.lower(): p for p in phrases}
    alts = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I), table


def _new_tones(text: str) -> str:
    """Old tone placement in a body's name written the new way ('uỷ ban' -> 'ủy ban') so that
    the official casing table finds it."""
    return _TONE_RE.sub(lambda m: TONE_PAIRS[m.group(0)], text)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


_AFTER_AND_RE = re.compile(r"(?<= và )(\w)")  # the first letter of the word after 'và'
_SPACE_BEFORE_MARK_RE = re.compile(r" ([,.;:)])")  # a space the words were joined with before a mark
_MINISTRY_RE = re.compile(r"(?:bộ|sở) ", re.IGNORECASE)  # a ministry or department: 'Bộ Tài chính'
_FIELD_START_RE = re.compile(r"(?<=, |- )(\w)")  # the first letter of a ministry's next field


@cache
def _head_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An agency's head word ('Ban', 'Sở', 'Bộ' …) opening a name, and one followed by the word it heads
    ('Bộ Tài chính', but not after 'Đảng' or 'xã': 'Đảng bộ tỉnh', 'Bảo hiểm xã hội tỉnh')."""
    heads = "|".join(sorted(load("casing")["agency_heads"], key=len, reverse=True))
    return (
        re.compile(rf"(?:{heads}) ", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?<!đảng )(?<!xã )({heads}) (\w)", re.IGNORECASE),
    )


def case_name(name: str) -> str:
    """Official casing and expanded abbreviations for a name: 'LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU'
    -> 'Liên đoàn Lao động tỉnh Lai Châu', 'UBND TỈNH PHÚ THỌ' -> 'Ủy ban nhân dân tỉnh Phú Thọ'.
    Names printed in mixed case keep their casing and only have abbreviations expanded."""
    name = BLANKS_RE.sub(" ", name).strip()
    casing = load("casing")
    if not is_upper(name):
        return _cap(_case_places(expand_abbreviations(name)))
    _, abbreviations = _abbrev_re()
    words: list[str] = []
    company = casing["company_abbreviations"]
    for w in _WORD_RE.findall(name):
        in_company = "công ty" in " ".join(words[-6:]).lower()
        words.append((company.get(w) if in_company else None) or abbreviations.get(w) or (w if is_acronym(w) else w.lower()))
    text = _SPACE_BEFORE_MARK_RE.sub(r"\1", " ".join(words)).replace("( ", "(")
    head_start, head_word = _head_res()
    if head_start.match(_cap(text)):
        text = _AFTER_AND_RE.sub(lambda m: m.group(1).upper(), text)
    if _MINISTRY_RE.match(text):  # a ministry's fields: 'Bộ Văn hóa, Thể thao và Du lịch'
        text = _FIELD_START_RE.sub(lambda m: m.group(1).upper(), text)
    # 'Bộ Tài chính', but 'Đảng bộ tỉnh', 'Bảo hiểm xã hội tỉnh': not a ministry, not an association
    text = head_word.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", text)
    rx, table = _phrase_re()
    text = rx.sub(lambda m: table[m.group(0).lower()], _new_tones(text))
    return _cap(_case_places(text).strip())


@cache
def _place_re() -> re.Pattern[str]:
    """A level or a name's introducer ('tỉnh', 'huyện', 'Công ty TNHH' …) and the words of the name after it."""
    casing = load("casing")
    intro = "|".join(sorted(casing["admin_levels"] + casing["name_introducers"], key=len, reverse=True))
    return re.compile(
        # not 'Tỉnh ủy', 'Huyện ủy', nor 'xã hội' the noun ('Thương binh và Xã hội', 'Bảo hiểm xã hội tỉnh')
        rf"(?<!\w)({intro}) (?!(?:ủy|uỷ)\b)(?!hội(?:$|,|\s+(?:và|tỉnh|thành phố|huyện|quận|thị xã|việt nam)\b))((?:[^\W\d_][\w&]* ?)+)",
        re.IGNORECASE,
    )


def _case_places(text: str) -> str:
    """Capitalise every word of a place or company name after 'tỉnh', 'huyện', 'Công ty TNHH' …"""
    return _place_re().sub(
        lambda m: (
            f"{m.group(1)} "
            + " ".join(w if is_acronym(w) else _cap(w) for w in m.group(2).split())
            + (" " if m.group(2).endswith(" ") else "")
        ),
        text,
    )


def case_place(place: str) -> str:
    """'Lai châu' -> 'Lai Châu'; 'TP. Hồ Chí Minh' kept; every word of a place name capitalised, but the second
    word of a level written before it ('Thành phố Hồ Chí Minh', 'Thị xã Sơn Tây', not 'Thành Phố …')."""
    words = BLANKS_RE.sub(" ", place).strip().split(" ")
    out = [w if is_acronym(w) or w.endswith(".") else _cap(w.lower()) for w in words]
    if len(out) > 2 and fold(" ".join(out[:2])) in _two_word_levels():
        out[1] = out[1].lower()
    return " ".join(out)


@cache
def _two_word_levels() -> frozenset[str]:
    return frozenset(fold(x) for x in load("casing")["admin_levels"] if " " in x)


@cache
def _known_bodies() -> list[str]:
    data = load("known_bodies")
    names = [f"{h} {d}" for h in data["heads"] for d in data["domains"]] + list(data["bodies"])
    return sorted(names, key=len, reverse=True)


def correct_known_name(name: str) -> tuple[str, str | None]:
    """A body's name whose start differs from a known name only in diacritics, corrected:
    'Sở Thông tin và Truyển thông tỉnh Phú Thọ' -> 'Sở Thông tin và Truyền thông tỉnh Phú Thọ'."""
    for known in _known_bodies():
        n = len(known)
        head = name[:n]
        if len(head) == n and (n == len(name) or not name[n].isalnum()) and unaccent(head) == unaccent_word(known):
            if fold(head) != fold_word(known):
                return known + name[n:], f"the issuer is printed '{head}'; read as '{known}'"
            return name, None
    return name, None
