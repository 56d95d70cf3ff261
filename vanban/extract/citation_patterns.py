"""Regular expressions for references to other documents, built from data/citations.yaml.

Document numbers and dates come from vanban.extract.patterns (NUMBER_RE, DATE_RE); this module holds
what only citations need: the "Số:" label of a header, relation words, short and named references.
Every pattern has a table of positive and negative examples in tests/test_citation_patterns.py.
"""

from __future__ import annotations

import re
from functools import cache

from vanban.extract.data import load
from vanban.extract.patterns import SYM, type_codes, type_names
from vanban.extract.word_scan import case_variants, letter_branches

# Capital letters, Vietnamese ones spelled out ("À-Ỹ" as a range would take small letters too).
VI_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


def _alts(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, spaces matching any run of blanks."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _trie_alts(words: list[str]) -> str:
    """What `_alts(words)` matches, as a tree of shared prefixes ('Thông' then 'tư', 'báo' or 'cáo'):
    a scan then tries one branch per first letter instead of every word. At each branch longer words come
    before the word that ends there, so among words that match at the same place the longest is still tried
    first, as in `_alts`. Falls back to `_alts` where two branches differ only in case (under IGNORECASE
    both could match and the order between them would matter)."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for piece in re.split(r"( )", w):
            for unit in [piece] if piece == " " else list(piece):
                node = node.setdefault(unit, {})
        node[""] = {}  # a word ends here

    depths: dict[int, int] = {}  # id(node) -> its longest path, each computed once

    def longest(node: dict[str, dict]) -> int:
        if id(node) not in depths:
            depths[id(node)] = max((1 + longest(c) for k, c in node.items() if k), default=0)
        return depths[id(node)]

    def build(node: dict[str, dict]) -> str | None:
        keys = [k for k in node if k]
        if len({k.lower() for k in keys}) < len(keys):
            return None
        branches = []
        for k in sorted(keys, key=lambda k: -longest(node[k])):
            rest = build(node[k])
            if rest is None:
                return None
            branches.append((r"\s+" if k == " " else re.escape(k)) + rest)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: tried after the longer ones
            body = f"(?:{body})?"
        return body

    built = build(trie)
    return _alts(words) if built is None or "" in trie else built


# The label of a document's own number in a header: "Số: 277/KH-LĐLĐ", "Số:09/2010/QĐ-UBND",
# "Bộ luật số: 45/2019/QH14", and the "Số: 15/QĐ-BNV; Số: 05/BNV-VP" examples of a style guide.
# Matched against the text just before a number (anchored at its end).
LABEL_RE = re.compile(
    rf"""
    (?:
        # at the start of a line or cell, or after ';': "Số", "SỐ", with or without ':'
        (?:^|[\n;\t])[ \t]*(?:[-–•][ \t]*)?(?:Số|SỐ)[ \t]*:?
      |
        # a type name then "số:" at the start of a line: "Luật số:", "Bộ luật số:"
        (?:^|[\n;\t])[ \t]*[{VI_UPPER}]\w*(?:[ \t]+\w+)?[ \t]+(?:số|SỐ)[ \t]*:
      |
        # anywhere else only as a capitalised label with a colon: "... ví dụ: Số: 72/VTLTNN-NVĐP"
        (?<=\s)(?:Số|SỐ)[ \t]*:
    )
    [ \t]*[^\w\s]{{0,3}}[ \t]*$     # OCR specks between the label and the number: "Số:⁄‡6 /CT-UBND"
    """,
    re.VERBOSE,
)


def plausible_segment(segment: str) -> bool:
    """A symbol segment that is really part of a document number: two capitals at least (KH, TTg, ToC,
    LĐLĐ), a digit (QH13, HĐNN8), or a known type code however it is cased (Ctr). "Điều" is not one."""
    return sum(c.isupper() for c in segment) >= 2 or any(c.isdigit() for c in segment) or segment.casefold() in type_codes()


_SEQUENCE_RE = re.compile(r"^\d+[a-zđ]?")  # a number's sequence part: 45, 12a
_SYMBOL_SEP_RE = re.compile(r"[-/_]")  # between a symbol's segments


def plausible_symbol(number: str) -> bool:
    """True when every segment of a canonical number's symbol is plausible (see plausible_segment)."""
    segments = [s for s in _SYMBOL_SEP_RE.split(_SEQUENCE_RE.sub("", number)) if s]
    return bool(segments) and all(plausible_segment(s) for s in segments)


# What follows a number when it is a blank form or an unfinished symbol: "04/2026/CV-…………", "45/QĐ-...".
PLACEHOLDER_TAIL_RE = re.compile(
    r"""
    [ \t]*(?:
        -[ \t]*(?:…|\.{2,}|_{2,})    # a hyphen then dots or underscores
      |
        …|\.{3,}                     # dots straight after the number
    )
    """,
    re.VERBOSE,
)


@cache
def trigger_re() -> re.Pattern[str]:
    """A relation word opening a paragraph, bullet, heading or sentence: 'Căn cứ', 'Thực hiện', ...

    Groups: `word` (as written). The caller keeps only capitalised words ("THỰC HIỆN" in a title counts).
    """
    words = load("citations")["relation_words"]
    alts = _alts([w for ws in words.values() for w in ws])
    return re.compile(
        rf"""
        (?:
            # start of a line, after a bullet, a heading mark or a list number: "- Căn cứ", "### Thực hiện", "1. Căn cứ"
            (?:^|(?<=\n))[ \t]*(?:[-+•*–][ \t]*|\#{{1,6}}[ \t]*|\d{{1,2}}[.)][ \t]*)?
          |
            # after the end of a sentence: ". Thực hiện"
            (?<=[.!?])[ \t]+
        )
        (?P<word>{alts})
        (?![\w])
        """,
        re.VERBOSE | re.IGNORECASE,
    )


_TRIGGER_LEAD = r"[ \t]*(?:[-+•*–][ \t]*|\#{1,6}[ \t]*|\d{1,2}[.)][ \t]*)?"  # trigger_re's bullet, heading mark or number


@cache
def _trigger_scan() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """trigger_re() as two patterns for a scan of a whole text: one at the text's start, one that takes the
    line break or the sentence's punctuation before the word (trigger_re only looks back at it). The second
    opens with one of four characters, so a scan skips at C speed to the next line break or punctuation."""
    words = load("citations")["relation_words"]
    alts = _alts([w for ws in words.values() for w in ws])
    at_start = re.compile(
        rf"""
        {_TRIGGER_LEAD}                 # "- Căn cứ", "### Thực hiện", "1. Căn cứ" at the start of the text
        (?P<word>{alts})
        (?![\w])
        """,
        re.VERBOSE | re.IGNORECASE,
    )
    after = re.compile(
        rf"""
        (?:
            \n{_TRIGGER_LEAD}           # a line break, then as at the start
          | \.[ \t]+                   # the end of a sentence: ". Thực hiện"
          | ![ \t]+
          | \?[ \t]+
        )
        (?P<word>{alts})
        (?![\w])
        """,
        re.VERBOSE | re.IGNORECASE,
    )
    return at_start, after


def find_triggers(text: str) -> list[tuple[int, str]]:
    """(end, word as written) of every match of trigger_re() in `text`, in order: what
    `trigger_re().finditer(text)` gives (a match never ends on a line break or a punctuation mark, so taking
    the one before the next match never reaches into the previous one), found several times faster."""
    at_start, after = _trigger_scan()
    out = []
    first = at_start.match(text)
    if first:
        out.append((first.end(), first.group("word")))
    out += [(m.end(), m.group("word")) for m in after.finditer(text, first.end() if first else 0)]
    return out


@cache
def relation_of_word() -> dict[str, str]:
    """Case-folded relation word -> relation."""
    words: dict[str, list[str]] = load("citations")["relation_words"]
    return {w.casefold(): rel for rel, ws in words.items() for w in ws}


@cache
def type_name_re() -> str:
    """Alternation of every type name (longest first), for use inside other patterns."""
    return _trie_alts([n for n, _code, _canon in type_names()])


@cache
def type_name_scan(tail: str) -> re.Pattern[str]:
    r"""A type name (in any case, not inside a word) followed by `tail` (a verbose pattern, matched ignoring
    case): what `(?<![\w])(?P<type>{type_name_re()}){tail}` under IGNORECASE matches, written so that the
    pattern opens with a branch per first letter, in each of its cases. A scan then skips at C speed to the
    next letter that can start a type name instead of trying the whole tree at every place."""
    groups: dict[str, list[str]] = {}
    for name, _code, _canon in type_names():
        groups.setdefault(name[:1].lower(), []).append(name[1:])
    branches = []
    for first, rests in groups.items():
        branches += letter_branches(case_variants(first), _trie_alts(rests) if all(rests) else _alts(rests))
    return re.compile(
        rf"""
        (?P<type>(?:{"|".join(branches)}))   # the type name, by its first letter
        (?i:{tail})
        """,
        re.VERBOSE,
    )


@cache
def short_ref_re() -> re.Pattern[str]:
    """A type name and a bare or half-written number: 'Nghị quyết 02', 'Quyết định 217', 'Nghị quyết 02-NQ'.

    Groups: `type`, `seq`, `code` (the type code of a half-written Party number, or None).
    Not matched when a full number follows (that is NUMBER_RE's), nor before a slash or a dot.
    """
    return type_name_scan(
        rf"""
        [ \t]+(?:số[ \t]*:?[ \t]*)?
        (?P<seq>\d{{1,5}}[a-zđ]?)
        (?:[ \t]*-[ \t]*(?P<code>{SYM}))?     # half a Party number: 02-NQ
        (?![\w/]|[-/.,]\d|[ \t]*[-/][ \t]*[\d{VI_UPPER}]|[ \t]*(?:năm|tháng|giờ|%))   # not 1.000, 02/NQ, 5 năm
        """
    )


# A list of bare numbers that share the symbol of the full number closing it: "217, 218-QĐ/TW",
# "20 và 27-NQ/TW". Matched right after a bare number; `rest` is where the full number starts.
SHARED_SUFFIX_RE = re.compile(
    r"""
    (?:[ \t]*(?:,|và|;)[ \t]*(?:số[ \t]*)?\d{1,5}[a-zđ]?(?![\w/-]))*   # more bare numbers
    [ \t]*(?:,|và)[ \t]*(?:số[ \t]*)?                                 # the last separator
    (?P<rest>\d)
    """,
    re.VERBOSE,
)


@cache
def named_ref_re() -> re.Pattern[str]:
    """The head of a reference without a number: 'Hiến pháp', 'Điều lệ', 'Bộ luật', 'Luật', 'Pháp lệnh',
    'Nghị quyết Đại hội'. Group `head`. Capitalised, except 'điều lệ' ('điều lệ Đảng'), which the
    caller accepts only before a capitalised word."""
    heads = [h["head"] for h in load("citations")["named_references"]]
    return re.compile(
        rf"""
        (?P<head>
            {_not_inside_a_word(_alts(heads))}   # as written in data: Hiến pháp, Điều lệ, Bộ luật, Luật, ...
          | B(?<![\w].)ộ\s+Luật                 # "Bộ Luật Lao động"
          | đ(?<![\w].)iều\s+lệ                 # "điều lệ Đảng"
        )
        (?![\w])
        """,
        re.VERBOSE,
    )


def _not_inside_a_word(alternatives: str) -> str:
    r"""An alternation of words (as `_alts` writes it) with each word's start checked to be no word's inside:
    `(?<![\w])` moved behind each word's first letter, looking back over it, so the pattern opens with the
    letters and a scan skips at C speed to the next one that can start a word."""
    if "\\|" in alternatives:  # a word holding '|': the alternation cannot be cut apart at every '|'
        return rf"(?<![\w])(?:{alternatives})"
    out = []
    for alt in alternatives.split("|"):
        if not alt[:1].isalpha():  # an escaped first character: never in data's names; kept whole, checked before
            out.append(rf"(?<![\w]){alt}")
            continue
        out.append(rf"{alt[0]}(?<![\w].){alt[1:]}")
    return "|".join(out)


# The date that follows a reference: ", ngày 24/9/2021", " ngày15/4/2010", "\n26/04/2011" (a register's
# next cell); the date itself is DATE_RE's. Matched at the end of the number, issuer or date.
DATE_LEAD_RE = re.compile(
    r"""
    [ \t,]*(?:\([ \t]*)?             # a comma or an opening bracket
    (?:ban[ \t]+hành[ \t]+)?          # "ban hành ngày ..."
    (?=(?:ngày|ngay)?[ \t]*\d)        # the date (DATE_RE) starts here
    """,
    re.VERBOSE | re.IGNORECASE,
)

# The issuer of a reference: "của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam", "do Bộ Nội vụ". Group `lead`
# ends where the name starts; the name's end is found from data (issuer_stops).
ISSUER_LEAD_RE = re.compile(
    r"""
    [ \t,]*
    (?P<lead>(?:của|do)[ \t]+(?:liên[ \t]+(?=(?:bộ|ngành)(?!\w)))?)   # "của", "do", "của liên Bộ" (not "của Liên đoàn")
    """,
    re.VERBOSE | re.IGNORECASE,
)

# What separates two numbers of the same type in a list: "; số", ", số", " và số", "và".
LIST_GAP_RE = re.compile(
    r"""
    [ \t]*(?:[,;]|và)[ \t]*   # the separator
    (?:số[ \t]*:?[ \t]*)?       # and "số" before the next number
    """,
    re.VERBOSE,
)

# The term of the body after its name: " khóa X", " (khóa XIV)", ", nhiệm kỳ 2018-2023".
TERM_RE = re.compile(
    r"""
    [ \t,]*\(?[ \t]*
    (?:
        kh(?:óa|oá)[ \t]+[IVXLC\d]+                       # khóa XIII, khoá II
      |
        nhiệm[ \t]+kỳ[ \t]+\d{4}[ \t]*[-–][ \t]*\d{4}     # nhiệm kỳ 2018-2023
    )
    [ \t]*\)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# The subject that follows a reference: 'về “Đổi mới ...”', 'V/v đẩy mạnh ...', 'về việc ...', 'ban hành Quy chế ...'.
SUBJECT_RE = re.compile(
    r"""
    (?:
        [ \t,]*(?:về[ \t]+việc|về|V/v|v/v)[ \t]*:?[ \t]*
      | [ \t]*(?=(?:ban[ \t]+hành|hướng[ \t]+dẫn|quy[ \t]+định|phê[ \t]+duyệt|sửa[ \t]+đổi)[ \t])   # the verb is the subject's first word
    )
    (?:
        [“"«](?P<quoted>[^”"»\n]{3,400})[”"»]   # a quoted subject
      |
        (?P<plain>[^;\n“"]{3,300}?)              # an unquoted subject, up to the end of the clause
        (?=[;\n]|\.(?:\s|$)|$)
    )
    """,
    re.VERBOSE,
)
