"""`make bench`: vanban against the native tools, side by side, in one run; writes outputs/bench.md.

    .venv/bin/python bench/run.py                 # corpora of 1,000 and 10,000 documents; 100,000 for queries
    .venv/bin/python bench/run.py --full          # also generate and ingest 100,000 real files (hours on 2 cores)
    .venv/bin/python bench/run.py --quick         # 1,000 only (a smoke run: minutes)

Corpora come from bench/corpus.py (documents built from the real corpus, cached under
outputs/bench/). Sections, each with absolute medians and vanban's ratio to the reference:

1. PDF text per page: pdftotext, pypdfium2, pdfminer.six, pdfplumber and vanban's reader, with
   Vietnamese word recall against the generator's text (pdftotext's on the real PDFs).
2. DOCX per document: raw zip + lxml, python-docx, vanban's reader, vanban's full extraction.
3. Cost against document size (1-50 pages) for .txt, .docx and PDF.
4. `vanban extract` as a whole process.
5. Ingest: documents per second with --workers 1 and 2, peak memory of the whole process tree
   (proportional set size, so pages shared by forked workers count once), fields checked against
   the generator's truth, and the single writer's cost per document as the catalogue grows.
6. Queries at 1,000 / 10,000 / 100,000 documents: ranked search (the current `search.search`
   and `ranked.search`), number look-up, transitive "cites", and SQLite FTS5 / recursive CTE
   references on the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import pdf_readers  # noqa: E402  (bench/pdf_readers.py)

import corpus as gen  # noqa: E402  (bench/corpus.py)

OUT = ROOT / "outputs" / "bench"
VANBAN = Path(sys.executable).with_name("vanban")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def timed(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """Median seconds of `runs` calls (after none: the first call counts) and the last result."""
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return med(times), out


def ms(x: float) -> str:
    return "–" if x != x else (f"{x * 1000:.1f}" if x < 10 else f"{x * 1000:.0f}")


def ratio(a: float, b: float) -> str:
    return "–" if not b or a != a or b != b else f"{a / b:.1f}x"


class Report:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.goals: list[tuple[str, str, str]] = []

    def h(self, title: str) -> None:
        self.parts.append(f"\n## {title}\n")
        print(f"== {title}", file=sys.stderr, flush=True)

    def p(self, text: str) -> None:
        self.parts.append(text)

    def table(self, head: list[str], rows: list[list[Any]]) -> None:
        self.parts.append("| " + " | ".join(head) + " |")
        self.parts.append("|" + "---|" * len(head))
        for r in rows:
            self.parts.append("| " + " | ".join(str(x) for x in r) + " |")
        self.parts.append("")

    def goal(self, what: str, measured: str, met: bool | None) -> None:
        self.goals.append((what, measured, "yes" if met else ("no" if met is not None else "not measured")))


# ---- 1. PDF text ---------------------------------------------------------------------------------


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    # Without grouping text boxes into a reading order (boxes_flow=None): that step is quadratic in the
    # boxes and takes minutes on a page whose letters are separate objects (the fallback-font case).
    return extract_text(str(path), laparams=LAParams(boxes_flow=None))


def pdf_section(rep: Report, c1k: Path, tmp: Path) -> None:
    import pypdfium2 as pdfium

    rep.h("1. PDF text, per page")
    truth = [json.loads(x) for x in (c1k / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    real = [p for p in sorted((ROOT / "corpus" / "real").glob("*.pdf")) if pdf_readers.pdftotext(p).count(" ") > 200]
    generated = [c1k / t["path"] for t in truth if t["format"] == "pdf" and not t["fallback"]][:12]
    fallback = [c1k / t["path"] for t in truth if t["format"] == "pdf" and t["fallback"]][:4] + [pdf_readers.fallback_pdf(tmp)]
    readers = {**pdf_readers.READERS}
    readers = {
        "pdftotext": readers["pdftotext -layout"],
        "pypdfium2": readers["pypdfium2 (raw)"],
        "pdfminer.six": pdfminer_text,
        "pdfplumber": readers["pdfplumber"],
        "vanban": readers["vanban read_pdf"],
    }
    known = known_words(c1k, generated + fallback)
    rows, per_group = [], {}
    for group, files in (("real", real), ("generated", generated), ("fallback font", fallback)):
        for path in files:
            pages = len(pdfium.PdfDocument(str(path)))
            times, recalls, ref = {}, {}, known.get(path)
            for name, fn in readers.items():
                runs = 1 if name in ("pdfminer.six", "pdfplumber") else 3
                dt, text = timed(lambda fn=fn, path=path: fn(path), runs)
                times[name] = dt / pages
                w = pdf_readers.words(text)
                if ref is None:  # a real PDF: pdftotext's words are the reference
                    ref = w
                recalls[name] = sum((ref & w).values()) / max(sum(ref.values()), 1)
            per_group.setdefault(group, []).append((times, recalls))
            rows.append(
                [f"{group}: {path.name[:38]}", pages]
                + [ms(times[n]) for n in readers]
                + [ratio(times["vanban"], times["pdftotext"])]
                + [f"{recalls[n]:.4f}" for n in readers]
            )
    rep.p("Milliseconds per page (median of 3 runs; 1 run for pdfminer.six and pdfplumber), and word recall: the share of")
    rep.p("the document's words (NFC, with repeats) a reader returns. For generated PDFs the words are the generator's own text;")
    rep.p("for the real PDFs, pdftotext's words (so pdftotext scores 1 there by definition). pdftotext is timed as a whole")
    rep.p("process; pdfminer.six")
    rep.p("runs `extract_text` with `LAParams(boxes_flow=None)` (its box-ordering step is quadratic and takes minutes on")
    rep.p("pages drawn letter by letter).\n")
    rep.table(
        ["file", "pages", *[f"{n} ms/p" for n in readers], "vanban / pdftotext", *[f"{n} recall" for n in readers]],
        rows,
    )
    summary = []
    for group, items in per_group.items():
        summary.append(
            [group, len(items)]
            + [ms(med([t[n] for t, _r in items])) for n in readers]
            + [ratio(med([t["vanban"] for t, _r in items]), med([t["pdftotext"] for t, _r in items]))]
            + [f"{min(r[n] for _t, r in items):.4f}" for n in readers]
        )
    rep.p("Medians over the files of each group (recall: the worst file):\n")
    rep.table(["group", "files", *[f"{n} ms/p" for n in readers], "vanban / pdftotext", *[f"{n} min recall" for n in readers]], summary)  # fmt: skip
    all_items = [x for items in per_group.values() for x in items]
    r = med([t["vanban"] for t, _ in all_items]) / med([t["pdftotext"] for t, _ in all_items])
    rep.goal("Text-layer PDF: at most 2x pdftotext per page", f"{r:.1f}x (median over {len(all_items)} PDFs)", r <= 2)
    worst = min(rc["vanban"] for _t, rc in per_group.get("fallback font", []))
    rep.goal("... with >= 99.9% word recall on fallback-font PDFs", f"{worst * 100:.2f}% (worst file)", worst >= 0.999)


def known_words(c1k: Path, paths: list[Path]) -> dict[Path, Counter[str]]:
    """The words each generated PDF holds: its document regenerated (the generator is deterministic), or the
    fallback-font test page's known line."""
    from test_reader_pdf import SCRAMBLE_TEXT

    out: dict[Path, Counter[str]] = {}
    seqs = {int(p.stem): p for p in paths if p.parent.parent == c1k}
    g = gen.Generator()
    for i in range(max(seqs, default=-1) + 1):
        d = g.doc(i)
        if i in seqs:
            out[seqs[i]] = pdf_readers.words(gen.render_txt(d))
    for p in paths:
        if p.name == "generated_fallback_font.pdf":
            out[p] = pdf_readers.words("\n".join([SCRAMBLE_TEXT] * 30))
    return out


# ---- 2. DOCX ---------------------------------------------------------------------------------------


def raw_docx(path: Path) -> str:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(W_NS + "t")) for p in root.iter(W_NS + "p"))


def python_docx(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def docx_section(rep: Report, c1k: Path) -> None:
    from vanban.extract.pipeline import extract_file
    from vanban.extract.readers.docx import read_docx

    rep.h("2. DOCX, per document")
    truth = [json.loads(x) for x in (c1k / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    groups = {
        "generated": [c1k / t["path"] for t in truth if t["format"] == "docx"][:30],
        "real": sorted((ROOT / "corpus" / "real").glob("*.docx")),
    }
    tools = {
        "zip+lxml": raw_docx,
        "python-docx": python_docx,
        "vanban reader": read_docx,
        "vanban extract (all fields)": extract_file,
    }
    extract_file(groups["generated"][0])
    rows = []
    for group, files in groups.items():
        times: dict[str, list[float]] = {n: [] for n in tools}
        for path in files:
            for name, fn in tools.items():
                dt, _ = timed(lambda fn=fn, path=path: fn(path), 3)
                times[name].append(dt)
        rows.append(
            [group, len(files)]
            + [ms(med(times[n])) for n in tools]
            + [
                ratio(med(times["vanban reader"]), med(times["zip+lxml"])),
                ratio(med(times["vanban reader"]), med(times["python-docx"])),
            ]
        )
    rep.p("Milliseconds per document (median over the files of the median of 3 runs), in this process.\n")
    rep.table(["files", "n", *[f"{n} ms" for n in tools], "reader / zip+lxml", "reader / python-docx"], rows)


# ---- 3. Size ---------------------------------------------------------------------------------------


def size_section(rep: Report, tmp: Path) -> float:
    """Returns the full extraction time of the 10-page .docx plan."""
    from vanban.extract.pipeline import extract_file

    rep.h("3. Cost against document size")
    g = gen.Generator(seed=99)
    longest = max(range(len(g.m.bodies)), key=lambda i: sum(len(x) for x in g.m.bodies[i]))
    rows, ten_page_docx = [], float("nan")
    for pages in (1, 2, 5, 10, 20, 50):
        d = g.doc(pages, chars=pages * gen.CHARS_PER_PAGE, body_source=longest)
        d.doc_type, d.code = "Kế hoạch", "KH"
        row: list[Any] = [pages]
        for fmt in ("txt", "docx", "pdf"):
            path = tmp / f"size{pages}.{fmt}"
            if fmt == "txt":
                path.write_text(gen.render_txt(d), encoding="utf-8")
                ref = lambda path=path: path.read_text(encoding="utf-8")  # noqa: E731
            elif fmt == "docx":
                gen.write_docx(d, path)
                ref = lambda path=path: raw_docx(path)  # noqa: E731
            else:
                real_pages = gen.write_pdf(d, path)
                ref = lambda path=path: pdf_readers.pdftotext(path)  # noqa: E731
            t_ref, _ = timed(ref, 3)
            t_vb, rec = timed(lambda path=path: extract_file(path), 7)  # 3 let one slow moment of a shared machine decide
            n = real_pages if fmt == "pdf" else pages
            row += [ms(t_vb), ms(t_vb / n), ms(t_ref)]
            if fmt == "docx" and pages == 10:
                ten_page_docx = t_vb
        rows.append(row)
    rep.p("One plan cut to 1-50 pages (about 2,800 characters a page); vanban's full extraction in this process")
    rep.p(
        "(median of 7), per document and per page, and the reference reader's time (median of 3: file read, zip+lxml, pdftotext).\n"
    )
    rep.table(
        [
            "pages",
            "txt ms",
            "txt ms/page",
            "read ms",
            "docx ms",
            "docx ms/page",
            "zip+lxml ms",
            "pdf ms",
            "pdf ms/page",
            "pdftotext ms",
        ],
        rows,
    )
    rep.goal("Full extraction of a 10-page .docx plan: median under 30 ms", f"{ms(ten_page_docx)} ms", ten_page_docx < 0.030)
    return ten_page_docx


# ---- 4. Whole process --------------------------------------------------------------------------------


def process_section(rep: Report) -> None:
    """Whole processes, as a user runs them from an installed package: with compiled bytecode (pip compiles it at
    install time; this machine's shell sets PYTHONDONTWRITEBYTECODE=1, so the bytecode is kept apart under
    outputs/bench/pycache and one untimed run fills it). The goal's command is also timed without bytecode."""
    rep.h("4. `vanban extract` as a whole process")
    small = ROOT / "corpus" / "parents" / "135-KH-TLD-2021.txt"
    plan = ROOT / "corpus" / "seeds" / "001_90e93914de0aefd7.txt"  # names actors: spaCy is loaded for it
    installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    installed["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    bare = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"], installed),
        ("python -c 'import vanban.cli'", [sys.executable, "-c", "import vanban.cli"], installed),
        ("vanban --help", [str(VANBAN), "--help"], installed),
        (f"vanban extract {small.name}", [str(VANBAN), "extract", str(small)], installed),
        (
            f"vanban extract {small.name} (vanban's modules compiled each run, PYTHONDONTWRITEBYTECODE=1)",
            [str(VANBAN), "extract", str(small)],
            bare,
        ),
        (f"vanban extract {plan.name} (a plan naming actors: loads spaCy)", [str(VANBAN), "extract", str(plan)], installed),
    ]
    rows = []
    for label, cmd, env in commands:
        for _ in range(2):  # not timed: they fill the bytecode cache and vanban's compiled-regex cache (a pattern
            subprocess.run(cmd, capture_output=True, check=False, env=env)  # is kept once two processes compile it)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - t)
        rows.append([label, ms(med(times)), ms(min(times))])
    rep.p(
        "Median and best of 5 runs after two untimed ones, with compiled bytecode as an installed package has it "
        "(kept under outputs/bench/pycache) and vanban's compiled regular expressions (vanban/extract/__pycache__/regex.*, "
        "kept as bytecode is); one row with vanban's own modules compiled from source every run (the regular expressions "
        "are still read from their cache).\n"
    )
    rep.table(["command", "median ms", "best ms"], rows)
    t = float(rows[3][1]) / 1000
    rep.goal("`vanban extract` of a small file, whole process, under 400 ms", f"{rows[3][1]} ms", t < 0.4)


# ---- 5. Ingest ---------------------------------------------------------------------------------------


def _pss_tree(pid: int) -> float:
    import psutil

    total = 0.0
    try:
        root = psutil.Process(pid)
        for p in [root, *root.children(recursive=True)]:
            try:
                total += p.memory_full_info().pss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
    except psutil.NoSuchProcess:
        pass
    return total / 2**20


def run_ingest(folder: Path, db: Path, workers: int, budget_s: float | None = None) -> dict[str, Any]:
    """`vanban ingest` of `folder` into a fresh `db`: rate, peak memory of the process tree, and the number of
    stored documents every 30 s. With `budget_s`, the ingest is stopped (Ctrl-C) after that long."""
    import signal

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    cmd = [str(VANBAN), "ingest", str(folder), "--db", str(db), "-q", "--workers", str(workers)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, stop, progress = [0.0], threading.Event(), []

    def stored() -> int:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            n = con.execute("select count(*) from documents").fetchone()[0]
            con.close()
            return int(n)
        except sqlite3.Error:
            return progress[-1][1] if progress else 0

    def watch() -> None:
        last = 0.0
        while not stop.is_set():
            peak[0] = max(peak[0], _pss_tree(proc.pid))
            now = time.perf_counter() - t
            if now - last >= 30:
                progress.append((now, stored()))
                last = now
            if budget_s and now > budget_s and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
            stop.wait(0.5)

    th = threading.Thread(target=watch, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    seconds = time.perf_counter() - t
    summary = out.strip().splitlines()[-1] if out.strip() else "stopped"
    n = int(summary.rsplit("(", 1)[1].split()[0]) if "files)" in summary else stored()
    return {
        "workers": workers,
        "seconds": seconds,
        "files": n,
        "rate": n / seconds if seconds else 0,
        "peak_mb": peak[0],
        "summary": summary if "files)" in summary else f"stopped after {seconds / 60:.0f} min: {n} stored",
        "progress": progress,
        "complete": "files)" in summary,
    }


def check_truth(folder: Path, db: Path) -> dict[str, float]:
    """Share of documents whose number, type, date and issuer equal the generator's. Names are compared as the
    gold scorer compares them (../shared/tools/score.py): NFC, and old and new tone placement alike ('Lệ Thuỷ' is
    'Lệ Thủy'; the generator prints names as the real documents do, the extractor writes the new style)."""
    import unicodedata

    def same(a: str | None, b: str | None) -> bool:
        def key(s: str) -> str:
            t = unicodedata.normalize("NFC", s)
            for old, new in (("uỷ", "ủy"), ("oà", "òa"), ("oá", "óa"), ("oạ", "ọa"), ("oả", "ỏa"), ("oã", "õa")):
                t = t.replace(old, new).replace(old.capitalize(), new.capitalize())
            return t

        return a == b or (a is not None and b is not None and key(a) == key(b))

    truth = {
        str(folder / t["path"]): t for t in map(json.loads, (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines())
    }
    con = sqlite3.connect(db)
    got = Counter()
    n = 0
    for path, number, doc_type, date, issuer in con.execute("select path, number, doc_type, date, issuer from documents"):
        t = truth.get(path)
        if not t:
            continue
        n += 1
        got["number"] += number == t["number"]
        got["doc_type"] += doc_type == t["doc_type"]
        got["date"] += date == t["date"]
        got["issuer"] += same(issuer, t["issuer"])
    con.close()
    return {k: got[k] / n for k in ("number", "doc_type", "date", "issuer")} if n else {}


def writer_cost(db_path: Path, samples: int = 40, batch: int | None = None, batches: int = 3) -> tuple[float, float]:
    """CPU seconds to store one more record in a copy of the catalogue at `db_path` (the single writer's work):
    the median over `samples` records stored one per transaction, and the median per record over `batches`
    batches of `batch` records (default: `parallel.BATCH`), one transaction each, as the parallel ingest stores
    them. The records are prepared first (`store.prepare_record`: the rows that depend on the record alone), as
    the reader processes do in parallel, so what is timed is the writer's share. CPU time, not wall time: the writer's own work,
    steady on a machine shared with other work (its disk writes are not forced: synchronous=NORMAL in WAL)."""
    from vanban.catalogue import open_db
    from vanban.catalogue.ingest import extractor_version
    from vanban.catalogue.parallel import BATCH
    from vanban.catalogue.store import prepare_record, store_prepared
    from vanban.schemas import DocumentRecord

    batch = batch or BATCH

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "c.db"
        src = sqlite3.connect(db_path)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        db = open_db(copy)
        raws = [r[0] for r in db.execute("select record from documents order by random() limit ?", [samples + batch * batches])]
        recs = []
        for i, raw in enumerate(raws):
            rec = DocumentRecord.model_validate_json(raw)
            recs.append(
                rec.model_copy(update={"source": rec.source.model_copy(update={"sha256": f"{i:08x}" + rec.source.sha256[8:]})})
            )
        items = [prepare_record(rec) for rec in recs]
        times, per_batch = [], []
        for item in items[:samples]:
            t = time.process_time()
            store_prepared(db, [item], extractor_version())
            times.append(time.process_time() - t)
        for k in range(batches):
            chunk = items[samples + k * batch : samples + (k + 1) * batch]
            t = time.process_time()
            store_prepared(db, chunk, extractor_version())
            per_batch.append((time.process_time() - t) / max(1, len(chunk)))
        db.conn.close()
    return med(times), med(per_batch)


def ingest_section(rep: Report, corpora: dict[int, Path], full: bool, budget_min: float) -> dict[int, Path]:
    rep.h("5. Ingest")
    dbs: dict[int, Path] = {}
    rows, rates, curves = [], {}, []
    for n, folder in corpora.items():
        plan = [1, 2] if n <= 1000 else [2]
        for workers in plan:
            db = OUT / f"catalogue-{n}-w{workers}.db"
            r = run_ingest(folder, db, workers, None if (n <= 1000 or full) else budget_min * 60)
            rates[(n, workers)] = r["rate"]
            acc = check_truth(folder, db)
            rows.append(
                [f"{n:,}", workers, f"{r['seconds']:.0f}", f"{r['rate']:.1f}", f"{r['peak_mb']:.0f}", r["summary"]]
                + [f"{acc.get(k, 0) * 100:.0f}%" for k in ("number", "doc_type", "date", "issuer")]
            )
            if r["progress"]:
                pts, prev = [], (0.0, 0)
                for t, k in r["progress"]:
                    pts.append(f"{prev[1]:,}-{k:,}: {(k - prev[1]) / (t - prev[0]):.1f}")
                    prev = (t, k)
                curves.append([f"{n:,}", workers, "; ".join(pts)])
            print(f"   {n} docs, {workers} workers: {r['rate']:.1f} docs/s, {r['peak_mb']:.0f} MB", file=sys.stderr, flush=True)
            if r["complete"]:
                dbs[n] = db
    mix = ", ".join(f"{int(s * 100)}% {f}" for f, s in gen.MIX)
    rep.p(f"`vanban ingest FOLDER --workers N` on generated corpora ({mix}; {int(gen.FALLBACK_SHARE * 100)}% of the PDFs in a")
    rep.p(
        "fallback font), fresh catalogue each run. Peak memory: the largest sum of proportional set sizes over the process tree"
    )
    rep.p("(writer, workers and their per-file readers), sampled twice a second. Fields: share of documents whose value equals")
    rep.p(f"the generator's. Without `--full`, the ingests above 1,000 documents are stopped after {budget_min:g} minutes.\n")
    rep.table(["documents", "workers", "seconds", "docs/s", "peak MB", "summary", "number", "type", "date", "issuer"], rows)
    if curves:
        rep.p("Rate as the catalogue grows (documents stored so far: documents per second over each 30 s):\n")
        rep.table(["corpus", "workers", "stored: docs/s"], curves)
    n1 = min(n for n, _w in rates)
    # the goal is set on 10,000 documents: the largest corpus ingested to the end with 2 workers is the one measured
    n_goal = max((n for n, w in rates if w == 2 and n in dbs), default=n1)
    two = rates.get((n_goal, 2), float("nan"))
    also = f"; {rates[(n1, 2)]:.1f} on {n1:,}" if n_goal != n1 and (n1, 2) in rates else ""
    rep.goal(
        f"Ingest of mixed documents with --workers 2: >= 100 docs/s (measured on {n_goal:,})",
        f"{two:.1f} docs/s{also}",
        two >= 100,
    )
    sp = rates[(n1, 2)] / rates[(n1, 1)]
    rep.goal("... at least 1.7x the single-worker rate", f"{sp:.2f}x (at {n1:,} documents)", sp >= 1.7)
    peak = max(float(r[4]) for r in rows)
    rep.goal("... peak memory under 500 MB", f"{peak:.0f} MB", peak < 500)
    return dbs


def writer_section(rep: Report, dbs: dict[int, Path]) -> None:
    from vanban.catalogue.parallel import BATCH

    rep.p("The single writer's CPU time per document (the row, its two search indexes, and the child writers: works,")
    rep.p("citations, findings), storing records again under new ids into a copy of each catalogue, prepared first as")
    rep.p("the readers prepare them (`store.prepare_record`: the row with its folded search text and JSON, the work and")
    rep.p("citation rows, the findings inside the document): 40 records one per transaction (median), then 3 batches")
    rep.p(f"of {BATCH} records, one transaction each, as the parallel ingest stores them (median per record):\n")
    rows = []
    for n, db in sorted(dbs.items()):
        one, batched = writer_cost(db)
        rows.append([f"{n:,}", ms(one), ms(batched)])
    rep.table(["catalogue", "ms CPU per document, one per transaction", f"ms CPU per document, batches of {BATCH}"], rows)


# ---- 6. Queries ---------------------------------------------------------------------------------------

WORD_QUERIES = ["năm", "thực hiện", "công đoàn", "đoàn viên", "lao động", "kế hoạch", "Ủy ban", "hòa giải", "internet", "tổ chức"]


def queries(word_list: list[str]) -> list[str]:
    from vanban.extract.normalise import unaccent

    return [*word_list, *[unaccent(w) for w in word_list]]


SAMPLE_WORD = r"[^\W\d_]+"  # a word of a sampled query: letters only (no digits, no '_'), as a person types a word


def sample_words(text: str) -> list[str]:
    """The words of `text` a sampled query is made of (`SAMPLE_WORD`)."""
    import re

    return re.findall(SAMPLE_WORD, text)


def sampled_queries(db: Any, words: int = 60, pairs: int = 60, seed: int = 0) -> list[str]:
    """Queries drawn from the catalogue's own documents, never from a list of known ones: `words` single
    words and `pairs` adjacent word pairs, each from a random document (seeded), lowercased, each also
    without diacritics. Most such pairs are two words that rarely stand together, which no list covers."""
    import random

    from vanban.extract.normalise import unaccent

    rng = random.Random(seed)
    last = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
    picked: list[str] = []
    tries = 0
    while len(picked) < words + pairs and last and tries < 100 * (words + pairs):
        tries += 1
        row = db.execute("select text from documents where rowid = ?", [rng.randint(1, last)]).fetchone()
        found = sample_words(row[0] or "") if row else []
        if len(found) < 2:
            continue
        i = rng.randrange(len(found) - 1)
        q = found[i] if len(picked) < words else f"{found[i]} {found[i + 1]}"
        if q.lower() not in picked:
            picked.append(q.lower())
    return [*picked, *(unaccent(q) for q in picked)]


def _times(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def measure_queries(path: Path) -> dict[str, Any]:
    """Every query of section 6 on the catalogue at `path`: lists of seconds, and what they found."""
    from ranking_overlap import compare

    from vanban.catalogue import open_db, precomputed, search
    from vanban.catalogue.graph import cited_by, count_cited_by

    m: dict[str, Any] = {}
    t = time.perf_counter()
    db = open_db(path)  # an older catalogue is migrated here, once (its query indexes made)
    m["open_s"] = time.perf_counter() - t
    from vanban.catalogue.parallel import default_workers

    # the champion lists and citation totals, built or brought up to date as `vanban ingest` ends (lists ranked on every core)
    done = precomputed.refresh(db, workers=default_workers())
    m["lists"], m["counts"], m["pairs"] = done["lists"], done["cited_counts"], done["phrase_pairs"]
    raw = sqlite3.connect(path)
    try:  # the whole rankings of the most frequent words (`champions_full`), made from 20,000 documents
        m["whole"] = raw.execute("select count(*), coalesce(sum(length(docs) + length(scores)), 0) from champion_full").fetchone()
    except sqlite3.OperationalError:
        m["whole"] = (0, 0)
    m["count"] = db.execute("select count(*) from documents").fetchone()[0]
    qs = queries(WORD_QUERIES)
    bare = qs[len(WORD_QUERIES) :]
    df = {q: raw.execute("select count(*) from documents_fts where documents_fts match ?", [" ".join(f'"{w}"' for w in q.split())]).fetchone()[0] for q in bare}  # fmt: skip
    m["queries"] = len(qs)
    for q in qs:  # the first answer of each reads its pages from disk; the timed runs follow
        search(db, q)
    m["search"] = [x for q in qs for x in _times(lambda q=q: search(db, q), 5)]
    sampled = sampled_queries(db)
    for q in sampled:  # as above: the first answer reads from disk, the timed runs follow
        search(db, q)
    m["sampled_queries"] = sampled
    m["sampled"] = [x for q in sampled for x in _times(lambda q=q: search(db, q), 5)]
    by_query = {q: med(m["sampled"][5 * i : 5 * i + 5]) for i, q in enumerate(sampled)}
    m["sampled_slowest"] = sorted(by_query.items(), key=lambda kv: -kv[1])[:5]
    m["plain"] = [x for q in qs for x in _times(lambda q=q: search(db, q, use_lists=False), 2)]  # FTS5 alone, as before the lists
    m["agree"] = [compare(search(db, q), search(db, q, use_lists=False)) for q in qs]
    common = max(df, key=lambda q: df[q])
    rare = min(df, key=lambda q: df[q] or 10**9)
    m["common"], m["rare"], m["df"] = common, rare, df
    top20 = "select rowid from documents_fts where documents_fts match ? order by rank limit 20"
    m["fts_common"] = _times(lambda: raw.execute(top20, [common]).fetchall(), 5)
    m["fts_count"] = _times(lambda: raw.execute("select count(*) from documents_fts where documents_fts match ?", [common]).fetchall(), 5)  # fmt: skip
    m["fts_rare"] = _times(
        lambda: raw.execute("select rowid from documents_fts where documents_fts match ?", [rare]).fetchall(), 5
    )
    numbers = [r[0] for r in db.execute("select number from documents where number is not null order by random() limit 20")]
    m["num"] = [x for q in numbers for x in _times(lambda q=q: search(db, q), 3)]
    hubs = [r[0] for r in db.execute("select work_id from citations where work_id is not null group by work_id order by count(*) desc limit 5")]  # fmt: skip
    for w in hubs:  # as for search: the first walk of each reads its pages from disk; the timed runs follow
        cited_by(db, w, transitive=True, max_depth=3, limit=200)
    m["page"] = [x for w in hubs for x in _times(lambda w=w: cited_by(db, w, transitive=True, max_depth=3, limit=200), 3)]
    m["total"] = [x for w in hubs for x in _times(lambda w=w: count_cited_by(db, w, transitive=True, max_depth=3), 3)]
    m["all"] = [x for w in hubs for x in _times(lambda w=w: cited_by(db, w, transitive=True, max_depth=3), 1)]
    m["found"] = [count_cited_by(db, w, transitive=True, max_depth=3) for w in hubs] or [0]
    cte = """with recursive r(work, depth) as (select ?, 0 union select dw.work_id, r.depth + 1 from r
             join citations c on c.work_id = r.work join document_works dw on dw.doc_id = c.doc_id where r.depth < 3)
             select count(*) from r"""
    m["cte"] = [x for w in hubs for x in _times(lambda w=w: raw.execute(cte, [w]).fetchall(), 3)]
    m["edges"] = raw.execute("select count(*) from citations where work_id is not null").fetchone()[0]
    raw.close()
    db.conn.close()
    return m


def query_section(rep: Report, dbs: dict[int, Path]) -> None:
    rep.h("6. Queries")
    rows, notes, lists_notes, slowest = [], [], [], []
    for n, path in sorted(dbs.items()):
        m = measure_queries(path)
        c = f"{m['count']:,}"
        slowest.append(f"{c}: " + ", ".join(f"'{q}' {ms(t)}" for q, t in m["sampled_slowest"]))
        if m["open_s"] > 0.5:  # a catalogue made before schema 4 gets its query indexes on first open
            notes.append(f"{c}: {m['open_s']:.1f} s")
        found = f"{min(m['found']):,}-{max(m['found']):,} rows"
        lists = m["lists"]
        built = f"built now in {lists['seconds']:.0f} s" if lists["rebuilt"] else f"already fresh (built {lists['built_at']} in {lists['build_seconds']:.0f} s)"  # fmt: skip
        same = sum(a["tie_same"] for a in m["agree"])
        pairs = m["pairs"]
        if pairs.get("built"):
            built += f"; {m['whole'][0]:,} whole word rankings ({m['whole'][1] / 1e6:.0f} MB); word pairs: {pairs['pairs']:,} pairs, " + (f"built now in {pairs['seconds']:.0f} s" if pairs.get("rebuilt") else f"already fresh (built in {pairs['build_seconds']:.0f} s)")  # fmt: skip
        else:
            built += f"; {m['whole'][0]:,} whole word rankings; no word pairs (made from 50,000 documents)"
        lists_notes.append(f"{c}: {lists['lists']:,} lists, {built}; top 20 the same as FTS5 alone (up to ties at the last score) for {same:.0f} of {len(m['agree'])} queries, mean overlap {100 * sum(a['overlap'] for a in m['agree']) / len(m['agree']):.1f}%; citation totals of {m['counts']['works']:,} much cited works " + (f"counted now in {m['counts']['seconds']:.1f} s" if m["counts"]["rebuilt"] else "already current"))  # fmt: skip
        rows += [
            [
                c,
                f"ranked search top 20 (`search.search`, {m['queries']} queries x 5)",
                ms(med(m["search"])),
                ms(p95(m["search"])),
                ratio(med(m["search"]), med(m["fts_common"])),
            ],  # fmt: skip
            [
                c,
                f"ranked search top 20, sampled queries (`search.search`: {len(m['sampled_queries']) // 4} words and {len(m['sampled_queries']) // 4} adjacent word pairs from random documents, each also without diacritics, x 5)",
                ms(med(m["sampled"])),
                ms(p95(m["sampled"])),
                ratio(med(m["sampled"]), med(m["fts_common"])),
            ],  # fmt: skip
            [
                c,
                f"... the same queries without the champion lists (FTS5 ranks every match, {m['queries']} queries x 2)",
                ms(med(m["plain"])),
                ms(p95(m["plain"])),
                ratio(med(m["plain"]), med(m["fts_common"])),
            ],  # fmt: skip
            [
                c,
                f"reference: FTS5 top-20 by rank for '{m['common']}' ({m['df'][m['common']]:,} documents)",
                ms(med(m["fts_common"])),
                ms(p95(m["fts_common"])),
                "",
            ],  # fmt: skip
            [
                c,
                f"reference: FTS5 counting the matches of '{m['common']}', no ranking",
                ms(med(m["fts_count"])),
                ms(p95(m["fts_count"])),
                "",
            ],  # fmt: skip
            [
                c,
                f"reference: FTS5 selective '{m['rare']}' ({m['df'][m['rare']]:,} documents)",
                ms(med(m["fts_rare"])),
                ms(p95(m["fts_rare"])),
                "",
            ],  # fmt: skip
            [c, "number look-up (`search` with a number, 20 numbers x 3)", ms(med(m["num"])), ms(p95(m["num"])), ""],
            [
                c,
                f"transitive cites, depth 3, first 200 rows (`cited_by(limit=200)`, what `vanban cites` shows; 5 most cited works, {found})",
                ms(med(m["page"])),
                ms(p95(m["page"])),
                ratio(med(m["page"]), med(m["cte"])),
            ],  # fmt: skip
            [
                c,
                "... the total (`count_cited_by`, for '... và N văn bản khác')",
                ms(med(m["total"])),
                ms(p95(m["total"])),
                ratio(med(m["total"]), med(m["cte"])),
            ],  # fmt: skip
            [
                c,
                "... every row (`cited_by`, `--limit 0`)",
                ms(med(m["all"])),
                ms(p95(m["all"])),
                ratio(med(m["all"]), med(m["cte"])),
            ],  # fmt: skip
            [
                c,
                f"reference: recursive CTE over {m['edges']:,} citation edges, depth 3 (counts the works reached)",
                ms(med(m["cte"])),
                ms(p95(m["cte"])),
                "",
            ],  # fmt: skip
        ]
        if n == max(dbs):
            rep.goal(f"At {c} documents: ranked top-20 p95 under 50 ms (words and phrases, with and without diacritics)", f"`search.search` p95 {ms(p95(m['search']))} ms for the {m['queries']} fixed queries, {ms(p95(m['sampled']))} ms for the {len(m['sampled_queries'])} sampled ones (counting the matches of '{m['common']}' alone: {ms(med(m['fts_count']))} ms)", p95(m["search"]) < 0.05 and p95(m["sampled"]) < 0.05)  # fmt: skip
            rep.goal("... exact number look-up under 5 ms", f"p95 {ms(p95(m['num']))} ms", p95(m["num"]) < 0.005)
            rep.goal('... transitive "cites" under 100 ms', f"p95 first page {ms(p95(m['page']))} ms; with the total {ms(p95(m['total']))} ms more ({max(m['found']):,} rows for the most cited work)", p95(m["page"]) < 0.1)  # fmt: skip
    rep.p(
        f"Fixed queries: {', '.join(WORD_QUERIES)}, each also without diacritics (common expressions, most of them with a champion"
        " list); sampled queries: single words and adjacent word pairs drawn from random documents of each catalogue (seeded,"
        " `sampled_queries`), each also without diacritics, as people type them. Top 20. Times in ms.\n"
    )
    rep.p("Slowest sampled queries (median ms): " + "; ".join(slowest) + ".\n")
    rep.table(["catalogue", "query", "median", "p95", "vanban / reference"], rows)
    rep.p("Catalogues made before schema 4 got their query indexes on first open in: " + ("; ".join(notes) or "–") + ".")
    rep.p(
        "Counted ahead of time (`precomputed.refresh`: champion lists, the best documents of frequent words and phrases; the whole rankings of the most frequent words; the index of adjacent word pairs; totals of much cited works): "
        + "; ".join(lists_notes)
        + "."
    )


# ---- the 100,000 catalogue ---------------------------------------------------------------------------


def replicate(src: Path, dst: Path, copies: int) -> None:
    """A catalogue of `copies` x the documents of `src`: the extracted records of `src` and renumbered copies.

    Copy k gets ids '<sha>-k', numbers N/... -> (N + 10000k)/..., its own works, and citations that point at
    its own copies of the works, except citations of the 20 most cited works, which keep pointing at the
    originals (national documents every copy cites), so the citation graph has hubs across the whole catalogue."""
    from vanban.catalogue import open_db
    from vanban.catalogue.ranked import ensure_exact_index

    shutil.copyfile(src, dst)
    for suffix in ("-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    db = open_db(dst)
    ensure_exact_index(db)
    con = db.conn
    cols = [r[1] for r in con.execute("pragma table_info(documents)")]
    hubs = [r[0] for r in con.execute("select work_id from citations where work_id is not null group by work_id order by count(*) desc limit 20")]  # fmt: skip
    con.execute("create temp table hubs(id text primary key)")
    con.executemany("insert into hubs values (?)", [(h,) for h in hubs])

    def renum(col: str, k: int) -> str:
        return f"case when {col} glob '[0-9]*/*' then (cast(substr({col}, 1, instr({col}, '/') - 1) as integer) + {10000 * k}) || substr({col}, instr({col}, '/')) else {col} end"  # fmt: skip

    for k in range(1, copies):
        sel = {c: c for c in cols}
        sel.update({"id": f"id || '-{k}'", "path": f"path || '#{k}'", "number": renum("number", k), "number_key": renum("number_key", k), "work_key": f"work_key || '#{k}'"})  # fmt: skip
        con.execute("begin")
        con.execute(f"insert into documents ({', '.join(cols)}) select {', '.join(sel[c] for c in cols)} from documents where id not like '%-%'")  # fmt: skip
        con.execute(f"insert into works select id || '#{k}', {renum('number', k)}, {renum('number_key', k)}, doc_type, issuer, year, date, title, is_stub from works where is_stub = 0 and id not like '%#%'")  # fmt: skip
        con.execute(
            f"insert into document_works select doc_id || '-{k}', work_id || '#{k}' from document_works where doc_id not like '%-%'"
        )
        con.execute(
            f"""insert into citations select doc_id || '-{k}:' || seq, doc_id || '-{k}', seq, text,
                case when work_id in (select id from hubs) then number else {renum("number", k)} end,
                case when work_id in (select id from hubs) then number_key else {renum("number_key", k)} end,
                doc_type, date, issuer, title, relation, eli_relation, span_start, span_end,
                case when work_id is null or work_id in (select id from hubs) or work_id not in (select id from works where is_stub = 0)
                     then work_id else work_id || '#{k}' end, resolution
                from citations where doc_id not like '%-%'"""
        )
        con.execute("commit")
        print(f"   copy {k} of {copies - 1}", file=sys.stderr, flush=True)
    con.execute("insert into documents_fts(documents_fts) values('optimize')")
    con.execute("insert into documents_exact(documents_exact) values('optimize')")
    con.close()


# ---- main ----------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="ingest 10,000 and 100,000 generated files completely (hours)")
    ap.add_argument("--quick", action="store_true", help="1,000 documents only")
    ap.add_argument("--budget", type=float, default=8.0, help="minutes allowed to each ingest above 1,000 documents")
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench.md"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.time()
    load0 = os.getloadavg()
    rep = Report()
    sizes = [1000] if args.quick else ([1000, 10_000, 100_000] if args.full else [1000, 10_000])
    corpora = {}
    for n in sizes:
        t = time.perf_counter()
        corpora[n] = gen.make_corpus(OUT / f"corpus-{n}", n, log=True)
        print(f"   corpus of {n}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_section(rep, corpora[1000], Path(tmp))
        docx_section(rep, corpora[1000])
        size_section(rep, Path(tmp))
    process_section(rep)
    dbs = ingest_section(rep, corpora, args.full, args.budget)
    made = []
    for n in [] if args.quick else [10_000, 100_000]:
        if n not in dbs:
            t = time.perf_counter()
            dbs[n] = OUT / f"catalogue-{n}-replicated.db"
            replicate(dbs[1000], dbs[n], n // 1000)
            made.append(f"{n:,} ({time.perf_counter() - t:.0f} s)")
    if made:
        rep.p(
            "\nCatalogues of " + " and ".join(made) + " documents for the writer's cost and section 6 were made from the 1,000"
            " ingested documents and renumbered copies (`replicate`: real extracted records, citations of the 20 most cited works"
            " shared by every copy); `--full` ingests the generated files instead."
        )
    writer_section(rep, dbs)
    query_section(rep, dbs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    head = [
        "# vanban benchmark",
        "",
        f"`make bench` ({' '.join(sys.argv[1:]) or 'default'}), commit {commit}, {time.strftime('%Y-%m-%d %H:%M')} UTC, "
        f"{os.cpu_count()} cores, {platform.python_version()}, load average {load0[0]:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end (other work on the machine slows every figure), {(time.time() - started) / 60:.0f} minutes.",
        "",
        "## Goals of issue 8",
        "",
        "| goal | measured | met |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rep.goals],
    ]
    Path(args.out).write_text("\n".join(head) + "\n" + "\n".join(rep.parts) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
