"""Resolution of citations to works: catalogued, stub, ambiguous; stubs upgraded by a later ingest."""

from __future__ import annotations

import hashlib

import pytest

from vanban.catalogue.graph import cited_by, references
from vanban.catalogue.store import store_record
from vanban.catalogue.works import issuers_agree, work_id
from vanban.extract.citations import extract_citations
from vanban.extract.document import Doc
from vanban.extract.patterns import number_key
from vanban.extract.readers.text import text_to_blocks
from vanban.schemas import Citation, DocumentRecord, Issuer, Source


def record(
    number: str | None,
    issuer: str | None,
    date: str | None,
    citations: list[Citation] = (),  # type: ignore[assignment]
    *,
    organ: str | None = None,
    doc_type: str = "Kế hoạch",
    tag: str = "",
) -> DocumentRecord:
    sha = hashlib.sha256(f"{number}|{issuer}|{date}|{tag}".encode()).hexdigest()
    return DocumentRecord(
        source=Source(path=f"{number or 'none'}-{tag}.txt", sha256=sha, format="txt"),
        text="…",
        number=number,
        doc_type=doc_type,
        issuer=Issuer(name=issuer, organ=organ) if issuer else None,
        date=date,
        citations=list(citations),
    )


def citation(
    number: str | None, date: str | None = None, issuer: str | None = None, relation: str = "mention", title=None
) -> Citation:
    return Citation(text=f"{number}", number=number, date=date, issuer=issuer, relation=relation, title=title, span=(0, 1))  # type: ignore[arg-type]


def store(db, rec: DocumentRecord) -> str:
    assert store_record(db, rec, "test") == "stored"
    return rec.source.sha256


def cit_rows(db, doc_id: str) -> list[tuple]:
    return db.execute("select number, work_id, resolution from citations where doc_id = ? order by seq", [doc_id]).fetchall()


NQ02_2021 = citation("02-NQ/TW", "2021-06-12", "Bộ Chính trị", "thuc_hien")


def test_uncatalogued_document_gets_a_stub_work(db):
    plan = store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-11-30", [NQ02_2021]))
    [(number, wid, resolution)] = cit_rows(db, plan)
    assert (number, resolution) == ("02-NQ/TW", "stub")
    assert db.execute("select number, issuer, year, is_stub from works where id = ?", [wid]).fetchone() == (
        "02-NQ/TW",
        "Bộ Chính trị",
        2021,
        1,
    )
    assert wid == "02-nq-tw-2021-bo-chinh-tri"


def test_stub_upgraded_when_the_cited_document_is_ingested_later(db):
    plan = store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-11-30", [NQ02_2021]))
    stub = cit_rows(db, plan)[0][1]
    nq = store(db, record("02-NQ/TW", "Ban Chấp hành Trung ương Đảng", "2021-06-12", organ="Bộ Chính trị", doc_type="Nghị quyết"))
    [(_, wid, resolution)] = cit_rows(db, plan)
    real = db.execute("select work_id from document_works where doc_id = ?", [nq]).fetchone()[0]
    assert (wid, resolution) == (real, "resolved")
    assert db.execute("select count(*) from works where id = ?", [stub]).fetchone()[0] == 0  # the stub is gone
    assert [r["doc_id"] for r in cited_by(db, "02-NQ/TW")] == [plan]


def test_citation_stored_after_its_document_resolves_at_once(db):
    store(db, record("135/KH-TLĐ", "Tổng Liên đoàn Lao động Việt Nam", "2021-09-24"))
    plan = store(
        db,
        record(
            "277/KH-LĐLĐ",
            "Liên đoàn Lao động tỉnh Lai Châu",
            "2021-10-15",
            [citation("135/KH-TLĐ", "2021-09-24", "Tổng Liên đoàn Lao động Việt Nam", "can_cu")],
        ),
    )
    assert cit_rows(db, plan) == [("135/KH-TLĐ", "135-kh-tld-2021-tong-lien-doan-lao-dong-viet-nam", "resolved")]


def test_same_number_of_another_term_is_not_confused(db):
    """Party numbers restart each term: the 02-NQ/TW of 17/3/2026 is not the one of 12/6/2021."""
    nq21 = store(
        db, record("02-NQ/TW", "Ban Chấp hành Trung ương Đảng", "2021-06-12", organ="Bộ Chính trị", doc_type="Nghị quyết")
    )
    nq26 = store(
        db, record("02-NQ/TW", "Ban Chấp hành Trung ương Đảng", "2026-03-17", organ="Bộ Chính trị", doc_type="Nghị quyết")
    )
    plan = store(db, record(None, "Liên đoàn Lao động huyện Hương Hóa", "2022-03-31", [NQ02_2021]))
    hanoi = store(
        db,
        record(
            "15/KH-UBND",
            "Ủy ban nhân dân thành phố Hà Nội",
            "2026-04-01",
            [citation("02-NQ/TW", "2026-03-17", "Bộ Chính trị", "thuc_hien")],
        ),
    )
    w21 = db.execute("select work_id from document_works where doc_id = ?", [nq21]).fetchone()[0]
    w26 = db.execute("select work_id from document_works where doc_id = ?", [nq26]).fetchone()[0]
    assert cit_rows(db, plan) == [("02-NQ/TW", w21, "resolved")]
    assert cit_rows(db, hanoi) == [("02-NQ/TW", w26, "resolved")]
    assert [r["doc_id"] for r in cited_by(db, "02-NQ/TW", year=2021)] == [plan]
    assert {r["target"]["id"]: r["doc_id"] for r in cited_by(db, "02-NQ/TW")} == {w21: plan, w26: hanoi}


def test_more_than_one_fitting_work_is_ambiguous_never_picked(db):
    store(db, record("02-NQ/TW", "Ban Chấp hành Trung ương Đảng", "2021-06-12", organ="Bộ Chính trị", doc_type="Nghị quyết"))
    store(db, record("02-NQ/TW", "Ban Chấp hành Trung ương Đảng", "2026-03-17", organ="Bộ Chính trị", doc_type="Nghị quyết"))
    plan = store(
        db, record("9/KH-CĐ", "Công đoàn Viên chức Việt Nam", "2026-05-01", [citation("02-NQ/TW", None, "Bộ Chính trị")])
    )
    assert cit_rows(db, plan) == [("02-NQ/TW", None, "ambiguous")]
    [ref] = references(db, plan)
    assert sorted(w["year"] for w in ref["candidates"]) == [2021, 2026]


def test_ambiguous_citation_resolves_once_the_rival_is_gone(db):
    """A stored citation is resolved again whenever a document with its number is stored."""
    store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-11-30"))
    plan = store(
        db, record("5/KH-LĐLĐ", "Liên đoàn Lao động huyện Mường Tè", "2021-12-10", [citation("77/KH-LĐLĐ", "2021-11-30")])
    )
    assert cit_rows(db, plan)[0][2] == "resolved"  # one 77/KH-LĐLĐ of 2021 in the catalogue: nothing disagrees
    store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Lai Châu", "2021-12-01"))
    assert cit_rows(db, plan)[0][1:] == (None, "ambiguous")  # now two provinces' plans fit


def lai_chau_citations(text: str) -> list[Citation]:
    """Citations of `text` read as a plan of the Liên đoàn Lao động tỉnh Lai Châu."""
    source = Source(path="lc.txt", sha256="1" * 64, format="txt")
    doc = Doc.from_blocks(source, text_to_blocks(text, markdown=False))
    rec = DocumentRecord(source=source, text=doc.text, issuer=Issuer(name="Liên đoàn Lao động tỉnh Lai Châu"), date="2021-10-15")
    return extract_citations(doc, rec)


def test_context_dependent_issuer_picks_the_province(db):
    """ "LĐLĐ tỉnh" in a Lai Châu plan is the Liên đoàn Lao động tỉnh Lai Châu, not another province's LĐLĐ."""
    qt = store(db, record("276/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-10-01", tag="qt"))
    lc = store(db, record("276/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Lai Châu", "2021-10-15", tag="lc"))
    cits = lai_chau_citations(
        "Căn cứ Kế hoạch số 276/KH-LĐLĐ, ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh về thực hiện Chương trình;"
    )
    assert cits[0].issuer == "Liên đoàn Lao động tỉnh Lai Châu"
    plan = store(db, record("277/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Lai Châu", "2021-10-15", cits))
    w_lc = db.execute("select work_id from document_works where doc_id = ?", [lc]).fetchone()[0]
    assert cit_rows(db, plan) == [("276/KH-LĐLĐ", w_lc, "resolved")]
    assert cited_by(db, "276/KH-LĐLĐ", issuer="Quảng Trị") == []
    assert qt != lc


def test_year_in_a_normative_number_wins_over_a_register_date(db):
    """An incoming register notes 15/2010/QĐ-UBND with the date it arrived; the number says 2010."""
    qd = store(db, record("15/2010/QĐ-UBND", "Ủy ban nhân dân thành phố Hà Nội", "2010-04-26", doc_type="Quyết định"))
    reg = store(
        db,
        record(None, "Sở Thông tin truyền thông", None, [citation("15/2010/QĐ-UBND", "2011-04-26")], doc_type="Sổ văn bản đến"),
    )
    wid = db.execute("select work_id from document_works where doc_id = ?", [qd]).fetchone()[0]
    assert cit_rows(db, reg) == [("15/2010/QĐ-UBND", wid, "resolved")]


def test_one_stub_for_one_uncatalogued_document_cited_twice(db):
    a = store(db, record("1/KH-CĐ", "Công đoàn A", "2022-01-01", [NQ02_2021]))
    b = store(db, record("2/KH-CĐ", "Công đoàn B", "2022-02-01", [citation("02-NQ/TW", None, "Bộ Chính trị")]))
    assert cit_rows(db, a)[0][1] == cit_rows(db, b)[0][1] == "02-nq-tw-2021-bo-chinh-tri"
    assert db.execute("select count(*) from works where number_key = ?", [number_key("02-NQ/TW")]).fetchone()[0] == 1


def test_unnumbered_reference_has_no_work(db):
    doc = store(db, record("3/KH-CĐ", "Công đoàn A", "2022-01-01", [citation(None, title="Điều lệ Công đoàn Việt Nam")]))
    assert cit_rows(db, doc) == [(None, None, "unnumbered")]


def test_restoring_a_document_replaces_its_citations(db):
    rec = record("4/KH-CĐ", "Công đoàn A", "2022-01-01", [NQ02_2021, citation("135/KH-TLĐ", "2021-09-24")])
    doc = store(db, rec)
    assert db.execute("select count(*) from works where number_key = ?", [number_key("135/KH-TLĐ")]).fetchone()[0] == 1
    assert store_record(db, rec, "test") == "unchanged"
    store_record(db, rec.model_copy(update={"citations": [NQ02_2021]}), "test-2")
    assert [r[0] for r in cit_rows(db, doc)] == ["02-NQ/TW"]
    assert (
        db.execute("select count(*) from works where number_key = ?", [number_key("135/KH-TLĐ")]).fetchone()[0] == 0
    )  # orphan stub gone


def test_files_of_one_work_share_it(db):
    a = store(db, record("135/KH-TLĐ", "Tổng Liên đoàn Lao động Việt Nam", "2021-09-24", tag="docx"))
    b = store(db, record("135/KH-TLĐ", "Tổng Liên đoàn Lao động Việt Nam", "2021-09-24", tag="pdf"))
    works = {db.execute("select work_id from document_works where doc_id = ?", [d]).fetchone()[0] for d in (a, b)}
    assert len(works) == 1


@pytest.mark.parametrize(
    "cited,names,agree",
    [
        ("Bộ Chính trị", ["Ban Chấp hành Trung ương Đảng"], True),  # central Party bodies
        ("Liên đoàn Lao động tỉnh", ["Liên đoàn Lao động tỉnh Lai Châu"], True),  # less specific
        ("LĐLĐ tỉnh Lai Châu", ["Liên đoàn Lao động tỉnh Lai Châu"], True),  # abbreviations
        ("Liên đoàn Lao động tỉnh Lai Châu", ["Liên đoàn Lao động tỉnh Quảng Trị"], False),
        ("Liên đoàn Lao động tỉnh", ["Liên đoàn Lao động huyện Hương Hóa"], False),
        (None, ["Chính phủ"], True),  # unknown: nothing disagrees
        ("Chính phủ", [None], True),
        ("Chính phủ", ["Thủ tướng Chính phủ"], True),
    ],
)
def test_issuers_agree(cited, names, agree):
    assert issuers_agree(cited, names) is agree


def test_work_ids_are_readable_and_bounded():
    assert work_id("277/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Lai Châu", 2021) == "277-kh-ldld-2021-lien-doan-lao-dong-tinh-lai-chau"
    long = work_id(
        "1/2020/TTLT-BTC-BNV", "Bộ Tài chính và Bộ Nội vụ và Bộ Lao động - Thương binh và Xã hội và Văn phòng Chính phủ", 2020
    )
    assert len(long) <= 80 and long.startswith("1-2020-ttlt-btc-bnv-2020")


def test_document_renumbered_on_restore_leaves_no_orphan_work(db):
    rec = record("12/KH-CĐ", "Công đoàn A", "2022-01-01")
    doc = store(db, rec)
    citer = store(db, record("13/KH-CĐ", "Công đoàn A", "2022-02-01", [citation("12/KH-CĐ", "2022-01-01", "Công đoàn A")]))
    assert cit_rows(db, citer)[0][2] == "resolved"
    store_record(db, rec.model_copy(update={"number": "21/KH-CĐ"}), "test-2")  # the number was misread before
    [(_, wid, resolution)] = cit_rows(db, citer)
    assert resolution == "stub" and db.execute("select is_stub from works where id = ?", [wid]).fetchone() == (1,)
    assert db.execute(
        "select number from works w join document_works d on d.work_id = w.id where d.doc_id = ?", [doc]
    ).fetchone() == ("21/KH-CĐ",)


def test_older_catalogue_is_backfilled_from_stored_records(db):
    plan = store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-11-30", [NQ02_2021]))
    for table in ("citations", "document_works", "works"):
        db.table(table).drop()
    assert [r["doc_id"] for r in cited_by(db, "02-NQ/TW")] == [plan]  # reading creates the tables and fills them


def test_a_new_catalogues_first_batch_is_stored_once(tmp_path, monkeypatch):
    """The works tables are made before the first batch's document rows, so nothing is filled from them."""
    from vanban.catalogue import open_db, works
    from vanban.catalogue.store import store_records

    filled = []
    backfill = works.backfill
    monkeypatch.setattr(works, "backfill", lambda db: filled.append(backfill(db)) or filled[-1])
    fresh = open_db(tmp_path / "c.db")
    store_records(fresh, [record("12/KH-CĐ", "Công đoàn A", "2022-01-01"), record("13/KH-CĐ", "Công đoàn A", "2022-02-01")], "v1")
    assert filled == [0]
    assert fresh.execute("select count(*) from document_works").fetchone() == (2,)


def test_an_older_catalogue_is_filled_before_a_new_batch(db):
    plan = store(db, record("77/KH-LĐLĐ", "Liên đoàn Lao động tỉnh Quảng Trị", "2021-11-30", [NQ02_2021]))
    for table in ("citations", "document_works", "works"):
        db.table(table).drop()
    cited = store(db, record("02-NQ/TW", "Bộ Chính trị", "2021-06-12"))
    [(_, wid, resolution)] = cit_rows(db, plan)
    assert resolution == "resolved"
    assert db.execute("select doc_id from document_works where work_id = ?", [wid]).fetchall() == [(cited,)]
