"""The quality gate (trafilatura's eval gate): per-field scores on the gold sets must not fall
below the floors in tests/gold/floors.json. Extraction runs in-process, scored with the shared
scorer's own field rules (tests/gold/score.py, a copy of ../shared/tools/score.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))


def _scorer():
    spec = importlib.util.spec_from_file_location("vanban_gold_score", GOLD / "score.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def score(gold_set: str) -> dict[str, float]:
    """Per-field scores of the in-process extractor on one gold set ('seeds' or 'real')."""
    from vanban import extract_file
    from vanban.errors import UnreadableDocument

    sc = _scorer()
    tally = sc.Tally()
    with tempfile.TemporaryDirectory() as td:
        # gold `file` paths are relative to shared/, whose corpus/ files are copied into corpus/
        for name, path, gold in sc.load_gold(GOLD / gold_set, ROOT, Path(td)):
            try:
                rec = extract_file(path).model_dump(mode="json")
            except UnreadableDocument:
                rec = {}
            sc.score_doc(gold, rec, name, tally)
    return {f: tally.hit[f] / tally.tot[f] for f in tally.tot if tally.tot[f]}


@pytest.mark.parametrize("gold_set", ["seeds", "real"])
def test_floors(gold_set):
    scores = score(gold_set)
    below = {
        f: (round(scores.get(f, 0.0), 3), floor) for f, floor in FLOORS[gold_set].items() if scores.get(f, 0.0) + 1e-9 < floor
    }
    assert not below, f"fields below their floor (score, floor): {below}"


if __name__ == "__main__":
    # python3 tests/test_quality_gate.py [--raise]: print scores beside floors; --raise lifts floors to the scores
    sys.path.insert(0, str(ROOT))
    for gs in ("seeds", "real"):
        s = score(gs)
        for f in sorted(s):
            print(f"{gs:<6} {f:<22} {s[f]:.3f}  floor {FLOORS[gs].get(f, '-')}")
            if "--raise" in sys.argv:
                FLOORS[gs][f] = max(FLOORS[gs].get(f, 0.0), int(s[f] * 1000) / 1000)
    if "--raise" in sys.argv:
        (GOLD / "floors.json").write_text(
            json.dumps(FLOORS, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
