"""Fuzz vanban's readers and extractors for a fixed time budget (`make fuzz`).

Two targets share the budget:

* text: hypothesis generates arbitrary and document-like texts (tests/test_properties.py strategies)
  and `extract_text` must return a record whose spans lie inside its text, never raise;
* files: real documents (corpus/, tests/hostile/files/) are mutated (bytes flipped, cut, spliced,
  repeated; .docx parts mutated and re-zipped) and each mutant is extracted in a bounded worker
  (vanban.extract.limits): a record or UnreadableDocument is fine, anything else (an internal error,
  a crash of the reader, a time-out) is a finding.

Findings are written to --out (the input plus a note) and the exit status is 1 if there are any.

    python scripts/fuzz.py --budget 120 --out outputs/fuzz
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_GLOBS = [
    "corpus/seeds/*.txt",
    "corpus/parents/*.txt",
    "corpus/real/*.docx",
    "corpus/real/*.html",
    "corpus/real/ocrvbhc__vht534*.pdf",
    "corpus/real/ocrvbhc__05.signed*.pdf",
    "corpus/real/hpqlvb__QD9UB1.DOC",
    "tests/hostile/files/*",
]


def seeds() -> list[Path]:
    out: list[Path] = []
    for pattern in SEED_GLOBS:
        out += sorted(p for p in ROOT.glob(pattern) if p.is_file() and p.stat().st_size > 0)
    return out


# ---- mutations -----------------------------------------------------------------------------------

INTERESTING = [b"\x00", b"\xff", b"<", b">", b"&", b"%PDF-", b"obj", b"endobj", b"stream", b"/Encrypt", b"\n", b"\r", b"\xef\xbb\xbf", "đ".encode(), b"<w:tbl>", b"<!DOCTYPE x>"]  # fmt: skip


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not b:
            b += rng.randbytes(16)
        op = rng.randrange(7)
        i = rng.randrange(len(b))
        if op == 0:  # flip bits
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # random bytes
            n = rng.randint(1, 64)
            b[i : i + n] = rng.randbytes(n)
        elif op == 2:  # cut
            del b[i : i + rng.randint(1, max(1, len(b) // 8))]
        elif op == 3:  # truncate
            del b[i:]
        elif op == 4:  # repeat a chunk
            j = min(len(b), i + rng.randint(1, 256))
            b[i:i] = bytes(b[i:j]) * rng.randint(2, 50)
        elif op == 5:  # insert an interesting token
            b[i:i] = rng.choice(INTERESTING)
        else:  # splice from elsewhere
            j = rng.randrange(len(b))
            b[i : i + 32] = b[j : j + 32]
    return bytes(b)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part of a .docx and zip it again, so the mutation reaches the XML parser."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:
        return mutate_bytes(data, rng)
    xml = [n for n in parts if n.endswith(".xml")] or list(parts)
    name = "word/document.xml" if "word/document.xml" in parts and rng.random() < 0.7 else rng.choice(xml)
    text = parts[name]
    if rng.random() < 0.5:
        text = mutate_bytes(text, rng)
    else:  # structural: duplicate, drop or nest an element span
        s, e = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        chunk = text[s:e]
        text = rng.choice([text[:s] + text[e:], text[:e] + chunk * rng.randint(2, 20) + text[e:], text[:s] + b"<w:tbl><w:tr><w:tc>" + chunk + b"</w:tc></w:tr></w:tbl>" + text[e:]])  # fmt: skip
    parts[name] = text
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    return out.getvalue()


# ---- targets ---------------------------------------------------------------------------------------


def fuzz_files(budget: float, rng: random.Random, out: Path, timeout: float) -> tuple[Counter[str], list[str]]:
    from vanban.extract.limits import Limits, measure
    from vanban.extract.pipeline import extract_file

    pool = seeds()
    counts: Counter[str] = Counter()
    findings: list[str] = []
    limits = Limits(timeout=timeout, memory_mb=2048)
    deadline = time.monotonic() + budget
    with tempfile.TemporaryDirectory(prefix="vanban-fuzz-") as tmp:
        while time.monotonic() < deadline:
            seed = rng.choice(pool)
            data = seed.read_bytes()
            mutant = mutate_docx(data, rng) if data[:2] == b"PK" and rng.random() < 0.7 else mutate_bytes(data, rng)
            path = Path(tmp) / f"mutant{seed.suffix.lower()}"
            path.write_bytes(mutant)
            result, stats = measure(extract_file, str(path), limits=limits)
            counts[stats.ended] += 1
            if stats.ended in ("ok", "refused"):
                continue
            n = len(findings)
            saved = out / f"finding-{n:03d}{seed.suffix.lower()}"
            saved.write_bytes(mutant)
            note = {
                "seed": str(seed.relative_to(ROOT)),
                "ended": stats.ended,
                "message": str(result),
                "seconds": round(stats.seconds, 2),
            }
            saved.with_suffix(saved.suffix + ".json").write_text(json.dumps(note, ensure_ascii=False, indent=2))
            findings.append(f"{saved.name}: {stats.ended}: {result} (from {note['seed']})")
    return counts, findings


def _checker(name: str, last: list[str], counts: Counter[str], check_record: Callable[[str], None]) -> Callable[[str], None]:
    def check(text: str) -> None:
        last[:] = [text]
        check_record(text)
        counts[name] += 1

    return check


def fuzz_text(budget: float, rng: random.Random, out: Path) -> tuple[Counter[str], list[str]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hyp_seed

    from tests.test_properties import _check_record, any_text, document, mutated

    counts: Counter[str] = Counter()
    findings: list[str] = []
    deadline = time.monotonic() + budget
    strategies = {"arbitrary": any_text, "document": document, "damaged": mutated}
    while time.monotonic() < deadline:
        name = rng.choice(list(strategies))
        last: list[str] = []
        check = _checker(name, last, counts, _check_record)
        run = settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))(given(strategies[name])(check))  # fmt: skip
        try:
            hyp_seed(rng.randrange(2**32))(run)()
        except Exception as e:
            n = len(findings)
            saved = out / f"finding-text-{n:03d}.txt"
            saved.write_text(last[0] if last else "", encoding="utf-8")
            findings.append(f"{saved.name}: {e.__class__.__name__}: {str(e).splitlines()[0][:200]}")
    return counts, findings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=float, default=120, help="seconds in all (default 120)")
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "fuzz", help="where findings are written")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds allowed per mutated file (default 60)")
    ap.add_argument("--targets", default="text,files", help="comma-separated: text, files")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    args.out.mkdir(parents=True, exist_ok=True)
    targets = [t for t in args.targets.split(",") if t]
    share = args.budget / len(targets)
    warnings.simplefilter("ignore")
    print(f"fuzzing {', '.join(targets)} for {args.budget:g} s (seed {seed})", flush=True)
    findings: list[str] = []
    for target in targets:
        started = time.monotonic()
        if target == "files":
            counts, found = fuzz_files(share, rng, args.out, args.timeout)
        elif target == "text":
            counts, found = fuzz_text(share, rng, args.out)
        else:
            ap.error(f"unknown target {target}")
        findings += found
        runs = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        print(
            f"{target}: {sum(counts.values())} runs in {time.monotonic() - started:.0f} s ({runs}); {len(found)} findings",
            flush=True,
        )
    for f in findings:
        print(f"FINDING {f}")
    print("clean" if not findings else f"{len(findings)} findings written to {args.out}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
