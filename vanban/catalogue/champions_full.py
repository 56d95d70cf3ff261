"""Whole word lists: every document that holds a very frequent word, with its BM25 score, for the words
that most documents hold, so that two such words that must both occur are ranked from the lists alone.

FTS5 gives a word found in more than half the documents an IDF of 1e-6 (`fts5Bm25Function` clamps it),
so its score is almost nothing and nearly the same in every document: a 520-document list (`champions`)
then says little about the documents outside it (its floor is close to its best), and the threshold
algorithm of `champions_and` cannot prove a page of two such words ("dieu quy", "lien ke"). FTS5 ranks
every document holding both instead: 250-800 ms at 100,000 documents. A deeper list helps only so far:
with 5,200 documents a list proves most pages but leaves hundreds of documents that FTS5 must score (a
walk of every match, 50-150 ms), and only the whole list leaves none.

So `champions.refresh` keeps, for each single word's list whose word is in at least `full_share` of the
documents (of a catalogue of `full_min_documents` or more), the whole ranking of the word: the rowids in
order and their scores, as two arrays in one row of `champion_full` (12 bytes a document), built from the
same FTS5 query as the list (its first `size` are the list). FTS5's score of `"a" AND "b"` is the sum of
the words' own scores (`champions_and`), so with every word's whole list the page is the best sums over
the documents in every list, to the last bit, at any depth and under any filter. A word with only its
520-document list takes part as in `champions_and`: a document outside it scores at most the list's floor.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlite_utils

FULL = "champion_full"
_DOCS = np.dtype("<i8")  # rowids: 64-bit as SQLite's; narrowed to 32 bits when every one fits (`pack`)
_SCORES = np.dtype("<f8")


def ensure_table(db: sqlite_utils.Database) -> None:
    """The table of whole lists (idempotent): one row a list of `champion_lists`."""
    db.execute(f"create table if not exists {FULL} (list_id integer primary key, docs blob not null, scores blob not null)")


def pack(docs: np.ndarray, scores: np.ndarray) -> tuple[bytes, bytes]:
    """A whole list (rowids in increasing order, their scores) as two blobs: 32-bit rowids when they fit."""
    narrow = not len(docs) or int(docs.max()) < 2**31
    return docs.astype("<i4" if narrow else _DOCS).tobytes(), scores.astype(_SCORES).tobytes()


def unpack(docs: bytes, scores: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The arrays `pack` stored: the width of a rowid is the blobs' ratio (4 or 8 bytes)."""
    values = np.frombuffer(scores, dtype=_SCORES)
    width = len(docs) // len(values) if len(values) else 8
    return np.frombuffer(docs, dtype="<i4" if width == 4 else _DOCS).astype(np.int64), values


def whole_ranking(db: sqlite_utils.Database, index: str, match: str, weights: str) -> tuple[np.ndarray, np.ndarray]:
    """Every (rowid, score) of `match` on `index`, by rowid: FTS5's own scores, one ranked query."""
    rows = db.execute(
        f"select rowid, rank from {index} where {index} match ? and rank match 'bm25({weights})'", [match]
    ).fetchall()
    docs, scores = arrays(rows)
    order = np.argsort(docs, kind="stable")
    return docs[order], scores[order]


def arrays(rows: Sequence[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """(rowid, score) rows as the two arrays a list is read as."""
    docs = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return docs, np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))


def best(docs: np.ndarray, scores: np.ndarray, size: int) -> list[tuple[int, float]]:
    """The best `size` (rowid, score) of a whole list, best first (equal scores by rowid)."""
    order = np.lexsort((docs, scores))[:size]
    return [(int(d), float(s)) for d, s in zip(docs[order], scores[order], strict=True)]


def load(db: sqlite_utils.Database, list_id: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The whole list kept for list `list_id`; None when there is none (or no table: an older catalogue)."""
    try:
        found = db.execute(f"select docs, scores from {FULL} where list_id = ?", [list_id]).fetchone()
    except sqlite3.OperationalError:
        return None
    return None if found is None else unpack(found[0], found[1])


@dataclass(frozen=True)
class Part:
    """One word's list as `top_whole` reads it: rowids in increasing order and their scores; `whole` when
    it holds every document with the word, else its best documents only, the others scoring at most `floor`
    (None: the list is complete, a document not in it lacks the word)."""

    docs: np.ndarray
    scores: np.ndarray
    whole: bool
    floor: float | None = None


def top_whole(
    db: sqlite_utils.Database,
    parts: Sequence[Part],
    limit: int,
    *,
    skip: set[int],
    built_upto: int,
    where: str = "",
    params: Sequence[Any] = (),
) -> tuple[list[tuple[int, float]], list[int]] | None:
    """The best `limit` (rowid, score) of the documents holding every part, from the parts' lists, at least
    one of them whole. Leaves out `skip`, rowids after `built_upto` (the caller ranks those) and documents
    failing `where`. Returns the page the lists prove and the documents that could still enter it whose
    score only FTS5 can tell (not in a part's best documents, and not ruled out by its floor), or None
    when they are more than MAX_UNKNOWN."""
    first = next(p for p in parts if p.whole)
    docs = first.docs
    at = [np.arange(len(docs)) if p is first else _positions(p.docs, docs) for p in parts]
    keep = docs <= built_upto
    for part, where_at in zip(parts, at, strict=True):
        if part.whole or part.floor is None:  # a document not in a whole or complete list lacks the word
            keep &= where_at >= 0
    if skip:
        keep &= ~np.isin(docs, np.fromiter(skip, dtype=np.int64, count=len(skip)))
    docs = docs[keep]
    total = np.zeros(len(docs), dtype=np.float64)
    known = np.ones(len(docs), dtype=bool)
    for part, where_at in zip(parts, at, strict=True):  # in the query's order: FTS5 adds the phrases' scores in that order
        found = where_at[keep] >= 0
        scores = part.scores[np.maximum(where_at[keep], 0)] if len(part.scores) else np.zeros(len(docs))
        total += np.where(found, scores, part.floor if part.floor is not None else 0.0)
        known &= found
    page = _best_passing(db, docs[known], total[known], limit, where, params)
    kth = page[limit - 1][1] if len(page) >= limit else float("inf")
    bounded = docs[~known][total[~known] < kth]  # could still enter the page: only FTS5 can say
    if len(bounded) > MAX_UNKNOWN:
        return None
    unknown = [int(d) for d in bounded]
    if where and unknown:
        unknown = sorted(passing(db, unknown, where, params))
    return page, unknown


def _positions(listed: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Where each of `docs` is in `listed` (both in increasing order); -1 where it is not."""
    if not len(listed) or not len(docs):
        return np.full(len(docs), -1, dtype=np.int64)
    last = int(max(listed[-1], docs[-1]))
    if last < 4 * (len(listed) + len(docs)) + 4096:  # rowids dense enough: a table by rowid (a fraction of a ms)
        table = np.full(last + 1, -1, dtype=np.int64)
        table[listed] = np.arange(len(listed))
        return table[docs]
    at = np.minimum(np.searchsorted(listed, docs), len(listed) - 1)
    return np.where(listed[at] == docs, at, -1)


MAX_UNKNOWN = 2000  # documents whose score FTS5 is asked for in one query (a walk of every match); more: FTS5 ranks


def _best_passing(
    db: sqlite_utils.Database, docs: np.ndarray, scores: np.ndarray, limit: int, where: str, params: Sequence[Any]
) -> list[tuple[int, float]]:
    """The best `limit` (rowid, score) that pass `where`, best first (equal scores by rowid)."""
    if not where and len(docs) > limit:  # only the best `limit` and those tied with the last need sorting
        cut = np.partition(scores, limit - 1)[limit - 1]
        near = scores <= cut
        docs, scores = docs[near], scores[near]
    order = np.lexsort((docs, scores))
    if not where:
        return [(int(d), float(s)) for d, s in zip(docs[order[:limit]], scores[order[:limit]], strict=True)]
    out: list[tuple[int, float]] = []
    step = max(4 * limit, 200)
    for start in range(0, len(order), step):  # in order of score, a chunk at a time, until the page is full
        chunk = order[start : start + step]
        ok = passing(db, [int(d) for d in docs[chunk]], where, params)
        out += [(int(d), float(s)) for d, s in zip(docs[chunk], scores[chunk], strict=True) if int(d) in ok]
        if len(out) >= limit:
            break
    return out[:limit]


def passing(db: sqlite_utils.Database, docs: Sequence[int], where: str, params: Sequence[Any]) -> set[int]:
    """Which of `docs` pass `where` (conditions on `d.`, with `params`) and are still stored."""
    sql = f"select d.rowid from documents d where d.rowid in (select value from json_each(?)){where}"
    return {r[0] for r in db.execute(sql, [json.dumps(list(docs)), *params])}
