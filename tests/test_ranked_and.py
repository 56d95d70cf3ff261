"""Words that must all occur, ranked from each word's champion list (`catalogue.champions_and`): when the
lists prove an answer it is FTS5's own ranking (up to ties at the last score), and when they cannot the
search falls back to FTS5. Each test builds a small catalogue of its own with small lists, as
tests/test_ranked_champions.py does, and asks many word pairs, including ones the lists cannot prove."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from tests.test_ranked_champions import SMALL, WORDS, add_document, fill, same_ranking
from vanban.catalogue import champions, champions_and
from vanban.catalogue.ranked import search, tier_parts
from vanban.extract.normalise import unaccent

RANK = "rank match 'bm25(5.0, 1.0)'"


def fts5_top(db: Any, index: str, match: str, limit: int, exclude: tuple[int, ...] = (), where: str = "", params: tuple = ()) -> list[tuple[int, float]]:  # fmt: skip
    """FTS5 ranking every match: what `top_all` must give."""
    skip = f" and f.rowid not in ({','.join('?' * len(exclude))})" if exclude else ""
    sql = (
        f"select f.rowid, f.rank from {index} f join documents d on d.rowid = f.rowid "
        f"where {index} match ? and {RANK}{skip}{where} order by f.rank limit ?"
    )
    return [(r[0], r[1]) for r in db.execute(sql, [match, *exclude, *params, limit])]


def same(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> bool:
    """`same_ranking` on (rowid, score) rows, scores to 12 significant digits: a word with two spellings is
    two phrases, whose scores FTS5 adds in another order than the sum of the words' scores (the last bit)."""

    def rows(r: list[tuple[int, float]]) -> list[dict[str, Any]]:
        return [{"id": d, "score": float(f"{s:.12g}")} for d, s in r]

    return same_ranking(rows(a), rows(b))


def word_pairs(n: int, seed: int) -> list[str]:
    """`n` pairs of two different words of the catalogue's vocabulary, as written and without diacritics."""
    rng = random.Random(seed)
    pairs = rng.sample([f"{a} {b}" for a, b in itertools.permutations(sorted(set(WORDS)), 2)], n)
    return pairs + [unaccent(p) for p in pairs]


def and_tiers(db: Any, queries: list[str]) -> list[tuple[str, str, list[str]]]:
    """The tiers of words that must all occur whose every word has a list (what `top_all` may answer)."""
    out = []
    for q in queries:
        for index, match, words in tier_parts(q):
            if len(words) > 1 and all(champions.list_of(db, index, w) for w in words):
                out.append((index, match, words))
    return out


@pytest.fixture
def catalogue(db):
    fill(db, 120, seed=5)
    assert champions.refresh(db, SMALL)["rebuilt"]
    return db


@pytest.mark.parametrize("limit", [1, 3, 5])
def test_answers_equal_fts5_and_some_fall_back(catalogue, limit: int) -> None:
    answered = fell_back = 0
    for index, match, words in and_tiers(catalogue, word_pairs(120, seed=limit)):
        got = champions_and.top_all(catalogue, index, words, limit)
        if got is None:
            fell_back += 1
            continue
        answered += 1
        assert same(got, fts5_top(catalogue, index, match, limit)), (index, match)
    assert answered >= 20 and fell_back >= 5, (answered, fell_back)  # both paths are taken


def test_search_equals_fts5_alone(catalogue) -> None:
    for q in word_pairs(60, seed=11):
        for limit in (3, 10):
            assert same_ranking(search(catalogue, q, limit=limit), search(catalogue, q, limit=limit, use_lists=False)), q


def test_exclusions_and_filters(catalogue) -> None:
    catalogue.execute("update documents set year = 2020 + rowid % 3")
    champions.refresh(catalogue, SMALL, force=True)
    answered = 0
    for index, match, words in and_tiers(catalogue, word_pairs(80, seed=3)):
        best = [d for d, _ in fts5_top(catalogue, index, match, 2)]
        got = champions_and.top_all(catalogue, index, words, 4, exclude=best)
        if got is not None:
            answered += 1
            assert not set(best) & {d for d, _ in got}
            assert same(got, fts5_top(catalogue, index, match, 4, exclude=tuple(best))), match
        got = champions_and.top_all(catalogue, index, words, 3, where=" and d.year = ?", params=[2021])
        if got is not None:
            answered += 1
            assert same(got, fts5_top(catalogue, index, match, 3, where=" and d.year = ?", params=(2021,))), match
    assert answered >= 10


def test_a_wrong_floor_is_seen(catalogue) -> None:
    """The comparisons above can fail: with a list's floor lowered below what documents outside it score,
    a pair the lists proved now gets another answer than FTS5's."""
    for index, match, words in and_tiers(catalogue, word_pairs(120, seed=1)):
        got = champions_and.top_all(catalogue, index, words, 1)
        plain = fts5_top(catalogue, index, match, 1)
        lists = [champions.list_of(catalogue, index, w) for w in words]
        if got is None or any(complete for _, complete, _ in lists if complete):
            continue
        # move every listed document of the answer out of the lists, and claim nothing outside scores anything
        for list_id, _, _ in [f for f in lists if f]:
            catalogue.execute("delete from champion_rows where list_id = ? and doc = ?", [list_id, plain[0][0]])
            catalogue.execute(  # a rank of 0: the worst a matching document can score
                "update champion_rows set score = 0 where list_id = ? and pos = (select max(pos) from champion_rows where list_id = ?)",
                [list_id, list_id],
            )
        wrong = champions_and.top_all(catalogue, index, words, 1)
        assert wrong is not None and not same(wrong, plain)
        return
    pytest.fail("no pair answered from incomplete lists")


def test_new_rewritten_and_deleted_documents(catalogue) -> None:
    tiers = and_tiers(catalogue, ["đoàn viên", "công tác", "lao động", "kế hoạch", "năm huyện", "doan vien", "cong tac"])
    assert len(tiers) >= 4
    first = {match: champions_and.top_all(catalogue, index, words, 3) for index, match, words in tiers}
    words = "Đoàn viên công tác lao động kế hoạch năm huyện"
    add_document(catalogue, "new1", words, words.lower())
    add_document(catalogue, "new2", unaccent(words), unaccent(words).lower())
    new = {r[0] for r in catalogue.execute("select rowid from documents where id in ('new1', 'new2')")}
    gone = next(r[0][0] for r in first.values() if r)
    rewritten = next(r[1][0] for r in first.values() if r and r[1][0] != gone)
    catalogue.execute("delete from documents where rowid = ?", [gone])
    catalogue.execute("update documents set title = 'x', text = 'x', folded = 'x' where rowid = ?", [rewritten])
    seen_new = answered = 0
    for index, match, words in tiers:
        got = champions_and.top_all(catalogue, index, words, 3)
        if got is None:  # the lists cannot prove this one
            continue
        answered += 1
        assert not {gone, rewritten} & {d for d, _ in got}, match
        best = fts5_top(catalogue, index, match, 1)[0][0]
        if best in new:  # the new documents are ranked from the tail
            assert got[0][0] == best, match
            seen_new += 1
    assert answered >= len(tiers) // 2 and seen_new >= 2, (answered, seen_new)


def test_no_list_no_answer(db) -> None:
    fill(db, 30)
    assert champions_and.top_all(db, "documents_fts", ['"doan"', '"vien"'], 5) is None  # no lists were built
    assert champions_and.top_all(db, "documents_fts", ['"doan"'], 5) is None  # one word: `champions.top`'s
