"""Extraction time per document, as bench/run.py sections 2 and 3 measure it, in seconds rather than minutes.

    .venv/bin/python bench/extract_speed.py            # medians for the size plans and the real/generated .docx
    .venv/bin/python bench/extract_speed.py --profile FILE   # cProfile of extract_file on FILE (top 40 by cumulative time)

The size plans (one plan cut to 1-50 pages, as in section 3) are written once to outputs/bench/size/.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import corpus as gen  # noqa: E402  (bench/corpus.py)

SIZE = ROOT / "outputs" / "bench" / "size"


def size_plans(pages_list: tuple[int, ...] = (1, 2, 5, 10, 20, 50)) -> dict[tuple[int, str], Path]:
    """The plans of bench/run.py's size section (same generator seed), written once."""
    SIZE.mkdir(parents=True, exist_ok=True)
    g = gen.Generator(seed=99)
    longest = max(range(len(g.m.bodies)), key=lambda i: sum(len(x) for x in g.m.bodies[i]))
    out = {}
    for pages in pages_list:
        d = g.doc(pages, chars=pages * gen.CHARS_PER_PAGE, body_source=longest)
        d.doc_type, d.code = "Kế hoạch", "KH"
        for fmt in ("txt", "docx", "pdf"):
            path = SIZE / f"size{pages}.{fmt}"
            if not path.exists():
                if fmt == "txt":
                    path.write_text(gen.render_txt(d), encoding="utf-8")
                elif fmt == "docx":
                    gen.write_docx(d, path)
                else:
                    gen.write_pdf(d, path)
            out[(pages, fmt)] = path
    return out


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", metavar="FILE")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--top", type=int, default=45)
    args = ap.parse_args()
    from vanban.extract.pipeline import extract_file

    plans = size_plans()
    if args.profile:
        path = Path(args.profile)
        extract_file(path)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.runs):
            extract_file(path)
        prof.disable()
        pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)
        return
    extract_file(plans[(1, "txt")])
    print(f"load: {os.getloadavg()[0]:.2f}")
    for pages in (1, 2, 5, 10, 20, 50):
        row = [f"{pages:>3} pages"]
        for fmt in ("txt", "docx", "pdf"):
            row.append(f"{fmt} {median_ms(lambda p=plans[(pages, fmt)]: extract_file(p), args.runs):7.1f} ms")
        print("  ".join(row), flush=True)
    real = sorted((ROOT / "corpus" / "real").glob("*.docx"))
    gen_docx = sorted((ROOT / "outputs" / "bench" / "corpus-1000" / "000").glob("*.docx"))[:30]
    for label, files in (("real docx", real), ("generated docx", gen_docx)):
        per = [median_ms(lambda p=p: extract_file(p), 3) for p in files]
        print(f"{label}: n={len(files)} median {statistics.median(per):.1f} ms, max {max(per):.1f} ms")
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
