"""Ingest on a Dask cluster: a real local cluster of two worker processes on loopback.

The workers get the files' bytes (no shared disk), extract and prepare them, and the client writes the
catalogue in batches: the same rows as a one-process ingest, original paths, bad files reported, a file
reported stored only once its batch is committed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.catalogue import ingest_paths, open_db
from vanban.catalogue.ingest import IngestResult, extractor_version
from vanban.catalogue.store import Prepared
from vanban.extract.limits import Limits
from vanban.schemas import DocumentRecord

distributed = pytest.importorskip("distributed")

from vanban.catalogue.distributed import ClusterUnavailable, connect, extract_remote, ingest_dask  # noqa: E402
from vanban.cli import cli  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=50
    ) as c:
        yield c


@pytest.fixture
def client(cluster):
    c = connect(cluster.scheduler_address)
    yield c
    c.close()


def rows(db_path: Path) -> dict[str, tuple]:
    con = sqlite3.connect(db_path)
    got = {r[0]: (r[1], r[2], json.loads(r[3])) for r in con.execute("select id, path, number, record from documents")}
    con.close()
    return got


def test_same_catalogue_as_one_process_then_unchanged(tmp_path: Path, client) -> None:
    src = tmp_path / "in"
    shutil.copytree(CORPUS / "seeds", src / "seeds")
    shutil.copy(CORPUS / "real" / "kltn__Luật-21-LCT-HĐNN8.docx", src)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    serial, dask_db = tmp_path / "serial.db", tmp_path / "dask.db"
    want = {r.path: r.status for r in ingest_paths(open_db(serial), [src])}
    db = open_db(dask_db)
    got = list(ingest_dask(db, [src], client))
    assert {r.path: r.status for r in got} == want
    assert Counter(want.values()) == Counter(stored=6, failed=1)
    assert rows(dask_db) == rows(serial)  # same records, original paths, nothing of the workers' temporary folders
    assert "vanban-" not in json.dumps(rows(dask_db))
    again = list(ingest_dask(db, [src], client))
    assert Counter(r.status for r in again) == Counter(unchanged=6, failed=1)


def test_files_in_flight_stay_within_the_window(tmp_path: Path, client) -> None:
    src = tmp_path / "in"
    src.mkdir()
    seed = (CORPUS / "seeds" / "001_90e93914de0aefd7.txt").read_text(encoding="utf-8")
    for i in range(8):
        (src / f"d{i}.txt").write_text(seed.replace("277 /KH-LĐLĐ", f"{i + 1} /KH-LĐLĐ"), encoding="utf-8")
    db = open_db(tmp_path / "c.db")
    seen = []
    for r in ingest_dask(db, [src], client, window=2):
        seen.append(r)
        assert len(client.who_has()) <= 2  # futures the cluster still holds for this client
    assert Counter(r.status for r in seen) == Counter(stored=8)


def test_records_are_stored_in_batches_and_reported_once_committed(
    tmp_path: Path, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vanban.catalogue.ingest as ingest_module

    src = tmp_path / "in"
    src.mkdir()
    seed = (CORPUS / "seeds" / "001_90e93914de0aefd7.txt").read_text(encoding="utf-8")
    for i in range(12):
        (src / f"d{i:02d}.txt").write_text(seed.replace("277 /KH-LĐLĐ", f"{i + 1} /KH-LĐLĐ"), encoding="utf-8")
    sizes: list[int] = []
    real = ingest_module.store_prepared

    def counting(db, items, version):
        sizes.append(len(items))
        assert all(isinstance(p, Prepared) for p in items)  # prepared by the workers, not by the writer
        return real(db, items, version)

    monkeypatch.setattr(ingest_module, "store_prepared", counting)
    db_path = tmp_path / "c.db"
    db = open_db(db_path)
    for r in ingest_dask(db, [src], client, window=12):
        assert r.status == "stored"
        con = sqlite3.connect(db_path)  # another connection sees only what is committed
        assert con.execute("select count(*) from documents where id = ?", [r.id]).fetchone()[0] == 1
        con.close()
    assert sum(sizes) == 12  # how many share a transaction depends on how fast the workers answer: see below


class _Queue:
    """What `_due` asks of Dask's as_completed queue: whether an answer is ready."""

    def __init__(self, ready: bool) -> None:
        self.ready = ready

    def has_ready(self) -> bool:
        return self.ready


def test_a_batch_waits_while_answers_are_ready_and_is_stored_when_none_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records that arrive together share a transaction; one with nothing behind it is stored at once (the next
    answer may be minutes away: OCR)."""
    import vanban.catalogue.ingest as ingest_module
    from vanban.catalogue.distributed import _due
    from vanban.catalogue.parallel import Batch
    from vanban.catalogue.store import prepare_record
    from vanban.extract.pipeline import extract_file

    sizes: list[int] = []
    real = ingest_module.store_prepared
    monkeypatch.setattr(
        ingest_module, "store_prepared", lambda db, items, version: sizes.append(len(items)) or real(db, items, version)
    )
    db = open_db(tmp_path / "c.db")
    record = extract_file(CORPUS / "seeds" / "001_90e93914de0aefd7.txt")
    batch = Batch()
    for i in range(3):
        source = record.source.model_copy(update={"sha256": f"{i:064x}", "path": f"d{i}.txt"})
        batch.add(
            tmp_path / f"d{i}.txt", prepare_record(record.model_copy(update={"source": source, "number": f"{i + 1}/KH-LĐLĐ"}))
        )
        assert _due(db, batch, _Queue(ready=True)) == []  # more answers ready: the batch waits for them
    stored = _due(db, batch, _Queue(ready=False))  # none ready: stored now
    assert [r.status for r in stored] == ["stored"] * 3 and sizes == [3] and not batch.items


def test_a_worker_of_another_version_says_so() -> None:
    data = (CORPUS / "seeds" / "001_90e93914de0aefd7.txt").read_bytes()
    from vanban.extract.readers import ocr

    out = extract_remote("plan.txt", data, "/archive/plan.txt", Limits(), "0" * 16, ocr.resolve(None))
    assert isinstance(out, IngestResult) and out.status == "failed" and "another vanban" in (out.reason or "")
    ok = extract_remote("plan.txt", data, "/archive/plan.txt", Limits(), extractor_version(), ocr.resolve(None))
    assert isinstance(ok, Prepared) and isinstance(ok.record, DocumentRecord)
    assert ok.record.source.path == "/archive/plan.txt" and ok.record.number == "277/KH-LĐLĐ"
    assert ok.row[1] == "/archive/plan.txt"  # the row is made from the record with its original path


def test_ingest_command_on_the_cluster(tmp_path: Path, cluster) -> None:
    db = str(tmp_path / "c.db")
    res = CliRunner().invoke(cli, ["ingest", str(CORPUS / "seeds"), "--db", db, "--dask", cluster.scheduler_address])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == "5 stored, 0 unchanged, 0 failed (5 files)"


def test_unreachable_scheduler_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_DASK_TIMEOUT", "2")
    with pytest.raises(ClusterUnavailable, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9")
    res = CliRunner().invoke(
        cli, ["ingest", str(CORPUS / "seeds"), "--db", str(tmp_path / "c.db"), "--dask", "tcp://127.0.0.1:9"]
    )
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("vanban: error: ingest: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
