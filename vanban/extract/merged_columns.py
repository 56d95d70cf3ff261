"""Two columns joined on one line by a single space.

A PDF copied as plain text, or a header table flattened by a converter, prints the two columns of
the header and of the signature area on one line:

    LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Số: 45/KH-LĐLĐ Cam Lộ, ngày 12 tháng 3 năm 2022
    Nơi nhận: TM. BAN THƯỜNG VỤ
    - LĐLĐ tỉnh (b/c); CHỦ TỊCH
    - Lưu VT. Nguyễn Văn Hùng

`column_cut` says where the second column starts, only at anchors that cannot continue the first
column's text: the national motto ending the line, a place-and-date after a document number, an
authority or position in capitals after a recipient, a signer's name (a known surname first) after
a recipient. A line with a tab is not asked: tabs already separate its columns.
"""

from __future__ import annotations

import re
from functools import cache

from vanban.extract.data import load
from vanban.extract.names import is_upper
from vanban.extract.patterns import LOWER, PLACE_DATE_RE, UPPER

MOTTO_RE = re.compile(
    r"""(?<=\S)[ ]+(?P<right>
        CỘNG[ ]+H(?:ÒA|OÀ)[ ]+XÃ[ ]+HỘI[ ]+CHỦ[ ]+NGHĨA[ ]+VIỆT[ ]+NAM                  # Quốc hiệu, in capitals
      | ĐẢNG[ ]+CỘNG[ ]+SẢN[ ]+VIỆT[ ]+NAM                                        # the Party's header
      | (?i:độc[ ]+lập[ ]*[-–—][ ]*tự[ ]+do[ ]*[-–—][ ]*hạnh[ ]+phúc)            # Tiêu ngữ, any case
    )[\W_]*$""",
    re.VERBOSE,
)
# "Số: 45/KH-LĐLĐ", "Số: 45 /KH-LĐLĐ", "Số: /QĐ-UBND" (blank): the number line's left part.
NUMBER_PART_RE = re.compile(
    r"""^[ ]*(?i:số)[ ]*[:.]?[ ]*
    (?:[\w.\-]*/[\w/.\-]*[ ]*|\d+[a-z]?[ ]+(?=/))*+   # tokens holding a '/' (45/KH-LĐLĐ, /QĐ-UBND, 5/TTr-UBND); '45 /KH'
    """,
    re.VERBOSE,
)


@cache
def _name_re() -> re.Pattern[str]:
    """A signer's name at the end of a line: a known surname and two or three more words, all in
    title case or all in capitals (a two-word tail is more often a place: 'Châu Thành', 'Hà Nội')."""
    surnames = sorted(load("surnames")["surnames"], key=len, reverse=True)
    title = "|".join(surnames)
    caps = "|".join(s.upper() for s in surnames)
    return re.compile(
        rf"""(?<=[;:,.)])[ ]+(?P<right>
            (?:{title})(?:[ ]+[{UPPER}][{LOWER}]+){{2,3}}      # Nguyễn Văn Hùng
          | (?:{caps})(?:[ ]+[{UPPER}]{{2,}}){{2,3}}            # NGUYỄN VĂN HÙNG
        )[ ]*$""",
        re.VERBOSE,
    )


@cache
def _closing_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """closing's AUTHORITY_RE, POSITION_RE, ITEM_RE and RECIPIENTS_RE, imported on first use (closing imports
    document, which imports this module) and kept: an import statement in a function called for every line costs."""
    from vanban.extract.closing import AUTHORITY_RE, ITEM_RE, POSITION_RE, RECIPIENTS_RE

    return AUTHORITY_RE, POSITION_RE, ITEM_RE, RECIPIENTS_RE


def _signature_start(text: str) -> int | None:
    """Where an authority ('TM. BAN THƯỜNG VỤ') or a position in capitals ('CHỦ TỊCH') begins
    after a recipient: the leftmost space after which the rest of the line is one."""
    AUTHORITY_RE, POSITION_RE, _item, _recipients = _closing_patterns()  # noqa: N806
    for m in re.finditer(r"(?<=[;:,.)])[ ]+", text):
        rest = text[m.end() :]
        if is_upper(rest) and (AUTHORITY_RE.match(rest) or POSITION_RE.match(rest)):
            return m.end()
    return None


# One of these words is in every motto: a cheap test first (one scan for any of them)
_MOTTO_WORDS_RE = re.compile(
    r"""
    CỘNG        # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
  | ĐẢNG        # ĐẢNG CỘNG SẢN VIỆT NAM
  | lập | LẬP | Lập   # Độc lập - Tự do - Hạnh phúc
    """,
    re.VERBOSE,
)


def _last_word_char(text: str) -> str:
    """The last character of `text` that `\\w` matches but '_' (str.isalnum is that test), or ''."""
    for ch in reversed(text):
        if ch.isalnum():
            return ch
    return ""


def column_cut(text: str) -> int | None:
    """The offset in `text` (a line without tabs) where its second column starts, or None."""
    # MOTTO_RE's match ends the line but for [\W_]: its last letter is the M of NAM or the c of phúc (any case)
    if _last_word_char(text) in ("M", "c", "C") and _MOTTO_WORDS_RE.search(text):
        m = MOTTO_RE.search(text)
        if m:
            return m.start("right")
    if text.lstrip()[:2].casefold() != "số":
        n = None
    else:
        n = NUMBER_PART_RE.match(text)
    if n and n.end() < len(text) and text[n.end()].isupper() and PLACE_DATE_RE.match(text[n.end() :]):
        return n.end()
    _authority, _position, ITEM_RE, RECIPIENTS_RE = _closing_patterns()  # noqa: N806
    tail = text.rstrip()
    if tail and (ITEM_RE.match(text) or RECIPIENTS_RE.match(text)):  # a recipient or the Nơi nhận label
        cut = _signature_start(text) if tail[-1].isupper() else None  # capitals end an authority or position
        if cut is not None:
            return cut
        if tail.rsplit(" ", 1)[-1][:1].isupper():  # a name ends with a capitalised word
            m = _name_re().search(text)
            if m:
                return m.start("right")
    return None
