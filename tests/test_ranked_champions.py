"""Champion lists (`catalogue.champions`): the ranked search answered from them must equal FTS5's own
ranking on a catalogue whose lists are fresh, and stay right as documents are added, rewritten and
deleted. Each test builds a small catalogue of its own and small lists (a few documents a list)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from vanban.catalogue import champions, open_db
from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.ranked import search, tier_queries
from vanban.catalogue.store import store_record
from vanban.extract.normalise import unaccent
from vanban.extract.pipeline import extract_text

SMALL = champions.ChampionSettings(min_matches=6, size=8, sample=1000, stale_after=5)
WORDS = (
    "năm nam đoàn viên công tác hòa hoà giải lao động kế hoạch tổ chức thực hiện ban chấp hành "
    "cơ sở huyện tỉnh ủy uỷ quyết định báo cáo internet phát triển"
).split()
PHRASES = ["đoàn viên", "công tác", "hòa giải", "hoà giải", "lao động", "kế hoạch", "tổ chức", "thực hiện"]


def random_text(rng: random.Random, n: int) -> str:
    out: list[str] = []
    while len(out) < n:
        out += rng.choice(PHRASES).split() if rng.random() < 0.3 else [rng.choice(WORDS)]
    return " ".join(out)


def add_document(db: Any, key: str, title: str, text: str) -> None:
    db.table("documents").insert(
        {"id": key, "path": f"{key}.txt", "title": title, "text": text, "folded": unaccent(f"{title} {text}")}
    )


def fill(db: Any, n: int, seed: int = 1, prefix: str = "d") -> None:
    rng = random.Random(seed)
    for i in range(n):
        title = random_text(rng, rng.randint(2, 6)).capitalize()
        text = random_text(rng, rng.randint(5, 60))
        if rng.random() < 0.2:  # some documents written without diacritics
            title, text = unaccent(title), unaccent(text)
        add_document(db, f"{prefix}{i}", title, text)


QUERIES = [*WORDS, *PHRASES, "doan vien", "hoa giai", "nam", "cong tac", "uy ban", "viên đoàn", "đoàn kế hoạch"]


def same_ranking(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """The same documents with the same scores; documents of equal score may come in either order."""

    def key(rows: list[dict[str, Any]]) -> list[tuple[float, list[str]]]:
        groups: dict[float, list[str]] = {}
        for r in rows:
            groups.setdefault(r["score"], []).append(r["id"])
        last = rows[-1]["score"] if rows else None  # at the page's end, which of equal scores made it is FTS5's choice
        return [(s, sorted(ids) if s != last else [str(len(ids))]) for s, ids in groups.items()]

    return key(a) == key(b)


def used_lists(db: Any, query: str, limit: int) -> bool:
    return any(champions.top(db, index, match, limit) is not None for index, match in tier_queries(query))


@pytest.fixture
def catalogue(db):
    fill(db, 80)
    result = champions.refresh(db, SMALL)
    assert result["rebuilt"] and result["lists"] > 10
    return db


@pytest.mark.parametrize("limit", [1, 5, 8, 20])
def test_lists_rank_as_fts5_does(catalogue, limit: int) -> None:
    listed = 0
    for q in QUERIES:
        a, b = search(catalogue, q, limit=limit), search(catalogue, q, limit=limit, use_lists=False)
        assert same_ranking(a, b), q
        listed += used_lists(catalogue, q, limit)
    if limit <= SMALL.size:
        assert listed >= len(QUERIES) // 2  # most of these queries were answered from a list
    else:  # a page deeper than the lists: FTS5 alone
        assert listed == 0


def test_a_list_holds_fts5s_own_scores(catalogue) -> None:
    rows = catalogue.execute(
        "select l.idx, l.expr, r.doc, r.score from champion_lists l join champion_rows r on r.list_id = l.id where r.pos = 0"
    ).fetchall()
    assert rows
    for index, match, _doc, score in rows:
        best = catalogue.execute(
            f"select rowid, rank from {index} where {index} match ? and rank match 'bm25(5.0, 1.0)' order by rank limit 1",
            [match],
        ).fetchone()
        assert best[1] == score, (index, match)


def test_a_wrong_list_is_seen(catalogue) -> None:
    """The comparison above can fail: a list whose best document is moved to the end disagrees with FTS5."""
    list_id, index, match = catalogue.execute("select id, idx, expr from champion_lists where complete = 0 limit 1").fetchone()
    catalogue.execute("update champion_rows set score = score + 1000 where list_id = ? and pos = 0", [list_id])
    listed = champions.top(catalogue, index, match, 3)
    plain = catalogue.execute(
        f"select rowid, rank from {index} where {index} match ? and rank match 'bm25(5.0, 1.0)' order by rank limit 3", [match]
    ).fetchall()
    assert listed is not None and [r[0] for r in listed] != [r[0] for r in plain]


def test_new_documents_are_ranked_from_the_tail(catalogue) -> None:
    add_document(catalogue, "new1", "Đoàn viên đoàn viên đoàn viên", "đoàn viên " * 30)
    for q in ("đoàn viên", "viên", "đoàn"):
        a, b = search(catalogue, q, limit=8), search(catalogue, q, limit=8, use_lists=False)
        assert a[0]["id"] == b[0]["id"] == "new1", q
        assert len({r["id"] for r in a} & {r["id"] for r in b}) >= 7, q
    new = catalogue.execute("select rowid from documents where id = 'new1'").fetchone()[0]
    checked = 0
    for index, match in catalogue.execute("select idx, expr from champion_lists").fetchall():
        if catalogue.execute(f"select 1 from {index} where {index} match ? and rowid = ?", [match, new]).fetchone():
            listed = champions.top(catalogue, index, match, 5)
            assert listed is not None and listed[0][0] == new, (index, match)
            checked += 1
    assert checked >= 3


def test_rewritten_and_deleted_documents_leave_the_lists(catalogue) -> None:
    q = "kế hoạch"
    first = search(catalogue, q, limit=5)
    gone, rewritten = first[0]["id"], first[1]["id"]
    rowid = catalogue.execute("select rowid from documents where id = ?", [rewritten]).fetchone()[0]
    catalogue.execute("delete from documents where id = ?", [gone])
    catalogue.execute(
        "update documents set title = 'Không liên quan', text = 'x', folded = 'khong lien quan x' where id = ?", [rewritten]
    )
    assert catalogue.execute("select rowid from documents where id = ?", [rewritten]).fetchone()[0] == rowid  # same rowid
    assert catalogue.execute("select count(*) from champion_changed").fetchone()[0] == 2
    after = search(catalogue, q, limit=5)
    assert gone not in {r["id"] for r in after} and rewritten not in {r["id"] for r in after}
    assert used_lists(catalogue, q, 5)
    assert not used_lists(catalogue, q, 8)  # 6 of the 8 listed are left: a page of 8 asks FTS5
    # the rewritten document now ranks first for what it says, though its rowid is below the lists' last
    catalogue.execute(
        "update documents set title = 'Hòa giải hoà giải hòa giải hoà giải', text = 'hòa giải hoà giải', "
        "folded = 'hoa giai hoa giai hoa giai hoa giai' where id = ?",
        [rewritten],
    )  # both spellings: the phrase tier asks each (`"hòa giải" OR "hoà giải"`), and a random title may hold one twice
    assert search(catalogue, "hòa giải", limit=8)[0]["id"] == rewritten
    assert same_ranking(search(catalogue, "hòa giải", limit=8), search(catalogue, "hòa giải", limit=8, use_lists=False))


def test_many_rewritten_documents_fall_back_to_fts5_and_refresh_rebuilds(catalogue) -> None:
    catalogue.execute("update documents set text = text || ' thêm' where rowid <= ?", [champions.CHANGED_MAX + 1])
    assert champions.top(catalogue, *tier_queries("năm")[0], 5) is None
    for q in QUERIES:
        assert same_ranking(search(catalogue, q, limit=8), search(catalogue, q, limit=8, use_lists=False)), q
    assert champions.refresh(catalogue, SMALL)["rebuilt"]
    assert catalogue.execute("select count(*) from champion_changed").fetchone()[0] == 0
    assert used_lists(catalogue, "năm", 5)


def test_a_page_deeper_than_the_list_asks_fts5(catalogue) -> None:
    index, match = catalogue.execute("select idx, expr from champion_lists where complete = 0 limit 1").fetchone()
    assert champions.top(catalogue, index, match, SMALL.size) is not None
    assert champions.top(catalogue, index, match, SMALL.size + 1) is None


def test_filters_are_answered_from_the_list_or_fts5(catalogue) -> None:
    catalogue.execute("update documents set year = 2020 + rowid % 3")
    champions.refresh(catalogue, SMALL, force=True)
    for q in QUERIES:
        for year in (2020, 2021):
            assert same_ranking(
                search(catalogue, q, year=year, limit=5), search(catalogue, q, year=year, limit=5, use_lists=False)
            ), q


def test_refresh_is_idempotent_and_rebuilds_when_stale(catalogue) -> None:
    assert not champions.refresh(catalogue, SMALL)["rebuilt"]
    fill(catalogue, SMALL.stale_after, seed=2, prefix="late")
    assert not champions.refresh(catalogue, SMALL)["rebuilt"]  # a tail of `stale_after` is still answered
    fill(catalogue, 1, seed=3, prefix="later")
    done = champions.refresh(catalogue, SMALL)
    assert done["rebuilt"] and done["tail"] == 0
    assert not champions.refresh(catalogue, SMALL)["rebuilt"]
    assert champions.refresh(catalogue, champions.ChampionSettings(min_matches=7, size=8, sample=1000))[
        "rebuilt"
    ]  # other settings


def test_read_only_catalogue_with_and_without_lists(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_db(path)
    fill(db, 40)
    expected = search(db, "đoàn viên", limit=5, use_lists=False)
    db.execute("drop table champion_lists")  # a catalogue made before the lists
    db.conn.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    import sqlite_utils

    assert same_ranking(search(sqlite_utils.Database(ro), "đoàn viên", limit=5), expected)
    ro.close()
    db = open_db(path)
    champions.refresh(db, SMALL)
    db.conn.close()
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rodb = sqlite_utils.Database(ro)
    assert used_lists(rodb, "đoàn viên", 5)
    assert same_ranking(search(rodb, "đoàn viên", limit=5), expected)


def test_a_document_stored_again_keeps_its_rowid(db) -> None:
    """store.py writes a document re-extracted by a newer extractor in place (an upsert on its id): the
    rowid stays, so the lists learn of it from the trigger, not from the tail."""
    rec = extract_text("KẾ HOẠCH\nPhát triển đoàn viên\n\nNội dung về đoàn viên.\n", path="a.txt")
    store_record(db, rec, extractor_version())
    before = db.execute("select rowid from documents").fetchone()[0]
    champions.refresh(db, SMALL)
    store_record(db, rec.model_copy(update={"text": rec.text + " Thêm đoàn viên."}), "another-version")
    assert db.execute("select rowid from documents").fetchone()[0] == before
    assert db.execute("select doc from champion_changed").fetchall() == [(before,)]


def test_frequent_expressions_are_the_ones_search_issues(catalogue) -> None:
    found = set(champions.frequent_expressions(catalogue, SMALL))
    issued = {e for q in QUERIES for e in tier_queries(q)}
    assert found & issued
    assert found <= {(i, m) for i, m in found if i in ("documents_fts", "documents_exact")}
    for index, match in found:  # words are counted by FTS5 (phrases are estimated from a sample)
        n = catalogue.execute(f"select count(*) from {index} where {index} match ?", [match]).fetchone()[0]
        assert " " in match or n >= SMALL.min_matches, (index, match)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("đoàn viên", ["đoàn", "viên"]),
        ("Hòa-giải, 2021/NQ", ["Hòa", "giải", "2021", "NQ"]),
        ("uỷ ban_nhân", ["uỷ", "ban_nhân"]),
        ("  ", []),
        ("— … !", []),
    ],
)
def test_word_pattern(text: str, words: list[str]) -> None:
    assert champions._WORD_RE.findall(text) == words


def test_a_catalogue_smaller_than_a_list_needs_no_lists(db) -> None:
    """With fewer documents than `min_matches` no expression can need a list: nothing is counted or
    sampled (a small office's ingest ends at once), and search is FTS5's own."""
    fill(db, 20)
    settings = champions.ChampionSettings(min_matches=21, size=8, sample=1000)
    assert champions.frequent_expressions(db, settings) == []
    assert not champions.needs_rebuild(db, settings)
    done = champions.refresh(db, settings)
    assert not done["rebuilt"] and done["lists"] == 0
    assert champions.needs_rebuild(db, champions.ChampionSettings(min_matches=10, size=8, sample=1000))
    assert champions.frequent_expressions(db, champions.ChampionSettings(min_matches=10, size=8, sample=1000))


def test_a_large_catalogue_waits_for_a_longer_tail(catalogue) -> None:
    """The tail that makes a rebuild is a share of the catalogue when that is longer than `stale_after`;
    changing when to rebuild is not a change of the lists' settings."""
    patient = champions.ChampionSettings(min_matches=6, size=8, sample=1000, stale_after=5, stale_share=0.5)
    assert not champions.refresh(catalogue, patient)["rebuilt"]  # the same lists
    fill(catalogue, 30, seed=4, prefix="tail")  # 30 > stale_after, but under half of 110 documents
    assert not champions.refresh(catalogue, patient)["rebuilt"]
    assert champions.refresh(catalogue, SMALL)["rebuilt"]  # 30 > 5: rebuilt
