"""Graph queries and the cites / refs / graph commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS
from tests.test_works import citation, record, store
from vanban.catalogue import ingest_paths, open_db
from vanban.catalogue.graph import cited_by, graph, graph_data, references
from vanban.cli import cli

DIRECTIVE = citation("02-NQ/TW", "2021-06-12", "Bộ Chính trị", "thuc_hien")


@pytest.fixture
def chain(db):
    """02-NQ/TW (not catalogued) <- A thực hiện <- B căn cứ <- C căn cứ; D mentions A; E unrelated."""
    a = store(db, record("135/KH-TLĐ", "Tổng Liên đoàn Lao động Việt Nam", "2021-09-24", [DIRECTIVE]))
    b = store(
        db,
        record(
            "277/KH-LĐLĐ",
            "Liên đoàn Lao động tỉnh Lai Châu",
            "2021-10-15",
            [citation("135/KH-TLĐ", "2021-09-24", relation="can_cu")],
        ),
    )
    c = store(
        db,
        record(
            "12/KH-LĐLĐ",
            "Liên đoàn Lao động huyện Tam Đường",
            "2021-11-01",
            [citation("277/KH-LĐLĐ", "2021-10-15", "Liên đoàn Lao động tỉnh Lai Châu", "can_cu")],
        ),
    )
    d = store(db, record("5/BC-LĐLĐ", "Liên đoàn Lao động tỉnh Lai Châu", "2022-01-05", [citation("135/KH-TLĐ", "2021-09-24")]))
    e = store(db, record("9/TB-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", "2024-11-15", [citation("1479/QĐ-TTg", "2022-11-29")]))
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_cited_by_direct(db, chain):
    rows = cited_by(db, "02-NQ/TW")
    assert [(r["doc_id"], r["relation"], r["eli_relation"], r["depth"]) for r in rows] == [
        (chain["a"], "thuc_hien", "implements", 1)
    ]
    assert rows[0]["target"]["is_stub"] == 1


def test_cited_by_transitive_follows_plans_implementing_plans(db, chain):
    rows = cited_by(db, "02-NQ/TW", transitive=True)
    got = [(r["doc_id"], r["depth"], r["via_work"]["number"] if r["via"] else None) for r in rows]
    assert rows[1]["via"] == "135-kh-tld-2021-tong-lien-doan-lao-dong-viet-nam"
    assert got == [
        (chain["a"], 1, None),
        (chain["b"], 2, "135/KH-TLĐ"),
        (chain["d"], 2, "135/KH-TLĐ"),
        (chain["c"], 3, "277/KH-LĐLĐ"),
    ]
    assert [r["doc_id"] for r in cited_by(db, "02-NQ/TW", transitive=True, max_depth=2)] == [chain["a"], chain["b"], chain["d"]]
    only = cited_by(db, "02-NQ/TW", transitive=True, relations=["implements", "based_on"])
    assert chain["d"] not in {r["doc_id"] for r in only}


def test_cited_by_a_document_id(db, chain):
    assert [r["doc_id"] for r in cited_by(db, chain["a"][:12])] == [chain["b"], chain["d"]]


def test_references_are_resolved(db, chain):
    store(db, record("1479/QĐ-TTg", "Thủ tướng Chính phủ", "2022-11-29", doc_type="Quyết định"))
    [ref] = references(db, chain["e"])
    assert (ref["number"], ref["resolution"], ref["work"]["number"], len(ref["documents"])) == (
        "1479/QĐ-TTg",
        "resolved",
        "1479/QĐ-TTg",
        1,
    )
    [ref] = references(db, chain["a"])
    assert (ref["resolution"], ref["work"]["is_stub"], ref["documents"]) == ("stub", 1, [])


def test_graph_whole_and_around_a_root(db, chain):
    data = graph_data(db)
    ids = {n["id"] for n in data["nodes"]}
    assert "02-nq-tw-2021-bo-chinh-tri" in ids and len(data["edges"]) == 5
    sub = graph_data(db, root="02-NQ/TW")
    assert {n["number"] for n in sub["nodes"]} == {"02-NQ/TW", "135/KH-TLĐ", "277/KH-LĐLĐ", "12/KH-LĐLĐ", "5/BC-LĐLĐ"}
    assert {e["relation"] for e in sub["edges"]} == {"implements", "based_on", "cites"}
    near = graph_data(db, root="02-NQ/TW", max_depth=1)
    assert {n["number"] for n in near["nodes"]} == {"02-NQ/TW", "135/KH-TLĐ"}


def test_graph_formats(db, chain):
    assert json.loads(graph(db, fmt="json"))["edges"]
    dot = graph(db, root="02-NQ/TW", fmt="dot")
    assert (
        dot.startswith("digraph citations {")
        and '-> "02-nq-tw-2021-bo-chinh-tri" [label="thực hiện", relation="implements"]' in dot
    )
    root = ET.fromstring(graph(db, root="02-NQ/TW", fmt="graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 5 and len(root.findall(".//g:edge", ns)) == 4
    with pytest.raises(ValueError):
        graph(db, fmt="png")


# ---- the commands ---------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def dbfile(tmp_path, chain, db):
    # `chain` was stored in the `db` fixture's file
    return str(tmp_path / "catalogue.db")


def test_cites_command(dbfile, chain):
    code, out, _ = run("cites", "02-NQ/TW", "--db", dbfile, "--transitive")
    assert code == 0
    assert "02-NQ/TW — Bộ Chính trị, 12/06/2021 (chưa có trong kho)" in out
    assert "thực hiện" in out and "căn cứ" in out and "qua Kế hoạch 135/KH-TLĐ 24/09/2021" in out
    code, out, _ = run("cites", "02-NQ/TW", "--db", dbfile, "--json")
    rows = json.loads(out)
    assert {"target", "doc_id", "relation", "eli_relation", "depth", "via"} <= set(rows[0])
    code, out, _ = run("cites", "99/KH-XX", "--db", dbfile)
    assert code == 0 and "Không có văn bản nào" in out


def test_refs_command(dbfile, chain):
    code, out, _ = run("refs", "277/KH-LĐLĐ", "--db", dbfile)
    assert code == 0 and "căn cứ" in out and "135/KH-TLĐ" in out and "có trong kho: 135/KH-TLĐ-.txt" in out
    code, out, _ = run("refs", chain["a"][:10], "--db", dbfile, "--json")
    assert json.loads(out)[0]["citations"][0]["resolution"] == "stub"
    code, _, err = run("refs", "404/KH-XX", "--db", dbfile)
    assert code == 2 and err.startswith("vanban: error: 404/KH-XX:")


def test_graph_command(dbfile, chain):
    code, out, _ = run("graph", "--format", "dot", "--root", "135/KH-TLĐ", "--db", dbfile)
    assert code == 0 and out.startswith("digraph")
    code, out, _ = run("graph", "--db", dbfile)
    assert code == 0 and json.loads(out)["nodes"]
    code, _, err = run("graph", "--root", "404/KH-XX", "--db", dbfile)
    assert code == 2 and "vanban: error:" in err


@pytest.mark.parametrize("command", ["cites", "refs", "graph"])
def test_every_command_has_an_example(command):
    code, out, _ = run(command, "--help")
    assert code == 0 and "Example: vanban " + command in out


def test_demo_corpus_02_nq_tw(tmp_path):
    """The seeds and the parent plan: the Lai Châu plan 277/KH-LĐLĐ and the Hương Hóa plan cite 02-NQ/TW directly."""
    db = open_db(tmp_path / "demo.db")
    list(ingest_paths(db, [CORPUS / "seeds", CORPUS / "parents"]))
    direct = {r["path"].split("/")[-1]: r["relation"] for r in cited_by(db, "02-NQ/TW")}
    assert direct["001_90e93914de0aefd7.txt"] == "mention"
    assert direct["004_f1b4d79bff2c5098.txt"] == "thuc_hien"
    assert {r["target"]["year"] for r in cited_by(db, "02-NQ/TW", transitive=True)} == {2021}
    via = [r for r in cited_by(db, "02-NQ/TW", transitive=True) if r["depth"] == 2]
    assert any(r["number"] == "277/KH-LĐLĐ" and r["via_work"]["number"] == "135/KH-TLĐ" for r in via)
