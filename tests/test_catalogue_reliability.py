"""A catalogue that never loses data: one transaction per document, kill -9 at any point leaves an intact
database that a re-run completes without duplicates, concurrent ingests and readers never see
"database is locked", re-ingesting is a no-op and a new version of a work is kept beside the old one.

The kill and concurrency tests fork processes that already have vanban imported (so twenty kills cost
seconds, not twenty interpreter start-ups); two of the kills and one of the concurrent ingests use the
real `vanban ingest` command.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from vanban.catalogue import find_document, get_record, ingest_paths, open_db, search
from vanban.catalogue import store as store_module
from vanban.catalogue.ingest import ingest_file
from vanban.catalogue.store import SCHEMA_VERSION, store_record, verify
from vanban.extract.pipeline import extract_text

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash tests fork")

VANBAN = Path(sys.executable).with_name("vanban")
TEMPLATE = """LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU
Số: {n}/KH-LĐLĐ
Lai Châu, ngày 15 tháng 10 năm 2021
KẾ HOẠCH
Thử nghiệm độ bền mã {tag}
Nội dung của kế hoạch {tag}: tổ chức tập huấn cho đoàn viên.
Nơi nhận:
- Như trên;
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn An
"""


def tag(i: int) -> str:
    return f"TKX{i:04d}"


def make_docs(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in numbers:
        p = folder / f"doc-{i:04d}.txt"
        p.write_text(TEMPLATE.format(n=i + 1, tag=tag(i)), encoding="utf-8")
        out.append(p)
    return out


def fork(fn: Callable[[], None]) -> int:
    """Run `fn` in a child process that never returns into the test runner; its pid."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            fn()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def assert_intact(db_path: Path, tags: set[str]) -> int:
    """The catalogue passes its checks, holds no duplicate and only whole documents; the row count."""
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        if "documents" not in tables:
            return 0
        rows = con.execute("select id, record, text from documents").fetchall()
        assert len(rows) == len({r[0] for r in rows})
        for doc_id, record, text in rows:
            assert json.loads(record)["source"]["sha256"] == doc_id  # the whole record was written
            assert re.search(r"TKX\d{4}", text).group(0) in tags
        if "documents_fts" in tables:
            con.execute("insert into documents_fts(documents_fts, rank) values('integrity-check', 1)")
            assert con.execute("select count(*) from documents_fts").fetchone()[0] == len(rows)
        return len(rows)
    finally:
        con.close()


# ---- one transaction per document ----------------------------------------------------------------


def test_a_failing_child_writer_rolls_the_document_back(db, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_db, _doc_id, _record) -> None:  # noqa: ANN001
        raise RuntimeError("child writer failed half-way")

    monkeypatch.setattr(store_module, "_CHILD_WRITERS", [broken])
    record = extract_text(TEMPLATE.format(n=1, tag=tag(1)))
    with pytest.raises(RuntimeError):
        store_record(db, record, "v1")
    assert db.execute("select count(*) from documents").fetchone()[0] == 0
    assert search(db, tag(1)) == []
    assert verify(db) == []
    assert not db.conn.in_transaction


def test_kill_inside_the_write_transaction_leaves_nothing_half_written(tmp_path: Path) -> None:
    """The process dies after the document row is written and before the transaction commits."""
    docs = make_docs(tmp_path / "in", range(3))
    db_path = tmp_path / "c.db"

    def die_mid_transaction() -> None:
        def killer(db, doc_id, record) -> None:  # noqa: ANN001
            if tag(1) in record.text:
                assert db.execute("select count(*) from documents where id = ?", [doc_id]).fetchone()[0] == 1
                os.kill(os.getpid(), signal.SIGKILL)

        store_module.register_child_writer(killer)
        db = open_db(db_path)
        for _ in ingest_paths(db, docs):
            pass

    pid = fork(die_mid_transaction)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert assert_intact(db_path, {tag(i) for i in range(3)}) == 1  # doc 0 committed, doc 1 rolled back
    db = open_db(db_path)
    assert search(db, tag(1)) == [] and len(search(db, tag(0))) == 1
    statuses = [r.status for r in ingest_paths(db, docs)]
    assert statuses == ["unchanged", "stored", "stored"]
    assert assert_intact(db_path, {tag(i) for i in range(3)}) == 3 and verify(db) == []


# ---- kill -9 during a batch, 20 times --------------------------------------------------------------


def _cli_ingest_killed(db_path: Path, folders: list[Path], kill_after: int, rng: random.Random) -> None:
    proc = subprocess.Popen([str(VANBAN), "ingest", *map(str, folders), "--db", str(db_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(kill_after):
        if not proc.stdout.readline():
            break
    time.sleep(rng.uniform(0, 0.05))
    proc.kill()
    proc.wait()


def _forked_ingest_killed(db_path: Path, folders: list[Path], kill_after: int, rng: random.Random) -> None:
    read_end, write_end = os.pipe()

    def batch() -> None:
        os.close(read_end)
        db = open_db(db_path)
        for _ in ingest_paths(db, folders):
            os.write(write_end, b".")

    pid = fork(batch)
    os.close(write_end)
    seen = 0
    while seen < kill_after and os.read(read_end, 1):
        seen += 1
    time.sleep(rng.uniform(0, 0.05))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_end)


def test_kill_during_batch_ingest_20_times_then_rerun(tmp_path: Path) -> None:
    rng = random.Random(20)
    folders = [tmp_path / f"batch{k:02d}" for k in range(20)]
    for k, folder in enumerate(folders):
        make_docs(folder, range(3 * k, 3 * k + 3))
    tags = {tag(i) for i in range(60)}
    db_path = tmp_path / "catalogue.db"
    started = time.monotonic()
    for k in range(20):
        # Each run covers the earlier batches (mostly unchanged) and a new one, and is killed at a
        # random point: while reading, extracting or writing a document, or between two.
        kill_after = rng.randint(max(0, 3 * k - 1), 3 * k + 2)
        run = _cli_ingest_killed if k in (6, 13) else _forked_ingest_killed
        run(db_path, folders[: k + 1], kill_after, rng)
        assert_intact(db_path, tags)
    db = open_db(db_path)
    results = list(ingest_paths(db, folders))
    assert Counter(r.status for r in results) - Counter(stored=60, unchanged=60) == Counter()
    assert {r.status for r in results} <= {"stored", "unchanged"}
    assert assert_intact(db_path, tags) == 60 and verify(db) == []
    for i in range(60):
        assert [r["number"] for r in search(db, tag(i))] == [f"{i + 1}/KH-LĐLĐ"]
    assert [r.status for r in ingest_paths(db, folders)] == ["unchanged"] * 60
    assert time.monotonic() - started < 120


# ---- several ingests and readers at once -------------------------------------------------------------


def test_concurrent_ingests_and_readers_lose_nothing(tmp_path: Path) -> None:
    common = make_docs(tmp_path / "common", range(30))
    own = [make_docs(tmp_path / f"own{k}", range(100 + 10 * k, 105 + 10 * k)) for k in range(3)]
    db_path = tmp_path / "catalogue.db"
    out = tmp_path / "out"
    out.mkdir()
    stop = tmp_path / "stop"

    def ingester(k: int) -> Callable[[], None]:
        def run() -> None:
            files = list(common)
            random.Random(k).shuffle(files)
            db = open_db(db_path)
            lines = []
            for r in ingest_paths(db, files + own[k]):
                lines.append(f"{r.status} {r.reason or ''}")
            (out / f"ingest{k}").write_text("\n".join(lines))

        return run

    def reader(k: int) -> Callable[[], None]:
        def run() -> None:
            queries, errors = 0, []
            while not stop.exists():
                try:
                    db = open_db(db_path)
                    for row in search(db, "thử nghiệm độ bền", limit=50):
                        assert get_record(db, row["id"]) is not None
                    find_document(db, f"{k + 1}/KH-LĐLĐ")
                    db.conn.close()
                    queries += 1
                except Exception as e:
                    errors.append(f"{e.__class__.__name__}: {e}")
            (out / f"reader{k}").write_text(json.dumps({"queries": queries, "errors": errors}))

        return run

    readers = [fork(reader(k)) for k in range(2)]
    workers = [fork(ingester(k)) for k in range(2)]
    cli = subprocess.run(
        [str(VANBAN), "ingest", str(tmp_path / "common"), str(tmp_path / "own2"), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    for pid in workers:
        assert os.waitpid(pid, 0)[1] == 0
    stop.touch()
    for pid in readers:
        assert os.waitpid(pid, 0)[1] == 0
    assert cli.returncode == 0 and cli.stderr == ""
    statuses = [line.split()[0] for line in cli.stdout.splitlines()[:-1]]
    for k in range(2):
        statuses += [line.split()[0] for line in (out / f"ingest{k}").read_text().splitlines()]
    everything = (out / "ingest0").read_text() + (out / "ingest1").read_text() + cli.stdout
    assert "locked" not in everything and "busy" not in everything
    assert set(statuses) <= {"stored", "unchanged"} and len(statuses) == 3 * 35
    versions = sqlite3.connect(db_path).execute("select count(distinct extractor_version) from documents").fetchone()[0]
    if versions == 1:  # (the extraction code did not change while the test ran)
        assert Counter(statuses) == Counter(stored=45, unchanged=2 * 30)  # each document stored exactly once
    for k in range(2):
        report = json.loads((out / f"reader{k}").read_text())
        assert report["errors"] == [] and report["queries"] > 0
    assert assert_intact(db_path, {tag(i) for i in [*range(30), *range(100, 125)]}) == 45


def test_fresh_catalogue_opened_by_many_processes_at_once(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    go = tmp_path / "go"

    def opener() -> None:
        while not go.exists():
            time.sleep(0.001)
        open_db(db_path).execute("select count(*) from documents").fetchone()

    pids = [fork(opener) for _ in range(6)]
    time.sleep(0.2)
    go.touch()
    assert [os.waitpid(pid, 0)[1] for pid in pids] == [0] * 6
    db = open_db(db_path)
    assert verify(db) == []
    assert db.execute("select value from meta where key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


# ---- idempotence and versions ----------------------------------------------------------------------


def test_reingesting_the_same_bytes_is_a_no_op(db, tmp_path: Path) -> None:
    [doc] = make_docs(tmp_path / "in", range(1))
    first = ingest_file(db, doc)
    row = db.execute("select ingested_at, path from documents").fetchone()
    copy = tmp_path / "copy-of-doc.txt"
    copy.write_bytes(doc.read_bytes())
    assert [first.status, ingest_file(db, doc).status, ingest_file(db, copy).status] == ["stored", "unchanged", "unchanged"]
    assert db.execute("select ingested_at, path from documents").fetchall() == [row]


def test_a_new_version_is_kept_beside_the_old(db, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    old, new = folder / "v1.txt", folder / "v2.txt"
    old.write_text(TEMPLATE.format(n=7, tag="BẢN1"), encoding="utf-8")
    new.write_text(TEMPLATE.format(n=7, tag="BẢN2"), encoding="utf-8")
    assert [r.status for r in ingest_paths(db, [old, new])] == ["stored", "stored"]
    rows = db.execute("select number, work_key, path from documents order by path").fetchall()
    assert [r[0] for r in rows] == ["7/KH-LĐLĐ"] * 2
    assert rows[0][1] == rows[1][1] and rows[0][1]  # one work, two files
    assert [r[2] for r in rows] == [str(old), str(new)]
    assert len(search(db, "7/KH-LĐLĐ")) == 2


def test_an_older_catalogue_is_migrated(tmp_path: Path) -> None:
    db_path = tmp_path / "v1.db"
    con = sqlite3.connect(db_path)
    con.executescript(
        """
        create table documents (id text primary key, path text, number text, number_key text, year integer, issuer text,
                                title text, folded text, record text, extractor_version text);
        create table meta (key text primary key, value text);
        insert into meta values ('schema_version', '1');
        insert into documents (id, number, number_key, year, issuer, title, folded)
            values ('abc', '7/KH-LĐLĐ', '7/kh/ldld', 2021, 'Liên đoàn Lao động tỉnh Lai Châu', 'Tên', 'ten');
        """
    )
    con.close()
    db = open_db(db_path)
    assert db.execute("select work_key from documents").fetchone()[0] == "7/kh/ldld|2021|lien doan lao dong tinh lai chau"
    assert len(search(db, "ten")) == 1 and verify(db) == []
    assert db.execute("select value from meta where key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
