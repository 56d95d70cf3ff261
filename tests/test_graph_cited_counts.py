"""cited_counts: the totals of `count_cited_by` counted ahead of time are the walk's own, and are not used
once anything citing is written after them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from vanban.catalogue import cited_counts, open_db
from vanban.catalogue.graph import cited_by, count_cited_by, find_works
from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.store import store_record
from vanban.extract.pipeline import extract_text


def plan(n: int, cites: list[int]) -> str:
    basis = "\n\n".join(f"Căn cứ Kế hoạch số {c}/KH-LĐLĐ ngày 02/3/2021 của Liên đoàn Lao động tỉnh Lai Châu;" for c in cites)
    return (
        f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {n}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm 2021\n\nKẾ HOẠCH\n"
        f"Thực hiện nhiệm vụ số {n}\n\n{basis}\n"
    )


def put(db: Any, n: int, cites: list[int]) -> None:
    store_record(db, extract_text(plan(n, cites), path=f"p{n}.txt"), extractor_version())


# a hub (1), a chain longer than the stored depth (2 <- 3 <- ... <- 9), a cycle (10 <-> 11)
EDGES = {1: [], 2: [1], 3: [2, 1], 4: [3], 5: [4, 1], 6: [5], 7: [6], 8: [7], 9: [8, 8], 10: [11, 1], 11: [10]}
REFS = [f"{n}/KH-LĐLĐ" for n in (1, 2, 3, 10)]
WALKS = [(False, 5), (True, 1), (True, 3), (True, 5), (True, 7)]


@pytest.fixture
def graph_db(tmp_path: Path) -> Any:
    db = open_db(tmp_path / "c.db")
    for n, cites in EDGES.items():
        put(db, n, cites)
    done = cited_counts.refresh(db, min_citers=1)
    assert done["rebuilt"] and done["works"] >= 5
    return db


def stored(db: Any, ref: str) -> bool:
    return all(cited_counts.stored_levels(db, w["id"]) is not None for w in find_works(db, ref))


@pytest.mark.parametrize(("transitive", "depth"), WALKS)
def test_stored_totals_are_the_walks_own(graph_db, transitive: bool, depth: int) -> None:
    for ref in REFS:
        assert stored(graph_db, ref), ref
        assert count_cited_by(graph_db, ref, transitive, depth) == len(cited_by(graph_db, ref, transitive, depth)), ref


def test_a_wrong_stored_total_would_be_seen(graph_db) -> None:
    wid = find_works(graph_db, "1/KH-LĐLĐ")[0]["id"]
    graph_db.execute("update cited_counts set levels = '[100, 0]' where work_id = ?", [wid])
    assert count_cited_by(graph_db, "1/KH-LĐLĐ") == 100 != len(cited_by(graph_db, "1/KH-LĐLĐ"))


def test_a_write_after_the_counts_makes_them_unused_until_refreshed(graph_db) -> None:
    put(graph_db, 12, [1, 9])
    assert not stored(graph_db, "1/KH-LĐLĐ")
    for ref in REFS:
        for transitive, depth in WALKS:
            assert count_cited_by(graph_db, ref, transitive, depth) == len(cited_by(graph_db, ref, transitive, depth)), ref
    assert cited_counts.refresh(graph_db, min_citers=1)["rebuilt"]
    assert stored(graph_db, "1/KH-LĐLĐ")
    assert not cited_counts.refresh(graph_db, min_citers=1)["rebuilt"]  # idempotent
    graph_db.execute("delete from documents where number = '12/KH-LĐLĐ'")  # its citations go with it (cascade)
    assert not stored(graph_db, "1/KH-LĐLĐ")
    assert count_cited_by(graph_db, "1/KH-LĐLĐ", True, 5) == len(cited_by(graph_db, "1/KH-LĐLĐ", True, 5))


def test_relation_filters_walk_as_before(graph_db) -> None:
    for rel in (["based_on"], ["cites"]):
        assert count_cited_by(graph_db, "1/KH-LĐLĐ", True, 5, relations=rel) == len(
            cited_by(graph_db, "1/KH-LĐLĐ", True, 5, relations=rel)
        )


def test_works_cited_less_than_the_threshold_are_walked(graph_db) -> None:
    cited_counts.refresh(graph_db, min_citers=3)
    assert stored(graph_db, "1/KH-LĐLĐ") and not stored(graph_db, "10/KH-LĐLĐ")
    assert count_cited_by(graph_db, "10/KH-LĐLĐ", True, 5) == len(cited_by(graph_db, "10/KH-LĐLĐ", True, 5))


def test_read_only_and_without_counts(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_db(path)
    for n, cites in EDGES.items():
        put(db, n, cites)
    expected = len(cited_by(db, "1/KH-LĐLĐ", True, 5))
    db.conn.close()
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    assert count_cited_by(ro, "1/KH-LĐLĐ", True, 5) == expected  # no counts made yet
    ro.conn.close()
    db = open_db(path)
    cited_counts.refresh(db, min_citers=1)
    db.conn.close()
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    assert stored(ro, "1/KH-LĐLĐ") and count_cited_by(ro, "1/KH-LĐLĐ", True, 5) == expected
