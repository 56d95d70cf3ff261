"""The parts of a .docx package that the reader needs, opened safely, and the styles part.

python-docx's `Document()` parses every part of a package (headers, footers, comments, themes):
about ten times the cost of the main document alone. The reader only needs the main document,
its styles, its numbering and the first page's header (where some offices print the letterhead), so it opens the zip itself and parses just those, with python-docx's
namespace map and a parser that neither expands entities nor loads DTDs. Every part is read with
a size cap, whatever the zip's headers claim, so a zip bomb fails fast and cleanly.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from vanban.errors import UnreadableDocument

MAX_PART_BYTES = 256 * 1024 * 1024  # unpacked size of one XML part
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)

W_VAL = qn("w:val")


class Package:
    """An open .docx zip: the main document part and the parts it relates to."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise UnreadableDocument(f"not a valid .docx file ({_reason(e)})") from None
        self._names = set(self._zip.namelist())
        self.main = self._main_part_name()
        self._ids: dict[str, str] = {}  # relationship id -> part name, for the main part
        self._rels = self._relationships(self.main, self._ids)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def xml(self, name: str) -> etree._Element:
        """Parse one part of the package. Raises UnreadableDocument when it is missing or broken."""
        if name not in self._names:
            raise UnreadableDocument(f"not a valid .docx file (the part {name} is missing)")
        try:
            with self._zip.open(name) as f:
                data = f.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as e:
            raise UnreadableDocument(f"the .docx file is damaged ({_reason(e)})") from None
        if len(data) > MAX_PART_BYTES:
            raise UnreadableDocument(f"the .docx file unpacks to more than {MAX_PART_BYTES // 2**20} MB (a zip bomb?)")
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            raise UnreadableDocument(f"the .docx file is damaged (broken XML in {name}: {e.msg})") from None

    def related_xml(self, kind: str) -> etree._Element | None:
        """The part the main document relates to as `kind` ('styles', 'numbering'), or None."""
        name = self._rels.get(kind)
        if name is None or name not in self._names:
            return None
        return self.xml(name)

    def xml_by_id(self, rid: str) -> etree._Element | None:
        """The part the main document names by relationship id (a header's 'rId8'), or None."""
        name = self._ids.get(rid)
        if name is None or name not in self._names:
            return None
        return self.xml(name)

    def _main_part_name(self) -> str:
        rels = self._relationships("")
        return rels.get(_OFFICE_DOCUMENT.strip("/"), "word/document.xml")

    def _relationships(self, part: str, ids: dict[str, str] | None = None) -> dict[str, str]:
        """Relationship kind (last segment of its type URI) -> part name, for one part ('' for the
        package); `ids`, when given, is filled with relationship id -> part name."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels_name not in self._names:
            return {}
        out: dict[str, str] = {}
        for rel in self.xml(rels_name).iter(f"{_REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.setdefault(kind, name)
            if ids is not None and rel.get("Id"):
                ids[rel.get("Id") or ""] = name
        return out


def _reason(e: BaseException) -> str:
    text = str(e).strip()
    return text if text and len(text) < 80 else e.__class__.__name__


_W_STYLE, _W_NAME, _W_BASED_ON = qn("w:style"), qn("w:name"), qn("w:basedOn")
_W_PPR, _W_RPR, _W_NUMPR, _W_NUMID, _W_ILVL = qn("w:pPr"), qn("w:rPr"), qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
_W_RFONTS, _W_ASCII, _W_HANSI = qn("w:rFonts"), qn("w:ascii"), qn("w:hAnsi")
_W_TYPE, _W_STYLE_ID, _W_DEFAULT = qn("w:type"), qn("w:styleId"), qn("w:default")
_HEADING_RE = re.compile(r"heading\s*(?P<level>\d)?", re.IGNORECASE)  # Word's built-in 'heading 1' .. 'heading 9'


def run_font(rpr: etree._Element | None) -> str | None:
    """The font a run or style properties name for ordinary text (w:rFonts ascii, else hAnsi)."""
    if rpr is None:
        return None
    fonts = rpr.find(_W_RFONTS)
    if fonts is None:
        return None
    return fonts.get(_W_ASCII) or fonts.get(_W_HANSI)


def num_pr(ppr: etree._Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) of paragraph properties, each None where not set."""
    if ppr is None:
        return None, None
    np_ = ppr.find(_W_NUMPR)
    if np_ is None:
        return None, None
    num_id = np_.find(_W_NUMID)
    ilvl = np_.find(_W_ILVL)
    level = ilvl.get(W_VAL) if ilvl is not None else None
    return (num_id.get(W_VAL) if num_id is not None else None), (int(level) if level and level.isdigit() else None)


@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    font: str | None


@dataclass
class Styles:
    """The styles part: names, inheritance, list numbering and fonts of paragraph and character styles."""

    styles: dict[str, _Style] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_font: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        out = cls()
        if root is None:
            return out
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{_W_RPR}")
        out.default_font = run_font(defaults)
        for s in root.iter(_W_STYLE):
            sid = s.get(_W_STYLE_ID)
            if not sid:
                continue
            name_el, based_el = s.find(_W_NAME), s.find(_W_BASED_ON)
            num_id, ilvl = num_pr(s.find(_W_PPR))
            out.styles[sid] = _Style(
                name=(name_el.get(W_VAL) if name_el is not None else None) or sid,
                based_on=based_el.get(W_VAL) if based_el is not None else None,
                num_id=num_id,
                ilvl=ilvl,
                font=run_font(s.find(_W_RPR)),
            )
            if s.get(_W_TYPE) == "paragraph" and s.get(_W_DEFAULT) in ("1", "true", "on"):
                out.default_paragraph = sid
        return out

    def _chain(self, style_id: str | None):
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def heading_level(self, style_id: str | None) -> int | None:
        """1-9 for Word's 'heading N' styles (and styles named 'Heading'), else None."""
        style = self.styles.get(style_id or self.default_paragraph or "")
        if style is None:
            return None
        m = _HEADING_RE.fullmatch(style.name.strip())
        if not m:
            return None
        return int(m.group("level")) if m.group("level") else 1

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, following basedOn."""
        num_id, ilvl = None, None
        for s in self._chain(style_id or self.default_paragraph):
            num_id = num_id if num_id is not None else s.num_id
            ilvl = ilvl if ilvl is not None else s.ilvl
        return num_id, ilvl

    def font(self, style_id: str | None) -> str | None:
        """The font a style sets, following basedOn, else the document default."""
        for s in self._chain(style_id):
            if s.font:
                return s.font
        return None
