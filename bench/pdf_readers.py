"""Benchmark of PDF text readers: speed (ms/page) and Vietnamese word recall against pdftotext.

    .venv/bin/python bench/pdf_readers.py [PDF ...]      # default: corpus/real/*.pdf with a text layer

Readers compared: `pdftotext -layout` (poppler, the reference the real-corpus gold was read with),
pypdfium2's `get_text_range` (content order), pdfplumber's `extract_text`, and vanban's `read_pdf`
(pypdfium2 words with boxes, layout rebuilt, pdfplumber re-read where the check fails). A
generated PDF whose accented letters are drawn late in a second font (the "fallback font" case)
is added to show what content order costs. Recall is the share of pdftotext's words (NFC,
multiset) that a reader gives; medians of 5 runs. Prints a Markdown table.
"""

from __future__ import annotations

import collections
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def words(text: str) -> collections.Counter[str]:
    return collections.Counter(unicodedata.normalize("NFC", w) for w in text.replace("\ufffe", "-").split())


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return "\n".join(out)


def plumber_text(path: Path) -> str:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out.append(page.extract_text() or "")
            page.close()
    return "\n".join(out)


def vanban_text(path: Path) -> str:
    from vanban.extract.readers.pdf import read_pdf

    return "\n".join(b.text for b in read_pdf(path, ocr="never").blocks)


READERS = {
    "pdftotext -layout": pdftotext,
    "pypdfium2 (raw)": pdfium_text,
    "pdfplumber": plumber_text,
    "vanban read_pdf": vanban_text,
}


def timed(fn, path: Path, runs: int = 5) -> tuple[float, str]:
    times, text = [], ""
    for _ in range(runs):
        t = time.perf_counter()
        text = fn(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times), text


def fallback_pdf(folder: Path) -> Path:
    """A page of Vietnamese lines whose accented letters are drawn after the rest, in a second font."""
    from test_reader_pdf import SCRAMBLE_TEXT, PdfMaker, _fallback_font_line

    maker = PdfMaker()
    items = []
    for k in range(30):
        items += _fallback_font_line(maker, SCRAMBLE_TEXT, 40, 60 + 24 * k, 11)
    maker.page(items)
    return maker.save(folder / "generated_fallback_font.pdf")


def main(paths: list[Path]) -> None:
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        paths = [*paths, fallback_pdf(Path(tmp))]
        print(
            "| file | pages | "
            + " | ".join(f"{r} ms/page" for r in READERS)
            + " | "
            + " | ".join(f"{r} recall" for r in list(READERS)[1:])
            + " |"
        )
        print("|---" * (2 + 2 * len(READERS) - 1) + "|")
        for path in paths:
            pages = len(pdfium.PdfDocument(str(path)))
            ms, recall = [], []
            ref = None
            for fn in READERS.values():
                dt, text = timed(fn, path)
                ms.append(f"{dt * 1000 / pages:.1f}")
                w = words(text)
                if ref is None:
                    ref = w
                else:
                    recall.append(f"{sum((ref & w).values()) / max(sum(ref.values()), 1):.4f}")
            print(f"| {path.name[:40]} | {pages} | " + " | ".join(ms) + " | " + " | ".join(recall) + " |")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    if not args:
        args = [p for p in sorted((ROOT / "corpus" / "real").glob("*.pdf")) if pdftotext(p).count(" ") > 200]
    main(args)
