"""Exact totals of `graph.count_cited_by` for the most cited works, counted ahead of time.

The total under a first page of `vanban cites` ("... và N văn bản khác") walks the whole citation
graph around a work: 150-200 ms at 100,000 documents for a work that national documents cite. For
each work cited by at least `min_citers` documents, `refresh` stores the rows `cited_by` gives at
each depth (1 to DEPTH, no relation filter), with the graph's generation: a counter that triggers on
`citations` and `document_works` raise on every write. A stored count is used only while the
generation is the same, so it is exact or not used (the walk is then made as before); `refresh`
brings them up to date in one batch, the way `champions.refresh` does the search lists.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

import sqlite_utils

COUNTS = "cited_counts"
GENERATION = "graph_generation"
STATE = "cited_counts_state"
DEPTH = 5  # the deepest walk stored: `vanban cites --max-depth`'s default
MIN_CITERS = 50  # fewer citing documents: the walk is counted at query time in a few milliseconds
_WATCHED = ("citations", "document_works")


def ensure_tables(db: sqlite_utils.Database) -> None:
    """The counts' tables and the generation counter with its triggers (idempotent; in a write transaction)."""
    db.execute(f"create table if not exists {COUNTS} (work_id text primary key, levels text not null) without rowid")
    db.execute(f"create table if not exists {STATE} (key text primary key, value text)")
    db.execute(f"create table if not exists {GENERATION} (id integer primary key check (id = 1), n integer not null)")
    db.execute(f"insert or ignore into {GENERATION} values (1, 0)")
    tables = set(db.table_names())
    for table in _WATCHED:
        if table not in tables:
            continue
        for event in ("insert", "update", "delete"):
            db.execute(
                f"create trigger if not exists {GENERATION}_{table}_{event} after {event} on {table} "
                f"begin update {GENERATION} set n = n + 1 where id = 1; end"
            )


def _watching(db: sqlite_utils.Database) -> bool:
    """Every table the walk reads has its triggers (a table made after the last refresh has none)."""
    names = {
        r[0] for r in db.execute("select name from sqlite_master where type = 'trigger' and name like ?", [f"{GENERATION}_%"])
    }
    return all(f"{GENERATION}_{t}_{e}" in names for t in _WATCHED for e in ("insert", "update", "delete"))


def stored_levels(db: sqlite_utils.Database, work_id: str) -> list[int] | None:
    """The rows `cited_by` gives at each depth from `work_id` (no relation filter), when counted ahead of
    time and nothing citing has been written since; None otherwise."""
    try:
        row = db.execute(
            f"select c.levels from {COUNTS} c, {STATE} s, {GENERATION} g "
            f"where c.work_id = ? and s.key = 'generation' and g.id = 1 and s.value = cast(g.n as text)",
            [work_id],
        ).fetchone()
    except sqlite3.OperationalError:  # a catalogue without the counts
        return None
    if row is None or not _watching(db):
        return None
    levels: list[int] = json.loads(row[0])
    return levels


def total(levels: list[int], transitive: bool, max_depth: int) -> int | None:
    """The total for a walk to `max_depth` from the stored levels; None when they do not reach that far."""
    depth = max_depth if transitive else 1
    if depth > DEPTH and len(levels) == DEPTH:  # the walk may go on below what was stored
        return None
    return sum(levels[:depth])


def refresh(db: sqlite_utils.Database, *, min_citers: int = MIN_CITERS, force: bool = False) -> dict[str, Any]:
    """Count the walks of every work cited by `min_citers` documents or more, unless the counts are of the
    graph as it stands. Counted in one read transaction, written in one short write transaction."""
    from vanban.catalogue.graph import walk_levels
    from vanban.catalogue.store import _retry_locked, write_transaction

    if "citations" not in db.table_names():
        return {"rebuilt": False, "works": 0, "seconds": 0.0}

    def ensure() -> None:
        with write_transaction(db):
            ensure_tables(db)

    _retry_locked(ensure)
    state = dict(db.execute(f"select key, value from {STATE}").fetchall())
    generation = db.execute(f"select n from {GENERATION} where id = 1").fetchone()[0]
    if not force and state.get("generation") == str(generation) and state.get("min_citers") == str(min_citers):
        return {"rebuilt": False, "works": int(state.get("works", 0)), "seconds": 0.0}
    t = time.perf_counter()
    db.execute("begin")
    try:
        generation = db.execute(f"select n from {GENERATION} where id = 1").fetchone()[0]
        works = [
            r[0]
            for r in db.execute(
                "select work_id from citations where work_id is not null group by work_id having count(distinct doc_id) >= ?",
                [min_citers],
            )
        ]
        counts = [(w, json.dumps(walk_levels(db, w, None, DEPTH))) for w in works]
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            db.execute(f"delete from {COUNTS}")
            db.conn.executemany(f"insert into {COUNTS} values (?, ?)", counts)
            new = {"generation": str(generation), "min_citers": str(min_citers), "works": str(len(counts))}
            db.conn.executemany(f"insert or replace into {STATE} values (?, ?)", list(new.items()))

    _retry_locked(write)
    return {"rebuilt": True, "works": len(counts), "seconds": round(time.perf_counter() - t, 2)}
