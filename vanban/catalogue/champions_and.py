"""Ranked search for several words that must all occur ("a AND b"), answered from each word's own
champion list (`champions`) by the threshold algorithm, exactly as FTS5 would rank it.

Two frequent words that rarely stand together have no list of their own (no list covers every pair of
words), and FTS5 scores every document holding both before it keeps the best 20: 300-500 ms at 100,000
documents for "viec kien" (56,100 matches). But FTS5's bm25 (fts5_aux.c, `fts5Bm25Function`) scores a
query of several phrases as the sum over the phrases of the phrase's IDF (from the phrase's own count of
documents) times its term-frequency part in the document (the same column weights, the same document
length): a document's score for `"a" AND "b"` is the sum of its scores for `"a"` and for `"b"` alone.
Each word's list holds its `size` best documents by that single-word score, and every document outside
it scores at most the list's last score (its floor). So, with `top_all`:

- the candidates are the listed documents (less those deleted, rewritten or excluded, and failing the
  filters); a candidate in every list has its score (the sum), the others an upper bound (the scores
  known plus the floors of the other lists);
- the candidates that could still enter the page are scored by FTS5 itself, the AND query restricted to
  their rowids, in one query (each costs FTS5 a count of every word's documents and a walk of the
  matches, 10-40 ms at 100,000 documents, whatever the number of rowids);
- the documents written or rewritten since the lists were built are ranked by FTS5 as `champions.top`
  does (the tail after the oldest of the lists, each rewritten document);
- the answer is FTS5's own when the page's last score beats the sum of the floors, which is the most any
  document in no list can score (or when a list is complete: every document holding its word is in it).
  Otherwise `top_all` returns None and the caller asks FTS5 to rank every match, as before.

Two words that each occur in most documents defeat that bound (FTS5 clamps their IDF, so a list's floor
is close to its best): such words keep their whole ranking (`champions_full`), and with it every
document holding all the words is a candidate whose score the lists give, so the page needs no bound and
FTS5 scores at most the few documents a part's 520 list leaves open (`_top_from_whole`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sqlite_utils

from vanban.catalogue import champions_full
from vanban.catalogue.champions import ROWS, WEIGHTS, changed_documents, late_rows, list_of


def top_all(
    db: sqlite_utils.Database,
    index: str,
    parts: Sequence[str],
    limit: int,
    *,
    exclude: Sequence[int] = (),
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[int, float]] | None:
    """The best `limit` (rowid, BM25 score) of `" AND ".join(parts)` on `index`, best first, from the lists
    of each part (a word as `ranked.tier_queries` asks it alone), leaving out the rowids in `exclude` and
    documents failing `where` (conditions on `d.`, with `params`); None when the lists cannot prove the
    answer, and the caller asks FTS5 itself.

    Read in one snapshot (a read transaction, unless the caller is in one): a refresh replacing the lists
    meanwhile is seen whole or not at all (the lists, their rows and the whole lists agree)."""
    if len(parts) < 2 or limit < 1:
        return None
    own = not db.conn.in_transaction
    if own:
        db.execute("begin")
    try:
        return _top_all(db, index, parts, limit, exclude=exclude, where=where, params=params)
    finally:
        if own:
            db.execute("commit")


def _top_all(
    db: sqlite_utils.Database,
    index: str,
    parts: Sequence[str],
    limit: int,
    *,
    exclude: Sequence[int],
    where: str,
    params: Sequence[Any],
) -> list[tuple[int, float]] | None:
    lists = [list_of(db, index, part) for part in parts]
    if any(found is None for found in lists):
        return None
    found = [f for f in lists if f is not None]
    built_upto = min(upto for _, _, upto in found)  # later documents are ranked by FTS5 (the tail), listed or not
    changed = changed_documents(db)
    if changed is None:
        return None
    skip = set(exclude) | set(changed)
    wholes = [champions_full.load(db, list_id) for list_id, _, _ in found]
    if any(w is not None for w in wholes):
        return _top_from_whole(db, index, parts, found, wholes, limit, skip, built_upto, changed, exclude, where, params)
    # known[doc][i]: the document's score for part i (its rank: lower is better), from part i's list
    known: dict[int, list[float | None]] = {}
    floors: list[float | None] = []  # the most a document outside list i scores for part i; None: it holds no part i
    for i, (list_id, complete, _) in enumerate(found):
        # a deleted document is in `changed`: the documents are read only to apply the filters
        sql = f"select c.doc, c.score from {ROWS} c join documents d on d.rowid = c.doc where c.list_id = ?{where}"
        rows = db.execute(sql if where else f"select doc, score from {ROWS} where list_id = ?", [list_id, *params]).fetchall()
        for doc, score in rows:
            if doc not in skip and doc <= built_upto:
                known.setdefault(doc, [None] * len(parts))[i] = score
        last = db.execute(f"select score from {ROWS} where list_id = ? order by pos desc limit 1", [list_id]).fetchone()
        floors.append(None if complete or last is None else last[0])
    match = " AND ".join(parts)
    late = late_rows(db, index, match, built_upto, changed, limit, exclude=exclude, where=where, params=params)
    scores: dict[int, float] = {}  # documents whose score for the whole query is known
    bounds: dict[int, float] = {}  # the others: the best score they could have
    for doc, part_scores in known.items():
        if all(s is not None for s in part_scores):
            scores[doc] = sum(s for s in part_scores if s is not None)
            continue
        missing = [floors[i] for i, s in enumerate(part_scores) if s is None]
        if any(f is None for f in missing):  # not in a complete list: it lacks that word
            continue
        bounds[doc] = sum(s for s in part_scores if s is not None) + sum(f for f in missing if f is not None)
    scores.update(late)  # FTS5's own score of the documents written or rewritten since
    for d, _ in late:
        bounds.pop(d, None)
    # the most a document in no list can score; None when a list is complete (such a document lacks its word)
    outside = None if any(f is None for f in floors) else sum(f for f in floors if f is not None)
    beat = float("inf") if outside is None else outside
    # A provable page is made of documents that beat `outside`: a candidate that cannot is never scored,
    # and when fewer than `limit` can, the lists cannot answer.
    if outside is not None and sum(v < outside for v in scores.values()) + sum(b < outside for b in bounds.values()) < limit:
        return None
    # one query for all of them (see the module's docstring)
    kth = min(_kth(scores, limit), beat)
    hopeful = [d for d, b in bounds.items() if b < kth]
    scores.update(_scored(db, index, match, hopeful))  # those not returned lack a word
    ranked = sorted(scores.items(), key=lambda r: (r[1], r[0]))
    if len(ranked) < limit and outside is None:  # every document holding the words was a candidate
        return ranked
    if len(ranked) < limit or not ranked[limit - 1][1] < beat:
        return None  # a document in no list could beat the page's last
    return ranked[:limit]


def _top_from_whole(
    db: sqlite_utils.Database,
    index: str,
    parts: Sequence[str],
    found: list[tuple[int, bool, int]],
    wholes: list[tuple[np.ndarray, np.ndarray] | None],
    limit: int,
    skip: set[int],
    built_upto: int,
    changed: list[int],
    exclude: Sequence[int],
    where: str,
    params: Sequence[Any],
) -> list[tuple[int, float]] | None:
    """`top_all` when a part's whole list is kept (`champions_full`): every document holding all the words
    is in it, so the page is the best of its documents, scored from the lists (and, for the few that a
    part's 520 list leaves open, by FTS5), merged with the documents written or rewritten since."""
    lists: list[champions_full.Part] = []
    for (list_id, complete, _), whole in zip(found, wholes, strict=True):
        if whole is not None:
            lists.append(champions_full.Part(whole[0], whole[1], whole=True))
            continue
        rows = db.execute(f"select doc, score from {ROWS} where list_id = ? order by doc", [list_id]).fetchall()
        floor = db.execute(f"select score from {ROWS} where list_id = ? order by pos desc limit 1", [list_id]).fetchone()
        docs, scores = champions_full.arrays(rows)
        lists.append(champions_full.Part(docs, scores, whole=False, floor=None if complete or floor is None else floor[0]))
    answered = champions_full.top_whole(db, lists, limit, skip=skip, built_upto=built_upto, where=where, params=params)
    if answered is None:
        return None
    page, unknown = answered
    match = " AND ".join(parts)
    ranked = dict(page)
    ranked.update(_scored(db, index, match, unknown))  # those not returned lack a word
    ranked.update(late_rows(db, index, match, built_upto, changed, limit, exclude=exclude, where=where, params=params))
    return sorted(ranked.items(), key=lambda r: (r[1], r[0]))[:limit]


def _kth(scores: dict[int, float], limit: int) -> float:
    """The score a document must beat to enter the page; infinity while the page is not full."""
    if len(scores) < limit:
        return float("inf")
    return sorted(scores.values())[limit - 1]


def _scored(db: sqlite_utils.Database, index: str, match: str, docs: list[int]) -> dict[int, float]:
    """FTS5's score of `match` for each of `docs` that matches it. The rowids are a filter FTS5 does not
    see (`+rowid`): with `rowid in (...)` SQLite would start the query again for each, and FTS5 count the
    documents of each word again (3-4 ms a rowid at 100,000); so FTS5 walks the matches once, and SQLite
    asks for the rank of those in the list only."""
    if not docs:
        return {}
    sql = (
        f"select rowid, rank from {index} where {index} match ? and rank match 'bm25({WEIGHTS})' "
        f"and +rowid in ({','.join('?' * len(docs))})"
    )
    return {r[0]: r[1] for r in db.execute(sql, [match, *docs])}
