"""Where the parts of an official document are: header zone, type line, signature block.

Vietnamese official documents follow one layout (Nghị định 30/2020/NĐ-CP Phụ lục I; Quy định
66-QĐ/TW for the Party): issuer and number left, Quốc hiệu and place-date right, then the type
name and trích yếu centred, the body, then Nơi nhận left and the signature right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.extract.document import Doc, Line
from vanban.extract.normalise import fold
from vanban.extract.patterns import type_names

NATIONAL_RE = re.compile(
    r"""^(?:
        c[ộo]ng\s*h[òo]a\s*x[ãa]\s*h[ộo]i\s*ch[ủu]\s*ngh[ĩi]a\s*vi[ệe]t\s*nam   # Quốc hiệu
      | đ[ảa]ng\s*c[ộo]ng\s*s[ảa]n\s*vi[ệe]t\s*nam                          # Party header
      | độc\s*lập\s*[-–—]\s*tự\s*do\s*[-–—]\s*hạnh\s*phúc                   # Tiêu ngữ
    )\W*$""",
    re.VERBOSE | re.IGNORECASE,
)
RULE_RE = re.compile(r"^[\s_\-–—=*.…~o]+$")  # ____, ------, ***, a lone 'o'
STAMP_RE = re.compile(
    r"(?i:ký\s*bởi|người\s*ký|thời\s*gian\s*ký|cơ\s*quan\s*:|email\s*:|\+07:00|@[\w.-]+\.vn|^\s*giờ\s*:)|\bĐẾN\b|\bCV ĐẾN\b",
)
BODY_START_RE = re.compile(
    r"^(?:căn\s*cứ|kính\s*gửi|theo\s*đề\s*nghị|xét\s*đề\s*nghị|trên\s*cơ\s*sở|chương\s+[ivx\d]+\b|điều\s+\d|phần\s+[ivx\d]+\b"
    r"|[ivx]+\s*[.\-/)]\s|\d+\s*[.)]\s|hôm\s*nay|để\s|nhằm\s)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    type_line: int | None  # index into doc.lines of the line that names the type ("KẾ HOẠCH")
    type_name: str | None  # canonical type name found on it
    type_rest: str  # text after the type name on the same line (a title printed inline)
    header_end: int  # lines[:header_end] are the header zone


def match_type_line(text: str) -> tuple[str, str] | None:
    """('Kế hoạch', rest) when `text` is a type-name line printed in capitals ('KẾ HOẠCH')."""
    t = text.strip(" *#:")
    letters = [c for c in t if c.isalpha()]
    if not letters:
        return None
    f = fold(t)
    for written, _code, canonical in type_names():
        w = fold(written)
        if f == w or (f.startswith(w + " ") and t[: len(written)].isupper()):
            head = t[: len(written)]
            if not head.isupper():
                return None
            return canonical, t[len(written) :].strip(" :-–")
    return None


def find_layout(doc: Doc, max_header_lines: int = 60) -> Layout:
    lines = doc.lines
    limit = min(len(lines), max_header_lines)
    for i in range(limit):
        hit = match_type_line(lines[i].text)
        if hit and not BODY_START_RE.match(lines[i].text):
            # "LUẬT" alone may be a title word of a law; a type line stands apart from body text
            return Layout(i, hit[0], hit[1], i)
    # No type line: the header ends at the first body-looking line.
    end = 0
    for i in range(limit):
        t = lines[i].text
        if BODY_START_RE.match(t) or len(t) > 200:
            break
        end = i + 1
    return Layout(None, None, "", min(end, 15))


def header_lines(doc: Doc, layout: Layout) -> list[Line]:
    return doc.lines[: layout.header_end]
