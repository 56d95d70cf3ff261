"""PDFium is not thread-safe: PDFs read from several threads at once (as a library caller, or the
mutation test's corpus fixture, may do) give the same blocks as read one by one, and never crash."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from vanban.errors import UnreadableDocument
from vanban.extract.readers.pdf import read_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _texts(path: Path) -> list[str] | str:
    try:
        return [b.text for b in read_pdf(path, ocr="never").blocks]
    except UnreadableDocument as e:  # a scan: the same refusal every time
        return str(e)


def test_pdfs_read_from_threads_match_one_by_one():
    pdfs = sorted(CORPUS.rglob("*.pdf"))
    assert len(pdfs) >= 4
    alone = {p: _texts(p) for p in pdfs}
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            together = dict(zip(pdfs, pool.map(_texts, pdfs), strict=True))
            assert together == alone
