"""Records prepared where they are read (`store.prepare_record`, in the reader processes) leave the catalogue
that storing the bare records in the writer leaves; a part that cannot be prepared is made by the writer; parent
records kept between batches are read again once their row changes; each file a reader reads gets a new, empty
scratch folder, removed after it."""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest

from vanban.catalogue import open_db, reader_pool
from vanban.catalogue.checks.levels import stored_record
from vanban.catalogue.ingest import ingest_paths, store_batch
from vanban.catalogue.parallel import ingest_parallel
from vanban.catalogue.store import Prepared, prepare_record, store_prepared, store_records, writer_name
from vanban.extract.pipeline import extract_text
from vanban.schemas import Citation, DocumentRecord, Issuer, Source

ISSUERS = [
    "Liên đoàn Lao động tỉnh Lai Châu",
    "Liên đoàn Lao động tỉnh",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Bộ Chính trị",
    None,
]
NUMBERS = ["02-NQ/TW", "1/KH-LĐLĐ", "2/KH-LĐLĐ", "135/KH-TLĐ", "12/2012/QH13"]
DATES = ["2021-06-12", "2021-11-30", "2022-03-01", None]


def _records(n: int, seed: int) -> list[DocumentRecord]:
    """Records whose numbers and citations overlap (resolved, ambiguous and stub citations, shared works)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
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
        issuer = rng.choice(ISSUERS)
        out.append(
            DocumentRecord(
                source=Source(path=f"doc{i:03d}.txt", sha256=f"{seed:02x}{i:062x}", format="txt"),
                text=f"văn bản {i}",
                number=rng.choice([*NUMBERS, None]),
                doc_type="Kế hoạch",
                issuer=Issuer(name=issuer) if issuer else None,
                date=rng.choice(DATES[:-1]),
                citations=cites,
            )
        )
    return out


def _dump(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the catalogue's tables, but when they were written."""
    out = {}
    for table in ("documents", "works", "document_works", "citations", "findings"):
        cols = [r[1] for r in db.execute(f"pragma table_info({table})") if r[1] != "ingested_at"]
        out[table] = sorted(db.execute(f"select {', '.join(cols)} from {table}").fetchall(), key=repr)
    return out


PARENT = """LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU
Số: 12/KH-LĐLĐ
Lai Châu, ngày 15 tháng 3 năm 2021
KẾ HOẠCH
Phát triển đoàn viên năm 2021
Phấn đấu kết nạp 540 đoàn viên, đạt 85% trở lên; thành lập 12 CĐCS.
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn A"""

CHILD = """LIÊN ĐOÀN LAO ĐỘNG HUYỆN TAM ĐƯỜNG
Số: {n}/KH-LĐLĐ
Tam Đường, ngày 2 tháng 4 năm 2021
KẾ HOẠCH
Phát triển đoàn viên năm 2021
Căn cứ Kế hoạch số 12/KH-LĐLĐ ngày 15/3/2021 của Liên đoàn Lao động tỉnh Lai Châu;
phấn đấu kết nạp {k} đoàn viên, đạt {p}% trở lên.
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Trần Văn B"""


def _docs() -> list[DocumentRecord]:
    rng = random.Random(7)
    plans = [extract_text(PARENT, path="parent.txt")]
    plans += [
        extract_text(CHILD.format(n=i, k=rng.randint(5, 900), p=rng.randint(50, 120)), path=f"c{i}.txt") for i in range(1, 9)
    ]
    return plans + _records(30, 4)


def test_prepared_records_leave_the_catalogue_bare_records_leave(tmp_path: Path) -> None:
    records = _docs()
    bare, ready = open_db(tmp_path / "bare.db"), open_db(tmp_path / "ready.db")
    for i in range(0, len(records), 9):
        store_records(bare, records[i : i + 9], "v1")
        sent = [pickle.loads(pickle.dumps(prepare_record(r))) for r in records[i : i + 9]]  # as a reader sends them
        assert store_prepared(ready, sent, "v1") == ["stored"] * len(sent)
    assert _dump(bare) == _dump(ready)
    assert _dump(ready)["findings"]  # the checks across levels ran: the children cite a stored parent
    assert store_prepared(ready, [prepare_record(records[0])], "v1") == ["unchanged"]


def test_a_part_that_cannot_be_prepared_is_made_by_the_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.catalogue.works as works

    records = _docs()
    plain = open_db(tmp_path / "plain.db")
    store_records(plain, records, "v1")

    def broken(record: DocumentRecord) -> Any:
        raise RuntimeError("cannot prepare")

    monkeypatch.setattr(works.write_document, "prepare", broken)
    prepared = [prepare_record(r) for r in records]
    assert all(writer_name(works.write_document) not in p.parts for p in prepared)
    assert all(p.parts for p in prepared)  # the findings' part is still there
    db = open_db(tmp_path / "db.db")
    store_prepared(db, prepared, "v1")
    assert _dump(db) == _dump(plain)


def test_a_record_whose_row_cannot_be_made_fails_alone(tmp_path: Path) -> None:
    records = _docs()[:4]
    bad = records[2].model_copy(update={"date": "năm ngoái"})  # no year to take: the row cannot be made
    db = open_db(tmp_path / "c.db")
    items: list[tuple[Path, DocumentRecord | Prepared]] = [(Path(r.source.path), prepare_record(r)) for r in records[:2]]
    items += [(Path("bad.txt"), bad), (Path(records[3].source.path), records[3])]
    results = store_batch(db, items)
    assert [r.status for r in results] == ["stored", "stored", "failed", "stored"]
    assert results[2].reason and results[2].reason.startswith("internal error while storing")
    assert db.execute("select count(*) from documents").fetchone()[0] == 3


def test_parent_records_kept_between_batches_follow_their_row(tmp_path: Path) -> None:
    db = open_db(tmp_path / "c.db")
    parent = extract_text(PARENT, path="parent.txt")
    store_records(db, [parent], "v1")
    doc_id = parent.source.sha256
    first = stored_record(db, doc_id, {})
    assert first == parent
    assert stored_record(db, doc_id, {}) is first  # parsed once, kept for the next batch
    changed = parent.model_copy(update={"title": "Kế hoạch đã sửa"})
    store_records(db, [changed], "v2")  # the same bytes read by another extractor version: rewritten
    again = stored_record(db, doc_id, {})
    assert again is not first and again is not None and again.title == "Kế hoạch đã sửa"
    db.execute("delete from documents where id = ?", [doc_id])
    assert stored_record(db, doc_id, {}) is None


def test_parallel_ingest_stores_what_one_reader_stores(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, r in enumerate(_docs()[:9]):
        (folder / f"d{i}.txt").write_text(r.text, encoding="utf-8")
    one = open_db(tmp_path / "one.db")
    assert {r.status for r in ingest_paths(one, [folder])} == {"stored"}
    two = open_db(tmp_path / "two.db")
    got = list(ingest_parallel(two, [folder], workers=2))
    assert {r.status for r in got} == {"stored"} and len(got) == 9
    # the same rows but for the order the batch stored them in (citations resolved the same, same findings)
    assert _dump(one) == _dump(two)
    con = sqlite3.connect(tmp_path / "two.db")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_each_file_gets_a_new_empty_scratch_folder_removed_after_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    seen: list[tuple[str, list[str]]] = []

    def read(db: Any, path: Path) -> Any:
        folder = os.environ["TMPDIR"]
        seen.append((folder, os.listdir(folder)))
        (Path(folder) / "left.txt").write_text("x")  # a program that leaves a file behind
        (Path(folder) / "sub").mkdir()
        return extract_text(PARENT, path=str(path))

    monkeypatch.setattr(reader_pool, "read_one", read)
    # `_read_in_scratch` points TMPDIR and tempfile at the file's folder, as a reader process wants: here, in
    # the test's own process, both are put back afterwards, or later tests make temporary files in a removed folder
    monkeypatch.setenv("TMPDIR", os.environ.get("TMPDIR", tempfile.gettempdir()))
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    limits = reader_pool.Limits(timeout=30)
    for name in ("a.txt", "b.txt", "c.txt"):
        out, retire = reader_pool._read_in_scratch(None, Path(name), limits, str(scratch))
        assert isinstance(out, Prepared) and not retire
    folders = [f for f, _ in seen]
    assert len(set(folders)) == 3 and all(listing == [] for _, listing in seen)
    assert all(Path(f).parent == scratch for f in folders)
    assert list(scratch.iterdir()) == []  # nothing left behind
    os.rmdir(scratch)  # the reader's folder gone (swept): made again for the next file
    out, _ = reader_pool._read_in_scratch(None, Path("d.txt"), limits, str(scratch))
    assert isinstance(out, Prepared) and list(scratch.iterdir()) == []
