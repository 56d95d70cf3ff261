"""Champion lists against FTS5 alone: the same ranked search asked both ways on a catalogue.

    .venv/bin/python bench/ranking_overlap.py CATALOGUE [--queries 60] [--tail 1000 --tail 5000]

The queries are chosen from the catalogue itself, independently of section 6's list: words drawn at
random from the frequent vocabulary of the diacritics-keeping index, and adjacent word pairs drawn
from a random sample of documents (another seed than the lists' own sample), each asked as written
and without diacritics. For each, `ranked.search` with the lists and without (`use_lists=False`)
are compared: the same documents (`same`), the same documents up to ties at the page's last score
(`tie_same`: the same scores, and the same documents above the last score; FTS5 orders equal scores
as it finds them), the share of the plain top 20 found in the listed top 20 (`overlap`), and the same
counting a copy of a document as the document (`content_overlap`: the generated catalogues are made of
copies, which score alike).
With `--tail N`, N copies of random documents are written as new documents in a transaction that is
rolled back afterwards (the catalogue is left as it was), and the comparison is made again.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sample_queries(db: Any, n: int, seed: int = 7) -> list[str]:
    """`n` frequent words and `n` frequent adjacent pairs of the catalogue, each also without diacritics."""
    from vanban.extract.normalise import fold, unaccent

    rng = random.Random(seed)
    total = db.execute("select count(*) from documents").fetchone()[0]
    db.execute("create virtual table if not exists temp.overlap_vocab using fts5vocab(main, documents_exact, 'row')")
    vocab = [
        r[0]
        for r in db.execute("select term from temp.overlap_vocab where doc >= ? and length(term) > 1", [max(20, total // 50)])
    ]
    words = rng.sample(sorted(vocab), min(n, len(vocab)))
    lo, hi = db.execute("select min(rowid), max(rowid) from documents").fetchone()
    picks = rng.sample(range(lo, hi + 1), min(300, hi - lo + 1))
    pairs: dict[str, int] = {}
    for (text,) in db.execute(f"select text from documents where rowid in ({','.join(map(str, picks))})"):
        ws = re.findall(r"\w+", fold(text or ""))
        for p in {f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False) if len(a) > 1 and len(b) > 1}:
            pairs[p] = pairs.get(p, 0) + 1
    common = sorted(p for p, k in pairs.items() if k >= 15)
    phrases = rng.sample(common, min(n, len(common)))
    qs = words + phrases
    return qs + [unaccent(q) for q in qs if unaccent(q) != q]


def compare(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> dict[str, float]:
    ids_a, ids_b = [r["id"] for r in a], [r["id"] for r in b]
    same = ids_a == ids_b
    scores_a, scores_b = [r["score"] for r in a], [r["score"] for r in b]
    tie_same = scores_a == scores_b
    if tie_same and scores_a:
        last = scores_a[-1]
        tie_same = {r["id"] for r in a if r["score"] != last} == {r["id"] for r in b if r["score"] != last}
    overlap = len(set(ids_a) & set(ids_b)) / len(ids_b) if ids_b else 1.0
    base_a, base_b = Counter(_base(i) for i in ids_a), Counter(_base(i) for i in ids_b)
    content = sum((base_a & base_b).values()) / len(ids_b) if ids_b else 1.0
    return {"same": float(same), "tie_same": float(tie_same or same), "overlap": overlap, "content_overlap": content}


def _base(doc_id: str) -> str:
    """The document a copy was made from: the generated catalogues copy documents ('<sha>-3', '<sha>-tail9'),
    and FTS5 orders equal scores as it finds them, so which copy of a document is shown is arbitrary."""
    return doc_id.split("-")[0]


def measure(db: Any, qs: list[str], limit: int = 20, runs: int = 3) -> dict[str, Any]:
    from vanban.catalogue.ranked import search

    rows: list[dict[str, float]] = []
    t_list: list[float] = []
    t_plain: list[float] = []
    worst: list[tuple[float, str]] = []
    for q in qs:
        listed = search(db, q, limit=limit)
        plain = search(db, q, limit=limit, use_lists=False)
        c = compare(listed, plain)
        rows.append(c)
        worst.append((c["overlap"], q))
        for _ in range(runs):
            t = time.perf_counter()
            search(db, q, limit=limit)
            t_list.append(time.perf_counter() - t)
        t = time.perf_counter()
        search(db, q, limit=limit, use_lists=False)
        t_plain.append(time.perf_counter() - t)
    return {
        "queries": len(qs),
        "same": statistics.mean(r["same"] for r in rows),
        "tie_same": statistics.mean(r["tie_same"] for r in rows),
        "overlap": statistics.mean(r["overlap"] for r in rows),
        "content_overlap": statistics.mean(r["content_overlap"] for r in rows),
        "min_content_overlap": min(r["content_overlap"] for r in rows),
        "min_overlap": min(worst),
        "list_ms": (statistics.median(t_list) * 1000, sorted(t_list)[int(0.95 * (len(t_list) - 1))] * 1000),
        "plain_ms": (statistics.median(t_plain) * 1000, sorted(t_plain)[int(0.95 * (len(t_plain) - 1))] * 1000),
    }


def add_tail(db: Any, n: int, seed: int = 11) -> None:
    """Write `n` copies of random documents as new documents (new id, path and rowid)."""
    cols = [r[1] for r in db.execute("pragma table_info(documents)")]
    lo, hi = db.execute("select min(rowid), max(rowid) from documents").fetchone()
    picks = random.Random(seed).sample(range(lo, hi + 1), n)
    sel = ", ".join({"id": "id || '-tail' || rowid", "path": "path || '#tail'"}.get(c, c) for c in cols)
    for i in range(0, n, 500):
        chunk = picks[i : i + 500]
        db.execute(
            f"insert into documents ({', '.join(cols)}) select {sel} from documents where rowid in ({','.join(map(str, chunk))})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("catalogue")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--tail", type=int, action="append", default=[])
    args = ap.parse_args()
    from vanban.catalogue import open_db

    db = open_db(args.catalogue)
    qs = sample_queries(db, args.queries)
    print(f"{len(qs)} queries, e.g. {qs[:3]} ... {qs[-3:]}")
    print("fresh:", measure(db, qs))
    for n in args.tail:
        db.execute("begin")
        t = time.perf_counter()
        add_tail(db, n)
        print(f"tail of {n:,} written in {time.perf_counter() - t:.1f} s (rolled back afterwards)")
        print(f"tail {n:,}:", measure(db, qs))
        db.execute("rollback")


if __name__ == "__main__":
    main()
