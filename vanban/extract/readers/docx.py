"""Word .docx: paragraphs and table cells in document order, as a reader of the printed page sees them.

- Word's automatic numbering becomes visible labels at the start of paragraphs ('1. ', 'a) ', '- ').
- Drawing shapes, text boxes, deleted and hidden text are left out.
- Table cells come row by row (issuer | Quốc hiệu, then Số | place-date), with their grid column
  (gridSpan, gridBefore); a cell merged into the one above (vMerge) gives no block; nested
  tables get their own table numbers and follow the cell that holds them.
- w:br and w:cr are line breaks, w:tab a tab, w:softHyphen U+00AD (TCVN3's 'ư': see legacy.py).
- A letterhead printed in the first page's header (some offices keep it there) comes first; other
  page headers and footers are left out.
- Text typed in a legacy encoding (TCVN3, VNI, VISCII) is converted to Unicode here, before the
  normaliser runs; TCVN3's upper-case fonts (.VnTimeH) print their lower-case codes as capitals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from vanban.errors import UnreadableDocument
from vanban.extract import legacy
from vanban.extract.readers.numbering import Numbering
from vanban.extract.readers.ooxml import W_VAL, Package, Styles, num_pr, run_font
from vanban.schemas import Block, ReadResult

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W_P, _W_TBL, _W_TR, _W_TC, _W_R, _W_T = (qn(f"w:{t}") for t in ("p", "tbl", "tr", "tc", "r", "t"))
_W_PPR, _W_RPR, _W_PSTYLE, _W_RSTYLE = qn("w:pPr"), qn("w:rPr"), qn("w:pStyle"), qn("w:rStyle")
_W_TCPR, _W_TRPR, _W_GRIDSPAN, _W_GRIDBEFORE = qn("w:tcPr"), qn("w:trPr"), qn("w:gridSpan"), qn("w:gridBefore")
_W_VMERGE, _W_HMERGE, _W_VANISH, _W_BODY = qn("w:vMerge"), qn("w:hMerge"), qn("w:vanish"), qn("w:body")

# Run content -> the text it shows. Anything else inside a run (drawings, pictures, embedded
# objects, field codes, deleted text, footnote marks) shows no text of the document.
_RUN_TEXT = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "\u00ad",
}
# Containers inside a paragraph whose runs are part of its text: links, tracked insertions, fields,
# smart tags, content controls, bidi overrides.
_INLINE_CONTAINERS = {
    qn(f"w:{t}") for t in ("hyperlink", "ins", "moveTo", "fldSimple", "smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo")
}
# Containers at body or cell level whose paragraphs and tables are part of the flow.
_BLOCK_CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}
# TCVN3 upper-case fonts: '.VnTimeH', '.VnArialH', '.VnCentury SchoolbookH' draw lower-case codes as capitals.
_UPPER_FONT_RE = re.compile(
    r"""^\.?Vn      # the ABC font family prefix (.VnTime, .VnArial, ...)
        .*H$        # the upper-case variant ends in H
    """,
    re.VERBOSE,
)


@dataclass
class _Para:
    """One paragraph as collected: pieces of text with the run each came from (None: a numbering label)."""

    pieces: list[tuple[str, etree._Element | None]]
    style: str | None

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)


@dataclass
class _Item:
    """A future block: one body paragraph, or the paragraphs of one table cell."""

    paras: list[_Para]
    kind: str = "paragraph"
    level: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass
class _Reader:
    styles: Styles
    package: Package  # open while reading: the numbering part is parsed only when a paragraph is numbered
    items: list[_Item] = field(default_factory=list)
    tables: int = 0
    _numbering: Numbering | None = None

    @property
    def numbering(self) -> Numbering:
        if self._numbering is None:
            self._numbering = Numbering.parse(self.package.related_xml("numbering"), self.styles)
        return self._numbering

    # -- paragraphs -------------------------------------------------------------------------
    def paragraph(self, p: etree._Element) -> _Para:
        ppr = p.find(_W_PPR)
        style_el = ppr.find(_W_PSTYLE) if ppr is not None else None
        style = style_el.get(W_VAL) if style_el is not None else None
        pieces: list[tuple[str, etree._Element | None]] = []
        label = self._label(ppr, style)
        if label:
            pieces.append((label, None))
        self._inline(p, pieces)
        return _Para(pieces, style)

    def _label(self, ppr: etree._Element | None, style: str | None) -> str | None:
        num_id, ilvl = num_pr(ppr)
        if num_id is None or ilvl is None:
            s_num, s_ilvl = self.styles.numbering(style)
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
        if num_id is None:
            return None
        return self.numbering.label(num_id, ilvl)

    def _inline(self, el: etree._Element, pieces: list[tuple[str, etree._Element | None]]) -> None:
        for child in el:
            tag = child.tag
            if tag == _W_R:
                text = _run_text(child)
                if text:
                    pieces.append((text, child))
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, pieces)
            # everything else (pPr, w:del, w:moveFrom, mc:AlternateContent, bookmarks, math) shows no text

    # -- flow -------------------------------------------------------------------------------
    def flow(self, container: etree._Element) -> None:
        """Body-level content: paragraphs and tables in order."""
        for el in container:
            tag = el.tag
            if tag == _W_P:
                para = self.paragraph(el)
                level = self.styles.heading_level(para.style)
                self.items.append(_Item([para], "heading" if level else "paragraph", level))
            elif tag == _W_TBL:
                self.table(el)
            elif tag in _BLOCK_CONTAINERS:
                self.flow(el)

    def table(self, tbl: etree._Element) -> None:
        table_no = self.tables
        self.tables += 1
        nested: list[etree._Element] = []
        for r, tr in enumerate(_children(tbl, _W_TR)):
            col = _val(tr.find(f"{_W_TRPR}/{_W_GRIDBEFORE}"), 0)
            for tc in _children(tr, _W_TC):
                tcpr = tc.find(_W_TCPR)
                span = max(1, _val(tcpr.find(_W_GRIDSPAN), 1)) if tcpr is not None else 1
                if not _merged_away(tcpr):
                    paras = []
                    for el in _cell_content(tc):
                        if el.tag == _W_P:
                            paras.append(self.paragraph(el))
                        else:
                            nested.append(el)
                    if any(p.text.strip() for p in paras):
                        self.items.append(_Item(paras, "cell", table=table_no, row=r, col=col))
                    for inner in nested:
                        self.table(inner)
                    nested.clear()
                col += span


def _children(el: etree._Element, tag: str):
    """Children with `tag`, looking through content-control and custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def _cell_content(tc: etree._Element):
    for child in tc:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _cell_content(child)


def _val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def _merged_away(tcpr: etree._Element | None) -> bool:
    """A cell that continues a vertical (vMerge) or old-style horizontal (hMerge) merge: its text is in the first cell."""
    if tcpr is None:
        return False
    for tag in (_W_VMERGE, _W_HMERGE):
        m = tcpr.find(tag)
        if m is not None and m.get(W_VAL, "continue") == "continue":
            return True
    return False


def _hidden(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    v = rpr.find(_W_VANISH)
    return v is not None and v.get(W_VAL, "true") not in ("0", "false", "off")


def _run_text(r: etree._Element) -> str:
    out: list[str] = []
    for child in r:
        tag = child.tag
        if tag == _W_T:
            out.append(child.text or "")
        elif tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag])
        elif tag == _W_RPR and _hidden(child):
            return ""
    return "".join(out)


# -- blocks -----------------------------------------------------------------------------------
def _upper_font(run: etree._Element | None, para_style: str | None, styles: Styles) -> bool:
    if run is None:
        return False
    rpr = run.find(_W_RPR)
    font = run_font(rpr)
    if font is None and rpr is not None:
        rstyle = rpr.find(_W_RSTYLE)
        font = styles.font(rstyle.get(W_VAL)) if rstyle is not None else None
    font = font or styles.font(para_style or styles.default_paragraph) or styles.default_font
    return bool(font and _UPPER_FONT_RE.match(font))


def _items_to_blocks(items: list[_Item], styles: Styles) -> tuple[list[Block], list[str]]:
    plan = legacy.plan_for(p.text for item in items for p in item.paras)
    blocks: list[Block] = []
    for item in items:
        lines = []
        for para in item.paras:
            if plan.key is None:
                lines.append(para.text)
                continue
            conv = plan.converter(para.text)
            parts = []
            for text, run in para.pieces:
                t = conv(text)
                if t != text and _upper_font(run, para.style, styles):
                    t = t.upper()
                parts.append(t)
            lines.append("".join(parts))
        text = unicodedata.normalize("NFC", "\n".join(lines))  # 'Unicode tổ hợp' typing gives combining marks
        if item.kind == "cell":
            blocks.append(Block(text=text, kind="cell", table=item.table, row=item.row, col=item.col))
        else:
            blocks.append(Block(text=text, kind=item.kind, level=item.level))  # type: ignore[arg-type]
    return blocks, [plan.warning] if plan.warning else []


_W_SECTPR, _W_HEADERREF, _W_TITLEPG = qn("w:sectPr"), qn("w:headerReference"), qn("w:titlePg")
_R_ID, _W_TYPE = qn("r:id"), qn("w:type")
# What makes a page header a letterhead: the national motto, the Party's name, or a number line.
_LETTERHEAD_RE = re.compile(
    r"CỘNG\s*H[OÒ][AÀ]\s*XÃ\s*HỘI|ĐẢNG\s*CỘNG\s*SẢN|Độc\s*lập\s*[-–]|(?im:^\s*Số\s*:?\s*\S*/)", re.IGNORECASE
)


def _letterhead(pkg: Package, body: etree._Element) -> etree._Element | None:
    """The first page's header part when the letterhead is printed there (issuer | Quốc hiệu,
    Số | place-date) rather than in the body; other page headers (page numbers, a running title)
    are left out."""
    first = body.find(f"{_W_P}/{_W_PPR}/{_W_SECTPR}")  # the first section ends at a paragraph's mark
    sect = first if first is not None else body.find(_W_SECTPR)
    if sect is None:
        return None
    title_page = sect.find(_W_TITLEPG)  # 'different first page': its own header
    kind = "first" if title_page is not None and title_page.get(W_VAL, "1") not in ("0", "false") else "default"
    rid = next((ref.get(_R_ID) for ref in sect.iter(_W_HEADERREF) if ref.get(_W_TYPE, "default") == kind), None)
    header = pkg.xml_by_id(rid) if rid else None
    if header is None:
        return None
    text = "\n".join("".join(t.text or "" for t in p.iter(_W_T)) for p in header.iter(_W_P))
    return header if _LETTERHEAD_RE.search(text) else None


def read_docx(path: Path) -> ReadResult:
    """A .docx file: body paragraphs and table cells in document order."""
    with Package(path) as pkg:
        root = pkg.xml(pkg.main)
        body = root.find(_W_BODY)
        if body is None:
            raise UnreadableDocument("not a valid .docx file (the document has no body)")
        styles = Styles.parse(pkg.related_xml("styles"))
        reader = _Reader(styles, pkg)
        try:
            letterhead = _letterhead(pkg, body)
            if letterhead is not None:
                reader.flow(letterhead)
            reader.flow(body)
        except RecursionError:
            raise UnreadableDocument("the .docx file nests tables too deeply to be read") from None
    blocks, warnings = _items_to_blocks(reader.items, styles)
    if not any(b.text.strip() for b in blocks):
        raise UnreadableDocument("the document holds no text")
    return ReadResult(blocks=blocks, warnings=warnings)
