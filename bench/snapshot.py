"""Records of every corpus file, saved once and compared after each change (extraction must not drift).

    .venv/bin/python bench/snapshot.py save  [DIR]     # write DIR/<file>.json for corpus/ and 320 generated files (default outputs/snapshot)
    .venv/bin/python bench/snapshot.py check [DIR]     # extract again and list every file whose record differs

Scans (PDFs with no text layer) are recorded by their error; they would need --ocr. Each file is
extracted in this process with `extract_file`, the same function `vanban extract` runs in its worker.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


GENERATED = ROOT / "outputs" / "bench" / "corpus-1000" / "000"  # bench/corpus.py's documents, where generated


def corpus_files() -> list[Path]:
    real = sorted(p for p in (ROOT / "corpus").rglob("*") if p.is_file() and p.name != "SOURCES.md")
    size = sorted((ROOT / "outputs" / "bench" / "size").glob("size*.*"))  # bench/extract_speed.py's plans
    return real + sorted(GENERATED.glob("*.*"))[:320] + size


def record_of(path: Path) -> str:
    from vanban.errors import UnreadableDocument
    from vanban.extract.pipeline import extract_file

    try:
        rel = path.relative_to(ROOT)
        return json.dumps(extract_file(rel).model_dump(mode="json"), ensure_ascii=False, indent=1, sort_keys=True)
    except UnreadableDocument as e:
        return json.dumps({"error": type(e).__name__, "message": str(e)}, ensure_ascii=False)


def key(path: Path) -> str:
    return str(path.relative_to(ROOT)).replace("/", "__") + ".json"


def main() -> int:
    import os

    os.chdir(ROOT)
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "outputs" / "snapshot"
    out.mkdir(parents=True, exist_ok=True)
    differ = 0
    t0 = time.perf_counter()
    files = corpus_files()
    for path in files:
        rec = record_of(path)
        target = out / key(path)
        if mode == "save":
            target.write_text(rec, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != rec:
            differ += 1
            print(f"DIFFERS: {path.relative_to(ROOT)}")
            (out / (key(path) + ".new")).write_text(rec, encoding="utf-8")
    n = len(files)
    print(f"{mode}: {n} files, {differ} differ, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
