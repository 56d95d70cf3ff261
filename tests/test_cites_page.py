"""graph.cited_by walked a level at a time: the rows of a plain breadth-first walk, in its order; a
first page (`limit`) is the start of the whole answer; count_cited_by counts it. Speed: `make bench`."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import vanban.catalogue.graph as graph
from vanban.catalogue import ingest_paths, open_db
from vanban.catalogue.graph import _works, count_cited_by, find_works
from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.store import store_record
from vanban.cli import cli
from vanban.extract.pipeline import extract_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def plan(n: int, cites: list[int], year: int = 2021) -> str:
    basis = "\n\n".join(f"Căn cứ Kế hoạch số {c}/KH-LĐLĐ ngày 02/3/{year} của Liên đoàn Lao động tỉnh Lai Châu;" for c in cites)
    return (
        f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {n}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm {year}\n\nKẾ HOẠCH\n"
        f"Thực hiện nhiệm vụ số {n}\n\n{basis}\n\nThực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị;\n"
    )


@pytest.fixture(scope="module")
def graph_db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A hub (1) cited by many, chains (2 <- 3 <- 4 <- 5 <- 6), a cycle (7 <-> 8), documents citing twice."""
    db = open_db(tmp_path_factory.mktemp("g") / "c.db")
    edges = {1: [], 2: [1], 3: [1, 2], 4: [3], 5: [4, 1], 6: [5, 5], 7: [8], 8: [7, 1], 9: [1, 6], 10: [2, 3, 4], 11: [99]}
    for n, cites in edges.items():
        store_record(db, extract_text(plan(n, cites), path=f"p{n}.txt"), extractor_version())
    list(ingest_paths(db, [CORPUS / "seeds", CORPUS / "parents"]))
    return db


def walk(db: Any, ref: str, transitive: bool = False, max_depth: int = 5, relations: list[str] | None = None) -> list[dict]:
    """The reference: a plain breadth-first walk, one query per work and one per citing document."""
    cols = ("doc_id", "path", "number", "doc_type", "date", "issuer", "title", "relation", "eli_relation", "text", "citation_id")
    out: list[dict] = []
    for target in find_works(db, ref):
        seen: set[tuple[str, str]] = set()
        queue: deque[tuple[dict, int]] = deque([(target, 1)])
        seen_works = {target["id"]}
        while queue:
            work, depth = queue.popleft()
            cur = db.execute(
                """select c.doc_id, d.path, d.number, d.doc_type, d.date, d.issuer, d.title, c.relation, c.eli_relation, c.text,
                   c.id from citations c join documents d on d.id = c.doc_id where c.work_id = ?
                   order by d.date, d.number, c.doc_id, c.seq""",
                [work["id"]],
            )
            for row in (dict(zip(cols, r, strict=True)) for r in cur.fetchall()):
                if (relations and row["eli_relation"] not in relations) or (row["doc_id"], work["id"]) in seen:
                    continue
                seen.add((row["doc_id"], work["id"]))
                via = None if depth == 1 else {k: work[k] for k in ("id", "number", "doc_type", "date")}
                out.append({"target": target, **row, "depth": depth, "via": via["id"] if via else None, "via_work": via})
                if transitive and depth < max_depth:
                    for w in _works(db, "id in (select work_id from document_works where doc_id = ?)", [row["doc_id"]]):
                        if w["id"] not in seen_works:
                            seen_works.add(w["id"])
                            queue.append((w, depth + 1))
    return out


REFS = ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "4/KH-LĐLĐ", "7/KH-LĐLĐ", "99/KH-LĐLĐ", "02-NQ/TW", "135/KH-TLĐ", "12/2012/QH13", "nothing"]
WALKS = [(False, 5), (True, 1), (True, 2), (True, 5)]


@pytest.mark.parametrize("ref", REFS)
@pytest.mark.parametrize("transitive, depth", WALKS)
def test_same_rows_in_the_same_order_as_a_plain_walk(graph_db, ref: str, transitive: bool, depth: int) -> None:
    want = walk(graph_db, ref, transitive, depth)
    assert graph.cited_by(graph_db, ref, transitive=transitive, max_depth=depth) == want
    assert count_cited_by(graph_db, ref, transitive=transitive, max_depth=depth) == len(want)


@pytest.mark.parametrize("relations", [["based_on"], ["implements"], ["cites", "based_on"]])
def test_same_rows_with_relation_filters(graph_db, relations: list[str]) -> None:
    for ref in REFS:
        want = walk(graph_db, ref, True, 5, relations)
        assert graph.cited_by(graph_db, ref, transitive=True, relations=relations) == want
        assert count_cited_by(graph_db, ref, transitive=True, relations=relations) == len(want)


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5, 8, 13])
def test_a_first_page_is_the_start_of_the_whole_answer(graph_db, limit: int) -> None:
    for ref in ["1/KH-LĐLĐ", "02-NQ/TW", "2/KH-LĐLĐ"]:
        whole = graph.cited_by(graph_db, ref, transitive=True)
        assert graph.cited_by(graph_db, ref, transitive=True, limit=limit) == whole[:limit]


def test_the_hub_is_reached_through_chains(graph_db) -> None:
    rows = graph.cited_by(graph_db, "1/KH-LĐLĐ", transitive=True, max_depth=5)
    assert max(r["depth"] for r in rows) >= 3
    assert {r["number"] for r in rows if r["depth"] == 1} >= {"2/KH-LĐLĐ", "3/KH-LĐLĐ", "5/KH-LĐLĐ", "8/KH-LĐLĐ", "9/KH-LĐLĐ"}
    assert [r["number"] for r in rows if r["number"] == "6/KH-LĐLĐ" and r["depth"] == 1] == []  # 6 cites 5 twice, not 1


def test_batches_smaller_than_a_level(graph_db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph, "_BATCH", 2)
    for ref in REFS:
        want = walk(graph_db, ref, True)
        assert graph.cited_by(graph_db, ref, transitive=True) == want
        assert graph.cited_by(graph_db, ref, transitive=True, limit=3) == want[:3]
        assert count_cited_by(graph_db, ref, transitive=True) == len(want)


def test_cli_shows_a_page_and_says_how_many_more(graph_db) -> None:
    path = graph_db.conn.execute("pragma database_list").fetchone()[2]
    rows = graph.cited_by(graph_db, "1/KH-LĐLĐ", transitive=True)
    total = count_cited_by(graph_db, "1/KH-LĐLĐ", transitive=True)
    assert total == len(rows) > 3
    res = CliRunner().invoke(cli, ["cites", "1/KH-LĐLĐ", "--transitive", "--limit", "3", "--db", path])
    assert res.exit_code == 0, res.output
    assert f"... và {total - 3} văn bản khác (--limit 0 để xem tất cả)" in res.output
    res = CliRunner().invoke(cli, ["cites", "1/KH-LĐLĐ", "--transitive", "--limit", "0", "--db", path])
    assert "văn bản khác" not in res.output and res.output.count("/KH-LĐLĐ ") >= total
    res = CliRunner().invoke(cli, ["cites", "1/KH-LĐLĐ", "--transitive", "--limit", "2", "--json", "--db", path])
    assert [r["citation_id"] for r in json.loads(res.output)] == [r["citation_id"] for r in rows[:2]]
    res = CliRunner().invoke(cli, ["cites", "1/KH-LĐLĐ", "--transitive", "--json", "--db", path])
    assert len(json.loads(res.output)) == total  # a program reading JSON gets every row unless it asks for fewer
