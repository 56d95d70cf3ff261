"""ranked.search: the fast ranked search's answers (speed itself is measured by `make bench`, not here)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from vanban.catalogue.ingest import extractor_version
from vanban.catalogue.ranked import _NUMBERISH_RE, _OLD_STYLE_RE, ensure_exact_index, search, tier_queries
from vanban.catalogue.store import store_record
from vanban.extract.pipeline import extract_text


def doc(number: int, body: str, title: str = "Phát triển tổ chức") -> str:
    return f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {number}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm 2021\n\nKẾ HOẠCH\n{title}\n\nI. NỘI DUNG\n\n{body}\n"


def put(db, number: int, body: str, title: str = "Phát triển tổ chức") -> str:
    rec = extract_text(doc(number, body, title), path=f"doc{number}.txt")
    store_record(db, rec, extractor_version())
    return rec.number or ""


def numbers(rows: list[dict]) -> list[str]:
    return [r["number"] for r in rows]


@pytest.fixture
def small(db):
    put(db, 1, "Kết nạp thêm đoàn viên mới trong năm.")  # the exact phrase
    put(db, 2, "Mỗi viên chức tham gia công đoàn cơ sở.")  # both words, not as a phrase
    put(db, 3, "Doan vien: ban không dấu.")  # only without diacritics
    put(db, 4, "Không liên quan.")
    return db


def test_exact_phrase_then_exact_words_then_without_diacritics(small) -> None:
    assert numbers(search(small, "đoàn viên")) == ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "3/KH-LĐLĐ"]


def test_a_query_without_diacritics_puts_text_written_without_them_first(small) -> None:
    assert numbers(search(small, "doan vien")) == ["3/KH-LĐLĐ", "1/KH-LĐLĐ", "2/KH-LĐLĐ"]


def test_limit_is_a_page_across_tiers(small) -> None:
    assert numbers(search(small, "đoàn viên", limit=2)) == ["1/KH-LĐLĐ", "2/KH-LĐLĐ"]
    assert search(small, "nothing-here-zzz") == [] and search(small, "  ") == []


def test_old_and_new_tone_placement_are_both_exact(db) -> None:
    put(db, 5, "Tổ hoà giải ở cơ sở.")  # old style in the document
    put(db, 6, "Hoa giai khong dau.")
    assert numbers(search(db, "hòa giải")) == ["5/KH-LĐLĐ", "6/KH-LĐLĐ"]
    assert numbers(search(db, "hoà giải")) == ["5/KH-LĐLĐ", "6/KH-LĐLĐ"]


def test_title_weighs_more_than_text(db) -> None:
    put(db, 7, "Một câu về đào tạo.", title="Kế hoạch đào tạo cán bộ")
    put(db, 8, "Đào tạo, đào tạo và đào tạo nữa.", title="Phát triển tổ chức")
    for k in range(20, 25):  # BM25 weighs words that most documents lack
        put(db, k, "Một nội dung khác.")
    assert numbers(search(db, "đào tạo"))[0] == "7/KH-LĐLĐ"


def test_filters_and_number_look_up(small) -> None:
    assert numbers(search(small, "đoàn viên", doc_type="Quyết định")) == []
    assert numbers(search(small, "đoàn viên", year=2021)) == ["1/KH-LĐLĐ", "2/KH-LĐLĐ", "3/KH-LĐLĐ"]
    assert numbers(search(small, "2/KH-LĐLĐ")) == ["2/KH-LĐLĐ"]
    assert numbers(search(small, "2 / kh-ldld")) == ["2/KH-LĐLĐ"]


def test_the_exact_index_follows_writes(db, tmp_path: Path) -> None:
    put(db, 1, "Nội dung thứ nhất về thi đua.")
    ensure_exact_index(db)  # built from what is there
    put(db, 2, "Nội dung thứ hai về thi đua.")  # then kept in step by triggers
    assert sorted(numbers(search(db, "thi đua"))) == ["1/KH-LĐLĐ", "2/KH-LĐLĐ"]
    db.execute("delete from citations")
    db.execute("delete from document_works")
    db.execute("delete from documents where number = '1/KH-LĐLĐ'")
    assert numbers(search(db, "thi đua")) == ["2/KH-LĐLĐ"]
    db.execute(
        "update documents set text = replace(text, 'thi đua', 'khen thưởng'), folded = replace(folded, 'thi dua', 'khen thuong')"
    )
    assert search(db, "thi đua") == [] and numbers(search(db, "khen thưởng")) == ["2/KH-LĐLĐ"]
    con = sqlite3.connect(db.conn.execute("pragma database_list").fetchone()[2])
    con.execute("insert into documents_exact(documents_exact, rank) values('integrity-check', 1)")  # raises if out of step
    con.close()


@pytest.mark.parametrize(
    "query, tiers",
    [
        (
            "đoàn viên",
            [
                ("documents_exact", '"đoàn viên"'),
                ("documents_exact", '"đoàn" AND "viên"'),
                ("documents_fts", '"doan" AND "vien"'),
            ],
        ),
        ("Covid", [("documents_exact", '"covid"'), ("documents_fts", '"covid"')]),
        ('a "b', [("documents_exact", '"a b"'), ("documents_exact", '"a" AND "b"'), ("documents_fts", '"a" AND "b"')]),
        ("hòa", [("documents_exact", '("hòa" OR "hoà")'), ("documents_fts", '"hoa"')]),
        ("...", []),
    ],
)
def test_tier_queries(query: str, tiers: list[tuple[str, str]]) -> None:
    assert tier_queries(query) == tiers


@pytest.mark.parametrize(
    "word, old_style",
    [
        ("hòa", True),
        ("thủy", True),
        ("khỏe", True),
        ("hoà", False),
        ("hoàn", False),
        ("tùy", True),
        ("ủy", True),
        ("uỷ", False),
        ("", False),
    ],
)
def test_old_style_regex(word: str, old_style: bool) -> None:
    assert bool(_OLD_STYLE_RE.search(word)) is old_style


@pytest.mark.parametrize(
    "query, numberish",
    [
        ("277/KH-LĐLĐ", True),
        ("02-NQ/TW", True),
        ("3a/CTr-CĐCT", True),
        ("30/2020/NĐ-CP", True),
        ("2 / kh - ldld", True),
        ("đoàn viên", False),
        ("2021", False),
        ("277/", False),
        ("KH-LĐLĐ", False),
    ],
)
def test_numberish_regex(query: str, numberish: bool) -> None:
    assert bool(_NUMBERISH_RE.fullmatch(query)) is numberish
