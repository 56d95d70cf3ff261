"""Long-lived bounded readers (vanban.catalogue.reader_pool): a file that hangs, crashes or bombs its reader in the
middle of a batch fails alone, the files before and after it are stored, and nothing is left behind.

The misbehaviour is real (an endless loop, a segmentation fault, memory allocated until the address-space limit,
a program left running); which file triggers it is chosen by wrapping the extraction in this process before the
readers are forked from it, as the readers inherit the writer's loaded code."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.processes import ingest_processes
from vanban.catalogue import ingest_paths, open_db, reader_pool
from vanban.catalogue.parallel import ingest_parallel
from vanban.extract import pipeline
from vanban.extract.limits import Limits

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="bounded readers need fork")

SEED = Path(__file__).resolve().parent.parent / "corpus" / "seeds" / "001_90e93914de0aefd7.txt"


def _docs(folder: Path, names: list[str]) -> list[Path]:
    """One small distinct plan per name (the opening of a seed with its number changed)."""
    seed = SEED.read_text(encoding="utf-8")[:1500]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, name in enumerate(names):
        p = folder / name
        p.write_text(seed.replace("277 /KH-LĐLĐ", f"{i + 1} /KH-LĐLĐ"), encoding="utf-8")
        out.append(p)
    return out


def _misbehave(log: Path) -> Callable[[str | Path], object]:
    """extract_file, except for files named hang/crash/bomb/child; every call notes its process and temp folder."""
    real = pipeline.extract_file

    def extract_file(path: str | Path) -> object:
        name = Path(path).name
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {tempfile.gettempdir()} {name}\n")
        if "hang" in name:
            while True:
                pass
        if "crash" in name:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "bomb" in name:
            chunks = []
            while True:
                chunks.append(bytearray(64 * 2**20))
        if "child" in name:
            child = subprocess.Popen(["sleep", "1000"])
            (log.parent / "child.pid").write_text(str(child.pid))
            while True:
                pass
        return real(path)

    return extract_file


def _gone(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


NAMES = ["a1.txt", "b-hang.txt", "c2.txt", "d-crash.txt", "e3.txt", "f-bomb.txt", "g4.txt", "h-child.txt", "i5.txt"]


def _run(tmp_path: Path, workers: int) -> dict[str, object]:
    docs = _docs(tmp_path / "in", NAMES)
    db = open_db(tmp_path / "c.db")
    limits = Limits(timeout=3, memory_mb=768)
    if workers == 1:
        results = list(ingest_paths(db, docs, limits))
    else:
        results = list(ingest_parallel(db, docs, limits, workers=workers))
    return {Path(r.path).name: r for r in results}


@pytest.mark.parametrize("workers", [1, 2])
def test_hang_crash_and_bomb_fail_alone_with_long_lived_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    log = tmp_path / "calls.log"
    monkeypatch.setattr(pipeline, "extract_file", _misbehave(log))
    started = time.monotonic()
    got = _run(tmp_path, workers)
    assert time.monotonic() - started < 60
    status = {name: r.status for name, r in got.items()}  # type: ignore[attr-defined]
    bad = {"b-hang.txt", "d-crash.txt", "f-bomb.txt", "h-child.txt"}
    assert status == {n: "failed" if n in bad else "stored" for n in NAMES}
    reasons = {name: r.reason or "" for name, r in got.items()}  # type: ignore[attr-defined]
    assert reasons["b-hang.txt"].startswith("reading the file took longer than 3 seconds and was stopped")
    assert reasons["h-child.txt"].startswith("reading the file took longer than 3 seconds")
    assert reasons["d-crash.txt"] == "the reader crashed on this file (SIGSEGV); the file is probably damaged"
    assert reasons["f-bomb.txt"].startswith("reading the file needed more than 768 MB of memory and was stopped")
    con = sqlite3.connect(tmp_path / "c.db")
    stored = {Path(p).name for (p,) in con.execute("select path from documents")}
    assert stored == set(NAMES) - bad
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # readers were replaced, not restarted per file; the program a late reader started was killed with it
    calls = [line.split() for line in log.read_text().splitlines()]
    assert len({pid for pid, _tmp, _name in calls}) <= 4 + workers
    assert _gone(int((tmp_path / "child.pid").read_text()))
    # every file was read, each reading in a scratch folder of its own, and none is left (a file whose answer was
    # still in the outbox of a reader that crashed on the next one is read again)
    folders = [tmp for _pid, tmp, _name in calls]
    assert {name for _pid, _tmp, name in calls} == set(NAMES)
    assert len(set(folders)) == len(folders) <= len(NAMES) + 2
    assert not [f for f in folders if Path(f).exists()]
    assert not ingest_processes()


def test_a_crash_does_not_cost_the_answer_still_in_the_outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that crashes on a file while the answer of the one before is still queued in its outbox: only the
    file it crashed on fails; the one before is read again by its successor."""
    monkeypatch.setattr(pipeline, "extract_file", _misbehave(tmp_path / "calls.log"))
    send = reader_pool.Outbox._send

    def late(self: reader_pool.Outbox, data: memoryview) -> None:
        time.sleep(0.5)  # the next file is already being read (and crashes) before this answer is written
        send(self, data)

    monkeypatch.setattr(reader_pool.Outbox, "_send", late)
    docs = _docs(tmp_path / "in", ["a1.txt", "d-crash.txt", "e3.txt"])
    got = {Path(r.path).name: r for r in ingest_parallel(open_db(tmp_path / "c.db"), docs, Limits(timeout=60), workers=1)}
    assert {name: r.status for name, r in got.items()} == {"a1.txt": "stored", "d-crash.txt": "failed", "e3.txt": "stored"}
    assert got["d-crash.txt"].reason == "the reader crashed on this file (SIGSEGV); the file is probably damaged"


def test_readers_retire_and_are_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "calls.log"
    monkeypatch.setattr(pipeline, "extract_file", _misbehave(log))
    monkeypatch.setattr(reader_pool, "RECYCLE_FILES", 3)
    names = [f"doc{i:02d}.txt" for i in range(12)]
    docs = _docs(tmp_path / "in", names)
    results = list(ingest_parallel(open_db(tmp_path / "c.db"), docs, workers=2))
    assert sorted(r.status for r in results) == ["stored"] * 12
    pids = [line.split()[0] for line in log.read_text().splitlines()]
    assert len(set(pids)) >= 4  # 12 files, at most 3 per reader
    assert max(pids.count(p) for p in set(pids)) <= 3
    assert not ingest_processes()


def test_a_reader_over_its_memory_threshold_retires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "calls.log"
    monkeypatch.setattr(pipeline, "extract_file", _misbehave(log))
    monkeypatch.setattr(reader_pool, "RECYCLE_RSS_MB", 1)  # every reader is above it after its first file
    docs = _docs(tmp_path / "in", [f"doc{i}.txt" for i in range(4)])
    assert [r.status for r in ingest_paths(open_db(tmp_path / "c.db"), docs)] == ["stored"] * 4
    pids = [line.split()[0] for line in log.read_text().splitlines()]
    assert len(set(pids)) == 4


@pytest.mark.parametrize(
    "exitcode, reason",
    [
        (-signal.SIGSEGV, "the reader crashed on this file (SIGSEGV); the file is probably damaged"),
        (-signal.SIGKILL, "the reader process stopped unexpectedly (killed, perhaps by the system for want of memory)"),
        (-signal.SIGXCPU, "reading the file used more CPU time than allowed"),
        (-signal.SIGXFSZ, "reading the file wrote more than 1024 MB to disk"),
        (1, "the reader process stopped unexpectedly (exit status 1)"),
    ],
)
def test_death_reasons_in_plain_words(exitcode: int, reason: str) -> None:
    assert reader_pool.death_reason(exitcode, Limits()).startswith(reason)


def test_readers_die_with_a_writer_killed_as_it_starts_them(tmp_path: Path) -> None:
    """The writer killed at once after forking its readers (before they could ask to die with it): they stop too."""
    script = (
        "import os, signal\n"
        "from vanban.catalogue.reader_pool import Reader\n"
        "from vanban.extract.limits import Limits\n"
        "readers = [Reader(f'vanban-reader-{i}', None, Limits()) for i in range(4)]\n"
        "print(' '.join(str(r.proc.pid) for r in readers), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    import sys

    pids: list[int] = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60).stdout
        pids += [int(x) for x in out.split()]
    assert len(pids) == 12
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.1)
    assert all(_gone(p) for p in pids)


def test_a_reader_goes_on_while_the_writer_does_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader reads every file it was handed while the writer is busy elsewhere (storing a batch) and reads none
    of its answers; they then arrive complete and in order. Answers of this size (each record holds the text three
    times) fill the pipe's buffer after a few files: a reader that sent them itself stopped there."""
    log = tmp_path / "calls.log"
    monkeypatch.setattr(pipeline, "extract_file", _misbehave(log))
    seed = SEED.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"doc{i:02d}.txt" for i in range(24)]
    for i, name in enumerate(names):
        (folder / name).write_text(seed.replace("277 /KH-LĐLĐ", f"{i + 1} /KH-LĐLĐ"), encoding="utf-8")
    reader = reader_pool.Reader("vanban-reader-test", None, Limits(timeout=120, memory_mb=4096))  # not about memory
    try:
        for i, name in enumerate(names):
            reader.send(i + 1, str(folder / name))
        deadline = time.monotonic() + 90
        read = 0
        while time.monotonic() < deadline and read < len(names):
            time.sleep(0.2)
            read = len(log.read_text().splitlines()) if log.exists() else 0
        assert read == len(names)  # every file read, not one answer taken
        got = []
        for _ in names:
            assert mp.connection.wait([reader.conn], 30)
            got += reader.answers()
        assert [Path(path).name for path, _out in got] == names
        assert [out.record.number for _path, out in got] == [f"{i + 1}/KH-LĐLĐ" for i in range(len(names))]
    finally:
        reader.close()


def test_the_outbox_sends_in_order_and_drops_what_nobody_will_read() -> None:
    ours, theirs = mp.Pipe(duplex=True)
    box = reader_pool.Outbox(ours)
    big = "x" * 100_000
    for i in range(20):  # 2 MB: far more than the pipe holds; put never waits for the other end
        box.put((i, big, False))
    with pytest.raises(Exception):  # noqa: B017  (what pickling raises reaches the caller; nothing is queued)
        box.put((20, lambda: None, False))
    assert [theirs.recv()[0] for _ in range(20)] == list(range(20))
    box.put((21, big, True))
    box.close()  # flushed: the last answer is there
    assert theirs.recv() == (21, big, True)
    box = reader_pool.Outbox(ours)
    for i in range(20):
        box.put((i, big, False))
    started = time.monotonic()
    box.close(flush=False)  # nobody reads: closing does not wait
    assert time.monotonic() - started < 5
    ours.close()
    theirs.close()


def test_the_outbox_thread_takes_little_of_a_readers_limited_address_space() -> None:
    """A reader's address space is limited (`Limits.memory_mb`): its sending thread must not reserve a stack of
    megabytes or a malloc arena of its own (64 MB with glibc), or small limits leave no room to read a file."""
    script = (
        "import time\n"
        "from multiprocessing import Pipe\n"
        "from vanban.catalogue import reader_pool\n"
        "def vm():\n"
        "    line = [x for x in open('/proc/self/status') if x.startswith('VmSize')][0]\n"
        "    return int(line.split()[1])\n"
        "ours, theirs = Pipe()\n"
        "reader_pool._one_malloc_arena()\n"
        "before = vm()\n"
        "box = reader_pool.Outbox(ours)\n"
        "box.put((1, 'x' * 100_000, False))\n"
        "theirs.recv()\n"
        "print(vm() - before)\n"
    )
    import sys

    grown_kb = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert grown_kb < 4 * 1024
