"""reach.cited_by: the same rows as graph.cited_by, in the same order (its speed is measured by `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.catalogue import ingest_paths, open_db
from vanban.catalogue.graph import cited_by
from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.reach import cited_by as fast_cited_by
from vanban.catalogue.store import store_record
from vanban.extract.pipeline import extract_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def plan(n: int, cites: list[int], year: int = 2021) -> str:
    basis = "\n\n".join(f"Căn cứ Kế hoạch số {c}/KH-LĐLĐ ngày 02/3/{year} của Liên đoàn Lao động tỉnh Lai Châu;" for c in cites)
    return (
        f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {n}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm {year}\n\nKẾ HOẠCH\n"
        f"Thực hiện nhiệm vụ số {n}\n\n{basis}\n\nThực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị;\n"
    )


@pytest.fixture(scope="module")
def graph_db(tmp_path_factory: pytest.TempPathFactory):
    """A hub (1) cited by many, chains (2 <- 3 <- 4 <- 5 <- 6), a cycle (7 <-> 8), documents citing twice."""
    db = open_db(tmp_path_factory.mktemp("g") / "c.db")
    edges = {1: [], 2: [1], 3: [1, 2], 4: [3], 5: [4, 1], 6: [5, 5], 7: [8], 8: [7, 1], 9: [1, 6], 10: [2, 3, 4], 11: [99]}
    for n, cites in edges.items():
        store_record(db, extract_text(plan(n, cites), path=f"p{n}.txt"), extractor_version())
    list(ingest_paths(db, [CORPUS / "seeds", CORPUS / "parents"]))
    return db


REFS = ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "4/KH-LĐLĐ", "7/KH-LĐLĐ", "99/KH-LĐLĐ", "02-NQ/TW", "135/KH-TLĐ", "12/2012/QH13", "nothing"]


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize("transitive, depth", [(False, 5), (True, 1), (True, 2), (True, 5)])
def test_same_rows_in_the_same_order(graph_db, ref: str, transitive: bool, depth: int) -> None:
    assert fast_cited_by(graph_db, ref, transitive=transitive, max_depth=depth) == cited_by(
        graph_db, ref, transitive=transitive, max_depth=depth
    )


@pytest.mark.parametrize("relations", [["based_on"], ["implements"], ["cites", "based_on"]])
def test_same_rows_with_filters(graph_db, relations: list[str]) -> None:
    for ref in REFS:
        kw = {"transitive": True, "relations": relations}
        assert fast_cited_by(graph_db, ref, **kw) == cited_by(graph_db, ref, **kw)
    assert fast_cited_by(graph_db, "1/KH-LĐLĐ", year=2020) == cited_by(graph_db, "1/KH-LĐLĐ", year=2020)


def test_the_hub_is_reached_through_chains(graph_db) -> None:
    rows = fast_cited_by(graph_db, "1/KH-LĐLĐ", transitive=True, max_depth=5)
    assert max(r["depth"] for r in rows) >= 3
    assert {r["number"] for r in rows if r["depth"] == 1} >= {"2/KH-LĐLĐ", "3/KH-LĐLĐ", "5/KH-LĐLĐ", "8/KH-LĐLĐ", "9/KH-LĐLĐ"}


def test_batches_larger_than_one_query(graph_db, monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.catalogue.reach as reach

    monkeypatch.setattr(reach, "_BATCH", 2)
    for ref in REFS:
        assert reach.cited_by(graph_db, ref, transitive=True) == cited_by(graph_db, ref, transitive=True)
