"""HTML pages (and Word's 'Save as Web Page' files): the document's text without the site around it.

- Decoding: byte-order mark, then UTF-8 when the bytes are valid UTF-8, then the page's declared
  charset, then the text reader's fallback (Windows-1258, legacy tables).
- Chrome is removed by structure, not by site: scripts, styles, navigation, headers, footers,
  asides, forms and hidden elements go (unless one of them holds most of the page's text, as an
  ASP.NET page's all-enclosing <form> does); then the reader walks down from <body> into the
  container that holds nearly all the remaining non-link text, as long as what it leaves behind
  are other containers (menus, title bars, tables of contents) and not paragraphs of the
  document; inside it, link-dense lists and boxes (related links, menus) and button rows
  ('Chia sẻ', 'In', 'Tải về') are dropped.
- Text: inline tags are joined without inventing spaces ('<b>Đ</b>iều' is 'Điều'); HTML white
  space collapses to one space; p, div, li, h1-h6, tr and the like start new blocks; <br> is a
  line break. Data tables become cell blocks (table, row, col with colspan/rowspan); a table used
  for page layout (one cell, or a cell with a whole page of text) is read as ordinary flow.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from vanban.errors import UnreadableDocument
from vanban.extract import legacy
from vanban.extract.data import load
from vanban.extract.readers.text import decode_bytes
from vanban.schemas import Block, ReadResult

# <meta charset="utf-8">, <meta http-equiv="Content-Type" content="text/html; charset=windows-1258">,
# <?xml version="1.0" encoding="utf-8"?>
_CHARSET_RE = re.compile(
    rb"""(?:
            <meta[^>]*?charset\s*=\s*["']?       # meta charset=... or content="...; charset=..."
          | <\?xml[^>]*?encoding\s*=\s*["']      # XML declaration
        )
        (?P<charset>[-\w.:]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses str input that carries an encoding declaration
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # characters lxml cannot hold
_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")  # HTML white space (not NBSP)
_HIDDEN_STYLE_RE = re.compile(
    r"""display\s*:\s*none          # display: none
      | visibility\s*:\s*hidden     # visibility: hidden
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FONT_FAMILY_RE = re.compile(r"font-family\s*:\s*(?P<font>[^;]+)", re.IGNORECASE)  # style="font-family: .VnTimeH"
_UPPER_FONT_RE = re.compile(
    r"""["']?\.?Vn      # the TCVN3 ABC font family prefix (.VnTime, .VnArial, ...)
        [^,;"']*H       # the upper-case variant ends in H
        ["']?\s*(?:,|$) # end of the first font name
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Elements that never hold document text.
_NEVER_TEXT = {
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed", "video", "audio",
    "head", "title", "meta", "link", "button", "select", "option", "input", "textarea", "map", "img", "picture",
}  # fmt: skip
# Page structure around a document: dropped unless it holds most of the page's text.
_CHROME = {"nav", "header", "footer", "aside", "form", "menu", "dialog"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog"}
# Block-level elements: each starts a new block.
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
    "article", "main", "header", "footer", "address", "figure", "figcaption", "caption", "center", "hr", "fieldset",
    "legend", "details", "summary", "body", "html", "nav", "aside", "form", "table", "tr", "td", "th", "tbody", "thead", "tfoot",
}  # fmt: skip
# Containers the reader may walk down into when looking for the document.
_CONTAINERS = {"body", "div", "section", "article", "main", "center", "form"}
# Elements that are the document's own text: a container holding them directly is the document.
_TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "pre", "blockquote", "li", "br", "hr"}
_MAIN_SHARE = 0.8  # a child holding this share of a container's non-link text is where the document is
_MAJORITY = 0.5  # chrome holding more than this share of the page's text is kept (it wraps the page)
_LINK_DENSE = 0.6  # share of link text that makes a list or box a menu
_LAYOUT_CELL_CHARS = 2000  # a table cell with more text than this is page layout, not data


def _charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:8192])
    if not m:
        return None
    name = m.group("charset").decode("ascii", "replace").lower()
    if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"  # what browsers do with these labels
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> tuple[str, str | None]:
    """The page as text in NFC (Windows-1258 writes tone marks as combining characters): (text, warning)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _nfc(data[3:].decode("utf-8", "replace")), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _nfc(data.decode("utf-16", "replace")), None
    try:
        return _nfc(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    declared = _charset(data)
    if declared and declared not in ("utf-8", "utf-16", "cp1258"):
        try:
            return _nfc(data.decode(declared)), None
        except UnicodeDecodeError:
            pass
    # Windows-1258 (declared or not) garbles legacy-font bytes: keep those as their Latin-1 characters,
    # which the blocks' legacy conversion reads together with the fonts that print them.
    if legacy.detect_bytes(data, data.decode("cp1258", "replace")):
        return data.decode("latin-1"), None
    return decode_bytes(data)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class _Stats:
    """Text lengths under each element: all text, and text inside links."""

    total: dict[etree._Element, int] = field(default_factory=dict)
    links: dict[etree._Element, int] = field(default_factory=dict)
    link_count: dict[etree._Element, int] = field(default_factory=dict)

    def measure(self, el: etree._Element, in_link: bool = False) -> tuple[int, int, int]:
        is_link = el.tag == "a" and bool(el.get("href"))
        own = len((el.text or "").strip())
        total, links, count = own, own if (in_link or is_link) else 0, 1 if is_link else 0
        for child in el:
            if isinstance(child.tag, str):
                t, lk, n = self.measure(child, in_link or is_link)
                total, links, count = total + t, links + lk, count + n
            tail = len((child.tail or "").strip())
            total += tail
            links += tail if (in_link or is_link) else 0
        self.total[el], self.links[el], self.link_count[el] = total, links, count
        return total, links, count

    def plain(self, el: etree._Element) -> int:
        return self.total.get(el, 0) - self.links.get(el, 0)


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE_RE.search(style))


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _drop_chrome(body: etree._Element) -> None:
    """Remove what is never document text, then page structure that does not hold most of the text."""
    for el in list(body.iter()):
        if _tag(el) in _NEVER_TEXT and el.getparent() is not None:
            el.drop_tree()
    stats = _Stats()
    page = stats.measure(body)[0] or 1
    for el in list(body.iter()):
        tag = _tag(el)
        if not tag or el is body:
            continue
        role = (el.get("role") or "").lower()
        if (tag in _CHROME or role in _CHROME_ROLES or _hidden(el)) and stats.total.get(el, 0) <= _MAJORITY * page:
            if el.getparent() is not None:
                el.drop_tree()


def _direct_text(el: etree._Element, keep: etree._Element, stats: _Stats) -> bool:
    """Does `el` hold document text itself: its own text, text between children, or text blocks besides `keep`?"""
    if (el.text or "").strip():
        return True
    for child in el:
        if (child.tail or "").strip():
            return True
        if child is not keep and _tag(child) in _TEXT_BLOCKS and stats.total.get(child, 0):
            return True
    return False


def _main_content(body: etree._Element) -> etree._Element:
    """The container that holds the document: walk down while one child holds nearly all the text."""
    stats = _Stats()
    stats.measure(body)
    node = body
    while True:
        kids = [c for c in node if isinstance(c.tag, str)]
        if not kids:
            return node
        best = max(kids, key=stats.plain)
        whole = stats.plain(node)
        if (
            whole == 0
            or _tag(best) not in _CONTAINERS
            or stats.plain(best) < _MAIN_SHARE * whole
            or _direct_text(node, best, stats)
        ):
            return node
        node = best


def _drop_link_lists(main: etree._Element) -> None:
    """Inside the document's container: lists and boxes that are mostly links (menus, related links)."""
    stats = _Stats()
    stats.measure(main)
    whole = stats.total.get(main, 0) or 1
    for el in list(main.iter("ul", "ol", "div", "table", "section", "nav", "dl")):
        if el is main or el.getparent() is None:
            continue
        total = stats.total.get(el, 0)
        if stats.link_count.get(el, 0) >= 3 and total and stats.links[el] >= _LINK_DENSE * total and total < _MAJORITY * whole:
            el.drop_tree()


@dataclass
class _Para:
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # (text, drawn by an upper-case legacy font)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)


@dataclass
class _Item:
    paras: list[_Para]
    kind: str = "paragraph"
    level: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None


def _upper_font(el: etree._Element, inherited: bool) -> bool:
    face = el.get("face")
    if face:
        return bool(_UPPER_FONT_RE.match(face.strip()))
    style = el.get("style")
    m = _FONT_FAMILY_RE.search(style) if style else None
    if m:
        return bool(_UPPER_FONT_RE.match(m.group("font").strip()))
    return inherited


@dataclass
class _Walker:
    """Turns the document's container into items: paragraphs (lines split at <br>) and table cells."""

    items: list[_Item] = field(default_factory=list)
    tables: int = 0
    _lines: list[_Para] = field(default_factory=list)
    _kind: tuple[str, int | None] = ("paragraph", None)

    # current paragraph ----------------------------------------------------------------------
    def _add(self, text: str | None, upper: bool, pre: bool) -> None:
        if not text:
            return
        if not pre:
            text = _HTML_SPACE_RE.sub(" ", text)
        if not self._lines:
            self._lines.append(_Para())
        if pre and "\n" in text:
            first, *rest = text.split("\n")
            self._lines[-1].pieces.append((first, upper))
            for line in rest:
                self._lines.append(_Para([(line, upper)]))
            return
        self._lines[-1].pieces.append((text, upper))

    def _break(self) -> None:
        self._lines.append(_Para())

    def flush(self) -> None:
        lines = [p for p in self._lines if p.text.strip()]
        if lines:
            for p in lines:  # white space at the edges of a line is not text
                p.pieces[0] = (p.pieces[0][0].lstrip(), p.pieces[0][1])
                p.pieces[-1] = (p.pieces[-1][0].rstrip(), p.pieces[-1][1])
            kind, level = self._kind
            self.items.append(_Item(lines, kind, level))
        self._lines = []
        self._kind = ("paragraph", None)

    # walking --------------------------------------------------------------------------------
    def walk(self, el: etree._Element, upper: bool = False, pre: bool = False) -> None:
        tag = _tag(el)
        if not tag:  # comment or processing instruction: only its tail is text
            return
        upper = _upper_font(el, upper)
        pre = pre or tag in ("pre", "textarea")
        if tag == "br":
            self._break()
            return
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._kind = ("heading", int(tag[1]))
        self._add(el.text, upper, pre)
        for child in el:
            self.walk(child, upper, pre)
            self._add(child.tail, upper, pre)
        if block:
            self.flush()

    def table(self, tbl: etree._Element) -> None:
        table_no = self.tables
        self.tables += 1
        occupied: dict[tuple[int, int], bool] = {}
        for r, tr in enumerate(_rows(tbl)):
            c = 0
            for cell in tr:
                if _tag(cell) not in ("td", "th"):
                    continue
                while occupied.get((r, c)):
                    c += 1
                colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        occupied[(r + dr, c + dc)] = True
                inner = _Walker(tables=self.tables)
                nested = inner.cell(cell)
                self.tables = inner.tables
                paras = [p for item in inner.items for p in item.paras]
                if any(p.text.strip() for p in paras):
                    self.items.append(_Item(paras, "cell", table=table_no, row=r, col=c))
                for t in nested:
                    self.walk(t)
                    self.flush()
                c += colspan

    def cell(self, cell: etree._Element) -> list[etree._Element]:
        """Read one cell's own text into self.items; return the tables nested in it, read afterwards."""
        nested = [t for t in cell.iter("table") if t is not cell and _nearest_table(t, cell)]
        for t in nested:  # cut nested tables out of the cell's flow; they get their own numbers
            mark = etree.Element("br")
            mark.tail = t.tail
            t.getparent().replace(t, mark)
        self._add(cell.text, False, False)
        for child in cell:
            self.walk(child)
            self._add(child.tail, False, False)
        self.flush()
        return nested


def _nearest_table(table: etree._Element, cell: etree._Element) -> bool:
    """Is `table` directly inside `cell` (not inside another table within it)?"""
    parent = table.getparent()
    while parent is not None and parent is not cell:
        if _tag(parent) == "table":
            return False
        parent = parent.getparent()
    return parent is cell


def _rows(tbl: etree._Element):
    for child in tbl:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if _tag(r) == "tr")


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _is_layout_table(tbl: etree._Element) -> bool:
    """A table that lays out a page rather than holding data: one cell, or a cell with a page of text."""
    cells = [c for r in _rows(tbl) for c in r if _tag(c) in ("td", "th")]
    if len(cells) <= 1:
        return True
    return any(len(c.text_content()) > _LAYOUT_CELL_CHARS for c in cells)


def _chrome_words() -> re.Pattern[str]:
    phrases = sorted(load("html_chrome")["phrases"], key=len, reverse=True)
    return re.compile(r"(?:\W*(?:" + "|".join(re.escape(p) for p in phrases) + r")\b)+\W*", re.IGNORECASE)


def _is_button_row(text: str, pattern: re.Pattern[str]) -> bool:
    t = text.strip()
    return 0 < len(t) <= 80 and pattern.fullmatch(t) is not None


def _items_to_blocks(items: list[_Item]) -> tuple[list[Block], list[str]]:
    plan = legacy.plan_for(p.text for item in items for p in item.paras)
    chrome = _chrome_words()
    blocks: list[Block] = []
    for item in items:
        lines = []
        for para in item.paras:
            conv = plan.converter(para.text)
            parts = []
            for text, upper in para.pieces:
                t = conv(text)
                parts.append(t.upper() if upper and t != text else t)
            lines.append("".join(parts))
        text = unicodedata.normalize("NFC", "\n".join(lines))  # 'Unicode tổ hợp' typing gives combining marks
        if item.kind == "cell":
            blocks.append(Block(text=text, kind="cell", table=item.table, row=item.row, col=item.col))
        elif not _is_button_row(text, chrome):
            blocks.append(Block(text=text, kind=item.kind, level=item.level))  # type: ignore[arg-type]
    return blocks, [plan.warning] if plan.warning else []


_MAX_DEPTH = 2048  # libxml2's nesting limit with huge_tree


def html_to_blocks(text: str) -> tuple[list[Block], list[str]]:
    """Blocks of an HTML page given as text: (blocks, warnings)."""
    text = _CONTROL_RE.sub("", _XML_DECL_RE.sub("", text, count=1))
    if not text.strip():
        raise UnreadableDocument("the file is empty")
    # huge_tree lifts libxml2's nesting limit from 256 to 2,048 elements (Word's HTML nests tables); past
    # the limit the parser silently drops what lies deeper, so that is refused instead of read in part
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise UnreadableDocument(f"not a readable HTML page ({e})") from None
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in e.message for e in parser.error_log):
        raise UnreadableDocument(f"the HTML page is nested too deeply to be read (more than {_MAX_DEPTH:,} elements deep)")
    body = root.find("body")
    if body is None:
        body = root
    try:
        _drop_chrome(body)
        main = _main_content(body)
        _drop_link_lists(main)
        walker = _Walker()
        walker.walk(main)
        walker.flush()
    except RecursionError:
        raise UnreadableDocument("the HTML page is nested too deeply to be read") from None
    return _items_to_blocks(walker.items)


def read_html(path: Path) -> ReadResult:
    """An .html page, or an HTML file saved under another extension (Word's filtered HTML as .doc)."""
    text, warning = decode_html(path.read_bytes())
    blocks, warnings = html_to_blocks(text)
    if not any(b.text.strip() for b in blocks):
        raise UnreadableDocument("the page holds no text")
    return ReadResult(blocks=blocks, warnings=([warning] if warning else []) + warnings)
