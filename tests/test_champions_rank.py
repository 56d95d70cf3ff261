"""Champion lists ranked in several processes (`champions_rank`): the same lists, rows and whole rankings as
one process ranks, and the caller's own ranking wherever a process sees another snapshot of the catalogue."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.test_ranked_champions import SMALL, add_document, fill
from vanban.catalogue import champions, champions_rank

# every word of the small catalogue keeps its whole ranking too (a catalogue of 20 documents or more)
WHOLE = replace(SMALL, full_min_documents=20, full_share=0.3)


def lists(db: Any) -> list[tuple[Any, ...]]:
    rows = db.execute(
        "select l.idx, l.expr, l.complete, r.pos, r.doc, r.score from champion_lists l join champion_rows r on r.list_id = l.id"
    ).fetchall()
    whole = db.execute("select l.idx, l.expr, f.docs, f.scores from champion_lists l join champion_full f on f.list_id = l.id")
    return sorted(rows) + sorted(whole.fetchall())


def test_lists_ranked_in_two_processes_are_those_of_one(db, monkeypatch):
    monkeypatch.setattr(champions_rank, "MIN_PARALLEL", 1)
    monkeypatch.setattr(champions_rank, "CHUNK", 3)  # many tasks: their answers must come back in order
    fill(db, 120)
    one = champions.refresh(db, WHOLE, force=True, workers=1)
    serial = lists(db)
    two = champions.refresh(db, WHOLE, force=True, workers=2)
    assert one["lists"] == two["lists"] > 10
    assert db.execute("select count(*) from champion_full").fetchone()[0] > 0
    assert lists(db) == serial


def test_a_process_that_sees_another_snapshot_leaves_the_lists_to_the_caller(db, monkeypatch):
    monkeypatch.setattr(champions_rank, "MIN_PARALLEL", 1)
    fill(db, 120)
    champions.refresh(db, WHOLE, force=True, workers=1)
    serial = lists(db)
    asked: list[int] = []
    real = champions_rank.rank_one

    def counted(db: Any, job: Any, size: int) -> Any:
        asked.append(job[0])
        return real(db, job, size)

    monkeypatch.setattr(champions_rank, "rank_one", counted)
    # each worker is told of a snapshot it cannot see: every list is ranked again by the caller
    monkeypatch.setattr(champions_rank, "snapshot_of", lambda db, real=champions_rank.snapshot_of: (*real(db), id(db)))
    done = champions.refresh(db, WHOLE, force=True, workers=2)
    assert sorted(asked) == list(range(1, done["lists"] + 1))
    assert lists(db) == serial


def test_one_worker_or_a_catalogue_in_memory_ranks_in_the_caller():
    from vanban.catalogue import open_db

    db = open_db(":memory:")
    for i in range(30):
        add_document(db, f"d{i}", "Kế hoạch", "đoàn viên công đoàn năm " * (i % 5 + 1))
    db.execute("begin")
    try:
        jobs = [(1, "documents_fts", '"doan"', False), (2, "documents_fts", '"nam"', True)]
        got = list(champions_rank.rank_lists(db, jobs, size=5, workers=4))
    finally:
        db.execute("commit")
    assert [g[0] for g in got] == [1, 2]
    assert len(got[0][1]) == 5 and got[0][2] is None
    assert got[1][2] is not None and len(got[1][1]) == 5


def test_snapshot_tells_a_rewritten_document_apart(db):
    fill(db, 10)
    before = champions_rank.snapshot_of(db)
    db.execute("update documents set text = 'khác' where id = 'd3'")
    assert champions_rank.snapshot_of(db) != before
