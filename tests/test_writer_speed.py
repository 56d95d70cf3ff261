"""The writer's shortcuts give what the plain ways give: prepared inserts as sqlite-utils writes them, documents
written many to a statement as one by one, and the backward-period check skipped only where it finds nothing."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.catalogue import open_db, store
from vanban.catalogue.checks import internal
from vanban.catalogue.checks.internal import YEAR_PAIR_RE, check_ranges, has_backward_years
from vanban.catalogue.store import put_rows, store_record, store_records, verify
from vanban.extract.targets import PERIOD_RE
from vanban.schemas import DocumentRecord, Issuer, Source

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _pair(text: str) -> tuple[str, str] | None:
    m = YEAR_PAIR_RE.search(text)
    return (m.group("start"), m.group("end")) if m else None


@pytest.mark.parametrize(
    "text, pair",
    [
        ("giai đoạn 2021-2025", ("2021", "2025")),
        ("nhiệm kỳ 2023 - 2018", ("2023", "2018")),
        ("từ năm 2020 đến năm 2015", ("2020", "2015")),
        ("2021 ĐẾN NĂM 2019", ("2021", "2019")),
        ("1999–2003", ("1999", "2003")),
        ("2025 tới 2020", ("2025", "2020")),
        ("2021 đến 2025-2019", ("2021", "2025")),  # the first pair; the second is found by finditer
        ("năm 2021, 2025", None),  # a comma is not a range
        ("2021 và 2025", None),
        ("1821-1825", None),  # not a year of 19xx or 20xx
        ("2021-25", None),  # the second year in two digits
        ("Số 2021/2025", None),
        ("", None),
    ],
)
def test_year_pair_pattern(text: str, pair: tuple[str, str] | None) -> None:
    assert _pair(text) == pair


@pytest.mark.parametrize(
    "text, backward",
    [
        ("giai đoạn 2021-2025 và 2025-2020", True),  # consecutive pairs sharing a year are all seen
        ("2019-2025-2020", True),
        ("giai đoạn 2021-2025", False),
        ("không có năm", False),
    ],
)
def test_has_backward_years(text: str, backward: bool) -> None:
    assert has_backward_years(text) is backward


def _periods(text: str) -> list[tuple[int, int, int, int]]:
    return [(m.start(), m.end(), int(m["start"]), int(m["end"])) for m in PERIOD_RE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["giai đoạn ", "nhiệm kỳ ", "từ ", "năm ", "2021", "2025", "2019", "-", " - ", "–", " đến ", "tới ", "x", "\n"]
        ),
        max_size=14,
    ).map("".join)
)
def test_every_backward_period_has_a_backward_pair(text: str) -> None:
    if any(a > b for _s, _e, a, b in _periods(text)):
        assert has_backward_years(text)


def _corpus_records() -> list[DocumentRecord]:
    from vanban.extract.pipeline import extract_file

    files = sorted(p for p in (CORPUS / "seeds").iterdir() if p.suffix == ".txt")[:3]
    return [extract_file(p) for p in files]


def test_check_ranges_same_with_and_without_the_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    records = _corpus_records()
    backward = records[0].model_copy(update={"text": records[0].text + "\nThực hiện trong giai đoạn 2025 - 2021.\n"})
    for record in [*records, backward]:
        fast = check_ranges(record)
        with monkeypatch.context() as m:
            m.setattr(internal, "has_backward_years", lambda _text: True)
            assert check_ranges(record) == fast
    assert any(f.variant == "period" for f in check_ranges(backward))


# ---- prepared inserts -----------------------------------------------------------------------------------


def _table(conn: sqlite3.Connection) -> sqlite_utils.Database:
    db = sqlite_utils.Database(conn)
    db.table("t").create({"id": str, "a": str, "n": int}, pk="id")
    return db


def _state(db: sqlite_utils.Database) -> list[tuple]:
    return db.execute("select rowid, id, a, n from t order by rowid").fetchall()


@pytest.mark.parametrize("conflict", ["insert", "replace", "upsert"])
def test_put_rows_writes_what_sqlite_utils_writes(conflict: str) -> None:
    first = [{"id": "x", "a": "1", "n": 1}, {"id": "y", "a": "2", "n": None}]
    second = [{"id": "y", "a": "3", "n": 3}, {"id": "z", "a": None, "n": 4}]
    ours, theirs = _table(sqlite3.connect(":memory:")), _table(sqlite3.connect(":memory:"))
    put_rows(ours, "t", first, conflict)
    theirs.table("t").insert_all(first, pk="id")
    if conflict == "insert":
        with pytest.raises(sqlite3.IntegrityError):
            put_rows(ours, "t", second, conflict)
        return
    put_rows(ours, "t", second, conflict)
    if conflict == "replace":
        theirs.table("t").insert_all(second, pk="id", replace=True)
    else:
        theirs.table("t").upsert_all(second, pk="id")
    assert _state(ours) == _state(theirs)
    if conflict == "upsert":  # a row written again keeps its rowid (the search indexes' content rowid)
        assert _state(ours)[1][:2] == (2, "y")


def test_put_rows_refuses_an_unknown_conflict() -> None:
    with pytest.raises(ValueError):
        put_rows(_table(sqlite3.connect(":memory:")), "t", [{"id": "x"}], "merge")


WORDS = ["công đoàn", "Kế hoạch", "lao động", "Lai Châu", "đoàn viên", "năm 2021", "Ủy ban", "hòa giải", "thực hiện"]


def _document(i: int, text: str, number: str | None = None) -> DocumentRecord:
    return DocumentRecord(
        source=Source(path=f"doc{i:03d}.txt", sha256=f"{i:064x}", format="txt"),
        text=text,
        title=f"Kế hoạch số {i}" if i % 3 else None,
        number=number,
        issuer=Issuer(name="Liên đoàn Lao động tỉnh Lai Châu") if i % 2 else None,
        date="2021-06-12",
    )


def _index(db: sqlite_utils.Database, index: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Every (term, document, column, offset) of a full-text index, its documents' sizes and its bm25 totals."""
    db.execute(f"create virtual table if not exists temp.{index}_v using fts5vocab(main, {index}, instance)")
    return (
        db.execute(f"select * from temp.{index}_v").fetchall(),
        db.execute(f"select * from {index}_docsize order by id").fetchall(),
        db.execute(f"select block from {index}_data where id = 1").fetchall(),
    )


def test_documents_written_many_to_a_statement_leave_what_one_by_one_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search indexes (fed by triggers) and the rows are the same, and a document stored again under another
    extractor version (an upsert that updates its row) leaves its new text alone in the indexes."""
    rng = random.Random(5)
    records = [_document(i, " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))) for i in range(20)]
    again = [_document(i, f"văn bản mới {i} đoàn viên", "1/KH-LĐLĐ") for i in range(0, 20, 4)]
    one, many = open_db(tmp_path / "one.db"), open_db(tmp_path / "many.db")
    for r in records:
        store_record(one, r, "v1")
    for r in again:
        store_record(one, r, "v2")
    monkeypatch.setattr(store, "ROWS_PER_STATEMENT", 3)  # batches of 20 and 5 split into statements of 3 rows
    assert store_records(many, records, "v1") == ["stored"] * 20
    assert store_records(many, again, "v2") == ["stored"] * 5
    rows = "select rowid, id, path, title, text, folded, record, extractor_version from documents order by rowid"
    assert one.execute(rows).fetchall() == many.execute(rows).fetchall()
    for index in ("documents_fts", "documents_exact"):
        assert _index(one, index) == _index(many, index)
    assert verify(one) == verify(many) == []
    assert many.execute("select count(*) from documents_exact where documents_exact match '\"văn bản mới\"'").fetchone()[0] == 5


def test_a_batch_keeps_its_statement_journals_in_memory_and_leaves_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`temp_store` is memory while a batch is written, as it was after; a connection with temporary tables
    (which changing it would drop) keeps them, and its setting."""
    seen: list[int] = []

    def child(db: sqlite_utils.Database, _doc_id: str, _record: DocumentRecord) -> None:
        seen.append(db.execute("pragma temp_store").fetchone()[0])

    store._register_writers()
    monkeypatch.setattr(store, "_CHILD_WRITERS", [*store._CHILD_WRITERS, child])
    db = open_db(tmp_path / "c.db")
    store_records(db, [_document(1, "văn bản")], "v1")
    assert seen == [2] and db.execute("pragma temp_store").fetchone()[0] == 0
    db.execute("create temp table mine (x)")
    store_records(db, [_document(2, "văn bản")], "v1")
    assert seen == [2, 0] and db.execute("select count(*) from temp.mine").fetchone() == (0,)


@pytest.mark.parametrize(
    "before, after", [(-2000, -store.WRITER_CACHE_KIB), (100, -store.WRITER_CACHE_KIB), (-65536, -65536), (20000, 20000)]
)
def test_the_writers_page_cache_grows_to_its_size_and_never_shrinks(tmp_path: Path, before: int, after: int) -> None:
    db = open_db(tmp_path / "c.db")
    db.execute(f"pragma cache_size = {before}")  # negative: KiB; positive: pages (of 4 KiB: 20,000 is 80 MiB)
    store_records(db, [_document(1, "văn bản")], "v1")
    assert db.execute("pragma cache_size").fetchone()[0] == after
