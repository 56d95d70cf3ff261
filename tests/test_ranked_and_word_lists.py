"""Single words get a champion list in every tier they are frequent in (`champions.word_expressions`), so
that the tiers of several words can be answered from the words' lists (`champions_and`); lists built
before that rule get the missing ones by `refresh` (a top-up, not a rebuild)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_ranked_and import word_pairs
from tests.test_ranked_champions import SMALL, fill, same_ranking
from vanban.catalogue import champions
from vanban.catalogue.ranked import search, tier_queries


def lists(db: Any) -> dict[tuple[str, str], list[tuple[int, float]]]:
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for list_id, index, match in db.execute("select id, idx, expr from champion_lists").fetchall():
        out[(index, match)] = db.execute(
            "select doc, score from champion_rows where list_id = ? order by pos", [list_id]
        ).fetchall()
    return out


@pytest.fixture
def catalogue(db):
    fill(db, 120, seed=5)
    assert champions.refresh(db, SMALL)["rebuilt"]
    return db


def test_a_frequent_word_has_a_list_in_every_tier(catalogue) -> None:
    built = set(lists(catalogue))
    both = 0
    for word in ("năm", "huyện", "đoàn", "viên", "internet"):
        for index, match in tier_queries(word):
            n = catalogue.execute(f"select count(*) from {index} where {index} match ?", [match]).fetchone()[0]
            assert ((index, match) in built) == (n >= SMALL.min_matches), (index, match, n)
        both += all(e in built for e in tier_queries(word))
    assert both >= 3  # a word as written and without diacritics, both listed


def test_lists_made_before_are_topped_up(catalogue) -> None:
    full = lists(catalogue)
    dropped = [e for e in full if e[0] == "documents_fts" and " " not in e[1]]  # the single words' lists without diacritics
    assert len(dropped) >= 5
    for index, match in dropped:
        list_id = champions.list_of(catalogue, index, match)[0]  # type: ignore[index]
        catalogue.execute("delete from champion_rows where list_id = ?", [list_id])
        catalogue.execute("delete from champion_lists where id = ?", [list_id])
    catalogue.execute("delete from champion_state where key = ?", [champions.WORD_TIERS])  # as a catalogue built before
    done = champions.refresh(catalogue, SMALL)
    assert not done["rebuilt"] and done["topped_up"] == len(dropped)
    assert lists(catalogue) == full  # the same lists a full build makes
    again = champions.refresh(catalogue, SMALL)
    assert not again["rebuilt"] and "topped_up" not in again


def test_lists_of_two_builds_answer_together(catalogue) -> None:
    """Documents written between the old lists and the topped-up ones are the tail of the old lists only;
    a query over words of both builds ranks them once, from the oldest list's tail."""
    dropped = [e for e in lists(catalogue) if e[0] == "documents_fts" and " " not in e[1]]
    for index, match in dropped:
        list_id = champions.list_of(catalogue, index, match)[0]  # type: ignore[index]
        catalogue.execute("delete from champion_rows where list_id = ?", [list_id])
        catalogue.execute("delete from champion_lists where id = ?", [list_id])
    catalogue.execute("delete from champion_state where key = ?", [champions.WORD_TIERS])
    fill(catalogue, 4, seed=9, prefix="late")
    assert champions.refresh(catalogue, SMALL)["topped_up"] == len(dropped)
    assert len({r[0] for r in catalogue.execute("select built_upto from champion_lists")}) == 2
    shared = total = equal = 0
    for q in word_pairs(40, seed=2):
        got, plain = search(catalogue, q, limit=5), search(catalogue, q, limit=5, use_lists=False)
        ids = [r["id"] for r in got]
        assert len(ids) == len(set(ids)), q  # a document of the tail is ranked once
        shared += len(set(ids) & {r["id"] for r in plain})
        total += len(plain)
        equal += same_ranking(got, plain)
    # the lists' scores are from before the tail changed the words' IDF: close to FTS5's, as `champions.top`
    assert shared >= 0.9 * total and equal >= 30, (shared, total, equal)
