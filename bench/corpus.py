"""Benchmark corpora built from the real corpus: documents of realistic shape, as .txt, .docx and text PDFs.

    .venv/bin/python bench/corpus.py outputs/bench/corpus-1000 1000        # writes the files and truth.jsonl

Material comes from the project's own corpus (corpus/seeds, corpus/parents, corpus/real), read by
vanban once: the issuers with their number suffixes and places, titles, signers, the body lines of
every document and the citations they make. A generated document has the header of an official
document (issuing body and its parent, number, Quốc hiệu, place and date, type and title), 1-3
"Căn cứ" citations of earlier generated documents (a few popular ones cited often, so the citation
graph has hubs and chains) plus one real citation, a body cut from one real document's body lines
(its length drawn around 5 KB, or fixed in pages for the size series), and a closing (Nơi nhận,
authority, position, signer). The generator's own values are written to truth.jsonl so the
benchmark can check that extraction still finds them.

Formats: .txt (header columns separated by a tab, as text exports have them), .docx (raw OOXML:
header and closing in borderless two-column tables, as official templates do) and PDF (written
with pdfium: a subset of DejaVu Serif embedded, header and closing in two columns; a share of them
draw the accented letters of each line afterwards in a second font, the "fallback font" case that
scrambles content-order readers).
"""

from __future__ import annotations

import ctypes
import json
import random
import re
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "outputs" / "bench" / "cache"
GENERATOR_VERSION = "2"
CHARS_PER_PAGE = 2800  # an A4 page of 13 pt text in an official document

# ---- material from the real corpus -------------------------------------------------------------------

_TYPES = [  # (doc type, code, weight)
    ("Kế hoạch", "KH", 30),
    ("Chương trình", "CTr", 6),
    ("Quyết định", "QĐ", 14),
    ("Chỉ thị", "CT", 5),
    ("Thông báo", "TB", 10),
    ("Hướng dẫn", "HD", 8),
    ("Báo cáo", "BC", 12),
    ("Nghị quyết", "NQ", 5),
    ("Công văn", "CV", 10),
]


@dataclass
class Material:
    issuers: list[dict[str, str | None]]  # name, parent, place, suffix
    titles: list[str]
    signers: list[str]
    bodies: list[list[str]]  # body lines of each source document
    citations: list[str]  # real citation texts (to national documents)


def _suffix(number: str | None) -> str | None:
    m = re.search(r"-([^/\-]+)$", number or "")
    return m.group(1) if m and not m.group(1).isdigit() else None


@cache
def material() -> Material:
    """Read the real corpus once (cached in outputs/bench/cache/material.json)."""
    cached = CACHE / "material.json"
    if cached.exists():
        return Material(**json.loads(cached.read_text(encoding="utf-8")))
    from vanban.extract.pipeline import extract_file

    files = sorted((ROOT / "corpus").rglob("*"))
    issuers: dict[str, dict[str, str | None]] = {}
    titles, signers, bodies, citations = set(), set(), [], set()
    places: set[str] = set()
    for f in files:
        if f.suffix.lower() not in (".txt", ".docx", ".doc", ".html", ".pdf") or f.name.lower() in ("sources.md",):
            continue
        try:
            r = extract_file(f)
        except Exception:  # scans and anything unreadable give no material
            continue
        if r.place:
            places.add(r.place)
        if r.issuer and _suffix(r.number):
            issuers[r.issuer.name] = {
                "name": r.issuer.name,
                "parent": r.issuer.parent,
                "place": r.place,
                "suffix": _suffix(r.number),
            }
        if r.title and 15 < len(r.title) < 160 and not r.title.isupper():
            titles.add(r.title)
        if r.signer and r.signer.name:
            signers.add(r.signer.name)
        citations |= {c.text for c in r.citations if c.number and 30 < len(c.text) < 220}
        lines = r.text.split("\n")
        start = next((i + 1 for i, x in enumerate(lines) if r.title and x and x in r.title), min(10, len(lines)))
        end = next((i for i, x in enumerate(lines) if x.startswith("Nơi nhận")), len(lines))
        body = [x for x in lines[start:end] if len(x) > 2]
        if len(body) >= 8:
            bodies.append(body)
    for place in sorted(places):  # every province or district seen gets its trade-union federation and people's committee
        if not re.search(r"\d", place):
            issuers.setdefault(f"Liên đoàn Lao động tỉnh {place}", {"name": f"Liên đoàn Lao động tỉnh {place}", "parent": None, "place": place, "suffix": "LĐLĐ"})  # fmt: skip
            issuers.setdefault(f"Ủy ban nhân dân tỉnh {place}", {"name": f"Ủy ban nhân dân tỉnh {place}", "parent": None, "place": place, "suffix": "UBND"})  # fmt: skip
    m = Material(
        sorted(issuers.values(), key=lambda x: str(x["name"])), sorted(titles), sorted(signers), bodies, sorted(citations)
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(asdict(m), ensure_ascii=False), encoding="utf-8")
    return m


# ---- one generated document ----------------------------------------------------------------------------


@dataclass
class GenDoc:
    seq: int
    doc_type: str
    code: str
    number: str
    issuer: str
    parent: str | None
    place: str
    date: str  # ISO
    title: str
    signer: str
    cites: list[dict[str, str]] = field(default_factory=list)  # number, doc_type, date, issuer, title
    body: list[str] = field(default_factory=list)

    def header_left(self) -> list[str]:
        return [x.upper() for x in (self.parent, self.issuer) if x] + [f"Số: {self.number}"]

    def header_right(self) -> list[str]:
        y, m, d = self.date.split("-")
        return [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            f"{self.place}, ngày {int(d)} tháng {int(m)} năm {y}",
        ]

    def opening(self) -> list[str]:
        lines = [self.doc_type.upper(), self.title]
        for c in self.cites:
            y, m, d = c["date"].split("-")
            lines.append(f"Căn cứ {c['doc_type']} số {c['number']} ngày {int(d)}/{int(m)}/{y} của {c['issuer']} về {c['title']};")
        return lines

    def closing_left(self) -> list[str]:
        return ["Nơi nhận:", "- Như trên;", "- Thường trực Tỉnh ủy (b/c);", "- Các đơn vị trực thuộc;", "- Lưu: VT."]

    def closing_right(self) -> list[str]:
        return ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", self.signer]

    def truth(self) -> dict[str, object]:
        return {"number": self.number, "doc_type": self.doc_type, "date": self.date, "issuer": self.issuer, "cites": [c["number"] for c in self.cites]}  # fmt: skip


class Generator:
    """Documents numbered 0, 1, 2, ... (deterministic for a seed); each may cite earlier ones."""

    def __init__(self, seed: int = 8, popular: int = 20) -> None:
        self.m = material()
        self.seed = seed
        self.popular = popular
        self.counters: dict[tuple[str, str, str], int] = {}
        self.made: list[dict[str, str]] = []  # what later documents may cite

    def doc(self, seq: int, chars: int | None = None, body_source: int | None = None) -> GenDoc:
        rng = random.Random(self.seed * 1_000_003 + seq)
        dt, code, _w = rng.choices(_TYPES, weights=[w for *_x, w in _TYPES])[0]
        iss = rng.choice(self.m.issuers)
        year = rng.randint(2015, 2025)
        key = (str(iss["name"]), code, str(year))
        self.counters[key] = self.counters.get(key, 0) + 1
        number = f"{self.counters[key]}/{code}-{iss['suffix']}"
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        place = str(iss["place"] or "Hà Nội")
        title = rng.choice(self.m.titles)
        cites = []
        if self.made:
            hubs = self.made[: self.popular]
            picks = {rng.randrange(len(hubs))} if rng.random() < 0.3 else set()
            for _ in range(rng.randint(1, 2)):  # recent documents: chains of implementation
                picks.add(max(0, len(self.made) - 1 - int(rng.expovariate(1 / 50))))
            cites = [self.made[i] for i in sorted(picks) if i < len(self.made)]
        body_lines = self.m.bodies[body_source if body_source is not None else rng.randrange(len(self.m.bodies))]
        target = chars or int(min(60000, max(1200, rng.lognormvariate(8.5, 0.6))))  # median ~5 KB
        body: list[str] = []
        start = rng.randrange(len(body_lines))
        size = 0
        i = start
        real_cite = rng.choice(self.m.citations) if self.m.citations else None
        if real_cite:
            body.append(f"Thực hiện {real_cite};" if not real_cite.startswith(("Căn cứ", "Thực hiện")) else real_cite)
        while size < target:
            line = body_lines[i % len(body_lines)]
            body.append(line)
            size += len(line) + 1
            i += 1
        d = GenDoc(
            seq, dt, code, number, str(iss["name"]), iss["parent"], place, date, title, rng.choice(self.m.signers), cites, body
        )  # type: ignore[arg-type]
        self.made.append({"number": number, "doc_type": dt, "date": date, "issuer": d.issuer, "title": title[:80]})
        return d


# ---- writers ---------------------------------------------------------------------------------------


def render_txt(d: GenDoc) -> str:
    left, right = d.header_left(), d.header_right()
    head = [
        f"{left[i] if i < len(left) else ''}\t{right[i] if i < len(right) else ''}".strip("\t")
        for i in range(max(len(left), len(right)))
    ]
    cl, cr = d.closing_left(), d.closing_right()
    close = [f"{cl[i] if i < len(cl) else ''}\t{cr[i] if i < len(cr) else ''}".strip("\t") for i in range(max(len(cl), len(cr)))]
    return "\n\n".join([*head, *d.opening(), *d.body, *close]) + "\n"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def _p(text: str, center: bool = False, bold: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _table(left: list[str], right: list[str]) -> str:
    def cell(lines: list[str]) -> str:
        return '<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>' + "".join(_p(x, center=True) for x in lines) + "</w:tc>"

    return '<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tr>' + cell(left) + cell(right) + "</w:tr></w:tbl>"


def write_docx(d: GenDoc, path: Path) -> None:
    opening = d.opening()
    parts = [_table(d.header_left(), d.header_right()), _p(opening[0], True, True), _p(opening[1], True, True)]
    parts += [_p(x) for x in opening[2:]]
    parts += [_p(x, bold=bool(re.match(r"^[IVX]+\.", x))) for x in d.body]
    parts.append(_table(d.closing_left(), d.closing_right()))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{"".join(parts)}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", xml)


# ---- PDF ---------------------------------------------------------------------------------------------

FONT_SOURCES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
]
_VI = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))


@cache
def subset_fonts() -> list[bytes]:
    """DejaVu Serif (regular, bold) cut down to ASCII, Vietnamese and a few marks: ~40 KB each embedded."""
    from fontTools import subset

    out = []
    for src in FONT_SOURCES:
        dst = CACHE / f"{src.stem}-vi.ttf"
        if not dst.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            opts = subset.Options()
            opts.layout_features = []
            opts.name_IDs = ["*"]
            font = subset.load_font(str(src), opts)
            s = subset.Subsetter(opts)
            s.populate(text="".join(chr(c) for c in range(32, 127)) + _VI + "–—“”‘’…•·°%×")
            s.subset(font)
            subset.save_font(font, str(dst), opts)
        out.append(dst.read_bytes())
    return out


@cache
def _advances() -> list[tuple[dict[int, int], int]]:
    from fontTools.ttLib import TTFont

    res = []
    for data in subset_fonts():
        import io

        f = TTFont(io.BytesIO(data))
        cmap, hmtx = f.getBestCmap(), f["hmtx"].metrics
        res.append(({cp: hmtx[g][0] for cp, g in cmap.items()}, f["head"].unitsPerEm))
    return res


def text_width(text: str, size: float, bold: bool = False) -> float:
    adv, upm = _advances()[1 if bold else 0]
    return sum(adv.get(ord(c), upm // 2) for c in text) * size / upm


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    out, line = [], ""
    for w in text.split(" "):
        cand = f"{line} {w}" if line else w
        if line and text_width(cand, size, bold) > width:
            out.append(line)
            line = w
        else:
            line = cand
    return [*out, line] if line else out


class PdfWriter:
    """Pages of positioned text with pdfium; fonts loaded once per document (embedded as subsets)."""

    W, H, LEFT, RIGHT, TOP, BOTTOM = 595.0, 842.0, 85.0, 540.0, 60.0, 790.0

    def __init__(self) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self.raw = raw
        self.pdf = pdfium.PdfDocument.new()
        self._bufs = [(ctypes.c_uint8 * len(b)).from_buffer_copy(b) for b in subset_fonts()]
        self.fonts = [raw.FPDFText_LoadFont(self.pdf.raw, buf, len(buf), raw.FPDF_FONT_TRUETYPE, True) for buf in self._bufs]
        self.page = None
        self.y = self.TOP

    def _new_page(self) -> None:
        if self.page is not None:
            self.raw.FPDFPage_GenerateContent(self.page.raw)
            self.page.close()
        self.page = self.pdf.new_page(self.W, self.H)
        self.y = self.TOP

    def _text(self, text: str, x: float, y: float, size: float, font: int) -> None:
        raw = self.raw
        obj = raw.FPDFPageObj_CreateTextObj(self.pdf.raw, self.fonts[font], ctypes.c_float(size))
        buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, self.H - y)
        raw.FPDFPage_InsertObject(self.page.raw, obj)  # type: ignore[union-attr]

    def line(self, text: str, x: float, size: float = 13, bold: bool = False, fallback: bool = False) -> None:
        if fallback:  # ASCII letters first in font 0, every other letter afterwards in font 2 at its printed place
            if len(self.fonts) == 2:
                buf = self._bufs[0]
                self.fonts.append(self.raw.FPDFText_LoadFont(self.pdf.raw, buf, len(buf), self.raw.FPDF_FONT_TRUETYPE, True))
            later, cx = [], x
            for ch in text:
                w = text_width(ch, size)
                if ch.isascii():
                    if ch != " ":
                        self._text(ch, cx, self.y, size, 0)
                else:
                    later.append((ch, cx))
                cx += w
            for ch, cx in later:
                self._text(ch, cx, self.y, size, 2)
        else:
            self._text(text, x, self.y, size, 1 if bold else 0)

    def down(self, size: float = 13) -> None:
        self.y += size * 1.35
        if self.y > self.BOTTOM:
            self._new_page()

    def columns(self, left: list[str], right: list[str], size: float = 12) -> None:
        for i in range(max(len(left), len(right))):
            for lines, centre in ((left, 160.0), (right, 400.0)):
                if i < len(lines):
                    self._text(lines[i], centre - text_width(lines[i], size) / 2, self.y, size, 0)
            self.down(size)

    def save(self, path: Path) -> None:
        if self.page is not None:
            self.raw.FPDFPage_GenerateContent(self.page.raw)
            self.page.close()
        self.pdf.save(str(path))
        self.pdf.close()


def write_pdf(d: GenDoc, path: Path, fallback: bool = False) -> int:
    """Write `d` as a text PDF; returns its page count."""
    w = PdfWriter()
    w._new_page()
    pages = 1
    left = [x for line in d.header_left() for x in wrap(line, 11, 165)]
    w.columns(left, d.header_right(), 11)
    w.down()
    opening = d.opening()
    for k, text in enumerate(opening):
        centre = k < 2
        for part in wrap(text, 13, w.RIGHT - w.LEFT, bold=centre):
            x = (w.W - text_width(part, 13, bold=centre)) / 2 if centre else w.LEFT
            before = w.page
            w.line(part, x, 13, bold=centre, fallback=fallback and not centre)
            w.down()
            pages += w.page is not before
    for text in d.body:
        for part in wrap(text, 13, w.RIGHT - w.LEFT):
            before = w.page
            w.line(part, w.LEFT, 13, fallback=fallback)
            w.down()
            pages += w.page is not before
    w.down()
    w.columns(d.closing_left(), d.closing_right(), 12)
    w.save(path)
    return pages


# ---- a corpus -----------------------------------------------------------------------------------------

MIX = (("docx", 0.45), ("pdf", 0.25), ("txt", 0.30))
FALLBACK_SHARE = 0.05  # of the PDFs


def fmt_of(seq: int, seed: int) -> str:
    r = random.Random(seed * 7919 + seq).random()
    acc = 0.0
    for fmt, share in MIX:
        acc += share
        if r < acc:
            return fmt
    return MIX[-1][0]


def make_corpus(folder: Path, n: int, seed: int = 8, log: bool = False) -> Path:
    """`n` documents under `folder` (1,000 per sub-folder) and truth.jsonl; reused when already complete."""
    stamp = folder / "corpus.json"
    want = json.loads(json.dumps({"n": n, "seed": seed, "generator": GENERATOR_VERSION, "mix": MIX}))
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed)
    with open(folder / "truth.jsonl", "w", encoding="utf-8") as truth:
        for i in range(n):
            d = gen.doc(i)
            fmt = fmt_of(i, seed)
            sub = folder / f"{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            path = sub / f"{i:06d}.{fmt}"
            fallback = fmt == "pdf" and random.Random(i).random() < FALLBACK_SHARE
            if fmt == "txt":
                path.write_text(render_txt(d), encoding="utf-8")
            elif fmt == "docx":
                write_docx(d, path)
            else:
                write_pdf(d, path, fallback)
            truth.write(json.dumps({"path": str(path.relative_to(folder)), "format": fmt, "fallback": fallback, **d.truth()}, ensure_ascii=False) + "\n")  # fmt: skip
            if log and i % 1000 == 999:
                print(f"  {i + 1} documents", file=sys.stderr)
    stamp.write_text(json.dumps(want))
    return folder


if __name__ == "__main__":
    make_corpus(Path(sys.argv[1]), int(sys.argv[2]), log=True)
