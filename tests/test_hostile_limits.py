"""The bounded runner (vanban.extract.limits): whatever a reader does, the caller gets an answer in time."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vanban.errors import NeedsOcr, UnreadableDocument
from vanban.extract.limits import Limits, measure, run_bounded

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="bounded workers need fork")


def _spin() -> None:
    while True:
        pass


def _allocate() -> int:
    chunks = []
    while True:
        chunks.append(bytearray(64 * 2**20))


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _bug() -> None:
    raise KeyError("a bug in a reader")


def _recurse(n: int = 0) -> int:
    return _recurse(n + 1) + 1


def _needs_ocr() -> None:
    raise NeedsOcr("the PDF is a scan; install tesseract")


def _noisy() -> str:
    print("noise on stdout")
    print("noise on stderr", file=sys.stderr)
    os.write(1, b"raw noise on fd 1\n")
    os.write(2, b"raw noise on fd 2\n")
    return "answer"


def _big() -> str:
    return "đ" * 5_000_000


def _child_then_spin(pidfile: str) -> None:
    child = subprocess.Popen(["sleep", "1000"])
    Path(pidfile).write_text(str(child.pid))
    _spin()


def _temp_file_then_spin(namefile: str) -> None:
    import tempfile

    fd, name = tempfile.mkstemp(suffix=".partial")
    os.write(fd, b"half-converted")
    Path(namefile).write_text(name)
    _spin()


def _gone(pid: int) -> bool:
    """True when the process no longer runs (exited, or a zombie nobody reaped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_a_result_comes_back() -> None:
    assert run_bounded(sum, [1, 2, 3]) == 6
    assert run_bounded(_big) == "đ" * 5_000_000


def test_an_endless_loop_is_stopped_at_the_timeout() -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match=r"took longer than 0\.5 seconds"):
        run_bounded(_spin, limits=Limits(timeout=0.5))
    assert time.monotonic() - started < 3


def test_runaway_memory_is_stopped() -> None:
    result, stats = measure(_allocate, limits=Limits(timeout=30, memory_mb=512))
    assert isinstance(result, UnreadableDocument)
    assert "more than 512 MB of memory" in str(result)
    assert stats.ended == "memory" and stats.seconds < 20
    assert stats.peak_rss_mb is not None and stats.peak_rss_mb < 600


def test_a_crash_of_the_reader_is_an_answer() -> None:
    with pytest.raises(UnreadableDocument, match=r"crashed on this file \(SIGSEGV\)"):
        run_bounded(_segfault)


def test_a_bug_is_reported_not_raised() -> None:
    with pytest.raises(UnreadableDocument, match=r"internal error while reading the file \(KeyError: 'a bug in a reader'\)"):
        run_bounded(_bug)


def test_runaway_recursion() -> None:
    with pytest.raises(UnreadableDocument, match="nested too deeply"):
        run_bounded(_recurse)


def test_typed_errors_pass_through() -> None:
    with pytest.raises(NeedsOcr, match="tesseract"):
        run_bounded(_needs_ocr)


def test_the_worker_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    assert run_bounded(_noisy) == "answer"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_programs_started_by_the_worker_are_killed_too(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    with pytest.raises(UnreadableDocument, match="took longer"):
        run_bounded(_child_then_spin, str(pidfile), limits=Limits(timeout=1))
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pid)


def test_temporary_files_of_a_stopped_worker_are_removed(tmp_path: Path) -> None:
    namefile = tmp_path / "name"
    with pytest.raises(UnreadableDocument, match="took longer"):
        run_bounded(_temp_file_then_spin, str(namefile), limits=Limits(timeout=1))
    left = Path(namefile.read_text())
    assert left.name.endswith(".partial") and str(tmp_path) not in str(left)
    assert not left.exists() and not left.parent.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_the_worker_dies_with_its_caller(tmp_path: Path) -> None:
    """kill -9 of the caller (an ingest killed mid-batch) does not leave a worker running."""
    pidfile = tmp_path / "pid"
    script = (
        "import os, sys, time\n"
        "from vanban.extract.limits import Limits, run_bounded\n"
        "def work(p):\n"
        "    open(p, 'w').write(str(os.getpid()))\n"
        "    while True: pass\n"
        f"run_bounded(work, {str(pidfile)!r}, limits=Limits(timeout=600))\n"
    )
    caller = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parent.parent)
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline, "the worker never started"
        time.sleep(0.05)
    worker = int(pidfile.read_text())
    caller.kill()
    caller.wait()
    deadline = time.monotonic() + 5
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(worker)


def test_unisolated_runs_in_process() -> None:
    assert run_bounded(os.getpid, limits=Limits(isolate=False)) == os.getpid()
    assert run_bounded(os.getpid) != os.getpid()


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_TIMEOUT", "7.5")
    monkeypatch.setenv("VANBAN_MAX_MEMORY_MB", "900")
    assert Limits.resolve() == Limits(timeout=7.5, memory_mb=900)
    assert Limits.resolve(timeout=3).timeout == 3
    monkeypatch.setenv("VANBAN_ISOLATE", "0")
    assert Limits.resolve().isolate is False
    monkeypatch.setenv("VANBAN_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="VANBAN_TIMEOUT"):
        Limits.resolve()


@pytest.mark.parametrize("bad", [{"timeout": 0}, {"timeout": -1}, {"memory_mb": 10}, {"file_mb": 0}])
def test_limits_are_validated(bad: dict) -> None:
    with pytest.raises(ValueError):
        Limits(**bad)


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment holds `marker` (zombies excluded)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes() and not _gone(int(proc.name)):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _stopped_while_running(marker: str, doc: Path, timeout: float) -> tuple[bool, bool]:
    """Read `doc` with the time limit `timeout`: (stopped at the limit, LibreOffice had started by then)."""
    import threading

    seen, done = threading.Event(), threading.Event()

    def watch() -> None:
        while not done.is_set() and not seen.is_set():
            if _processes_with(marker):
                seen.set()
            time.sleep(0.02)

    from vanban.extract.pipeline import extract_file

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run_bounded(extract_file, str(doc), limits=Limits(timeout=timeout))
        stopped = False
    except UnreadableDocument as e:
        assert "took longer" in str(e)
        stopped = True
    finally:
        done.set()
        watcher.join()
    return stopped, seen.is_set()


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("soffice"), reason="needs Linux and LibreOffice")
def test_libreoffice_started_by_a_stopped_worker_stops_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker stopped at the time limit while LibreOffice converts a .doc leaves no LibreOffice running.

    The limit must fall after LibreOffice starts and before it finishes, which depends on the machine's load: it
    is moved until a run is stopped with LibreOffice running (later when it was stopped before LibreOffice started,
    earlier when the conversion finished in time)."""
    marker = f"VANBAN_TEST_MARKER_{os.getpid()}_{time.monotonic_ns()}"
    monkeypatch.setenv(marker, "1")
    doc = Path(__file__).parent.parent / "corpus" / "real" / "hpqlvb__QD15UB.DOC"
    timeout, tried = 1.0, []
    for _ in range(8):
        stopped, started = _stopped_while_running(marker, doc, timeout)
        tried.append((round(timeout, 2), stopped, started))
        if stopped and started:
            break
        timeout = timeout * 1.6 if stopped else timeout * 0.6  # stopped too early / finished in time
    else:
        pytest.fail(f"no run was stopped while LibreOffice ran (limit, stopped, started): {tried}")
    deadline = time.monotonic() + 3
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _processes_with(marker)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert left == []
