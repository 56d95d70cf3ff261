"""The exact phrase of two frequent words ranked from the index of adjacent word pairs (`catalogue.phrase_pairs`):
the answer must be FTS5's own (same rowids, same order, same scores to the last bit) whenever the index
answers, with a fresh index, with documents written, rewritten and deleted since, with filters and deep
pages; and it must fall back to FTS5 (None) when it cannot prove the page. Each test builds a small
catalogue of its own, as tests/test_ranked_champions.py does, with small settings."""

from __future__ import annotations

import itertools
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from tests.test_ranked_champions import SMALL, WORDS, add_document, fill
from vanban.catalogue import champions, open_db, phrase_pairs, phrase_pairs_build, precomputed
from vanban.catalogue.ranked import search, tier_parts

PAIRS = phrase_pairs_build.PairSettings(min_documents=10, min_word_docs=3, size=6, stale_after=5)
EXACT = "documents_exact"


def fts5_top(db: Any, match: str, limit: int, where: str = "", params: tuple = ()) -> list[tuple[int, float]]:
    """FTS5 ranking every match of the phrase: what `phrase_pairs.top` must give."""
    sql = (
        f"select f.rowid, f.rank from {EXACT} f join documents d on d.rowid = f.rowid "
        f"where {EXACT} match ? and rank match 'bm25(5.0, 1.0)'{where} order by f.rank limit ?"
    )
    return [(r[0], r[1]) for r in db.execute(sql, [match, *params, limit])]


def phrases(db: Any) -> list[str]:
    """The phrase tier of every ordered pair of the vocabulary's words (NEAR ones included: they fall back)."""
    return [tier_parts(f"{a} {b}")[0][1] for a, b in itertools.product(sorted(set(WORDS)), repeat=2)]


def check_all(
    db: Any, limits: tuple[int, ...] = (1, 3, 10), where: str = "", params: tuple = (), approximate: bool = False
) -> tuple[int, int]:
    """Every phrase at every limit: the answer equals FTS5's, bit for bit; (answered, fell back). With
    `approximate` (documents rewritten since the build), the same rowids in the same order and the scores
    within 1e-3 (the phrase's count may be off by the rewritten documents: `phrase_pairs`' docstring)."""
    answered = fell_back = 0
    for match in phrases(db):
        for limit in limits:
            got = phrase_pairs.top(db, EXACT, match, limit, where=where, params=params)
            if got is None:
                fell_back += 1
                continue
            answered += 1
            want = fts5_top(db, match, limit, where, params)
            if approximate:
                assert [d for d, _ in got] == [d for d, _ in want], (match, limit)
                assert all(abs(a - b) <= 1e-3 * abs(b) for (_, a), (_, b) in zip(got, want, strict=True)), (match, limit)
            else:
                assert got == want, (match, limit)
    return answered, fell_back


def build(db: Any) -> dict[str, Any]:
    assert champions.refresh(db, SMALL)["rebuilt"]
    return phrase_pairs_build.refresh(db, PAIRS)


@pytest.fixture
def catalogue(db):
    fill(db, 150, seed=3)
    done = build(db)
    assert done["rebuilt"] and done["pairs"] > 100 and done["odd"] == 0
    return db


def test_fresh_index_ranks_as_fts5_bit_for_bit(catalogue) -> None:
    answered, fell_back = check_all(catalogue)
    assert answered > 1000 and fell_back > 100, (answered, fell_back)  # both paths are taken


def test_deep_pages_and_exclusions(catalogue) -> None:
    for match in phrases(catalogue)[:120]:
        got = phrase_pairs.top(catalogue, EXACT, match, 40)
        if got is not None:
            assert got == fts5_top(catalogue, match, 40)
        full = fts5_top(catalogue, match, 1000)
        if len(full) > 3:
            skip = [full[0][0], full[2][0]]
            got = phrase_pairs.top(catalogue, EXACT, match, 3, exclude=skip)
            if got is not None:
                assert got == [r for r in full if r[0] not in skip][:3]


def test_filters(catalogue) -> None:
    rng = random.Random(1)
    ids = [r[0] for r in catalogue.execute("select rowid from documents")]
    for rowid in rng.sample(ids, 60):
        catalogue.execute("update documents set doc_type = 'Kế hoạch' where rowid = ?", [rowid])
    catalogue.execute("delete from champion_changed")  # doc_type is not a ranked column: the lists stay right
    answered, _ = check_all(catalogue, (1, 4), " and d.doc_type = ?", ("Kế hoạch",))
    assert answered > 200


def test_documents_written_rewritten_and_deleted_since(catalogue) -> None:
    fill(catalogue, 12, seed=9, prefix="late")  # the tail: ranked from its text, the counts made again
    assert check_all(catalogue, (1, 5))[0] > 500  # bit for bit
    ids = [r[0] for r in catalogue.execute("select rowid from documents order by rowid limit 40")]
    catalogue.execute("update documents set text = text || ' đoàn viên công tác' where rowid = ?", [ids[3]])
    catalogue.execute("update documents set title = 'Kế hoạch tổ chức' where rowid = ?", [ids[10]])
    catalogue.execute("delete from documents where rowid = ?", [ids[20]])
    answered, fell_back = check_all(catalogue, (1, 5), approximate=True)
    assert answered > 500 and fell_back > 0


def test_many_rewritten_documents_fall_back_and_refresh_rebuilds(catalogue) -> None:
    ids = [r[0] for r in catalogue.execute("select rowid from documents order by rowid limit 10")]
    for rowid in ids[: champions.CHANGED_MAX + 1]:
        catalogue.execute("update documents set text = text || ' lao động' where rowid = ?", [rowid])
    assert all(phrase_pairs.top(catalogue, EXACT, m, 3) is None for m in phrases(catalogue)[:50])
    assert phrase_pairs_build.needs_rebuild(catalogue, PAIRS, phrase_pairs_build.status(catalogue))
    build(catalogue)
    answered, _ = check_all(catalogue, (3,))
    assert answered > 300


def test_lists_built_again_make_the_pairs_wait_for_their_own_build(catalogue) -> None:
    match = next(m for m in phrases(catalogue) if phrase_pairs.top(catalogue, EXACT, m, 3))
    champions.refresh(catalogue, SMALL, force=True)  # clears champion_changed: the pairs cannot trust it
    assert phrase_pairs.top(catalogue, EXACT, match, 3) is None
    assert phrase_pairs_build.refresh(catalogue, PAIRS)["rebuilt"]
    assert phrase_pairs.top(catalogue, EXACT, match, 3) == fts5_top(catalogue, match, 3)


def test_refresh_is_idempotent_and_small_catalogues_get_nothing(catalogue) -> None:
    assert not phrase_pairs_build.refresh(catalogue, PAIRS)["rebuilt"]
    bigger = phrase_pairs_build.PairSettings(min_documents=10_000)
    done = phrase_pairs_build.refresh(catalogue, bigger)  # below the size: what was built is dropped
    assert done["rebuilt"] and not done["built"]
    assert not phrase_pairs_build.refresh(catalogue, bigger)["rebuilt"]
    assert all(phrase_pairs.top(catalogue, EXACT, m, 3) is None for m in phrases(catalogue)[:50])


def test_search_uses_the_pairs_and_equals_fts5_alone(catalogue) -> None:
    for a, b in itertools.islice(itertools.product(sorted(set(WORDS)), repeat=2), 0, None, 7):
        q = f"{a} {b}"
        for limit in (3, 12):
            assert search(catalogue, q, limit=limit) == search(catalogue, q, limit=limit, use_lists=False), q


def test_precomputed_refresh_builds_the_pairs_only_in_a_large_catalogue(db) -> None:
    fill(db, 40, seed=2)
    done = precomputed.refresh(db)
    assert not done["phrase_pairs"]["built"]  # 40 documents: far below the default size


def test_catalogue_without_the_tables_or_read_only(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_db(path)
    fill(db, 150, seed=3)
    matches = phrases(db)[::9]
    expected = {m: fts5_top(db, m, 3) for m in matches}
    db.conn.close()
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))  # no tables yet: FTS5 answers
    assert all(phrase_pairs.top(ro, EXACT, m, 3) is None for m in matches)
    assert all(search(ro, m.strip('"'), limit=3) == search(ro, m.strip('"'), limit=3, use_lists=False) for m in matches)
    ro.conn.close()
    db = open_db(path)
    build(db)
    db.conn.close()
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    got = {m: phrase_pairs.top(ro, EXACT, m, 3) for m in matches}
    assert sum(v is not None for v in got.values()) > 20
    assert all(v is None or v == expected[m] for m, v in got.items())
    ro.conn.execute(f"select count(*) from {phrase_pairs.PAIRS}")
    ro.conn.close()


def test_a_document_cut_otherwise_is_asked_of_fts5(catalogue) -> None:
    """A pair-counting mistake is never answered: a document FTS5 says holds the phrase but whose text
    does not show it (as if cut otherwise) makes `top` fall back."""
    match = next(m for m in phrases(catalogue) if phrase_pairs.top(catalogue, EXACT, m, 3))
    a, b = phrase_pairs.phrase_tokens(match) or ("", "")
    add_document(catalogue, "odd", "x", f"{a} {b}")
    rowid = catalogue.execute("select max(rowid) from documents").fetchone()[0]
    # the stored text changed behind the index's back: FTS5 still holds the old tokens
    catalogue.execute("drop trigger documents_exact_au")
    catalogue.execute("drop trigger champion_changed_au")
    catalogue.execute("update documents set text = 'khác' where rowid = ?", [rowid])
    assert phrase_pairs.top(catalogue, EXACT, match, 3) is None


def test_pages_a_left_out_document_could_beat_are_declined(db) -> None:
    """Documents written since change the average length, and so the order of the documents a pair kept and
    those it left out: a page is answered only when its last score beats the most a left-out document can
    score now. Built, a short document with the phrase once beats a long one with it three times (only the
    first is kept, size 1); after long documents are added the long one wins, and the pairs decline."""
    add_document(db, "short", "", "đoàn viên khác khác khác")
    add_document(db, "long", "", " ".join(["đoàn viên"] * 3 + ["khác"] * 54))
    for i in range(20):  # the two words frequent, never side by side; an average length of about 30
        add_document(db, f"filler{i}", "", " ".join(["đoàn khác viên"] + ["khác"] * 27))
    assert phrase_pairs_build.refresh(db, phrase_pairs_build.PairSettings(min_documents=10, min_word_docs=3, size=1))["rebuilt"]
    short, long = (db.execute("select rowid from documents where id = ?", [k]).fetchone()[0] for k in ("short", "long"))
    built = fts5_top(db, '"đoàn viên"', 1)
    assert phrase_pairs.top(db, EXACT, '"đoàn viên"', 1) == built and built[0][0] == short
    for i in range(40):  # long documents without the phrase: the average length grows twentyfold
        add_document(db, f"late{i}", "", " ".join(["khác"] * 1000))
    assert fts5_top(db, '"đoàn viên"', 1)[0][0] == long  # the document left out now comes first
    assert phrase_pairs.top(db, EXACT, '"đoàn viên"', 1) is None
    assert phrase_pairs.top(db, EXACT, '"đoàn viên"', 2) is None  # the kept document is not enough for the page
