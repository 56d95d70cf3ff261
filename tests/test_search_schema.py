"""The production search is the tiered one, and the indexes the read-only queries need are made by the
schema: on a new catalogue, on an older one opened again (migrated in place), and on `citations` once
the first document has made that table."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from vanban.catalogue import open_db, search
from vanban.catalogue.graph import WALK_INDEXES, cited_by
from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.ranked import EXACT, NUMBER_INDEX
from vanban.catalogue.store import SCHEMA_VERSION, store_record
from vanban.cli import cli
from vanban.extract.pipeline import extract_text


def doc(number: int, body: str, cites: str = "") -> str:
    return (
        f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {number}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm 2021\n\nKẾ HOẠCH\n"
        f"Phát triển tổ chức\n\n{cites}\n\nI. NỘI DUNG\n\n{body}\n"
    )


def put(db, number: int, body: str, cites: str = "") -> None:
    store_record(db, extract_text(doc(number, body, cites), path=f"doc{number}.txt"), extractor_version())


def indexes(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("select name from sqlite_master where type in ('index', 'table')")}
    con.close()
    return names


def fill(db) -> None:
    put(db, 1, "Kết nạp thêm đoàn viên mới trong năm.")
    put(
        db,
        2,
        "Mỗi viên chức tham gia công đoàn cơ sở.",
        "Căn cứ Kế hoạch số 1/KH-LĐLĐ ngày 02/3/2021 của Liên đoàn Lao động tỉnh;",
    )
    put(db, 3, "Doan vien: ban không dấu.", "Thực hiện Kế hoạch số 1/KH-LĐLĐ ngày 02/3/2021 của Liên đoàn Lao động tỉnh;")


def test_a_new_catalogue_has_every_query_index(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_db(path)
    assert {EXACT, NUMBER_INDEX[0], WALK_INDEXES["documents"][0]} <= indexes(path)
    fill(db)  # the first document makes `citations`, with the walk's index
    db.conn.close()
    assert WALK_INDEXES["citations"][0] in indexes(path)
    db = open_db(path)
    assert [r["number"] for r in search(db, "đoàn viên")] == ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "3/KH-LĐLĐ"]
    assert [r["number"] for r in search(db, "doan vien")] == ["3/KH-LĐLĐ", "1/KH-LĐLĐ", "2/KH-LĐLĐ"]


def test_an_older_catalogue_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_db(path)
    fill(db)
    db.conn.close()
    con = sqlite3.connect(path)  # back to schema 2: no exact index, no walk indexes
    con.execute(f"drop table {EXACT}")
    for suffix in ("ai", "ad", "au"):
        con.execute(f"drop trigger {EXACT}_{suffix}")
    for name, _spec in [*WALK_INDEXES.values(), NUMBER_INDEX]:
        con.execute(f"drop index if exists {name}")
    con.execute("update meta set value = '2' where key = 'schema_version'")
    con.commit()
    con.close()
    assert EXACT not in indexes(path)
    db = open_db(path)
    assert {EXACT, NUMBER_INDEX[0], *(name for name, _spec in WALK_INDEXES.values())} <= indexes(path)
    assert db.execute("select value from meta where key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert [r["number"] for r in search(db, "đoàn viên")] == ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "3/KH-LĐLĐ"]
    assert sorted(r["number"] for r in cited_by(db, "1/KH-LĐLĐ")) == ["2/KH-LĐLĐ", "3/KH-LĐLĐ"]
    db.execute("insert into documents_exact(documents_exact, rank) values('integrity-check', 1)")  # raises if out of step


def test_a_read_only_connection_searches(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    fill(open_db(path))
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    assert [r["number"] for r in search(ro, "công đoàn")] == ["2/KH-LĐLĐ"]
    assert [r["number"] for r in search(ro, "1 / kh-ldld")] == ["1/KH-LĐLĐ"]
    plan = ro.execute("explain query plan select id, number, date from documents where number_key = ? order by date desc", ["x"])
    assert NUMBER_INDEX[0] in str(plan.fetchall())  # a number is looked up in the index alone


def test_cli_search_uses_the_tiers(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    fill(open_db(path))
    res = CliRunner().invoke(cli, ["search", "đoàn viên", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert [r["number"] for r in json.loads(res.output)] == ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "3/KH-LĐLĐ"]


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_on_the_corpus_every_match_is_found_and_exact_phrases_come_first(tmp_path: Path) -> None:
    """What the search before the tiers answered (every document holding the words without diacritics,
    those holding the query exactly as typed first) is what the tiers answer."""
    from vanban.catalogue import ingest_paths
    from vanban.extract.normalise import normalise_line, unaccent

    db = open_db(tmp_path / "c.db")
    list(ingest_paths(db, [CORPUS / "seeds", CORPUS / "parents"]))
    for q in ["đoàn viên", "doan vien", "công đoàn cơ sở", "Lai Châu", "Covid", "tổ chức", "hòa giải", "xyzzy"]:
        words = " ".join(f'"{w}"' for w in unaccent(q).split())
        every = {r[0] for r in db.execute("select d.id from documents_fts join documents d on d.rowid = documents_fts.rowid where documents_fts match ?", [words])}  # fmt: skip
        rows = search(db, q, limit=1000)
        assert {r["id"] for r in rows} == every, q
        phrase = normalise_line(q)
        texts = dict(db.execute("select id, coalesce(title, '') || ' ' || text from documents").fetchall())
        exact = [phrase.lower() in texts[r["id"]].lower() for r in rows]
        assert exact == sorted(exact, reverse=True), q  # no document without the exact phrase before one with it
