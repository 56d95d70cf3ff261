"""Ingest the same files with --workers N and on a local Dask cluster of N worker processes; prints a table.

    .venv/bin/python bench/dask_ingest.py [FILES=300] [N=2]

Uses the first FILES files of outputs/bench/corpus-1000 (make it with bench/corpus.py or `make bench`), copied
to a temporary folder. The Dask cluster listens on loopback only. On one machine Dask adds the cost of shipping
bytes and records; it pays where reading dominates and more machines are available (OCR of scans).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANBAN = Path(sys.executable).with_name("vanban")


def ingest(folder: Path, db: Path, *extra: str) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run([str(VANBAN), "ingest", str(folder), "--db", str(db), "-q", *extra], capture_output=True, text=True)
    return time.perf_counter() - t, (out.stdout.strip().splitlines() or [out.stderr.strip()])[-1]


def main(files: int, n: int) -> None:
    from distributed import LocalCluster

    src = ROOT / "outputs" / "bench" / "corpus-1000"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for p in sorted(src.rglob("*"))[: files * 2]:
            if p.suffix in (".txt", ".docx", ".pdf") and len(list(folder.iterdir())) < files:
                shutil.copy(p, folder / p.name)
        rows = []
        s, summary = ingest(folder, Path(tmp) / "w.db", "--workers", str(n))
        rows.append((f"--workers {n}", s, summary))
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
            s, summary = ingest(folder, Path(tmp) / "d.db", "--dask", cluster.scheduler_address)
            rows.append((f"--dask (LocalCluster, {n} workers)", s, summary))
        print("| ingest | seconds | docs/s | summary |\n|---|---|---|---|")
        for name, s, summary in rows:
            print(f"| {name} | {s:.0f} | {files / s:.1f} | {summary} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 2)
