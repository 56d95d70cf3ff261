"""OCR of scanned PDF pages with Tesseract (Debian: tesseract-ocr, tesseract-ocr-vie).

Pages are rendered with pypdfium2 and sent to `tesseract stdin stdout … tsv` in a subprocess
with a timeout; the words come back with their boxes and go through the same layout code as a
text layer (`pdf_layout`), so header columns and stamps are handled alike. The header is on the
first page and the signature on the last, so those are read first; the rest only while the page
and time budget of `OcrSettings` allows, with a warning naming what was skipped.

Whether to OCR is the caller's choice: `read_pdf(path, ocr="auto")`, or a process-wide default
set once with `set_default(mode="auto")` (the CLI's `--ocr`, the catalogue's ingest).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from vanban.errors import NeedsOcr
from vanban.extract.readers.pdf_layout import Token

Mode = Literal["never", "auto", "always"]
MODES = ("never", "auto", "always")

NEEDS_OCR_MESSAGE = "the PDF is a scan with no text layer; OCR it with --ocr (needs tesseract-ocr and tesseract-ocr-vie)"
MISSING_TESSERACT_MESSAGE = (
    "the PDF is a scan with no text layer and Tesseract with Vietnamese data is not installed; "
    "install the Debian packages tesseract-ocr and tesseract-ocr-vie to OCR it"
)


@dataclass(frozen=True)
class OcrSettings:
    """When and how to OCR scanned pages. Defaults are in this one place.

    mode: "never" (a scan raises NeedsOcr), "auto" (OCR when Tesseract is installed, else
    NeedsOcr), "always" (the same, for callers that insist). `max_pages` and `max_seconds`
    bound the work per document; `page_timeout` bounds one Tesseract run."""

    mode: Mode = "never"
    lang: str = "vie"
    dpi: int = 300
    psm: int = 4  # "a single column of text of variable sizes": keeps header lines whole
    max_pages: int = 4
    max_seconds: float = 60.0
    page_timeout: float = 45.0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"ocr mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not 72 <= self.dpi <= 600:
            raise ValueError("ocr dpi must be between 72 and 600")
        if self.max_pages < 1 or self.max_seconds <= 0 or self.page_timeout <= 0:
            raise ValueError("ocr page and time budgets must be positive")


_default = OcrSettings()


def set_default(**changes) -> OcrSettings:
    """Change the process-wide OCR settings (e.g. `set_default(mode="auto")`); returns the new ones."""
    global _default
    _default = replace(_default, **changes)
    return _default


def resolve(ocr: str | OcrSettings | None) -> OcrSettings:
    """Settings for one read: None -> the process default, a mode name -> the default with that mode."""
    if ocr is None:
        return _default
    if isinstance(ocr, OcrSettings):
        return ocr
    return replace(_default, mode=ocr)  # type: ignore[arg-type]


@cache
def tesseract_available(lang: str = "vie") -> bool:
    """True when the `tesseract` program is installed with data for `lang`."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in out.stdout.split()


def page_order(pages: list[int]) -> list[int]:
    """First page (header), last page (signature), then the rest in order."""
    if len(pages) <= 2:
        return list(pages)
    return [pages[0], pages[-1], *pages[1:-1]]


def ocr_pages(pdf, pages: list[int], settings: OcrSettings) -> tuple[dict[int, list[Token]], list[str]]:
    """OCR the given 1-based pages of an open pypdfium2 document within the settings' budget.

    Returns ({page: tokens in points}, warnings). Raises NeedsOcr when Tesseract is missing."""
    if not tesseract_available(settings.lang):
        raise NeedsOcr(MISSING_TESSERACT_MESSAGE)
    start = time.monotonic()
    done: dict[int, list[Token]] = {}
    skipped: list[int] = []
    failed: list[int] = []
    slowest = 0.0
    for p in page_order(pages):
        elapsed = time.monotonic() - start
        if len(done) + len(failed) >= settings.max_pages or (done and elapsed + slowest > settings.max_seconds):
            skipped.append(p)
            continue
        t0 = time.monotonic()
        try:
            done[p] = ocr_page(pdf, p - 1, settings)
        except (subprocess.SubprocessError, OSError):
            failed.append(p)
        slowest = max(slowest, time.monotonic() - t0)
    n = len(done)
    warnings = [
        f"the text was read by OCR (Tesseract, {settings.lang}) from {n} scanned page(s); "
        "check the number and date against the image, handwritten figures are often misread"
    ]
    if skipped:
        warnings.append(f"OCR skipped page(s) {', '.join(map(str, sorted(skipped)))} to stay within its time budget")
    if failed:
        warnings.append(f"OCR failed or timed out on page(s) {', '.join(map(str, sorted(failed)))}")
    return done, warnings


def ocr_page(pdf, index: int, settings: OcrSettings) -> list[Token]:
    """Render one page (0-based) and OCR it: the words with their boxes, in points."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        # The page's own text (an e-signature box drawn over the scan) is already read from the
        # text layer; drawn into the image it would come back from OCR as noise.
        for k in reversed(range(raw.FPDFPage_CountObjects(page.raw))):
            obj = raw.FPDFPage_GetObject(page.raw, k)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT and raw.FPDFPage_RemoveObject(page.raw, obj):
                raw.FPDFPageObj_Destroy(obj)
        bitmap = page.render(scale=settings.dpi / 72, grayscale=True, may_draw_forms=False)
        image = bitmap.to_pil()
    finally:
        page.close()
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    cmd = ["tesseract", "stdin", "stdout", "-l", settings.lang, "--psm", str(settings.psm), "--dpi", str(settings.dpi), "tsv"]
    out = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=settings.page_timeout, check=True)
    return tsv_to_tokens(out.stdout.decode("utf-8", errors="replace"), 72 / settings.dpi)


NOISE_RE = re.compile(r"^[\W_]+$")  # no letter or digit: a rule, a speck, a table border read as text
MARKS = {"-", "+", "–", "*", "•"}  # list marks kept when read with confidence ("- Như trên;")


def _is_noise(text: str, conf: str | None) -> bool:
    """A speck read as a word: almost no confidence, or only punctuation (list marks read with
    confidence are kept)."""
    try:
        confidence = float(conf or 0)
    except ValueError:
        confidence = 0.0
    if 0 <= confidence < 15:
        return True
    return bool(NOISE_RE.match(text)) and not (text in MARKS and confidence >= 50)


def tsv_to_tokens(tsv: str, scale: float) -> list[Token]:
    """Tesseract's TSV (level 4 lines, level 5 words) to tokens. Each word takes its line's
    height, so that words of one printed line share a band whatever their letters."""
    lines: dict[tuple[str, str, str, str], tuple[float, float]] = {}
    tokens: list[Token] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            level = int(row["level"])
            left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        except (KeyError, TypeError, ValueError):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        if level == 4:
            lines[key] = (top, top + height)
        elif level == 5:
            text = (row.get("text") or "").strip()
            if not text or _is_noise(text, row.get("conf")):
                continue
            band = lines.get(key, (top, top + height))
            tokens.append(Token(text, left * scale, (left + width) * scale, band[0] * scale, band[1] * scale))
    return tokens
