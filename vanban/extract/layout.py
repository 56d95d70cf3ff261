"""Where the parts of an official document are: header zone, type line, signature block.

Vietnamese official documents follow one layout (Nghị định 30/2020/NĐ-CP Phụ lục I; Quy định
66-QĐ/TW for the Party): issuer and number left, Quốc hiệu and place-date right, then the type
name and trích yếu centred, the body, then Nơi nhận left and the signature right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from vanban.extract.data import load
from vanban.extract.document import Doc, Line
from vanban.extract.normalise import fold, fold_word
from vanban.extract.patterns import type_names

_NATIONAL_RE = re.compile(
    r"""^(?:
        c[ộo]ng\s*h[òo]a\s*x[ãa]\s*h[ộo]i\s*ch[ủu]\s*ngh[ĩi]a\s*vi[ệe]t\s*nam   # Quốc hiệu
      | c[ộo]ng\s*h[òo]a\s*x[ãa]\s*h[ộo]i                                   # its halves, on lines of their own
      | ch[ủu]\s*ngh[ĩi]a\s*vi[ệe]t\s*nam                                  #   where a narrow cell wrapped it
      | đ[ảa]ng\s*c[ộo]ng\s*s[ảa]n\s*vi[ệe]t\s*nam                          # Party header
      | độc\s*lập\s*[-–—]\s*tự\s*do\s*[-–—]\s*hạnh\s*phúc                   # Tiêu ngữ
    )\W*$""",
    re.VERBOSE | re.IGNORECASE,
)


class _Folded:
    """NATIONAL_RE.match on the folded line, so old tone placement ('CỘNG HOÀ') matches too."""

    def match(self, text: str) -> re.Match[str] | None:
        return _national_match(text)


@lru_cache(maxsize=1024)
def _national_match(text: str) -> re.Match[str] | None:
    """Kept for the lines asked again: the header's lines and their pairs, read by the number, place-date and issuer."""
    return _NATIONAL_RE.match(fold(text))


NATIONAL_RE = _Folded()
RULE_RE = re.compile(r"^[\s_\-–—=*.…~o]+$")  # ____, ------, ***, a lone 'o'
STAMP_RE = re.compile(
    r"(?i:ký\s*bởi|người\s*ký|thời\s*gian\s*ký|cơ\s*quan\s*:|email\s*:|\+07:00|@[\w.-]+\.vn|^\s*giờ\s*:)"
    r"|^\W*(?:CV\s+)?ĐẾN(?:\W*$|\s*[:.]?\s*(?i:Số|Ngày|Giờ)\b)",  # an incoming stamp: 'ĐẾN', 'CV ĐẾN Số: 2352'; not 'ĐẾN NĂM 2030'
)
BODY_START_RE = re.compile(
    r"^(?:căn\s*cứ|kính\s*gửi|theo\s*đề\s*nghị|xét\s*đề\s*nghị|trên\s*cơ\s*sở|chương\s+[ivx\d]+\b|điều\s+\d|phần\s+[ivx\d]+\b"
    r"|[ivx]+\s*[.\-/)]\s|\d+\s*[.)]\s|hôm\s*nay|để\s|nhằm\s)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    type_line: int | None  # index into doc.column_lines of the line that names the type ("KẾ HOẠCH")
    type_name: str | None  # canonical type name found on it
    type_rest: str  # text after the type name on the same line (a title printed inline)
    header_end: int  # lines[:header_end] are the header zone


_LABEL_RE = re.compile(r"^(?:số\s*)?[IVXLC\d]+[a-zđ]?[.:]?$", re.IGNORECASE)  # "Phụ lục I", "PHỤ LỤC 01", "Mẫu số 5a"


@cache
def _PREFIX_RE() -> re.Pattern[str]:  # noqa: N802
    words = sorted(load("layout")["type_line_prefixes"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")\s+(?=\S)")


@cache
def _type_names_by_first_word() -> dict[str, list[tuple[str, str, str]]]:
    """(folded name, name as written, canonical name) of type_names(), in its order, under the folded name's
    first word: a folded line equal to a name or starting with it and a space starts with that word."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for written, _code, canonical in type_names():
        w = fold_word(written)
        out.setdefault(w.split(" ", 1)[0], []).append((w, written, canonical))
    return out


def match_type_line(text: str) -> tuple[str, str] | None:
    """('Kế hoạch', rest) when `text` is the line that names the document's type: the type name
    alone on its line in any case ('KẾ HOẠCH', 'bản tự kiểm điểm' from a legacy-font file), the
    name and a label ('Phụ lục I'), or the name in capitals followed by the title ('ĐƠN XIN …')."""
    t = _PREFIX_RE().sub("", text.strip(" *#:"))
    if not t or len(t) > 200:
        return None
    f = fold(t)
    for w, written, canonical in _type_names_by_first_word().get(f.split(" ", 1)[0], ()):
        if f == w:
            return canonical, ""
        if not f.startswith(w + " "):
            continue
        rest = t[len(written) :].strip(" :-–")
        if _LABEL_RE.match(rest):
            return canonical, ""
        if t[: len(written)].isupper() and len(rest.split()) >= 2:  # "LUẬT SƯ" is a word, not a type line
            return canonical, rest
    return None


def find_layout(doc: Doc, max_header_lines: int = 60) -> Layout:
    """Locate the type line: in the first lines, before anything that starts the body."""
    lines = doc.column_lines
    limit = min(len(lines), max_header_lines)
    end = 0
    for i in range(limit):
        t = lines[i].text
        if BODY_START_RE.match(t):
            break
        block = doc.blocks[lines[i].block]
        hit = None if (block.row or 0) > 1 else match_type_line(t)
        if hit:
            return Layout(i, hit[0], hit[1], i)
        if len(t) <= 200:
            end = i + 1
    return Layout(None, None, "", min(end, 15))


def header_lines(doc: Doc, layout: Layout) -> list[Line]:
    return doc.column_lines[: layout.header_end]
