"""The catalogue writer: a batch in one transaction leaves the catalogue one-by-one storing would, only what
changed is written, the stub clustering shortcut gives the plain algorithm's answer, and the parallel writer
reports a file stored only once its batch is committed."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from vanban.catalogue import open_db
from vanban.catalogue import store as store_module
from vanban.catalogue.ingest import store_batch
from vanban.catalogue.store import store_record, store_records
from vanban.catalogue.works import _fits_cluster, _stub_clusters, work_id
from vanban.extract.patterns import number_key
from vanban.schemas import Citation, DocumentRecord, Issuer, Source

ISSUERS = [
    "Liên đoàn Lao động tỉnh Lai Châu",
    "Liên đoàn Lao động tỉnh",
    "LĐLĐ tỉnh Lai Châu",
    "Liên đoàn Lao động tỉnh Điện Biên",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Bộ Chính trị",
    "Ban Chấp hành Trung ương",
    "Ủy ban nhân dân tỉnh Lai Châu",
    None,
]
NUMBERS = ["02-NQ/TW", "1/KH-LĐLĐ", "2/KH-LĐLĐ", "135/KH-TLĐ", "12/2012/QH13", "5/CTr-UBND", "7/HD-LĐLĐ"]
DATES = ["2021-06-12", "2021-11-30", "2022-03-01", "2019-05-04", None]


def _record(i: int, rng: random.Random) -> DocumentRecord:
    number = rng.choice([*NUMBERS, None])
    issuer = rng.choice(ISSUERS)
    cites = [
        Citation(
            text=f"cite {i}.{k}",
            number=rng.choice([*NUMBERS, None]),
            date=rng.choice(DATES),
            issuer=rng.choice(ISSUERS),
            relation=rng.choice(["can_cu", "thuc_hien", "mention"]),
            span=(0, 1),
        )
        for k in range(rng.randint(0, 4))
    ]
    sha = hashlib.sha256(f"doc {i}".encode()).hexdigest()
    return DocumentRecord(
        source=Source(path=f"doc{i:03d}.txt", sha256=sha, format="txt"),
        text=f"văn bản {i}",
        number=number,
        doc_type="Kế hoạch",
        issuer=Issuer(name=issuer) if issuer else None,
        date=rng.choice(DATES[:-1]),
        citations=cites,
    )


def _records(n: int, seed: int) -> list[DocumentRecord]:
    rng = random.Random(seed)
    return [_record(i, rng) for i in range(n)]


def _dump(db) -> dict[str, list[tuple[Any, ...]]]:  # noqa: ANN001
    out = {}
    for table in ("documents", "works", "document_works", "citations", "findings"):
        cols = [r[1] for r in db.execute(f"pragma table_info({table})") if r[1] != "ingested_at"]
        out[table] = sorted(db.execute(f"select {', '.join(cols)} from {table}").fetchall(), key=repr)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_leaves_the_catalogue_one_by_one_storing_leaves(tmp_path: Path, seed: int) -> None:
    records = _records(40, seed)
    one = open_db(tmp_path / "one.db")
    for r in records:
        assert store_record(one, r, "v1") == "stored"
    many = open_db(tmp_path / "many.db")
    for i in range(0, len(records), 7):
        assert store_records(many, records[i : i + 7], "v1") == ["stored"] * len(records[i : i + 7])
    a, b = _dump(one), _dump(many)
    assert a["citations"] and {r[-1] for r in a["citations"]} >= {"resolved", "stub"}  # the case is not trivial
    assert a == b


def test_restoring_under_a_new_extractor_version_in_a_batch(tmp_path: Path) -> None:
    """Re-stored documents (new extractor version) change their works and citations; same result either way."""
    records = _records(30, 7)
    rng = random.Random(8)
    changed = [r.model_copy(update={"number": rng.choice(NUMBERS), "citations": r.citations[:1]}) for r in records[:15]]
    one, many = open_db(tmp_path / "one.db"), open_db(tmp_path / "many.db")
    for r in records:
        store_record(one, r, "v1")
    store_records(many, records, "v1")
    for r in changed:
        store_record(one, r, "v2")
    assert store_records(many, changed, "v2") == ["stored"] * 15
    assert _dump(one) == _dump(many)


def test_the_same_bytes_twice_in_one_batch_are_stored_once(tmp_path: Path) -> None:
    db = open_db(tmp_path / "c.db")
    r = _records(1, 3)[0]
    assert store_records(db, [r, r], "v1") == ["stored", "unchanged"]
    assert store_records(db, [r], "v1") == ["unchanged"]
    assert db.execute("select count(*) from documents").fetchone()[0] == 1


def test_a_bad_record_in_a_batch_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_db(tmp_path / "c.db")
    records = _records(5, 4)
    bad = records[2].source.sha256

    def picky(_db, doc_id, _record) -> None:  # noqa: ANN001
        if doc_id == bad:
            raise RuntimeError("this one breaks the writer")

    store_module._register_writers()
    monkeypatch.setattr(store_module, "_CHILD_WRITERS", [*store_module._CHILD_WRITERS, picky])
    results = store_batch(db, [(Path(r.source.path), r) for r in records])
    assert [r.status for r in results] == ["stored", "stored", "failed", "stored", "stored"]
    assert "this one breaks the writer" in (results[2].reason or "")
    assert db.execute("select count(*) from documents").fetchone()[0] == 4
    assert not db.conn.in_transaction


def test_storing_a_document_rewrites_only_the_citations_that_changed(tmp_path: Path) -> None:
    """Forty documents cite one uncatalogued number: a forty-first citing it touches its own citation only."""
    db = open_db(tmp_path / "c.db")

    def doc(i: int, number: str | None = None) -> DocumentRecord:
        cite = Citation(
            text="NQ 02", number="02-NQ/TW", date="2021-06-12", issuer="Bộ Chính trị", relation="thuc_hien", span=(0, 1)
        )
        sha = hashlib.sha256(f"hub {i}".encode()).hexdigest()
        return DocumentRecord(
            source=Source(path=f"{i}.txt", sha256=sha, format="txt"),
            text="…",
            number=number or f"{i}/KH-LĐLĐ",
            issuer=Issuer(name="Liên đoàn Lao động tỉnh Lai Châu"),
            date="2021-11-30",
            citations=[cite],
        )

    store_records(db, [doc(i) for i in range(40)], "v1")
    db.execute("create temp table writes(n)")
    db.execute("create temp trigger count_writes after update on citations begin insert into writes values (1); end")
    store_record(db, doc(40), "v1")
    assert db.execute("select count(*) from temp.writes").fetchone()[0] == 1
    assert {r[0] for r in db.execute("select resolution from citations")} == {"stub"}
    # the cited document arrives: all 41 citations are upgraded at once
    store_record(db, doc(99, "02-NQ/TW").model_copy(update={"issuer": Issuer(name="Bộ Chính trị"), "date": "2021-06-12", "citations": []}), "v1")  # fmt: skip
    assert db.execute("select count(*) from temp.writes").fetchone()[0] == 1 + 41
    assert {r[0] for r in db.execute("select resolution from citations")} == {"resolved"}


# ---- the stub clustering shortcut -------------------------------------------------------------------------


def _plain_clusters(leftover: list[dict[str, Any]]) -> list[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """The clustering without the remembered answers (as it was before), for comparison."""
    clusters: list[dict[str, Any]] = []
    for c in sorted(leftover, key=lambda c: c["year"] is None):
        fits = [k for k in clusters if _fits_cluster(c, k)]
        if c["year"] is None and len(fits) > 1:
            clusters.append({"ambiguous": True, "members": [c]})
            continue
        if fits and not fits[0].get("ambiguous"):
            k = fits[0]
            k["members"].append(c)
            k["year"] = k["year"] or c["year"]
            if c["issuer"] and len(c["issuer"]) > len(k["issuer"] or ""):
                k["issuer"] = c["issuer"]
        else:
            clusters.append({"year": c["year"], "issuer": c["issuer"], "members": [c]})
    out = []
    for k in clusters:
        if k.get("ambiguous"):
            out.append((None, k["members"]))
            continue
        out.append((work_id(k["members"][0]["number"], k["issuer"], k["year"]), k["members"]))
    return out


@pytest.mark.parametrize("seed", range(25))
def test_stub_clusters_match_the_plain_algorithm(seed: int) -> None:
    rng = random.Random(seed)
    leftover = [
        {
            "id": f"c{i:03d}",
            "number": "02-NQ/TW",
            "number_key": number_key("02-NQ/TW"),
            "year": rng.choice([2021, 2021, 2022, None]),
            "issuer": rng.choice(ISSUERS),
            "doc_type": rng.choice(["Nghị quyết", None]),
            "date": None,
            "title": rng.choice(["về công tác", None]),
        }
        for i in range(rng.randint(0, 60))
    ]
    fast = [(s["id"] if s else None, [m["id"] for m in ms]) for s, ms in _stub_clusters([dict(c) for c in leftover])]
    plain = [(s, [m["id"] for m in ms]) for s, ms in _plain_clusters([dict(c) for c in leftover])]
    assert fast == plain


# ---- the parallel writer ------------------------------------------------------------------------------------


def test_a_parallel_result_is_reported_after_its_batch_is_committed(tmp_path: Path) -> None:
    from vanban.catalogue.parallel import ingest_parallel

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"d{i}.txt").write_text(
            f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nSố: {i + 1}/KH-LĐLĐ\nLai Châu, ngày 15 tháng 10 năm 2021\nKẾ HOẠCH\nVề việc {i}\n",
            encoding="utf-8",
        )
    db_path = tmp_path / "c.db"
    db = open_db(db_path)
    seen = 0
    for result in ingest_parallel(db, [folder], workers=2):
        assert result.status == "stored"
        seen += 1
        other = sqlite3.connect(db_path)  # another connection sees only what is committed
        (count,) = other.execute("select count(*) from documents where id = ?", [result.id]).fetchone()
        other.close()
        assert count == 1
    assert seen == 6


@pytest.mark.parametrize("seed", [4, 5])
def test_what_the_writer_keeps_current_equals_a_recomputation_from_scratch(tmp_path: Path, seed: int) -> None:
    """Citations resolved and findings checked incrementally (only what a document changes) equal resolving
    every number and checking every document again."""
    from vanban.catalogue.checks.store import refresh
    from vanban.catalogue.works import resolve_key

    records = _records(50, seed)
    db = open_db(tmp_path / "c.db")
    batches = [records[i : i + 9] for i in range(0, 50, 9)]
    batches.append([r.model_copy(update={"number": "1/KH-LĐLĐ"}) for r in records[:5]])  # re-stored, renumbered
    for k, batch in enumerate(batches):
        store_records(db, batch, "v1" if k < len(batches) - 1 else "v2")
        after_batch = _dump(db)
        for (key,) in db.execute("select distinct number_key from citations where number_key is not null").fetchall():
            resolve_key(db, key)
        refresh(db)
        assert _dump(db) == after_batch, f"batch {k}"


@pytest.mark.parametrize("seed", range(10))
def test_new_citations_of_a_much_cited_number_placed_without_reading_the_others(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents citing one uncatalogued number with the same, no or other issuers, with and without a year:
    the shortcut (`place_new`) is taken where it is certain, and the catalogue is the one resolving every
    citation again gives."""
    from vanban.catalogue import works
    from vanban.catalogue.checks.store import refresh

    rng = random.Random(seed)
    varied = seed % 2 == 1  # other issuers, dates and titles: the shortcut must see when it cannot be taken
    issuers = ["Bộ Chính trị", "Bộ Chính trị", "Bộ Chính trị", None, "Ban Bí thư", "Tỉnh ủy Lai Châu"][: 6 if varied else 4]
    dates = ["2021-06-12", None, None, "2021-06-12", "2021-07-01"][: 5 if varied else 3]
    titles = [None, "về công tác A", "về công tác A", "về công tác B"][: 4 if varied else 3]

    def doc(i: int) -> DocumentRecord:
        cite = Citation(
            text="NQ 02",
            number="02-NQ/TW",
            date=rng.choice(dates),
            issuer=rng.choice(issuers),
            doc_type=rng.choice(["Nghị quyết", None]),
            title=rng.choice(titles),
            relation="thuc_hien",
            span=(0, 1),
        )
        return DocumentRecord(
            source=Source(path=f"{i}.txt", sha256=hashlib.sha256(f"n{seed}.{i}".encode()).hexdigest(), format="txt"),
            text="…",
            number=f"{i}/KH-LĐLĐ",
            issuer=Issuer(name="Liên đoàn Lao động tỉnh Lai Châu"),
            date="2021-11-30",
            citations=[cite],
        )

    calls = {"full": 0}
    full = works.resolve_key

    def counting(db, key):  # noqa: ANN001, ANN202
        calls["full"] += key == number_key("02-NQ/TW")
        return full(db, key)

    db = open_db(tmp_path / "c.db")
    records = [doc(i) for i in range(60)]
    for i in range(0, 60, 4):
        monkeypatch.setattr(works, "resolve_key", counting)
        store_records(db, records[i : i + 4], "v1")
        after_batch = _dump(db)
        monkeypatch.setattr(works, "resolve_key", full)
        works.resolve_key(db, number_key("02-NQ/TW"))
        refresh(db)
        assert _dump(db) == after_batch, f"batch {i // 4}"
    # A fresh catalogue writes its first batch twice (the works tables are created and back-filled in it).
    assert varied or calls["full"] <= 4  # else placed directly: the first batch makes the stub, later ones join it


def _citing(sha: str, **cite: Any) -> DocumentRecord:
    fields = {"number": "02-NQ/TW", "date": "2021-06-12", "issuer": "Bộ Chính trị", "doc_type": "Nghị quyết", "title": "về A"}
    fields.update(cite)
    return DocumentRecord(
        source=Source(path=f"{sha[:6]}.txt", sha256=sha, format="txt"),
        text="…",
        number=f"{int(sha[:6], 16)}/KH-LĐLĐ",
        issuer=Issuer(name="Liên đoàn Lao động tỉnh Lai Châu"),
        date="2021-11-30",
        citations=[Citation(text="NQ 02", relation="thuc_hien", span=(0, 1), **fields)],
    )


@pytest.mark.parametrize(
    "first",
    [
        {"title": "về B"},  # the stub's title is the first citation's that has one
        {"date": "2021-06-13"},
        {"doc_type": "Kết luận"},
        {"number": "02/NQ-TW"},  # same number key, written otherwise: the stub's number is the first citation's
        {"issuer": "Ban Bí thư"},  # agrees with Bộ Chính trị (central bodies), but the stub would take its name
        {"issuer": "Bộ Chính trị", "title": None, "date": None, "doc_type": None},  # nothing new: placed directly
    ],
)
def test_a_new_citation_that_sorts_first_and_says_more_moves_the_stub(tmp_path: Path, first: dict[str, Any]) -> None:
    """The stub takes its number, type, date and title from the first citation (in id order) that has them: a new
    citation sorting before the others must be resolved with all of them, not placed beside them."""
    db = open_db(tmp_path / "c.db")
    store_records(db, [_citing(f"{k:x}" * 64) for k in (5, 6, 7)], "v1")
    store_records(db, [_citing(f"{k:x}" * 64) for k in (8, 9)], "v1")
    store_records(db, [_citing("1" * 64, **first)], "v1")  # "111…:0" sorts before "555…:0"
    after = _dump(db)
    from vanban.catalogue.works import resolve_key

    resolve_key(db, number_key("02-NQ/TW"))
    assert _dump(db) == after
    stubs = db.execute("select number, issuer, date, title, doc_type from works where is_stub = 1").fetchall()
    assert len(stubs) == 1
