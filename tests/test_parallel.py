"""Parallel ingest: the same catalogue as a one-process ingest, bounded memory, a lost worker costs one file."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile.make_hostile import generate
from tests.processes import ingest_processes, reader_pids
from vanban.catalogue import ingest_paths, open_db, parallel
from vanban.catalogue.ingest import iter_files
from vanban.catalogue.parallel import count_files, default_workers, ingest_parallel, walk
from vanban.cli import cli
from vanban.extract.limits import Limits

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def make_docs(folder: Path, n: int, start: int = 0) -> list[Path]:
    """`n` small distinct plans (the opening of a seed with its number changed), one file each."""
    seed = (CORPUS / "seeds" / "001_90e93914de0aefd7.txt").read_text(encoding="utf-8")[:1500]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        p = folder / f"doc{i:04d}.txt"
        p.write_text(seed.replace("277 /KH-LĐLĐ", f"{i + 1} /KH-LĐLĐ"), encoding="utf-8")
        out.append(p)
    return out


def rows(db_path: Path) -> dict[str, tuple]:
    con = sqlite3.connect(db_path)
    got = {
        r[0]: (r[1], r[2], r[3], r[4], json.loads(r[5]))
        for r in con.execute("select id, path, number, doc_type, title, record from documents")
    }
    con.close()
    return got


# ---- the file list ----------------------------------------------------------------------------------


def test_walk_yields_what_iter_files_yields_in_the_same_order(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for rel in ["a/x.txt", "a.txt", "a b/y.docx", "B.pdf", "b/c/z.md", ".hidden/h.txt", "a/.h.txt", "n/README.md", "k.jpg"]:
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text("x")
    (tree / "link").symlink_to(tree / "a", target_is_directory=True)
    (tree / "dangling.txt").symlink_to(tree / "missing.txt")
    os.mkfifo(tree / "pipe.txt")
    hostile = tmp_path / "hostile"
    generate(hostile, only=["directory", "unreadable", "symlink_loop", "broken_symlink", "fifo", "device", "newline_name"])
    for roots in ([tree], [hostile], [CORPUS], [tree / "a.txt", CORPUS / "seeds", tmp_path / "missing"]):
        assert list(walk(roots)) == list(iter_files(roots))
    assert count_files([tree]) == len(list(iter_files([tree])))


def test_walk_is_lazy(tmp_path: Path) -> None:
    make_docs(tmp_path / "d", 3)
    it = walk([tmp_path / "d", Path("/nonexistent/never-reached")])
    assert next(it).name == "doc0000.txt"  # nothing after the first folder was looked at yet


def test_default_workers_is_every_core() -> None:
    assert default_workers() == len(os.sched_getaffinity(0))


# ---- the catalogue it writes -------------------------------------------------------------------------


def test_same_catalogue_as_a_one_process_ingest_then_unchanged(tmp_path: Path) -> None:
    folders = [CORPUS / "seeds", CORPUS / "parents"]
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    one = Counter(r.status for r in ingest_paths(open_db(serial), folders))
    db = open_db(parallel)
    results = list(ingest_parallel(db, folders, workers=2))
    assert Counter(r.status for r in results) == one == Counter(stored=6)
    assert sorted(r.path for r in results) == sorted(str(p) for p in iter_files(folders))
    assert rows(parallel) == rows(serial)
    assert [r.status for r in ingest_parallel(db, folders, workers=2)] == ["unchanged"] * 6
    con = sqlite3.connect(parallel)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("select count(*) from documents_fts where documents_fts match 'doan vien'").fetchone()[0] >= 4


def test_the_loaded_heap_is_frozen_while_the_ingest_runs_and_thawed_after(tmp_path: Path) -> None:
    import gc

    make_docs(tmp_path / "in", 3)
    assert gc.get_freeze_count() == 0
    seen = [gc.get_freeze_count() > 0 for _ in ingest_parallel(open_db(tmp_path / "c.db"), [tmp_path / "in"], workers=1)]
    assert seen == [True] * 3
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a heap the caller froze stays frozen
    try:
        frozen = gc.get_freeze_count()
        list(ingest_parallel(open_db(tmp_path / "d.db"), [tmp_path / "in"], workers=1))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_bad_and_slow_files_fail_and_the_batch_goes_on(tmp_path: Path) -> None:
    docs = []
    for i in range(4):
        docs.append(tmp_path / "in" / f"doc{i}.txt")
        docs[-1].parent.mkdir(exist_ok=True)
        docs[-1].write_text(f"Số: {i + 1}/KH-LĐLĐ\nKẾ HOẠCH\nPhát triển đoàn viên\n", encoding="utf-8")
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    (tmp_path / "in" / "zz-long.txt").write_text(("Điều 1. Dòng chữ rất dài.\n" * 400000), encoding="utf-8")
    db = open_db(tmp_path / "c.db")
    got = {Path(r.path).name: r for r in ingest_parallel(db, [tmp_path / "in"], Limits(timeout=4), workers=2)}
    assert {n: r.status for n, r in got.items()} == {
        **{p.name: "stored" for p in docs},
        "empty.pdf": "failed",
        "zz-long.txt": "failed",
    }
    assert "empty" in (got["empty.pdf"].reason or "")
    assert "took longer than 4 seconds" in (got["zz-long.txt"].reason or "")


def _spy(paths: list[Path], log: list[str]) -> Iterator[Path]:
    for p in paths:
        log.append("pulled")
        yield p


@pytest.mark.parametrize("workers, prefetch", [(1, 1), (2, 2)])
def test_files_in_flight_stay_bounded(tmp_path: Path, workers: int, prefetch: int) -> None:
    """The writer never holds more than workers x prefetch files that it has not stored yet."""
    docs = make_docs(tmp_path / "in", 12)
    log: list[str] = []
    most = 0
    for _r in ingest_parallel(open_db(tmp_path / "c.db"), _spy(docs, log), workers=workers, prefetch=prefetch):
        log.append("stored")
        most = max(most, log.count("pulled") - log.count("stored") + 1)
    assert log.count("stored") == 12
    assert most <= workers * prefetch + 1  # +1: the next file is pulled as soon as one is answered


def test_two_workers_fill_whole_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the default sizes, the files in flight never cut a batch of 2 workers short: a batch is stored when it
    holds `BATCH` records (here the clock never makes one due), the rest when the files run out."""
    monkeypatch.setattr(parallel, "BATCH_SECONDS", 3600.0)
    sizes: list[int] = []
    store = parallel.store_batch

    def spy(db, items):  # type: ignore[no-untyped-def]
        sizes.append(len(items))
        return store(db, items)

    monkeypatch.setattr(parallel, "store_batch", spy)
    make_docs(tmp_path / "in", parallel.BATCH + 20)
    results = list(ingest_parallel(open_db(tmp_path / "c.db"), [tmp_path / "in"], workers=2))
    assert [r.status for r in results] == ["stored"] * (parallel.BATCH + 20)
    assert sizes == [parallel.BATCH, 20]


def test_a_killed_worker_costs_its_files_only(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "in", 10)
    db = open_db(tmp_path / "c.db")
    results = []
    for r in ingest_parallel(db, [tmp_path / "in"], workers=2):
        results.append(r)
        if len(results) == 2:
            os.kill(reader_pids()[0], signal.SIGKILL)
    assert sorted(r.path for r in results) == sorted(map(str, docs))
    failed = [r for r in results if r.status == "failed"]
    assert len(failed) <= 2  # at most the files it had been handed
    assert all("stopped unexpectedly" in (r.reason or "") for r in failed)
    assert Counter(r.status for r in ingest_parallel(db, [tmp_path / "in"], workers=2)) == Counter(
        unchanged=10 - len(failed), stored=len(failed)
    )


def test_no_worker_is_left_behind(tmp_path: Path) -> None:
    make_docs(tmp_path / "in", 3)
    gen = ingest_parallel(open_db(tmp_path / "c.db"), [tmp_path / "in"], workers=2)
    next(gen)
    gen.close()  # the consumer stops early (Ctrl-C, an error in the caller)
    assert not ingest_processes()


# ---- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_command_lines_and_summary(tmp_path: Path, workers: str) -> None:
    src = tmp_path / "in"
    shutil.copytree(CORPUS / "seeds", src)
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    db = str(tmp_path / "c.db")
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", db, "--workers", workers])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[-1] == "5 stored, 0 unchanged, 1 failed (6 files)"
    assert sorted(x.split()[0] for x in lines[:-1]) == ["failed"] + ["stored"] * 5
    assert any(re.fullmatch(r"stored +.+001_90e93914de0aefd7\.txt  \[Kế hoạch 277/KH-LĐLĐ\]", x) for x in lines)
    assert any(re.fullmatch(r"failed +.+broken\.docx: .+", x) for x in lines)
    again = CliRunner().invoke(cli, ["ingest", str(src), "--db", db, "-j", workers, "-q"])
    assert again.stdout.splitlines()[-1] == "0 stored, 5 unchanged, 1 failed (6 files)"


def test_ingest_command_refuses_zero_workers(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["ingest", str(CORPUS / "seeds"), "--db", str(tmp_path / "c.db"), "--workers", "0"])
    assert res.exit_code == 2 and "--workers" in res.output
