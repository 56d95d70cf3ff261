"""The exact phrase of two frequent words, ranked from an index of adjacent word pairs, exactly as FTS5.

FTS5 answers the phrase "a b" by walking the position lists of every document holding both words, twice
(once to count the phrase's documents for BM25's IDF, once to rank them), whatever the phrase's own count:
30-150 ms at 100,000 documents for two frequent words that rarely stand together ("điều quy", "định
chức"), 200 ms and more before the pages are cached. A phrase matching 3,000 documents or more has a
champion list (`champions`); the others are answered here.

`phrase_pairs_build.refresh` (called by `precomputed.refresh`, never by the writer) reads every document
up to the last rowid (`built_upto`), cuts it into FTS5's own tokens (`fts5_tokens`) and, for each pair
of adjacent tokens whose words are both in `min_word_docs` documents or more (a rarer word makes the
phrase cheap for FTS5) and that has no champion list, keeps:

- `n`: the documents holding the pair (the phrase's count, which BM25's IDF is made from);
- for its `size` best documents (by BM25 at the build), what BM25 is computed from: the phrase's
  weighted count (title 5, text 1: FTS5 adds a column's weight for each instance) and the document's
  length in tokens (`documents_exact_docsize`);
- for the others (when there are more), the best (count, length) points, from which the most any of
  them can score is computed at query time.

`top` then computes fts5_aux.c's bm25 in Python for those documents (IDF from the phrase's count now,
the average length from the index's own totals now: the same double operations, the same scores to the
last bit), adds the documents written since (`rowid > built_upto`, which FTS5 lists without ranking, so
without its count of the whole phrase) and each document rewritten since (`champions.changed_documents`),
counting their instances in their text, and sorts by (rank, rowid), as FTS5 orders equal ranks. The answer
is FTS5's own ranking; it is used only when it is proven: every document holding the pair is known, or
the page's last score beats the most a document left out can score. Otherwise (a NEAR query, a phrase of
other than two tokens, a word that was rare at the build, more rewritten documents than
`champions.CHANGED_MAX`, the tables missing, a catalogue read-only before its first build) `top` returns
None and the caller asks FTS5.

One approximation is kept, where the champion lists keep theirs: a document rewritten or deleted since
the build that was not among an incomplete pair's kept documents may or may not have held the phrase
then (its old text is gone), and is taken to have done as it does now (a deleted one: not). The phrase's
count can then be off by at most `champions.CHANGED_MAX` until the next build, which moves the scores in
their fourth digit or later and never the order (the IDF is one factor of every document's score). Asking
FTS5 for the count instead costs its walk (20-75 ms at 100,000 documents) on every such query.
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from vanban.catalogue import fts5_tokens
from vanban.catalogue.champions import STATE as CHAMPION_STATE
from vanban.catalogue.champions import changed_documents
from vanban.catalogue.champions_full import passing

PAIRS = "phrase_pairs"
WORDS = "phrase_words"
STATE = "phrase_state"
EXACT = "documents_exact"  # `ranked.EXACT`: the only index whose phrases are kept
K1, B = 1.2, 0.75  # fts5Bm25Function's constants
TITLE_WEIGHT, TEXT_WEIGHT = 5, 1  # `champions.WEIGHTS`, as whole numbers: FTS5 adds them as doubles, exactly


def ensure_tables(db: sqlite_utils.Database) -> None:
    """The index's tables (idempotent). `entries` is NULL for a pair that has a champion list."""
    db.execute(
        f"create table if not exists {PAIRS} (pair text primary key, n integer not null, complete integer not null, entries blob)"
    )
    db.execute(f"create table if not exists {WORDS} (word text primary key) without rowid")
    db.execute(f"create table if not exists {STATE} (key text primary key, value text)")


def champion_stamp(db: sqlite_utils.Database) -> str:
    """When the champion lists were last built (to the second, with the rowid they reached and how long
    they took): their build clears `champion_changed`, which the pairs rely on too, so pairs built before
    another list build are not used."""
    try:
        rows = db.execute(
            f"select key, value from {CHAMPION_STATE} where key in ('built_upto', 'built_at', 'seconds')"
        ).fetchall()
    except sqlite3.OperationalError:
        return "{}"
    return json.dumps(dict(sorted(rows)))


# ---- the stored form -------------------------------------------------------------------------------


def pack(docs: Sequence[int], freqs: Sequence[int], sizes: Sequence[int], bound: Sequence[tuple[int, int]]) -> bytes:
    """One pair's kept documents (rowid, weighted count, length) and the (count, length) points bounding
    the others, as one compressed array of 64-bit integers."""
    values = array("q", [len(docs), *docs, *freqs, *sizes, len(bound), *(f for f, _ in bound), *(d for _, d in bound)])
    if sys.byteorder == "big":
        values.byteswap()
    return zlib.compress(values.tobytes(), 1)


def unpack(blob: bytes) -> tuple[list[int], list[int], list[int], list[tuple[int, int]]]:
    values = array("q")
    values.frombytes(zlib.decompress(blob))
    if sys.byteorder == "big":
        values.byteswap()
    k = values[0]
    docs, freqs, sizes = values[1 : 1 + k].tolist(), values[1 + k : 1 + 2 * k].tolist(), values[1 + 2 * k : 1 + 3 * k].tolist()
    m = values[1 + 3 * k]
    rest = values[2 + 3 * k :].tolist()
    return docs, freqs, sizes, list(zip(rest[:m], rest[m : 2 * m], strict=True))


# ---- BM25 as fts5_aux.c computes it ---------------------------------------------------------------------


def totals(db: sqlite_utils.Database) -> tuple[int, float]:
    """(rows, average length in tokens) of the exact index, from its averages record (`%_data` id 1),
    which is what FTS5's xRowCount and xColumnTotalSize read."""
    block = db.execute(f"select block from {EXACT}_data where id = 1").fetchone()
    values = fts5_tokens.varints(block[0]) if block and block[0] else [0]
    rows = values[0]
    return rows, (float(sum(values[1:])) / float(rows) if rows else 0.0)


def idf(rows: int, hits: int) -> float:
    value = math.log((rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0.0 else 1e-6


def tf_part(freq: float, size: float, avgdl: float) -> float:
    """The part of a phrase's BM25 that depends on the document (fts5Bm25Function, operation for operation)."""
    return (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / avgdl))


def rank(weight: float, freq: float, size: float, avgdl: float) -> float:
    """FTS5's `rank` (bm25: lower is better) of a one-phrase query with IDF `weight`."""
    return -1.0 * (0.0 + weight * tf_part(freq, size, avgdl))


# ---- query time ------------------------------------------------------------------------------------------


def phrase_tokens(match: str) -> tuple[str, str] | None:
    """The two tokens of an FTS5 phrase query '"a b"' as `ranked.tier_parts` writes it; None for
    anything else (NEAR, more or fewer tokens, quotes inside)."""
    if len(match) < 3 or match[0] != '"' or match[-1] != '"' or '"' in match[1:-1]:
        return None
    toks = fts5_tokens.tokens(match[1:-1])
    return (toks[0], toks[1]) if len(toks) == 2 else None


def _state(db: sqlite_utils.Database) -> dict[str, str] | None:
    try:
        state = dict(db.execute(f"select key, value from {STATE}").fetchall())
    except sqlite3.OperationalError:  # a catalogue made before the pairs, or read-only before their first build
        return None
    return state if "built_upto" in state else None


def top(
    db: sqlite_utils.Database,
    index: str,
    match: str,
    limit: int,
    *,
    exclude: Sequence[int] = (),
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[int, float]] | None:
    """The best `limit` (rowid, FTS5 rank) of the phrase `match` on `index`, best first, leaving out the
    rowids in `exclude` and documents failing `where` (conditions on `d.`, with `params`); None when the
    pairs cannot answer, and the caller asks FTS5."""
    if index != EXACT or limit < 1 or db.conn.in_transaction:  # FTS5's totals of a writing transaction are not on disk yet
        return None
    pair = phrase_tokens(match)
    state = _state(db) if pair else None
    if pair is None or state is None or state.get("champions") != champion_stamp(db):
        return None
    changed = changed_documents(db)
    if changed is None:
        return None
    found = db.execute(f"select n, complete, entries from {PAIRS} where pair = ?", [" ".join(pair)]).fetchone()
    if found is None:  # never side by side at the build, or a word too rare to be kept (FTS5 is fast then)
        known = db.execute(f"select count(*) from {WORDS} where word in (?, ?)", list(pair)).fetchone()[0]
        if known < len(set(pair)):
            return None
        found = (0, 1, pack([], [], [], []))
    hits, complete, entries = found
    if entries is None:  # the phrase has a champion list, which could not answer
        return None
    upto = int(state["built_upto"])
    docs, freqs, sizes, bound = unpack(entries)
    kept = set(docs)
    odd = [d for d in json.loads(state.get("odd", "[]")) if d <= upto]  # documents the build could not cut as FTS5
    if (
        odd
        and db.execute(
            f"select 1 from {EXACT} where {EXACT} match ? and rowid in ({','.join('?' * len(odd))})", [match, *odd]
        ).fetchone()
    ):
        return None
    # documents the build does not know: written since (FTS5 lists them: `rowid > upto` walks only those),
    # and rewritten since (their text is read: FTS5's `rowid = d` walks on to the phrase's next match)
    late = [r[0] for r in db.execute(f"select rowid from {EXACT} where {EXACT} match ? and rowid > ?", [match, upto])]
    again = [d for d in changed if d <= upto]
    measured = _measure(db, late, again, pair)
    if measured is None:
        return None
    now = {d for d in again if d in measured}
    # the phrase's count now; a rewritten document neither kept nor known to lack the phrase (the pair is
    # incomplete) is taken to hold it as before (its old text is gone: see the module's docstring)
    hits += len(late) + sum((d in now) - (d in kept) for d in again if d in kept or complete)
    rows, avgdl = totals(db)
    weight = idf(rows, hits)
    skip = set(exclude) | set(changed)
    scored = [(d, rank(weight, f, s, avgdl)) for d, f, s in zip(docs, freqs, sizes, strict=True) if d not in skip]
    scored += [(d, rank(weight, f, s, avgdl)) for d, (f, s) in measured.items() if d not in set(exclude)]
    scored.sort(key=lambda r: (r[1], r[0]))
    if where:
        ok = passing(db, [d for d, _ in scored], where, params)
        scored = [r for r in scored if r[0] in ok]
    page = scored[:limit]
    if complete:
        return page
    if len(page) < limit:  # the kept documents ran out: those left out may follow
        return None
    outside = min((rank(weight, f, s, avgdl) for f, s in bound), default=math.inf)
    return page if page[-1][1] < outside else None


def _measure(
    db: sqlite_utils.Database, late: list[int], again: list[int], pair: tuple[str, str]
) -> dict[int, tuple[int, int]] | None:
    """(weighted count, length) of the phrase in each document of `late` (FTS5 says they hold it) and of
    `again` that holds it (rewritten: cut here, its lengths checked against FTS5's): the count from the
    text, the length as FTS5 recorded it. None when the text is not cut as FTS5 cut it (a count of 0 in
    `late`, other lengths in `again`)."""
    out: dict[int, tuple[int, int]] = {}
    docs = [*late, *again]
    for i in range(0, len(docs), 500):
        chunk = docs[i : i + 500]
        sql = (
            f"select d.rowid, d.title, d.text, s.sz from documents d join {EXACT}_docsize s on s.id = d.rowid "
            f"where d.rowid in ({','.join('?' * len(chunk))})"
        )
        for rowid, title, text, sz in db.execute(sql, chunk):
            lengths = fts5_tokens.varints(sz)
            if rowid in again:
                columns = [fts5_tokens.tokens(title or ""), fts5_tokens.tokens(text or "")]
                if [len(c) for c in columns] != lengths[:2]:
                    return None
                counts = [sum(1 for a, b in zip(c, c[1:], strict=False) if (a, b) == pair) for c in columns]
            else:
                counts = [fts5_tokens.count_pair(title or "", *pair), fts5_tokens.count_pair(text or "", *pair)]
                if not any(counts):
                    return None
            if any(counts):
                out[rowid] = (TITLE_WEIGHT * counts[0] + TEXT_WEIGHT * counts[1], sum(lengths))
    return out if set(late) <= set(out) else None
