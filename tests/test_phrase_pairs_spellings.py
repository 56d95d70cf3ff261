"""The phrase tier of a word with two tone placements ("xã hòa": `"xã hòa" OR "xã hoà"`, `ranked._exact_phrase`)
answered from the index of adjacent word pairs (`phrase_pairs.top`): FTS5's bm25 of the OR is the sum of each
spelling's own score, so the answer must be FTS5's own to the last bit whenever the index answers (fresh,
with documents written and rewritten since, with filters, deep pages, a spelling of a word rare at the
build ranked by FTS5 alone), and None when it cannot prove the page."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.test_phrase_pairs import EXACT, build, fts5_top
from tests.test_ranked_champions import SMALL, add_document, fill
from vanban.catalogue import champions, phrase_pairs
from vanban.catalogue.ranked import SPELLINGS_MAX, search, tier_parts


def alternatives(*phrases: str) -> str:
    return " OR ".join(f'"{p}"' for p in phrases)


@pytest.mark.parametrize(
    ("match", "pairs"),
    [
        ('"xã hòa"', [("xã", "hòa")]),  # one phrase, as before
        ('"xã hòa" OR "xã hoà"', [("xã", "hòa"), ("xã", "hoà")]),  # the two spellings of a phrase
        (
            alternatives("hòa thủy", "hòa thuỷ", "hoà thủy", "hoà thuỷ"),
            [("hòa", "thủy"), ("hòa", "thuỷ"), ("hoà", "thủy"), ("hoà", "thuỷ")],
        ),
        ('"Xã Hòa" OR "xã hoà"', [("xã", "hòa"), ("xã", "hoà")]),  # folded as FTS5 folds the case
        ('"xã hòa" OR "xã hòa"', None),  # the same phrase twice
        ('"xã hòa bình" OR "xã hoà bình"', None),  # three tokens
        ('"xã" OR "hoà"', None),  # one token each
        ('NEAR("xã" "hòa", 0)', None),  # NEAR
        ('"xã hòa" AND "xã hoà"', None),  # AND
        ('"xã hòa" OR', None),  # cut short
        ('"xã hòa"  OR "xã hoà"', None),  # not as `ranked` writes it
        ('("xã hòa" OR "xã hoà")', None),  # in brackets
        ('"xã" AND ("hòa" OR "hoà")', None),  # the word tier
    ],
)
def test_phrase_alternatives(match: str, pairs: list[tuple[str, str]] | None) -> None:
    assert phrase_pairs.phrase_alternatives(match) == pairs


def test_the_phrase_tier_asks_each_spelling() -> None:
    assert tier_parts("xã hoà")[0][1] == tier_parts("xã hòa")[0][1] == '"xã hòa" OR "xã hoà"'
    assert tier_parts("xa hoa")[0][1] == '"xa hoa"'  # no tone variant: the phrase alone
    many = tier_parts("hòa thủy hóa hỏa khóa")[0][1]  # 32 spellings: as typed, and all in the old style
    assert 2**5 > SPELLINGS_MAX and many == '"hòa thủy hóa hỏa khóa" OR "hoà thuỷ hoá hoả khoá"'


def test_one_spelling_alone_scores_as_the_phrase_alone(db) -> None:
    """A document holding only the typed spelling scores for the OR exactly as for its phrase alone (the other
    spelling adds 0.0): the ranking of a phrase without a tone variant."""
    fill(db, 60, seed=4)
    rows = dict(fts5_top(db, '"hòa giải" OR "hoà giải"', 1000))
    both = {r[0] for r in db.execute(f'select rowid from {EXACT} where {EXACT} match \'"hòa giải" AND "hoà giải"\'')}
    alone = {d: s for d, s in fts5_top(db, '"hòa giải"', 1000) if d not in both}
    assert alone and all(rows[d] == s for d, s in alone.items())


def check(
    db: Any, matches: list[str], limits: tuple[int, ...] = (1, 3, 10), where: str = "", params: tuple = ()
) -> tuple[int, int]:
    answered = fell_back = 0
    for match in matches:
        for limit in limits:
            got = phrase_pairs.top(db, EXACT, match, limit, where=where, params=params)
            if got is None:
                fell_back += 1
                continue
            answered += 1
            assert got == fts5_top(db, match, limit, where, params), (match, limit)
    return answered, fell_back


SPELLED = ("hòa", "giải", "ủy", "ban", "công", "tác", "đoàn", "viên", "lao", "động", "khóa")


def spelled_phrases() -> list[str]:
    """The phrase tier of every pair of words where one has two tone placements."""
    out = []
    for a in SPELLED:
        for b in SPELLED:
            match = tier_parts(f"{a} {b}")[0][1]
            if " OR " in match:
                out.append(match)
    return out


@pytest.fixture
def catalogue(db):
    fill(db, 150, seed=3)
    rng = random.Random(5)
    for i in range(12):  # a word of two spellings, one rare: "khoá" is in 2 documents (PAIRS keeps words in 3)
        spelling = "khoá" if i < 2 else "khóa"
        add_document(
            db, f"k{i}", "Khóa học", f"công tác {spelling} {' '.join(rng.choices(['đoàn', 'viên', 'ban'], k=5 + 7 * i))}"
        )
    done = build(db)
    assert done["rebuilt"] and done["odd"] == 0
    return db


def test_spellings_rank_as_fts5_bit_for_bit(catalogue) -> None:
    answered, fell_back = check(catalogue, spelled_phrases())
    assert answered > 60, (answered, fell_back)


def test_a_spelling_of_a_rare_word_is_ranked_by_fts5(catalogue) -> None:
    assert phrase_pairs.top(catalogue, EXACT, '"tác khoá"', 3) is None  # alone: FTS5 is as fast
    match = tier_parts("tác khóa")[0][1]
    assert match == '"tác khóa" OR "tác khoá"'
    for limit in (1, 3, 5):  # 6 documents kept for "tác khóa" (of 10), and FTS5's 2 of "tác khoá"
        got = phrase_pairs.top(catalogue, EXACT, match, limit)
        assert got is not None and got == fts5_top(catalogue, match, limit)
    assert phrase_pairs.top(catalogue, EXACT, match, 12) is None  # deeper than the documents kept: FTS5


def test_deep_pages_exclusions_and_filters(catalogue) -> None:
    assert check(catalogue, spelled_phrases(), (40,))[0] > 10
    for match in spelled_phrases():
        full = fts5_top(catalogue, match, 1000)
        if len(full) > 3:
            skip = [full[0][0], full[2][0]]
            got = phrase_pairs.top(catalogue, EXACT, match, 3, exclude=skip)
            assert got is None or got == [r for r in full if r[0] not in skip][:3]
    ids = [r[0] for r in catalogue.execute("select rowid from documents")]
    for rowid in random.Random(1).sample(ids, 60):
        catalogue.execute("update documents set doc_type = 'Kế hoạch' where rowid = ?", [rowid])
    catalogue.execute("delete from champion_changed")  # doc_type is not a ranked column
    assert check(catalogue, spelled_phrases(), (1, 4), " and d.doc_type = ?", ("Kế hoạch",))[0] > 20


def test_documents_written_and_rewritten_since(catalogue) -> None:
    fill(catalogue, 12, seed=9, prefix="late")
    add_document(catalogue, "late-k", "", "công tác khoá công tác khoá hòa giải hoà giải")
    assert check(catalogue, spelled_phrases(), (1, 5))[0] > 60
    ids = [r[0] for r in catalogue.execute("select rowid from documents order by rowid limit 40")]
    catalogue.execute("update documents set text = text || ' ủy ban uỷ ban hoà giải' where rowid = ?", [ids[3]])
    catalogue.execute("update documents set title = 'Hoà giải công tác khoá' where rowid = ?", [ids[10]])
    catalogue.execute("delete from documents where rowid = ?", [ids[20]])
    answered, _ = check(
        catalogue, [*spelled_phrases(), '"tác khóa" OR "tác khoá"'], (1, 5)
    )  # bit for bit: the counts asked of FTS5
    assert answered > 60


def test_search_with_a_spelling_equals_fts5_alone(catalogue) -> None:
    for q in ("hòa giải", "hoà giải", "ủy ban", "uỷ ban", "tác khóa", "công tác khoá", "giải hòa", "Hòa Giải"):
        for limit in (3, 12):
            assert search(catalogue, q, limit=limit) == search(catalogue, q, limit=limit, use_lists=False), q


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ('NEAR("xã" "hòa", 0)', ["xã", "hòa"]),
        ('NEAR("a""b" "c", 0)', ['a"b', "c"]),  # a quote inside a word, doubled
        ('NEAR("" "c", 0)', ["", "c"]),  # an empty word
        ("NEAR(xã hòa, 0)", []),  # unquoted: no word
        ('"xã', []),  # a quote never closed
    ],
)
def test_quoted_words(expression: str, words: list[str]) -> None:
    assert [w.replace('""', '"') for w in champions._QUOTED_RE.findall(expression)] == words


def test_lists_of_the_near_tier_are_made_again_for_the_spellings(db) -> None:
    """A catalogue whose lists were built when the phrase tier was NEAR("hòa" "giải", 0): the next refresh
    makes that tier's list for the phrase tier asked now, and drops the NEAR one (no rebuild)."""
    fill(db, 80, seed=1)
    assert champions.refresh(db, SMALL)["rebuilt"]
    match = tier_parts("hòa giải")[0][1]
    listed = db.execute("select id from champion_lists where expr = ?", [match]).fetchone()
    assert listed is not None
    db.execute('update champion_lists set expr = \'NEAR("hòa" "giải", 0)\' where id = ?', [listed[0]])
    db.execute("delete from champion_rows where list_id = ? and pos > 2", [listed[0]])  # the old list's rows
    db.execute("delete from champion_state where key = ?", [champions.SPELLINGS])
    assert champions.top(db, EXACT, match, 5) is None
    done = champions.refresh(db, SMALL)
    assert not done["rebuilt"] and done["spellings_topped_up"] == 1
    assert db.execute("select count(*) from champion_lists where expr like 'NEAR%'").fetchone()[0] == 0
    assert champions.top(db, EXACT, match, 5) == fts5_top(db, match, 5)
    assert "spellings_topped_up" not in champions.refresh(db, SMALL)  # done once
