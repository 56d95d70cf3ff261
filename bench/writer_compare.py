"""Check that the catalogue writer stores the same catalogue: replay stored records, dump the tables, compare.

    # store the records of a catalogue again, in path order, into a fresh one (with the vanban on PYTHONPATH)
    python bench/writer_compare.py replay outputs/bench/catalogue-1000-w1.db /tmp/new.db [--batch 50] [--limit N]
    # the rows of every table that differ between two catalogues (ingest times left out)
    python bench/writer_compare.py diff /tmp/old.db /tmp/new.db

Replaying the same records through two versions of the writer (e.g. PYTHONPATH pointing at an older copy of
the package) compares the writers alone, independent of extraction and of the order worker processes finish in.
Where the writer has `store.prepare_record` (the rows made from the record alone, by the reader processes of a
parallel ingest), the records are prepared before the clock starts and that CPU time is printed apart.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

TABLES = ("documents", "works", "document_works", "citations", "findings")
SKIP_COLUMNS = {"ingested_at", "extractor_version"}  # when and by which extractor: not what the writer decides


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the catalogue's tables, sorted, without the columns that record when it was written."""
    con = sqlite3.connect(path)
    out = {}
    for table in TABLES:
        cols = [r[1] for r in con.execute(f"pragma table_info({table})") if r[1] not in SKIP_COLUMNS]
        if not cols:
            out[table] = []
            continue
        rows = con.execute(f"select {', '.join(cols)} from {table}").fetchall()
        out[table] = sorted(rows, key=repr)
    fts = con.execute("select count(*) from documents_fts where documents_fts match 'nam OR cong'").fetchone()[0]
    out["documents_fts(nam OR cong)"] = [(fts,)]
    tables = {r[0] for r in con.execute("select name from sqlite_master")}
    for index in FTS_INDEXES:
        if index in tables:
            out.update(fts_contents(con, index))
    con.close()
    return out


FTS_INDEXES = ("documents_fts", "documents_exact")


def fts_contents(con: sqlite3.Connection, index: str) -> dict[str, list[tuple[Any, ...]]]:
    """What a full-text index holds, whatever segments it is written in and whatever rowids the documents got (a
    parallel ingest stores them in the order they finish): a digest of every (term, document id, column, offset)
    it lists, the token count of each document's columns, and the totals that rank by bm25."""
    con.execute(f"create virtual table if not exists temp.{index}_instances using fts5vocab(main, {index}, instance)")
    digest, n = hashlib.sha256(), 0
    for row in con.execute(
        f"""select v.term, d.id, v.col, v.offset from temp.{index}_instances v join documents d on d.rowid = v.doc
            order by v.term, d.id, v.col, v.offset"""
    ):
        digest.update(repr(row).encode())
        n += 1
    return {
        f"{index} terms (digest, instances)": [(digest.hexdigest(), n)],
        f"{index}_docsize": con.execute(
            f"select d.id, s.sz from {index}_docsize s join documents d on d.rowid = s.id order by d.id"
        ).fetchall(),
        f"{index} averages": con.execute(f"select block from {index}_data where id = 1").fetchall(),
    }


def diff(a: Path, b: Path, show: int = 5) -> int:
    """Print the differing rows per table; the number of tables that differ."""
    da, dbb = dump(a), dump(b)
    bad = 0
    for table in da:
        sa, sb = set(da[table]), set(dbb[table])
        only_a, only_b = sorted(sa - sb, key=repr), sorted(sb - sa, key=repr)
        status = "same" if not only_a and not only_b else "DIFFERENT"
        print(f"{table:<42} {len(da[table]):>7} rows | {len(dbb[table]):>7} rows  {status}")
        if status != "same":
            bad += 1
            for r in only_a[:show]:
                print("   only in first: ", repr(r)[:300])
            for r in only_b[:show]:
                print("   only in second:", repr(r)[:300])
    return bad


def replay(src: Path, dst: Path, batch: int, limit: int | None) -> tuple[float, float, float]:
    """Store the records of `src` (in path order) into a fresh `dst`: wall and CPU seconds the writer took, and
    CPU seconds spent preparing the records first (`store.prepare_record`, which the reader processes of a
    parallel ingest do; 0 for a writer without it, which prepares nothing ahead). CPU time is the steadier
    figure on a machine shared with other work."""
    from vanban.catalogue import open_db, store
    from vanban.catalogue.ingest import extractor_version
    from vanban.schemas import DocumentRecord

    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(src)
    raws = [r[0] for r in con.execute("select record from documents order by path limit ?", [limit or -1])]
    con.close()
    records = [DocumentRecord.model_validate_json(r) for r in raws]
    db = open_db(dst)
    version = extractor_version()
    prepare = getattr(store, "prepare_record", None)
    cpu = time.process_time()
    items = [prepare(r) for r in records] if prepare else records
    prepared = time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    if prepare:
        for i in range(0, len(items), max(1, batch)):
            store.store_prepared(db, items[i : i + max(1, batch)], version)
    elif batch > 1 and hasattr(store, "store_records"):
        for i in range(0, len(records), batch):
            store.store_records(db, records[i : i + batch], version)
    else:
        for r in records:
            store.store_record(db, r, version)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    db.conn.close()
    return seconds, cpu, prepared


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("replay")
    r.add_argument("src", type=Path)
    r.add_argument("dst", type=Path)
    r.add_argument("--batch", type=int, default=1)
    r.add_argument("--limit", type=int)
    d = sub.add_parser("diff")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "replay":
        wall, cpu, prepared = replay(args.src, args.dst, args.batch, args.limit)
        print(
            f"stored in {wall:.1f} s ({cpu:.1f} s CPU; {prepared:.1f} s CPU preparing the records first, as readers do),"
            f" load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
        )
    else:
        sys.exit(1 if diff(args.a, args.b) else 0)


if __name__ == "__main__":
    main()
