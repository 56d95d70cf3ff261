"""The closing of a document: signer (authority, position, name) and the Nơi nhận list."""

from __future__ import annotations

import re

from vanban.extract.document import Doc
from vanban.extract.layout import BODY_START_RE
from vanban.extract.names import case_name, is_upper
from vanban.extract.normalise import BLANKS_RE
from vanban.extract.patterns import LOWER, UPPER
from vanban.schemas import Signer

AUTHORITY_RE = re.compile(
    r"""^(?P<prefix>
        T/M | K/T | T/L | TM | KT | TL | TUQ | Q | TUQ
      | THAY\s+MẶT | KÝ\s+THAY | THỪA\s+LỆNH | THỪA\s+ỦY\s+QUYỀN
    )(?:[ \t]*[.:][ \t]*|[ \t]+)(?P<body>[^\W\d][^\n]{1,80})$""",
    re.VERBOSE,
)
_PREFIX_CANON = {
    "T/M": "TM.",
    "K/T": "KT.",
    "T/L": "TL.",
    "THAY MẶT": "TM.",
    "KÝ THAY": "KT.",
    "THỪA LỆNH": "TL.",
    "THỪA ỦY QUYỀN": "TUQ.",
}
POSITION_RE = re.compile(
    r"^(?:PHÓ\s+|Q\.\s*)?(?:CHỦ\s+TỊCH|CHÁNH\s+VĂN\s+PHÒNG|CHÁNH\s+THANH\s+TRA|(?:TỔNG\s+)?BÍ\s+THƯ|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG"
    r"|GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|HIỆU\s+TRƯỞNG|TRƯỞNG\s+ĐOÀN"
    r"|NGƯỜI\s+LÀM\s+ĐƠN|NGƯỜI\s+VIẾT|NGƯỜI\s+KIỂM\s+ĐIỂM|CHỦ\s+NHIỆM|THƯ\s+KÝ|ĐẠI\s+DIỆN)\b[^\n]{0,40}$",
    re.IGNORECASE,
)
# Signatories of personal documents, printed in ordinary case ("Người làm đơn").
PERSONAL_ROLE_RE = re.compile(
    r"^Người[ \t]+(?:làm[ \t]+đơn|viết[ \t]+đơn|tự[ \t]+kiểm[ \t]+điểm|kiểm[ \t]+điểm|khai|đề[ \t]+nghị|nhận)$", re.IGNORECASE
)
SIGNED_PREFIX_RE = re.compile(r"^\(?(?:đã[ \t]*ký|ký)\)?[ \t]*:[ \t]*", re.IGNORECASE)  # "Đã ký: Nguyễn Thị Kim Ngân"
SKIP_RE = re.compile(
    r"""^[\[\](){}\s]*+                  # brackets and spaces around a signature mark
    (?:\(?\s*+(?:
        đã\s*ký                             # (Đã ký)
      | ký\s*tên                            # (Ký tên)
      | ký,?\s*ghi\s*rõ\s*họ\s*tên        # (Ký, ghi rõ họ tên)
      | ký\s*và\s*ghi[^)]*+                 # (Ký và ghi rõ họ tên)
      | chữ\s*ký[^)]*+                      # (Chữ ký, dấu của …)
      | đóng\s*dấu[^)]*+                    # (Đóng dấu)
    )\s*+\)?)?
    [\[\](){}.\s]*+$""",
    re.IGNORECASE | re.VERBOSE,
)
NAME_RE = re.compile(rf"^(?:[{UPPER}][{LOWER}]*|[{UPPER}]+)(?:[ \t]+(?:[{UPPER}][{LOWER}]*|[{UPPER}]+)){{1,5}}$")
RECIPIENTS_RE = re.compile(r"^[*_\s]*+Nơi[ \t]++nhận[ \t]*+(?::[*_\s]*+(?P<rest>.*)|[*_\s]*+)$", re.IGNORECASE)
ITEM_RE = re.compile(r"^[-–—+•*]\s*(?P<item>.+)$")
# A recipient without its dash: the archive line, or a short line ending as a list item does.
UNDASHED_ITEM_RE = re.compile(r"^(?:Lưu\b[^\n]{0,60}|[^\n]{2,80}?[;,])$")


def _canon_authority(prefix: str, body: str) -> str:
    p = _PREFIX_CANON.get(BLANKS_RE.sub(" ", prefix), prefix.rstrip(".") + ".")
    return f"{p} {case_name(body.strip(' .:'))}"


ANNEX_RE = re.compile(
    r"""^(?:
        PHỤ[ \t]+LỤC\b | Phụ[ \t]+lục[ \t]+[IVX\d]+\b          # PHỤ LỤC I, Phụ lục 01
      | \(?(?:Ban[ \t]+hành[ \t]+)?[Kk]èm[ \t]+theo\b            # (Kèm theo Nghị định số …)
      | Mẫu[ \t]+số\b | MẪU[ \t]+SỐ\b                             # Mẫu số 01
    )""",
    re.VERBOSE,
)


def _own_lines(doc: Doc, strip: str | None) -> list[str]:
    """The document's own lines, without e-signature and received stamps (readers mark those)."""
    own: list[str] = doc.memo("own_lines", lambda d: [ln.text for ln in d.column_lines if not d.blocks[ln.block].stamp])
    return [t.strip(strip) for t in own]


# Every character a line that AUTHORITY_RE (T, K, Q) or POSITION_RE (any case) matches can start with
# (tests/test_speed_fields.py checks every code point): a set lookup turns most lines away.
_SIGNATURE_FIRST = frozenset("KQTBCGHNPVbcghnpqtvĐđ")


def _is_signature_line(t: str) -> bool:
    """An authority line (TM./KT./…) or a position line, printed in capitals."""
    return t[:1] in _SIGNATURE_FIRST and bool(AUTHORITY_RE.match(t) or POSITION_RE.match(t)) and is_upper(t)


def main_part(lines: list[str]) -> list[str]:
    """The document without the annexes and forms printed after its signature: everything up to
    the first annex heading that follows a signature candidate."""
    seen_signature = False
    for i, t in enumerate(lines):
        if _is_signature_line(t):
            seen_signature = True
        elif seen_signature and ANNEX_RE.match(t):
            return lines[:i]
    return lines


def _signature_start(lines: list[str]) -> int | None:
    """Index of the line that opens the document's own signature block.

    Candidates are authority lines (TM./KT./…) and position lines printed in capitals. The block
    beside the 'Nơi nhận' list wins; without one, the last candidate followed by a person's name
    (examples quoted in the body have no name under them), else the last candidate."""
    cands: list[int] = []
    for i, t in enumerate(lines):
        if PERSONAL_ROLE_RE.match(t):
            cands.append(i)
            continue
        if not _is_signature_line(t):
            continue
        if AUTHORITY_RE.match(t) or (POSITION_RE.match(t) and not (cands and cands[-1] >= i - 3)):
            if not (cands and AUTHORITY_RE.match(lines[cands[-1]]) and cands[-1] >= i - 3):
                cands.append(i)
    # a position line that the body goes on after ("THỦ TƯỚNG CHÍNH PHỦ" / "Căn cứ …") is the enacting organ
    cands = [i for i in cands if i + 1 >= len(lines) or not BODY_START_RE.match(lines[i + 1])]
    if not cands:
        return _name_only(lines)
    recipients = [i for i, t in enumerate(lines) if RECIPIENTS_RE.match(t)]
    if recipients:
        r = recipients[0]
        best = min(cands, key=lambda i: ((r - i) * 3 if i < r else i - r, -i))
        # 'T/M BỘ CHÍNH TRỊ' printed above the Nơi nhận list, its position beside the list: one block
        above = [i for i in cands if i < r and AUTHORITY_RE.match(lines[i])]
        if best > r and above and all(RECIPIENTS_RE.match(t) or ITEM_RE.match(t) for t in lines[above[-1] + 1 : best]):
            return above[-1]
        return best
    named = [i for i in cands if any(NAME_RE.match(t) and not POSITION_RE.match(t) for t in lines[i + 1 : i + 7])]
    return (named or cands)[-1]


def _name_only(lines: list[str]) -> int | None:
    """A signature printed as a name alone beside '(Đã ký)' at the very end (old laws)."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        t = SIGNED_PREFIX_RE.sub("", lines[i])
        near = lines[max(0, i - 1) : i + 2]
        if NAME_RE.match(t) and len(t) < 40 and any(SKIP_RE.match(x) and x.strip() for x in near if x != lines[i]):
            return i
    return None


def extract_signer(doc: Doc) -> Signer | None:
    """Authority lines (TM./KT./TL./…), the last position line, and the name under them."""
    lines = main_part(_own_lines(doc, " *_"))
    start = _signature_start(lines)
    if start is None:
        return None
    authorities: list[str] = []
    position: str | None = None
    name: str | None = None
    for t in lines[start : start + 12]:
        if (
            not (authorities or position)
            and not AUTHORITY_RE.match(t)
            and not POSITION_RE.match(t)
            and not PERSONAL_ROLE_RE.match(t)
        ):
            t = SIGNED_PREFIX_RE.sub("", t)
            if NAME_RE.match(t):  # a name printed alone (see _name_only)
                name = " ".join(w.capitalize() if w.isupper() else w for w in t.split())
                break
        am = AUTHORITY_RE.match(t)
        if am and is_upper(t) and name is None and position is None:
            body, held = split_position(am.group("body"))
            authorities.append(_canon_authority(am.group("prefix"), body))
            if held:  # 'TM. BAN THƯỜNG VỤ CHỦ TỊCH': the two lines joined by a converter
                position = case_name(held)
            continue
        if not t or SKIP_RE.match(t):
            continue
        if ((POSITION_RE.match(t) and is_upper(t)) or PERSONAL_ROLE_RE.match(t)) and name is None:
            position = case_name(t)
            continue
        if position or authorities:
            t = SIGNED_PREFIX_RE.sub("", t)
            if NAME_RE.match(t) and len(t) < 40 and not POSITION_RE.match(t):
                name = " ".join(w.capitalize() if w.isupper() else w for w in t.split())
                break
            if RECIPIENTS_RE.match(t) or ITEM_RE.match(t):
                continue
            if position:
                break
    if not (authorities or position or name):
        return None
    return Signer(name=name, position=position, authority=" / ".join(authorities) or None)


def split_position(body: str) -> tuple[str, str | None]:
    """('BAN THƯỜNG VỤ', 'CHỦ TỊCH') of an authority's body that ends with the signer's position, where a
    converter joined the two lines ('TM. BAN THƯỜNG VỤ CHỦ TỊCH', 'TL. CHỦ TỊCH CHÁNH VĂN PHÒNG'); (body, None)
    when it does not ('KT. CHỦ TỊCH', 'TM. BAN CHẤP HÀNH'). The position is its last five words at most."""
    words = body.split()
    for k in range(max(1, len(words) - 5), len(words)):
        tail = " ".join(words[k:])
        if " ".join(words[k - 1 : k + 2]).upper() == "ĐOÀN CHỦ TỊCH":  # the Presidium, an organ: not a position
            continue
        if POSITION_RE.fullmatch(tail) and not POSITION_RE.fullmatch(" ".join(words[k - 1 :])):
            return " ".join(words[:k]), tail
    return body, None


ARCHIVE_RE = re.compile(r"^Lưu\b", re.IGNORECASE)  # 'Lưu: VT, TC.': the archive copy, the list's last item
# A line the list never runs on into: capitals only (a position, the header of a document attached after),
# a rule of underscores or dashes.
_LIST_END_RE = re.compile(rf"^(?:(?![^\n]*[{LOWER}])(?=[^\n]*[{UPPER}]{{2}})|[-_=.…\s]{{3,}}$)")


def _continues(item: str, line: str) -> bool:
    """`line` goes on with the recipient `item` (wrapped): it starts in lower case, or `item` has no final
    punctuation; after a comma always, otherwise never after the archive item, never into a line of capitals or a rule."""
    end = item.rstrip()
    if line[:1].islower() or end.endswith(","):
        return True
    if ARCHIVE_RE.match(item):
        return False
    return not end.endswith((";", ".", "./.")) and not _LIST_END_RE.match(line.strip())


def extract_recipients(doc: Doc) -> list[str]:
    """The items of the document's own 'Nơi nhận:' block, one per recipient (dashed, or one a line)."""
    lines = main_part(_own_lines(doc, None))
    for i, t in enumerate(lines):
        m = RECIPIENTS_RE.match(t)
        if not m:
            continue
        items: list[str] = []
        rest = (m.group("rest") or "").strip()
        if rest and ITEM_RE.match(rest):
            items.append(ITEM_RE.match(rest).group("item"))  # type: ignore[union-attr]
        dashed = bool(items)
        for t2 in lines[i + 1 : i + 60]:
            im = ITEM_RE.match(t2)
            if im:
                items.append(im.group("item").strip())
                dashed = True
            elif SKIP_RE.match(t2) or AUTHORITY_RE.match(t2) or POSITION_RE.match(t2):
                continue
            elif not dashed and UNDASHED_ITEM_RE.match(t2) and (not items or items[-1].rstrip().endswith((";", ",", "."))):
                items.append(t2.strip())  # a list printed without dashes: one recipient a line
            elif items and _continues(items[-1], t2):
                items[-1] = f"{items[-1]} {t2}"  # an item wrapped over several lines
            else:
                break
        if items:
            return [BLANKS_RE.sub(" ", x).strip(" ;,") for x in items]
    return []
