"""Extraction time per document, as bench/run.py sections 2 and 3 measure it, in seconds rather than minutes.

    .venv/bin/python bench/extract_speed.py            # medians for the size plans and the real/generated .docx
    .venv/bin/python bench/extract_speed.py --profile FILE   # cProfile of extract_file on FILE (top 40 by cumulative time)
    .venv/bin/python bench/extract_speed.py --sample 200     # mean/median per type over 200 files of the generated corpus-1000
    .venv/bin/python bench/extract_speed.py --process        # `vanban extract` as a whole process (bench/run.py section 4)

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


def sample_files(n: int) -> list[Path]:
    """Every (1000 // n)-th file of the generated corpus-1000 (its mix of types: 45% docx, 25% pdf, 30% txt)."""
    files = sorted((ROOT / "outputs" / "bench" / "corpus-1000" / "000").glob("*.*"))
    step = max(1, len(files) // n)
    return files[::step][:n]


def sample(n: int, runs: int) -> None:
    """Per-type mean and median of the in-process extraction (best of `runs` per file, so load spikes weigh less)."""
    from vanban.errors import UnreadableDocument
    from vanban.extract.pipeline import extract_file

    files = sample_files(n)
    per: dict[str, list[float]] = {}
    print(f"load: {os.getloadavg()[0]:.2f}")
    for path in files:
        best = float("inf")
        for _ in range(runs):
            t = time.perf_counter()
            try:
                extract_file(path)
            except UnreadableDocument:
                pass
            best = min(best, time.perf_counter() - t)
        per.setdefault(path.suffix[1:], []).append(best * 1000)
    every = [x for v in per.values() for x in v]
    for kind, xs in [*sorted(per.items()), ("all", every)]:
        print(
            f"{kind:>5}: n={len(xs):4d} mean {statistics.mean(xs):6.2f} ms  median {statistics.median(xs):6.2f} ms  max {max(xs):7.1f} ms"
        )
    print(f"load: {os.getloadavg()[0]:.2f}")


def process(runs: int) -> None:
    """`vanban extract` as a whole process, with compiled bytecode kept apart (as bench/run.py section 4 runs it)."""
    import subprocess

    vanban = ROOT / ".venv" / "bin" / "vanban"
    small = ROOT / "corpus" / "parents" / "135-KH-TLD-2021.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "outputs" / "bench" / "pycache")
    commands = [
        ("import vanban.cli", [sys.executable, "-c", "import vanban.cli"]),
        (f"vanban extract {small.name}", [str(vanban), "extract", str(small)]),
    ]
    print(f"load: {os.getloadavg()[0]:.2f}")
    for label, cmd in commands:
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - t)
        print(f"{label}: median {statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms ({runs} runs)")
    print(f"load: {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", metavar="FILE")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--top", type=int, default=45)
    ap.add_argument("--sample", type=int, metavar="N", help="per-type figures over N files of the generated corpus")
    ap.add_argument("--process", action="store_true", help="whole-process `vanban extract` timings")
    args = ap.parse_args()
    if args.sample:
        sample(args.sample, args.runs)
        return
    if args.process:
        process(args.runs)
        return
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
