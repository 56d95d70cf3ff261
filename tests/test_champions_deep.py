"""Whole word lists (`catalogue.champions_full`): a word that most documents hold keeps its whole ranking,
and words that must all occur are ranked from those lists exactly as FTS5 ranks them (the same rowids, the
same scores to the last bit for words with one spelling), at any depth, under filters and exclusions, with
documents written, rewritten and deleted since; older catalogues get the lists from `refresh` (a top-up).
Each test builds a small catalogue of its own, with small lists, as tests/test_ranked_and.py does."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

import numpy as np
import pytest

from tests.test_ranked_and import and_tiers, fts5_top, same, word_pairs
from tests.test_ranked_champions import SMALL, add_document, fill, same_ranking
from vanban.catalogue import champions, champions_and, champions_full
from vanban.catalogue.ranked import search, tier_parts
from vanban.extract.normalise import unaccent

DEEP = dataclasses.replace(SMALL, full_share=0.3, full_min_documents=50)
RANK = "rank match 'bm25(5.0, 1.0)'"


def whole_tiers(db: Any, queries: list[str]) -> list[tuple[str, str, list[str]]]:
    """The tiers of words that must all occur whose every word has a list, at least one of them whole."""
    out = []
    for index, match, words in and_tiers(db, queries):
        lists = [champions.list_of(db, index, w) for w in words]
        if any(champions_full.load(db, f[0]) is not None for f in lists if f):
            out.append((index, match, words))
    return out


def exact(words: list[str]) -> bool:
    """Words of one spelling each: FTS5 adds their scores in the order `top_all` does, so to the last bit."""
    return not any(" OR " in w for w in words)


@pytest.fixture
def catalogue(db):
    fill(db, 160, seed=7)
    assert champions.refresh(db, DEEP)["rebuilt"]
    return db


def test_whole_lists_are_fts5s_whole_ranking(catalogue) -> None:
    n = catalogue.execute("select count(*) from documents").fetchone()[0]
    kept = catalogue.execute(
        "select l.idx, l.expr, f.list_id from champion_lists l join champion_full f on f.list_id = l.id"
    ).fetchall()
    assert len(kept) >= 10
    words = champions.word_expressions(catalogue, DEEP)
    for index, match, list_id in kept:
        rows = catalogue.execute(
            f"select rowid, rank from {index} where {index} match ? and {RANK} order by rowid", [match]
        ).fetchall()
        assert len(rows) >= DEEP.full_share * n and (index, match) in words
        docs, scores = champions_full.load(catalogue, list_id)  # type: ignore[misc]
        assert docs.tolist() == [r[0] for r in rows] and scores.tolist() == [r[1] for r in rows]  # bit for bit
        listed = catalogue.execute("select doc, score from champion_rows where list_id = ? order by pos", [list_id]).fetchall()
        assert listed == sorted(rows, key=lambda r: (r[1], r[0]))[: DEEP.size]  # the list is its best


def test_words_below_the_share_or_in_a_small_catalogue_keep_none(catalogue, db) -> None:
    n = catalogue.execute("select count(*) from documents").fetchone()[0]
    words = champions.word_expressions(catalogue, DEEP)
    for list_id, index, match in catalogue.execute("select id, idx, expr from champion_lists").fetchall():
        count = catalogue.execute(f"select count(*) from {index} where {index} match ?", [match]).fetchone()[0]
        whole = champions_full.load(catalogue, list_id) is not None
        assert whole == (count >= DEEP.full_share * n and (index, match) in words), (index, match)
    champions.refresh(catalogue, dataclasses.replace(DEEP, full_min_documents=n + 1), force=True)
    assert catalogue.execute("select count(*) from champion_full").fetchone()[0] == 0


@pytest.mark.parametrize("limit", [1, 5, 20, 150])
def test_answers_are_fts5s_to_the_last_bit(catalogue, limit: int) -> None:
    tiers = whole_tiers(catalogue, word_pairs(150, seed=limit))
    assert len(tiers) >= 40
    for index, match, words in tiers:
        got = champions_and.top_all(catalogue, index, words, limit)
        assert got is not None, match  # a whole list always answers here (few documents the lists leave open)
        plain = fts5_top(catalogue, index, match, limit)
        if exact(words):
            assert same_ranking(rows(got), rows(plain)), (index, match)
        else:
            assert same(got, plain), (index, match)


def rows(r: list[tuple[int, float]]) -> list[dict[str, Any]]:
    return [{"id": d, "score": s} for d, s in r]


def test_three_words(catalogue) -> None:
    answered = 0
    for q in ("năm đoàn viên", "nam doan vien", "công tác huyện", "cong tac huyen tinh"):
        for index, match, words in tier_parts(q):
            if len(words) < 3 or not all(champions.list_of(catalogue, index, w) for w in words):
                continue
            got = champions_and.top_all(catalogue, index, words, 10)
            if got is not None:
                answered += 1
                assert same(got, fts5_top(catalogue, index, match, 10)), match
    assert answered >= 2


def test_exclusions_and_filters(catalogue) -> None:
    catalogue.execute("update documents set year = 2020 + rowid % 3")
    champions.refresh(catalogue, DEEP, force=True)
    tiers = whole_tiers(catalogue, word_pairs(60, seed=3))
    assert len(tiers) >= 20
    for index, match, words in tiers:
        best = [d for d, _ in fts5_top(catalogue, index, match, 3)]
        got = champions_and.top_all(catalogue, index, words, 5, exclude=best)
        assert got is not None and not set(best) & {d for d, _ in got}
        assert same(got, fts5_top(catalogue, index, match, 5, exclude=tuple(best))), match
        got = champions_and.top_all(catalogue, index, words, 4, where=" and d.year = ?", params=[2021])
        assert got is not None and same(got, fts5_top(catalogue, index, match, 4, where=" and d.year = ?", params=(2021,))), match


def test_a_whole_list_with_a_short_one(catalogue) -> None:
    """A word without a whole list takes part with its best documents and its floor; the documents its list
    leaves open are scored by FTS5, so the answer is still FTS5's."""
    mixed = 0
    for index, match, words in whole_tiers(catalogue, word_pairs(200, seed=9)):
        lists = [champions.list_of(catalogue, index, w) for w in words]
        if all(champions_full.load(catalogue, f[0]) is not None for f in lists if f):
            continue
        mixed += 1
        got = champions_and.top_all(catalogue, index, words, 5)
        if got is not None:
            assert same(got, fts5_top(catalogue, index, match, 5)), match
    assert mixed >= 5


def test_search_equals_fts5_alone(catalogue) -> None:
    for q in word_pairs(60, seed=11):
        for limit in (3, 20):
            assert same_ranking(search(catalogue, q, limit=limit), search(catalogue, q, limit=limit, use_lists=False)), q


def test_a_wrong_whole_list_is_seen(catalogue) -> None:
    """The comparisons above can fail: with a score in a whole list changed, the answer is no longer FTS5's."""
    index, match, words = whole_tiers(catalogue, ["đoàn viên"])[0]
    plain = fts5_top(catalogue, index, match, 1)
    for w in words:
        list_id = champions.list_of(catalogue, index, w)[0]  # type: ignore[index]
        docs, scores = champions_full.load(catalogue, list_id)  # type: ignore[misc]
        scores = scores.copy()
        scores[np.searchsorted(docs, plain[0][0])] += 1000.0  # the best document now scores worst
        catalogue.execute(
            "update champion_full set scores = ? where list_id = ?", [champions_full.pack(docs, scores)[1], list_id]
        )
    got = champions_and.top_all(catalogue, index, words, 1)
    assert got is not None and got[0][0] != plain[0][0]


def test_new_rewritten_and_deleted_documents(catalogue) -> None:
    tiers = whole_tiers(catalogue, ["đoàn viên", "công tác", "năm huyện", "doan vien", "cong tac", "nam huyen"])
    assert len(tiers) >= 4
    first = {match: champions_and.top_all(catalogue, index, words, 3) for index, match, words in tiers}
    words = "Đoàn viên công tác năm huyện " * 3
    add_document(catalogue, "new1", words, words.lower())
    add_document(catalogue, "new2", unaccent(words), unaccent(words).lower())
    gone = next(r[0][0] for r in first.values() if r)
    rewritten = next(r[1][0] for r in first.values() if r and r[1][0] != gone)
    catalogue.execute("delete from documents where rowid = ?", [gone])
    catalogue.execute("update documents set title = 'x', text = 'x', folded = 'x' where rowid = ?", [rewritten])
    new = {r[0] for r in catalogue.execute("select rowid from documents where id in ('new1', 'new2')")}
    seen_new = 0
    for index, match, words in tiers:
        got = champions_and.top_all(catalogue, index, words, 3)
        assert got is not None and not {gone, rewritten} & {d for d, _ in got}, match
        # the stored scores are of the catalogue as it was (FTS5's IDF and mean length have moved since):
        # the new documents are ranked from the tail at their score now, the others keep their order
        plain = fts5_top(catalogue, index, match, 3)
        assert [d for d, _ in got] == [d for d, _ in plain], match
        seen_new += got[0][0] in new
    assert seen_new >= 4


def test_lists_built_before_are_topped_up(catalogue) -> None:
    full = catalogue.execute("select list_id, docs, scores from champion_full order by list_id").fetchall()
    catalogue.execute("delete from champion_full")
    catalogue.execute("delete from champion_state where key = ?", [champions.WHOLE])  # as a catalogue built before
    index, match, words = "documents_fts", '"doan" AND "vien"', ['"doan"', '"vien"']
    assert champions.needs_top_up(catalogue, DEEP) and not champions.needs_rebuild(catalogue, DEEP)  # said before it runs
    done = champions.refresh(catalogue, DEEP)
    assert not done["rebuilt"] and done["whole_topped_up"] == len(full)
    assert not champions.needs_top_up(catalogue, DEEP)
    assert catalogue.execute("select list_id, docs, scores from champion_full order by list_id").fetchall() == full
    again = champions.refresh(catalogue, DEEP)
    assert not again["rebuilt"] and "whole_topped_up" not in again
    got = champions_and.top_all(catalogue, index, words, 5)
    assert got is not None and same_ranking(rows(got), rows(fts5_top(catalogue, index, match, 5)))


def test_settings_of_the_whole_lists_alone_do_not_rebuild(catalogue) -> None:
    before = catalogue.execute("select count(*) from champion_full").fetchone()[0]
    assert not champions.needs_rebuild(catalogue, dataclasses.replace(DEEP, full_share=0.6))
    done = champions.refresh(catalogue, dataclasses.replace(DEEP, full_share=0.6))
    assert not done["rebuilt"]
    n = catalogue.execute("select count(*) from documents").fetchone()[0]
    kept = catalogue.execute("select l.idx, l.expr from champion_lists l join champion_full f on f.list_id = l.id").fetchall()
    assert 0 < len(kept) < before
    for index, match in kept:
        assert catalogue.execute(f"select count(*) from {index} where {index} match ?", [match]).fetchone()[0] >= 0.6 * n


def test_a_catalogue_without_the_table_falls_back(catalogue, tmp_path) -> None:
    catalogue.execute("drop table champion_full")
    for index, match, words in and_tiers(catalogue, ["đoàn viên", "doan vien"]):
        got = champions_and.top_all(catalogue, index, words, 3)  # the 520 lists alone, or None
        assert got is None or same(got, fts5_top(catalogue, index, match, 3))
    path = tmp_path / "catalogue.db"
    ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    import sqlite_utils

    assert champions_full.load(sqlite_utils.Database(ro), 1) is None


@pytest.mark.parametrize(
    "docs",
    [[], [1], [1, 2, 3, 2**31 - 1], [5, 2**31, 2**40]],  # 32-bit rowids, and rowids past 32 bits
)
def test_pack_round_trip(docs: list[int]) -> None:
    d = np.array(docs, dtype=np.int64)
    s = -np.random.default_rng(0).random(len(docs)) * 1e-6
    back = champions_full.unpack(*champions_full.pack(d, s))
    assert back[0].tolist() == docs and back[1].tolist() == s.tolist()


def test_a_small_catalogue_is_not_counted_again_for_them(catalogue, monkeypatch) -> None:
    """Below `full_min_documents` the top-up only records its settings: the refresh that ingest ends with
    does not count every word again (a catalogue of 10,000 documents keeps its refresh time)."""
    catalogue.execute("delete from champion_state where key = ?", [champions.WHOLE])
    monkeypatch.setattr(champions, "word_expressions", lambda *a, **k: pytest.fail("counted again"))
    small = dataclasses.replace(DEEP, full_min_documents=10**6)
    done = champions.refresh(catalogue, small)
    assert not done["rebuilt"] and done["whole_topped_up"] == 0
    assert catalogue.execute("select count(*) from champion_full").fetchone()[0] == 0  # none qualify now
    assert "whole_topped_up" not in champions.refresh(catalogue, small)
