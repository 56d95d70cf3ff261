"""Text normalisation shared by every reader, and the folding used for comparisons and search.

`normalise_text` changes what the record's text says as little as it can: NFC, look-alike
letters repaired, invisible characters removed, runs of spaces folded, lines stripped.
`fold` and `unaccent` are keys for comparing and searching, never shown to a person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Characters that look like Vietnamese letters but are not (typed from the wrong keyboard
# table or produced by OCR / legacy converters).
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (Icelandic eth) -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u0189": "\u0110",  # Ɖ (African D) -> Đ
        "\u0256": "\u0111",  # ɖ -> đ
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",  # byte-order mark
        "\u00ad": "",  # soft hyphen (not TCVN3 text: that is converted before this runs)
        "\u0085": "\n",  # NEL, a line break
        "\u2028": "\n",
        "\u2029": "\n",
        "\r": "",
        "\x0b": "\n",  # Word's vertical tab line break
        "\x0c": "\n",
    }
)

# Cyrillic letters that render like Latin capitals; repaired only inside Latin words.
_CYRILLIC = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c",
    "х": "x", "у": "y",
}  # fmt: skip
_CYRILLIC_RE = re.compile("[" + "".join(_CYRILLIC) + "]")
_CYRILLIC_WORD_RE = re.compile(r"[\u0400-\u04ff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_UNICODE_SPACES_RE = re.compile(r"[\u1680\u2000-\u200a\u205f]")  # en, em, thin … spaces: ordinary spaces
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")  # lone surrogates from damaged font maps: not text
# Any character that one of the three patterns above changes (one scan tells whether they have work).
_ODD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u1680\u2000-\u200a\u205f\ud800-\udfff]")
# A run holding a tab, or four spaces or more: a column or cell boundary (Word files lay out the
# header's two columns with tabs or runs of spaces), kept as one tab; a run of tabs keeps one per tab (empty cells).
# Each alternative opens with a literal tab or space, so the scan skips to the next blank at C speed
# (the same matches as '[ ]*\t[ ]*|[ ]{4,}').
_TABS_RE = re.compile(
    r"""
    \t[ ]*                     # a tab and the spaces after it
  | [ ](?:
        [ ]*\t[ ]*             # spaces, a tab, spaces
      | [ ]{3,}                # four spaces or more
    )
    """,
    re.VERBOSE,
)
BLANKS_RE = re.compile(r"\s+")  # a run of blanks, line breaks and tabs included: `BLANKS_RE.sub(" ", t)` writes one space
_SPACES_RE = re.compile(r" [ ]+")  # two spaces or more (a single space is left alone: replacing it costs time)
_LOOKALIKE_RE = re.compile("[" + re.escape("".join(map(chr, _LOOKALIKES))) + "]")  # any key of _LOOKALIKES


def _repair_cyrillic(word: re.Match[str]) -> str:
    w = word.group(0)
    # A word of Cyrillic letters only is Russian text, not a look-alike slip.
    if all(_CYRILLIC_WORD_RE.match(c) for c in w if c.isalpha()):
        return w
    return _CYRILLIC_RE.sub(lambda m: _CYRILLIC[m.group(0)], w)


def _lookalikes(text: str) -> str:
    """`text.translate(_LOOKALIKES)`, found by a regex: str.translate with a dict looks every
    character up in Python, ten times slower on Vietnamese text, which rarely holds one."""
    return _LOOKALIKE_RE.sub(_lookalike, text)


def _lookalike(m: re.Match[str]) -> str:
    return _LOOKALIKES[ord(m.group(0))]


def _normalise_chars(text: str) -> str:
    """Every normalisation of `normalise_line` but the final strip. None of its steps reads or
    writes a line break, so it gives the same lines on a whole text as line by line.

    A step is skipped where a cheaper test shows it has nothing to change: one scan for the characters
    of the three removal patterns, and `in` tests for a tab or a run of spaces (most texts hold none)."""
    t = unicodedata.normalize("NFC", _lookalikes(text))
    if _ODD_CHAR_RE.search(t):
        t = _SURROGATE_RE.sub("\ufffd", _UNICODE_SPACES_RE.sub(" ", _CONTROL_RE.sub("", t)))
    if _CYRILLIC_RE.search(t):
        t = re.sub(r"\w+", _repair_cyrillic, t)
    if "\t" in t or "    " in t:  # _TABS_RE matches nothing else
        t = _TABS_RE.sub("\t", t)
    return _SPACES_RE.sub(" ", t) if "  " in t else t


def normalise_line(line: str) -> str:
    """One line of text, normalised. Idempotent. Tabs are kept (one per run): in text exports and
    converted Word files they separate the two columns of a header or the cells of a table."""
    return _normalise_chars(line).strip(" \t")


def normalise_text(text: str) -> str:
    """A block's text: each line normalised, empty lines dropped. Idempotent."""
    lines = (x.strip(" \t") for x in _normalise_chars(text).split("\n"))
    return "\n".join(x for x in lines if x)


_BETWEEN = "\n\ue000\n"  # a private-use character on its own line: normalisation leaves it alone


def normalise_texts(texts: list[str]) -> list[str]:
    """`[normalise_text(t) for t in texts]`, the characters of all of them normalised in one pass (a document
    has hundreds of blocks; one pass over their joined text saves a call of every step per block)."""
    if not texts or any("\ue000" in t for t in texts):
        return [normalise_text(t) for t in texts]
    out = []
    for part in _normalise_chars(_BETWEEN.join(texts)).split(_BETWEEN):
        if "\n" not in part:  # one line (most blocks): stripped, as the lines of the others are
            out.append(part.strip(" \t"))
            continue
        lines = (x.strip(" \t") for x in part.split("\n"))
        out.append("\n".join(x for x in lines if x))
    return out


# Old-style tone placement (hoà, uỷ) mapped to the new style (hòa, ủy) for comparisons.
TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
# A pair at the end of a word, not after q: in 'quý', 'quỹ' the u belongs to the consonant and the tone is
# already on the vowel. The pair comes first and the 'not after q' test after it (looking back over the pair),
# so that a scan skips at C speed to the next 'o' or 'u' (the same matches as "(?<![qQ])(?:oà|...)(?=\W|$)").
_TONE_RE = re.compile(
    r"""
    (?:"""
    + "|".join(TONE_PAIRS)  # oà, oá, ..., uỵ: the old-style pairs
    + r""")
    (?<![qQ]..)     # not after q or Q
    (?=\W|$)        # at the end of a word
    """,
    re.VERBOSE,
)


def fold(text: str) -> str:
    """Comparison key: normalised, casefolded, one tone-placement style."""
    return _TONE_RE.sub(lambda m: TONE_PAIRS[m.group(0)], _casefolded(text))


def _casefolded(text: str) -> str:
    """`fold` but the tone placement: normalised, casefolded, tabs as spaces."""
    t = normalise_line(text).replace("\t", " ").casefold()
    if "  " in t:  # a run of tabs (empty cells) kept one per tab by normalise_line: one space, as for a second fold
        t = _SPACES_RE.sub(" ", t)
    return t


@cache
def fold_word(word: str) -> str:
    """`fold` of a word or name from the data files, kept: a bounded vocabulary, compared with every
    candidate of every document."""
    return fold(word)


@cache
def unaccent_word(word: str) -> str:
    """`unaccent` of a word or name from the data files, kept (see fold_word)."""
    return unaccent(word)


def unaccent(text: str) -> str:
    """Search key without diacritics: 'Đảng ủy' -> 'dang uy'. Keeps length only per character.

    The same as dropping every combining character of `fold(text)` once decomposed (NFD), made faster
    for whole documents: the tone placement `fold` settles is skipped (its marks are dropped anyway),
    and each mark the text holds is removed by one `str.replace` instead of testing every character
    in Python (1.3 -> 0.75 ms on a 7,000-character document)."""
    t = unicodedata.normalize("NFD", _casefolded(text)).replace("đ", "d")
    for mark in [c for c in set(t) if unicodedata.combining(c)]:
        t = t.replace(mark, "")
    return t
