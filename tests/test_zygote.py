"""The zygote forks readers that do not carry the writer's heap, reports how they ended, and is replaced by the
writer's own fork once it is gone."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

from vanban.catalogue.reader_pool import Reader
from vanban.catalogue.store import Prepared
from vanban.catalogue.zygote import Child, Zygote
from vanban.extract.limits import Limits

BALLAST_MB = 300


def _plan(folder: Path) -> Path:
    doc = folder / "a.txt"
    doc.write_text("KẾ HOẠCH\nTriển khai công tác năm 2025 của Công đoàn cơ sở.\n", encoding="utf-8")
    return doc


def _report_rss(conn: Connection, _parent: int) -> None:
    with open("/proc/self/statm", "rb") as f:
        conn.send(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
    conn.recv()  # until told to go


def _exit_with(conn: Connection, _parent: int, code: int) -> None:
    conn.recv()
    os._exit(code)


def _rss_of_fork(spawn) -> float:
    ours, theirs = mp.Pipe(duplex=True)
    proc = spawn(theirs)
    theirs.close()
    assert ours.poll(30)
    rss = ours.recv()
    ours.send("go")
    proc.join(10)
    return rss


def test_a_reader_forked_after_the_writer_grew_does_not_carry_its_heap() -> None:
    zygote = Zygote()
    try:
        ballast = b"\x01" * (BALLAST_MB * 2**20)  # what the writer holds by the time a reader is replaced
        from_zygote = _rss_of_fork(lambda conn: zygote.spawn(_report_rss, (), conn))
        ctx = mp.get_context("fork")

        def direct(conn: Connection):
            proc = ctx.Process(target=_report_rss, args=(conn, os.getpid()))
            proc.start()
            return proc

        from_writer = _rss_of_fork(direct)
        del ballast
    finally:
        zygote.close()
    assert from_writer > BALLAST_MB  # forked from the writer, the reader maps all it held
    assert from_writer - from_zygote > 0.8 * BALLAST_MB  # forked from the zygote, what the process held before it


def test_the_zygote_reports_how_its_children_ended() -> None:
    zygote = Zygote()
    try:
        ends = {}
        for code in (0, 3, "killed"):
            ours, theirs = mp.Pipe(duplex=True)
            child = zygote.spawn(_exit_with, (0 if code == "killed" else code,), theirs)
            theirs.close()
            assert isinstance(child, Child) and child.is_alive() and child.exitcode is None
            if code == "killed":
                child.kill()
            else:
                ours.send("go")
            child.join(10)
            ends[code] = child.exitcode
            assert not child.is_alive()
        assert ends == {0: 0, 3: 3, "killed": -signal.SIGKILL}
    finally:
        zygote.close()
    assert not zygote.alive()


def test_a_reader_is_forked_by_the_writer_once_the_zygote_is_gone(tmp_path: Path) -> None:
    zygote = Zygote()
    zygote.proc.kill()
    zygote.proc.join(5)
    doc = _plan(tmp_path)
    reader = Reader("vanban-reader-test", None, Limits(timeout=120, memory_mb=4096), zygote)
    try:
        assert not isinstance(reader.proc, Child)  # the writer's own fork
        out = reader.read(str(doc))
        assert isinstance(out, Prepared) and out.record.doc_type is not None
    finally:
        reader.close()
        zygote.close()


def test_a_reader_forked_by_the_zygote_reads_and_stops(tmp_path: Path) -> None:
    zygote = Zygote()
    doc = _plan(tmp_path)
    reader = Reader("vanban-reader-test", None, Limits(timeout=120, memory_mb=4096), zygote)
    try:
        assert isinstance(reader.proc, Child)
        out = reader.read(str(doc))
        assert isinstance(out, Prepared) and out.record.doc_type is not None
        pid = reader.proc.pid
    finally:
        reader.close()
        zygote.close()
    assert not Path(f"/proc/{pid}").exists()
