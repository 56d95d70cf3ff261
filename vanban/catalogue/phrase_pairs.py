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

A word with two tone placements makes the phrase tier the phrase of each spelling joined by OR ('"xã
hòa" OR "xã hoà"', `ranked`), whose bm25 FTS5 computes as the sum, in the query's order, of each phrase's
IDF (from its own count) times its tf part; a phrase a document lacks adds exactly 0.0. `top` computes
that sum from each spelling's pair (a spelling with a word rare at the build is ranked by FTS5 alone, a
few ms), bounds a document kept for one spelling and not another by what a left-out document of its
length can add, counts the text of those whose bound could still enter the page (best bound first, at
most HOPEFUL_MAX), and proves the page against the sum of the spellings' bounds. Here a rewritten
document's count is not approximated: the spelling's count is asked of FTS5 (one IDF moved and not the
other could change the order).

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
import re
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
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


# The phrase tier of a word with two tone placements (`ranked._exact_phrase`): phrases joined by OR.
_PHRASES_RE = re.compile(
    r"""
    "[^"]+"           # the first phrase, as typed
    (?:\ OR\ "[^"]+")*  # each other spelling
    """,
    re.VERBOSE,
)


def phrase_alternatives(match: str) -> list[tuple[str, str]] | None:
    """The two tokens of each phrase of `match`: one phrase '"a b"', or several joined by OR as
    `ranked.tier_parts` writes the spellings of a phrase ('"xã hòa" OR "xã hoà"'); None for anything else
    (NEAR, a phrase of other than two tokens, the same phrase twice)."""
    if not _PHRASES_RE.fullmatch(match):
        return None
    pairs = [phrase_tokens(f'"{p}"') for p in match[1:-1].split('" OR "')]
    if any(p is None for p in pairs) or len(set(pairs)) < len(pairs):
        return None
    return [p for p in pairs if p is not None]


def _state(db: sqlite_utils.Database) -> dict[str, str] | None:
    try:
        state = dict(db.execute(f"select key, value from {STATE}").fetchall())
    except sqlite3.OperationalError:  # a catalogue made before the pairs, or read-only before their first build
        return None
    return state if "built_upto" in state else None


@dataclass
class _Part:
    """One phrase of the query as the index (or FTS5) knows it: its count at the build, whether every
    document holding it is kept, the kept documents (rowid -> weighted count, length) and the (count,
    length) points bounding the others; `asked`: FTS5's own weighted score (IDF times the tf part) of every
    document holding a phrase of a word rare at the build (FTS5 ranks such a phrase in a few ms)."""

    pair: tuple[str, str]
    hits: int = 0
    complete: bool = True
    kept: dict[int, tuple[int, int]] = field(default_factory=dict)
    bound: list[tuple[int, int]] = field(default_factory=list)
    asked: dict[int, float] | None = None
    weight: float = 0.0
    outside: float = 0.0  # the most a document not kept can add to the score (0 when complete)


def _phrase(pair: tuple[str, str]) -> str:
    return '"' + " ".join(pair) + '"'  # tokens hold no quote


def _part(db: sqlite_utils.Database, pair: tuple[str, str], several: bool) -> _Part | None:
    """The phrase `pair` as the index keeps it; None when it cannot answer."""
    found = db.execute(f"select n, complete, entries from {PAIRS} where pair = ?", [" ".join(pair)]).fetchone()
    if found is None:  # never side by side at the build, or a word too rare to be kept (FTS5 is fast then)
        known = db.execute(f"select count(*) from {WORDS} where word in (?, ?)", list(pair)).fetchone()[0]
        if known == len(set(pair)):
            return _Part(pair)
        if not several:  # the phrase alone: FTS5 ranks it as fast
            return None
        ranked = f"select rowid, rank from {EXACT} where {EXACT} match ? and rank match 'bm25({TITLE_WEIGHT}.0, {TEXT_WEIGHT}.0)'"
        # rank = -1.0 * (0.0 + IDF * tf part): its negation is the phrase's part of the OR query's sum, exactly
        asked = {r[0]: -r[1] for r in db.execute(ranked, [_phrase(pair)])}
        return _Part(pair, asked=asked)
    hits, complete, entries = found
    if entries is None:  # the phrase has a champion list, which could not answer
        return None
    docs, freqs, sizes, bound = unpack(entries)
    kept = dict(zip(docs, zip(freqs, sizes, strict=True), strict=True))
    return _Part(pair, hits=hits, complete=bool(complete), kept=kept, bound=bound)


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
    """The best `limit` (rowid, FTS5 rank) of the phrase `match` (or of its spellings joined by OR) on
    `index`, best first, leaving out the rowids in `exclude` and documents failing `where` (conditions on
    `d.`, with `params`); None when the pairs cannot answer, and the caller asks FTS5.

    Several phrases joined by OR: FTS5's bm25 is -1.0 * (0.0 + the sum over the phrases, in the query's
    order, of each phrase's IDF times its tf part), each phrase's IDF from its own count, and a phrase a
    document lacks adds exactly 0.0. A document kept for one phrase and not for another (whose list is
    incomplete) is bounded by that phrase's most a left-out document can add, and its text is counted
    when the bound could enter the page; a phrase of a word rare at the build is ranked by FTS5 alone."""
    if index != EXACT or limit < 1 or db.conn.in_transaction:  # FTS5's totals of a writing transaction are not on disk yet
        return None
    pairs = phrase_alternatives(match)
    state = _state(db) if pairs else None
    if pairs is None or state is None or state.get("champions") != champion_stamp(db):
        return None
    changed = changed_documents(db)
    if changed is None:
        return None
    parts: list[_Part] = []
    for pair in pairs:
        part = _part(db, pair, len(pairs) > 1)
        if part is None:
            return None
        parts.append(part)
    if all(p.asked is not None for p in parts):
        return None
    upto = int(state["built_upto"])
    odd = [d for d in json.loads(state.get("odd", "[]")) if d <= upto]  # documents the build could not cut as FTS5
    if (
        odd
        and db.execute(
            f"select 1 from {EXACT} where {EXACT} match ? and rowid in ({','.join('?' * len(odd))})", [match, *odd]
        ).fetchone()
    ):
        return None
    indexed = [p for p in parts if p.asked is None]
    # documents the build does not know: written since (FTS5 lists them: `rowid > upto` walks only those),
    # and rewritten since (their text is read: FTS5's `rowid = d` walks on to the phrase's next match)
    late = [r[0] for r in db.execute(f"select rowid from {EXACT} where {EXACT} match ? and rowid > ?", [match, upto])]
    again = [d for d in changed if d <= upto]
    measured = _measure(db, late, again, [p.pair for p in indexed])
    if measured is None:
        return None
    asked_docs = {d for p in parts if p.asked is not None for d in p.asked}
    if any(not any(measured[d][0]) and d not in asked_docs for d in late):
        return None  # FTS5 says it holds a phrase that its text does not: not cut as FTS5 cut it
    rows, avgdl = totals(db)
    for i, part in enumerate(indexed):
        # the phrase's count now; a rewritten document neither kept nor known to lack the phrase (the pair is
        # incomplete) is taken to hold it as before (its old text is gone: see the module's docstring)
        now = {d for d in again if d in measured and measured[d][0][i]}
        part.hits += sum(1 for d in late if measured[d][0][i])
        part.hits += sum((d in now) - (d in part.kept) for d in again if d in part.kept or part.complete)
        if len(parts) > 1 and not part.complete and any(d not in part.kept for d in again):
            # the approximation above would move one spelling's IDF and not the other's, and so the order:
            # FTS5 counts the phrase (a walk of the documents holding both words, only while one is rewritten)
            part.hits = db.execute(f"select count(*) from {EXACT} where {EXACT} match ?", [_phrase(part.pair)]).fetchone()[0]
        part.weight = idf(rows, part.hits)
        if not part.complete:
            part.outside = max((part.weight * tf_part(f, s, avgdl) for f, s in part.bound), default=0.0)
    skip = set(exclude) | set(changed)
    for d in again:  # rewritten, holding no indexed phrase now (a rare one, maybe: FTS5's `asked` says)
        measured.setdefault(d, ([0] * len(indexed), 1))
    late_or_again = {d: m for d, m in measured.items() if d not in set(exclude)}

    def score(d: int, counts: tuple[list[int], int] | None) -> tuple[float, bool]:
        """(rank, exact): FTS5's rank of `d`, or (when a part is unknown) the best it could be."""
        total, exact, k = 0.0, True, 0
        for part in parts:
            if part.asked is not None:
                total += part.asked.get(d, 0.0)
                continue
            if counts is not None:
                f, s = counts[0][k], counts[1]
            elif d in part.kept:
                f, s = part.kept[d]
            elif part.complete:
                f, s = 0, 1
            else:  # not kept: at most what a left-out document of its length can add
                size = next((p.kept[d][1] for p in indexed if d in p.kept), None)
                total += part.outside if size is None else _most(part, size, avgdl)
                exact = False
                k += 1
                continue
            total += part.weight * tf_part(f, s, avgdl)  # f = 0 adds exactly 0.0, as in FTS5
            k += 1
        return -1.0 * total, exact

    candidates = {d for p in indexed for d in p.kept if d not in skip}
    candidates |= {d for d in asked_docs if d not in set(exclude) and d <= upto and d not in skip}
    candidates -= set(late_or_again)
    if where:
        ok = passing(db, [*candidates, *late_or_again], where, params)
        candidates &= ok
        late_or_again = {d: m for d, m in late_or_again.items() if d in ok}
    scored = [(d, score(d, m)[0]) for d, m in late_or_again.items() if any(m[0]) or d in asked_docs]
    bounded: list[tuple[int, float]] = []
    if len(parts) == 1:  # one phrase: every candidate is kept, its score known (the common case, kept lean)
        weight = parts[0].weight
        scored += [(d, -1.0 * (0.0 + weight * tf_part(f, s, avgdl))) for d, (f, s) in parts[0].kept.items() if d in candidates]
    else:
        for d in candidates:
            r, exact = score(d, None)
            (scored if exact else bounded).append((d, r))
    scored.sort(key=lambda r: (r[1], r[0]))
    # the documents that could still enter the page, best bound first, have their text counted a batch at a
    # time until the page's last beats every bound left (the threshold algorithm)
    bounded.sort(key=lambda r: (r[1], r[0]))
    at = 0
    while at < len(bounded):
        kth = scored[limit - 1][1] if len(scored) >= limit else math.inf
        batch = [d for d, r in bounded[at : at + max(limit, 50)] if r <= kth]
        if not batch:
            break
        if at + len(batch) > HOPEFUL_MAX:
            return None
        at += len(batch)
        counted = _measure(db, batch, [], [p.pair for p in indexed])
        if counted is None:
            return None
        scored += [(d, score(d, m)[0]) for d, m in counted.items() if any(m[0]) or d in asked_docs]
        scored.sort(key=lambda r: (r[1], r[0]))
    page = scored[:limit]
    if all(p.complete for p in indexed):
        return page
    if len(page) < limit:  # the kept documents ran out: those left out may follow
        return None
    outside = -1.0 * sum((p.outside for p in indexed if not p.complete), 0.0)  # a document kept for no phrase
    return page if page[-1][1] < outside else None


def _most(part: _Part, size: int, avgdl: float) -> float:
    """The most a document of length `size` left out of `part`'s kept documents can add to the score: the
    highest count of a bound point no longer than it (a left-out document of count f and length `size`
    has a point of count f or more and length `size` or less); 0.0 when no point is that short."""
    most = max((f for f, s in part.bound if s <= size), default=0)
    return part.weight * tf_part(most, size, avgdl) if most else 0.0


HOPEFUL_MAX = 300  # documents kept for one spelling whose count of another is read from their text; more: FTS5


def _measure(
    db: sqlite_utils.Database, late: list[int], again: list[int], pairs: list[tuple[str, str]]
) -> dict[int, tuple[list[int], int]] | None:
    """(weighted count of each of `pairs`, length) in each document of `late` (FTS5 says they hold the
    query, or the build cut them as FTS5 does) and of `again` that holds a pair (rewritten: cut here, its
    lengths checked against FTS5's): the counts from the text, the length as FTS5 recorded it. None when a
    document of `late` is gone or `again`'s text is not cut as FTS5 cut it (other lengths)."""
    out: dict[int, tuple[list[int], int]] = {}
    docs = [*late, *again]
    rewritten = set(again)
    for i in range(0, len(docs), 500):
        chunk = docs[i : i + 500]
        sql = (
            f"select d.rowid, d.title, d.text, s.sz from documents d join {EXACT}_docsize s on s.id = d.rowid "
            f"where d.rowid in ({','.join('?' * len(chunk))})"
        )
        for rowid, title, text, sz in db.execute(sql, chunk):
            lengths = fts5_tokens.varints(sz)
            if rowid in rewritten:
                columns = [fts5_tokens.tokens(title or ""), fts5_tokens.tokens(text or "")]
                if [len(c) for c in columns] != lengths[:2]:
                    return None
                counts = [[sum(1 for a, b in zip(c, c[1:], strict=False) if (a, b) == pair) for c in columns] for pair in pairs]
                if not any(any(c) for c in counts):
                    continue
            else:
                counts = [
                    list(c)
                    for c in zip(
                        fts5_tokens.count_pairs(title or "", pairs), fts5_tokens.count_pairs(text or "", pairs), strict=True
                    )
                ]
            out[rowid] = ([TITLE_WEIGHT * c[0] + TEXT_WEIGHT * c[1] for c in counts], sum(lengths))
    return out if set(late) <= set(out) else None
