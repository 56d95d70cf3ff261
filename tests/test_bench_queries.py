"""bench/run.py section 6's sampled queries: words and adjacent word pairs drawn from the catalogue's own
documents, seeded, each also without diacritics."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py)

from tests.test_ranked_champions import fill  # noqa: E402
from vanban.extract.normalise import unaccent  # noqa: E402


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("đoàn viên", ["đoàn", "viên"]),
        ("Hòa-giải, năm 2021/NQ", ["Hòa", "giải", "năm", "NQ"]),
        ("Điều 5a", ["Điều", "a"]),
        ("uỷ ban_nhân", ["uỷ", "ban", "nhân"]),
        ("2021 15/2020", []),
        ("— … ! _", []),
        ("", []),
    ],
)
def test_sample_words(text: str, words: list[str]) -> None:
    assert run.sample_words(text) == words


def test_sampled_queries_come_from_the_documents(db) -> None:
    fill(db, 40)
    qs = run.sampled_queries(db, words=6, pairs=6, seed=3)
    assert qs == run.sampled_queries(db, words=6, pairs=6, seed=3)  # seeded
    assert qs != run.sampled_queries(db, words=6, pairs=6, seed=4)
    written, bare = qs[:12], qs[12:]
    assert bare == [unaccent(q) for q in written]
    assert [len(q.split()) for q in written] == [1] * 6 + [2] * 6
    assert len(set(written)) == 12 and all(q == q.lower() for q in written)
    texts = [" ".join(run.sample_words(r[0])).lower() for r in db.execute("select text from documents")]
    for q in written:
        assert any(f" {q} " in f" {t} " for t in texts), q  # a word, or two words standing together, of a document


def test_sampled_queries_of_an_empty_catalogue(db) -> None:
    assert run.sampled_queries(db) == []
