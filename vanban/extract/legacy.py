"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI and VISCII text detected and converted to Unicode.

Files typed before Unicode hold one-byte codes that a legacy font draws as Vietnamese letters;
read as Unicode they come out as '§¶ng bé' (TCVN3 for 'Đảng bộ') or 'Ñaûng boä' (VNI). A font
name proves nothing (many Unicode files still name .VnTime), so the encoding is recognised from
the text itself: after the right conversion nearly every word is a valid Vietnamese syllable,
while genuine Unicode text is already valid and gains nothing.

Readers call `plan_for(texts)` once with every paragraph of a file, then convert each paragraph
with `plan.converter(paragraph)`: a paragraph decides for itself, so the Unicode parts of a file
that mixes both are left alone. Conversion runs inside the readers because the shared normaliser
drops U+00AD, which is TCVN3's 'ư'. Tables live in data/legacy_*.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from vanban.extract.data import load

ENCODINGS = ("tcvn3", "vni", "viscii")

# Characters of the Latin-1 block that are not Vietnamese letters: any legacy text shows some,
# Unicode Vietnamese text almost none. A cheap test before the full analysis. (Python's verbose
# mode keeps spaces and '#' inside a character class, so the classes are built from commented parts.)
_SUSPECT_CHARS = "".join(
    [
        "\u00a1-\u00bf",  # symbols: § ¶ ¸ µ ¨ © ® « ¬ and the soft hyphen
        "\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d0\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df",  # Ä Å Æ Ç Ë Î Ï Ð Ñ Ö × Ø Û Ü Þ ß (not Ý)
        "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff",  # ä å æ ç ë î ï ð ñ ö ÷ ø û ü þ ÿ
    ]
)
_SUSPECT_RE = re.compile(f"[{_SUSPECT_CHARS}]")
# A word as a legacy file shows it: letters plus the Latin-1 symbols that legacy tables use as letters.
_WORD_CHARS = "".join(
    [
        "A-Za-z",  # ASCII letters
        "\u00a1-\u00ff",  # Latin-1 letters and symbols (TCVN3, VNI, VISCII codes), soft hyphen included
        "\u0100-\u024f",  # Latin Extended (ă đ ơ ư ĩ ũ, and Windows-1252's Œ Š Ž)
        "\u0300-\u0323",  # combining marks (NFD text)
        "\u1ea0-\u1ef9",  # precomposed Vietnamese letters
    ]
)
_TOKEN_RE = re.compile(f"[{_WORD_CHARS}]+")
# Letters that only Unicode text has: a paragraph holding them was not typed in a one-byte table.
_UNICODE_ONLY_RE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MIN_SUSPECTS = 5  # fewer odd characters than this is a stray symbol, not a legacy file


@dataclass(frozen=True)
class _Table:
    """One legacy encoding: Unicode strings as a reader sees them -> the Unicode text they stand for."""

    key: str
    name: str
    mapping: dict[str, str]
    single: dict[int, str] = field(default_factory=dict)  # str.translate table when every key is one character
    pattern: re.Pattern[str] | None = None  # alternation of multi-character keys, longest first

    def convert(self, text: str) -> str:
        if self.pattern is not None:
            return self.pattern.sub(lambda m: self.mapping[m.group(0)], text)
        return text.translate(self.single)


def _byte_views(b: int) -> set[str]:
    """How byte `b` of a legacy file shows up in Unicode text: Latin-1, and Windows-1252 for 0x80-0x9F."""
    views = {chr(b)}
    try:
        views.add(bytes([b]).decode("cp1252"))
    except UnicodeDecodeError:
        pass
    return views


def _byte_table(key: str, data: dict) -> _Table:
    mapping = {view: str(uni) for b, uni in data["bytes"].items() for view in _byte_views(int(b))}
    return _Table(key, data["encoding"], mapping, single={ord(k): v for k, v in mapping.items()})


def _sequence_table(key: str, data: dict) -> _Table:
    mapping = {str(k): str(v) for k, v in data["sequences"]}
    keys = sorted(mapping, key=len, reverse=True)
    return _Table(key, data["encoding"], mapping, pattern=re.compile("|".join(map(re.escape, keys))))


@cache
def _tables() -> dict[str, _Table]:
    return {
        "tcvn3": _byte_table("tcvn3", load("legacy_tcvn3")),
        "vni": _sequence_table("vni", load("legacy_vni")),
        "viscii": _byte_table("viscii", load("legacy_viscii")),
    }


@cache
def _syllable_re() -> re.Pattern[str]:
    s = load("legacy_syllable")
    alt = lambda xs: "|".join(sorted(map(str, xs), key=len, reverse=True))  # noqa: E731
    return re.compile(f"(?:{alt(s['initials'])})?(?:{alt(s['nuclei'])})(?:{alt(s['finals'])})?")


@cache
def is_syllable(word: str) -> bool:
    """True for a Vietnamese syllable ('người', 'Thuỷ', 'bé'); any case, NFC or NFD."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _syllable_re().fullmatch(bare) is not None


def _informative(token: str) -> bool:
    """A word that can tell encodings apart: it has a non-ASCII character and is not a lone symbol."""
    return not token.isascii() and (len(token) > 1 or _ASCII_LETTER_RE.search(token) is not None)


@cache
def _valid_as(token: str, key: str | None) -> bool:
    """Is `token` a valid syllable when read in encoding `key` (None: as Unicode)?"""
    text = token if key is None else _tables()[key].convert(token)
    return is_syllable(text)


def _tokens(text: str) -> Counter[str]:
    return Counter(t for t in _TOKEN_RE.findall(text) if _informative(t))


def _valid_count(tokens: Counter[str], key: str | None) -> int:
    return sum(n for t, n in tokens.items() if _valid_as(t, key))


def detect(text: str) -> str | None:
    """The legacy encoding `text` was typed in ('tcvn3', 'vni', 'viscii'), or None for Unicode."""
    text = unicodedata.normalize("NFC", text)
    if len(_SUSPECT_RE.findall(text)) < _MIN_SUSPECTS:
        return None
    tokens = _tokens(text)
    total = sum(tokens.values())
    if total < 3:
        return None
    as_unicode = _valid_count(tokens, None)
    scores = {key: _valid_count(tokens, key) for key in ENCODINGS}
    best = max(ENCODINGS, key=lambda k: scores[k])
    gain = scores[best] - as_unicode
    if gain >= max(2, 0.2 * total) and scores[best] >= 0.5 * total:
        return best
    return None


def convert(text: str, key: str) -> str:
    """`text` read in legacy encoding `key`, as Unicode NFC."""
    return unicodedata.normalize("NFC", _tables()[key].convert(text))


def encoding_name(key: str) -> str:
    """The encoding as people call it: 'TCVN3 (ABC)', 'VNI', 'VISCII'."""
    return _tables()[key].name


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Plan:
    """What a reader does with each paragraph of one file: nothing, or convert from `key`."""

    key: str | None

    @property
    def warning(self) -> str | None:
        if self.key is None:
            return None
        return f"the text was typed in the {encoding_name(self.key)} encoding and was converted to Unicode"

    def converter(self, paragraph: str) -> Callable[[str], str]:
        """The conversion for the pieces (runs, text nodes) of one paragraph whose whole text is `paragraph`.

        A paragraph whose words read better converted is converted whole; one that reads better as
        it is stays; a tie is converted unless the paragraph holds letters the legacy table cannot
        produce ('ộ', or 'à' in TCVN3). A paragraph mixing both is converted word by word.
        """
        key = self.key
        if key is None or not paragraph:
            return _identity
        paragraph = unicodedata.normalize("NFC", paragraph)
        tokens = _tokens(paragraph)
        unicode_only = _unicode_evidence(paragraph, key)
        if unicode_only and _SUSPECT_RE.search(paragraph):
            return lambda piece: _convert_words(piece, key)
        as_is, converted = _valid_count(tokens, None), _valid_count(tokens, key)
        if converted > as_is or (converted == as_is and not unicode_only):
            return lambda piece: convert(piece, key)
        return _identity

    def convert_text(self, paragraph: str) -> str:
        """One paragraph converted as `converter` decides."""
        return self.converter(paragraph)(paragraph)


@cache
def _table_chars(key: str) -> frozenset[str]:
    """Every character that occurs in the legacy side of a table."""
    return frozenset("".join(_tables()[key].mapping))


def _unicode_evidence(text: str, key: str) -> bool:
    """Does `text` hold letters that text typed in legacy table `key` cannot contain?"""
    if _UNICODE_ONLY_RE.search(text):
        return True
    chars = _table_chars(key)
    return any(ord(c) > 127 and c.isalpha() and c not in chars for c in text)


def _convert_words(text: str, key: str) -> str:
    """Convert only the words that are invalid as they are and valid once converted."""

    def one(m: re.Match[str]) -> str:
        w = unicodedata.normalize("NFC", m.group(0))
        if not _valid_as(w, None) and _valid_as(w, key):
            return convert(w, key)
        return m.group(0)

    return unicodedata.normalize("NFC", _TOKEN_RE.sub(one, text))


def plan_for(texts: Iterable[str]) -> Plan:
    """Decide, from all the text of one file, whether it was typed in a legacy encoding."""
    return Plan(detect("\n".join(texts)))


def repair(texts: list[str]) -> tuple[list[str], str | None]:
    """Convert the paragraphs of one file if they were typed in a legacy encoding: (texts, warning)."""
    plan = plan_for(texts)
    if plan.key is None:
        return texts, None
    return [plan.convert_text(t) for t in texts], plan.warning


def detect_bytes(data: bytes, fallback: str) -> str | None:
    """The legacy table non-UTF-8 bytes were typed in, if reading them so beats `fallback` (the Windows-1258 reading)."""
    view = data.decode("latin-1")
    key = detect(view)
    if key is None:
        return None
    if _valid_count(_tokens(convert(view, key)), None) <= _valid_count(_tokens(unicodedata.normalize("NFC", fallback)), None):
        return None
    return key


def decode_legacy_bytes(data: bytes, fallback: str) -> tuple[str, str] | None:
    """Bytes that are not UTF-8, read in a legacy table when that reads better than `fallback` text.

    `fallback` is the file decoded the ordinary way (Windows-1258). Returns (text, encoding key) or None.
    """
    key = detect_bytes(data, fallback)
    if key is None:
        return None
    return convert(data.decode("latin-1"), key), key
