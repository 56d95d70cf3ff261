"""Word .docx with python-docx: paragraphs and table cells in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from vanban.errors import UnreadableDocument
from vanban.schemas import Block, ReadResult

_W_P, _W_TBL, _W_SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")


def _paragraph_text(p) -> str:
    """Text of a w:p element with w:br and w:cr as line breaks and w:tab as a tab; drawings skipped."""
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == qn("w:t"):
            out.append(el.text or "")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
    return "".join(out)


def _is_in_drawing(el) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in (qn("w:drawing"), qn("w:pict"), qn("mc:AlternateContent"), qn("w:txbxContent")):
            return True
        parent = parent.getparent()
    return False


def _table_blocks(tbl, table_no: int, blocks: list[Block]) -> None:
    for r, tr in enumerate(tbl.iter(qn("w:tr"))):
        if tr.getparent() is not tbl:
            continue
        c = 0
        for tc in tr.iterchildren(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = 1
            vmerge_continue = False
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val"), "1") or 1)
                vm = tcpr.find(qn("w:vMerge"))
                vmerge_continue = vm is not None and vm.get(qn("w:val")) in (None, "continue")
            if not vmerge_continue:
                paras = [_paragraph_text(p) for p in tc.iterchildren(qn("w:p"))]
                text = "\n".join(paras)
                if text.strip():
                    blocks.append(Block(text=text, kind="cell", table=table_no, row=r, col=c))
                for inner in tc.iterchildren(qn("w:tbl")):
                    _table_blocks(inner, table_no, blocks)
            c += span


def read_docx(path: Path) -> ReadResult:
    """A .docx file: body paragraphs and table cells in document order."""
    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UnreadableDocument(f"not a valid .docx file ({e.__class__.__name__})") from None
    except Exception as e:  # python-docx raises bare exceptions for odd packages
        raise UnreadableDocument(f"cannot read the .docx file ({e.__class__.__name__})") from None
    blocks: list[Block] = []
    table_no = 0
    for el in doc.element.body.iterchildren():
        if el.tag == _W_P:
            style = Paragraph(el, doc).style
            level = None
            if style is not None and style.name and style.name.lower().startswith("heading"):
                digits = "".join(ch for ch in style.name if ch.isdigit())
                level = int(digits) if digits else 1
            blocks.append(Block(text=_paragraph_text(el), kind="heading" if level else "paragraph", level=level))
        elif el.tag == _W_TBL:
            _table_blocks(Table(el, doc)._tbl, table_no, blocks)
            table_no += 1
    if not any(b.text.strip() for b in blocks):
        raise UnreadableDocument("the document holds no text")
    return ReadResult(blocks=blocks)
