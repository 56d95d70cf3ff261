"""The ranking behind the champion lists, one FTS5 query per list, spread over processes.

    for list_id, rows, whole in rank_lists(db, jobs, size=520, workers=2):
        ...   # rows: the best (rowid, score); whole: the packed whole ranking, or None

Each list is one ranked FTS5 query that scores every match of its expression (38 ms on average at 10,000
documents, a second for a word in every document at 100,000), and the queries read the catalogue only, so
`champions.refresh` runs them in `workers` processes, each with its own read-only connection, about
`workers` times faster. A process answers only when its snapshot is the caller's (the same last rowid,
number of documents and last recorded change: no document written, rewritten or deleted in between), so
the lists are exactly those one process would rank; otherwise, and for an in-memory catalogue or a single
worker, the caller's connection ranks them itself. Results come back in the order of `jobs`, a few lists at
a time, so memory stays bounded whatever the number of lists.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator, Sequence
from typing import Any

import sqlite_utils

from vanban.catalogue import champions_full
from vanban.catalogue.store import connect_read_only, db_file

WEIGHTS = "5.0, 1.0"  # title, text: the weights `ranked` ranks with
CHUNK = 8  # lists ranked by one process per task: a task's rows stay small, the processes stay busy
MIN_PARALLEL = 64  # fewer lists are ranked in the caller's process (starting processes costs more)

Job = tuple[int, str, str, bool]  # list id, FTS5 table, expression, whether its whole ranking is kept
Ranked = tuple[int, list[tuple[int, float]], tuple[bytes, bytes] | None]


def rank_lists(db: sqlite_utils.Database, jobs: Sequence[Job], size: int, workers: int = 1) -> Iterator[Ranked]:
    """(list id, best `size` (rowid, score), packed whole ranking or None) for each job, in order. `db` must be
    inside the read transaction whose snapshot the lists are built from."""
    path = db_file(db)
    if workers < 2 or path is None or len(jobs) < MIN_PARALLEL:
        yield from (rank_one(db, job, size) for job in jobs)
        return
    snapshot = snapshot_of(db)
    chunks = [list(jobs[i : i + CHUNK]) for i in range(0, len(jobs), CHUNK)]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        for chunk, answer in zip(chunks, pool.imap(_rank_chunk, [(path, snapshot, c, size) for c in chunks]), strict=True):
            yield from answer if answer is not None else (rank_one(db, job, size) for job in chunk)


def rank_one(db: sqlite_utils.Database, job: Job, size: int) -> Ranked:
    """One list: the best `size` of its expression, and with `whole` its whole ranking, packed (one FTS5 query)."""
    list_id, index, match, whole = job
    if not whole:
        sql = f"select rowid, rank from {index} where {index} match ? and rank match 'bm25({WEIGHTS})' order by rank limit ?"
        return list_id, [(r[0], r[1]) for r in db.execute(sql, [match, size])], None
    docs, scores = champions_full.whole_ranking(db, index, match, WEIGHTS)
    return list_id, champions_full.best(docs, scores, size), champions_full.pack(docs, scores)


def snapshot_of(db: sqlite_utils.Database) -> tuple[Any, ...]:
    """What tells two snapshots of the catalogue apart for the lists: the last rowid, the number of documents
    and the last change the triggers recorded (a document rewritten or deleted)."""
    row = db.execute("select coalesce(max(rowid), 0), count(*) from documents").fetchone()
    changed = db.execute("select coalesce(max(seq), 0) from champion_changed").fetchone()[0]
    return (row[0], row[1], changed)


def _rank_chunk(args: tuple[str, tuple[Any, ...], list[Job], int]) -> list[Ranked] | None:
    """In a worker process: the chunk's lists from a read-only connection of its own; None when its snapshot
    is not the caller's (the caller ranks them itself)."""
    path, snapshot, chunk, size = args
    conn = connect_read_only(path)
    try:
        conn.execute("begin")
        db = sqlite_utils.Database(conn)
        if snapshot_of(db) != snapshot:
            return None
        return [rank_one(db, job, size) for job in chunk]
    finally:
        conn.close()
