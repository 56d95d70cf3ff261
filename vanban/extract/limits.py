"""Run one file's extraction in a worker process bounded in time and memory.

Readers feed untrusted bytes to zip, XML and PDF parsers, LibreOffice and Tesseract. The guard
(readers/guard.py) refuses what it can foresee; this module bounds the rest. Each file is read in
a worker forked from the caller (so it starts in milliseconds with the pipeline already imported)
with an address-space limit, a CPU-time backstop, a file-size limit and no core dumps, in its own
process group, with stdout and stderr closed so nothing a library prints reaches the caller's
output, and with its own temporary folder, removed after it whatever happened. The caller waits at most `timeout` seconds, then kills the worker and every program it
started. Whatever happens in the worker (a hang, a bomb, a crash of a C library, a bug), the caller
gets the result or an UnreadableDocument in plain words, never a hang or a traceback.

Where fork is missing (Windows) the function runs in-process, unbounded.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from vanban.errors import UnreadableDocument

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """Bounds on reading one file. `resolve` fills what is not given from the environment."""

    timeout: float = 120.0  # wall-clock seconds per file (OCR of a scan takes tens of seconds)
    memory_mb: int = 3072  # address space of the worker and of the programs it runs
    file_mb: int = 1024  # largest file the worker (and LibreOffice, Tesseract) may write
    isolate: bool = True  # False runs in this process, unbounded (for debugging)

    def __post_init__(self) -> None:
        if not (self.timeout > 0 and self.memory_mb >= 256 and self.file_mb > 0):
            raise ValueError("limits: the timeout must be positive, memory at least 256 MB, the file size positive")

    @classmethod
    def resolve(cls, timeout: float | None = None, memory_mb: int | None = None) -> Limits:
        """Arguments first, then VANBAN_TIMEOUT, VANBAN_MAX_MEMORY_MB and VANBAN_ISOLATE=0, then the defaults."""
        env = os.environ
        try:
            t = timeout if timeout is not None else float(env.get("VANBAN_TIMEOUT", cls.timeout))
            m = memory_mb if memory_mb is not None else int(env.get("VANBAN_MAX_MEMORY_MB", cls.memory_mb))
        except ValueError:
            raise ValueError("VANBAN_TIMEOUT must be a number of seconds and VANBAN_MAX_MEMORY_MB a whole number") from None
        return cls(timeout=t, memory_mb=m, isolate=env.get("VANBAN_ISOLATE", "1") != "0")


@dataclass(frozen=True)
class RunStats:
    """What one bounded run cost: wall seconds, the worker's peak resident memory, how it ended."""

    seconds: float
    peak_rss_mb: float | None  # None when the run was not isolated
    ended: str  # "ok", "refused" (UnreadableDocument), "timeout", "memory", "crash", "error"


def run_bounded(fn: Callable[..., T], *args: Any, limits: Limits | None = None) -> T:
    """`fn(*args)` in a bounded worker process: its result, or UnreadableDocument for whatever went wrong.

    `fn`'s result must pickle. UnreadableDocument raised by `fn` (and its subclasses) reaches the
    caller unchanged; any other failure becomes an UnreadableDocument that says what happened.
    """
    result, _stats = measure(fn, *args, limits=limits)
    if isinstance(result, UnreadableDocument):
        raise result
    return result


def measure(fn: Callable[..., T], *args: Any, limits: Limits | None = None) -> tuple[T | UnreadableDocument, RunStats]:
    """Like `run_bounded`, but returns (result or the UnreadableDocument, what the run cost)."""
    limits = limits or Limits.resolve()
    started = time.monotonic()
    if not limits.isolate or not hasattr(os, "fork"):
        try:
            out: Any = fn(*args)
            ended = "ok"
        except UnreadableDocument as e:
            out, ended = e, "refused"
        return out, RunStats(time.monotonic() - started, None, ended)
    scratch = tempfile.mkdtemp(prefix="vanban-worker-")  # the worker's temporary files, removed whatever happens
    read_end, write_end = os.pipe()
    caller = os.getpid()
    try:
        pid = os.fork()
    except OSError as e:
        os.close(read_end)
        os.close(write_end)
        shutil.rmtree(scratch, ignore_errors=True)
        err = UnreadableDocument(f"cannot start a reader process ({e.strerror or e}); the machine may be out of memory")
        return err, RunStats(time.monotonic() - started, None, "error")
    if pid == 0:  # the worker: never returns
        os.close(read_end)
        _worker(write_end, fn, args, limits, scratch, caller)
    os.close(write_end)
    try:
        payload, timed_out = _collect(read_end, started + limits.timeout)
    finally:  # also on Ctrl-C: never leave a worker or its files behind
        status, peak = _reap(pid)
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.monotonic() - started
    if payload is not None:
        kind, value = payload
        out, ended = _outcome(kind, value, limits)
        return out, RunStats(seconds, peak, ended)
    if timed_out:
        return UnreadableDocument(timeout_message(limits)), RunStats(seconds, peak, "timeout")
    reason, ended = _death_reason(status, limits)
    return UnreadableDocument(reason), RunStats(seconds, peak, ended)


def _collect(fd: int, deadline: float) -> tuple[tuple[str, Any] | None, bool]:
    """Read the worker's pickled answer until EOF or the deadline: (answer or None, timed out)."""
    chunks: list[bytes] = []
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            try:
                ready, _, _ = select.select([fd], [], [], remaining)
            except InterruptedError:
                continue
            if not ready:
                timed_out = True
                break
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    if timed_out or not chunks:
        return None, timed_out
    try:
        return pickle.loads(b"".join(chunks)), False
    except Exception:  # the worker died half-way through writing
        return None, False


def _reap(pid: int) -> tuple[int, float | None]:
    """Kill the worker's process group (the worker and any program it started) and wait for it."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    while True:
        try:
            _pid, status, usage = os.wait4(pid, 0)
            return status, usage.ru_maxrss / (1024 if sys.platform.startswith("linux") else 1024 * 1024)
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0, None


def _outcome(kind: str, value: Any, limits: Limits) -> tuple[Any, str]:
    if kind == "ok":
        return value, "ok"
    if kind == "unreadable":
        return value, "refused"
    if kind == "memory":
        return UnreadableDocument(memory_message(limits)), "memory"
    if kind == "recursion":
        return UnreadableDocument("the document is nested too deeply to read"), "refused"
    return UnreadableDocument(f"internal error while reading the file ({value}); please report it with the file"), "error"


def timeout_message(limits: Limits) -> str:
    return (
        f"reading the file took longer than {limits.timeout:g} seconds and was stopped "
        "(if the file is genuine, allow more time with --timeout or VANBAN_TIMEOUT)"
    )


def memory_message(limits: Limits) -> str:
    return (
        f"reading the file needed more than {limits.memory_mb} MB of memory and was stopped "
        "(if the file is genuine, allow more with VANBAN_MAX_MEMORY_MB)"
    )


def _death_reason(status: int, limits: Limits) -> tuple[str, str]:
    if os.WIFSIGNALED(status):
        return signal_reason(os.WTERMSIG(status), limits)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    return f"the reader stopped without an answer (exit status {code}); the file is probably damaged", "crash"


def signal_reason(sig: int, limits: Limits) -> tuple[str, str]:
    """(reason in plain words, how the run ended) for a reader killed by signal `sig`."""
    if sig == signal.SIGXCPU:
        return (
            f"reading the file used more CPU time than allowed ({limits.timeout:g} s of wall time) and was stopped",
            "timeout",
        )
    if sig == signal.SIGXFSZ:
        return f"reading the file wrote more than {limits.file_mb} MB to disk and was stopped", "memory"
    if sig == signal.SIGKILL:
        return memory_message(limits) + " (killed by the system)", "memory"
    try:
        name = signal.Signals(sig).name
    except ValueError:
        name = f"signal {sig}"
    return f"the reader crashed on this file ({name}); the file is probably damaged", "crash"


# ---- inside the worker -------------------------------------------------------------------------


def _worker(fd: int, fn: Callable[..., Any], args: tuple[Any, ...], limits: Limits, scratch: str, caller: int) -> None:
    """Run `fn` under the limits and write the pickled outcome to `fd`. Ends the process."""
    code = 0
    try:
        detach(caller)
        _apply_limits(limits)
        os.environ["TMPDIR"] = tempfile.tempdir = scratch  # for the worker and the programs it runs
        try:
            outcome: tuple[str, Any] = ("ok", fn(*args))
        except UnreadableDocument as e:
            outcome = ("unreadable", e)
        except MemoryError:
            outcome = ("memory", None)
        except RecursionError:
            outcome = ("recursion", None)
        except BaseException as e:  # a bug in a reader or extractor: report it, do not crash the caller
            outcome = ("error", f"{e.__class__.__name__}: {str(e)[:300]}")
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("memory", None))
        except Exception as e:  # the result did not pickle: send what can be sent, with the reason
            if outcome[0] == "unreadable":
                data = pickle.dumps(("unreadable", UnreadableDocument(str(outcome[1]))))
            else:
                data = pickle.dumps(("error", f"the result could not be returned ({e.__class__.__name__}: {str(e)[:200]})"))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def detach(parent: int | None = None) -> None:
    """Own process group, silent stdout and stderr, and death with the parent (Linux). `parent`: the caller's
    pid, taken before the fork (read here, it would already be init's if the caller died in between)."""
    parent = os.getppid() if parent is None else parent
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(devnull, target)
        os.close(devnull)
    with contextlib.suppress(OSError):  # the caller's Python-level streams may not be fds 1 and 2
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    import faulthandler

    faulthandler.disable()  # a crash is reported by the caller, not dumped on its terminal
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _apply_limits(limits: Limits) -> None:
    import resource

    apply_limits(limits)
    cpu = int(limits.timeout * (os.cpu_count() or 1)) + 10  # a backstop: the caller's clock is the real bound
    _cap(resource.RLIMIT_CPU, cpu, cpu + 5)


def apply_limits(limits: Limits) -> None:
    """The address-space, file-size and no-core-dump limits, on this process and the programs it starts."""
    import resource

    _cap(resource.RLIMIT_AS, limits.memory_mb * 2**20)
    _cap(resource.RLIMIT_FSIZE, limits.file_mb * 2**20)
    _cap(resource.RLIMIT_CORE, 0)


def cpu_backstop(limits: Limits) -> None:
    """Allow this process (a long-lived reader, before each file) the CPU time of one file from now:
    a backstop, SIGXCPU when passed; the caller's clock is the real bound."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    allowed = int(usage.ru_utime + usage.ru_stime + limits.timeout * (os.cpu_count() or 1)) + 10
    with contextlib.suppress(ValueError, OSError):
        _old_soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or allowed < hard:
            resource.setrlimit(resource.RLIMIT_CPU, (allowed, hard))


def _cap(kind: int, soft: int, hard: int | None = None) -> None:
    import resource

    hard = soft if hard is None else hard
    with contextlib.suppress(ValueError, OSError):
        _old_soft, old_hard = resource.getrlimit(kind)
        if old_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, old_hard), min(hard, old_hard)
        resource.setrlimit(kind, (soft, hard))


# ---- extraction --------------------------------------------------------------------------------


def extract_bounded(path: str | Path, limits: Limits | None = None, *, warm: bool = True) -> Any:
    """`extract_file(path)` in a bounded worker: the DocumentRecord, or UnreadableDocument.

    A path that is not a regular, non-empty file is answered here without starting a worker. With
    `warm` (for batches) the rules and the reader are loaded here once, so each worker starts ready;
    for a single file that saves nothing and is skipped.
    """
    from vanban.extract.readers import guard

    guard.check_path(Path(path))
    if warm:
        warm_reader(Path(path))
    return run_bounded(_extract, str(path), limits=limits)


def _extract(path: str) -> Any:
    from vanban.extract import regex_cache
    from vanban.extract.pipeline import extract_file

    record = extract_file(path)
    regex_cache.keep()  # the patterns this process compiled, kept for the next one (once a process)
    return record


_SAMPLE = """LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU
Số: 277/KH-LĐLĐ
Lai Châu, ngày 15 tháng 10 năm 2021
KẾ HOẠCH
Phát triển đoàn viên
Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021; phấn đấu kết nạp 540 đoàn viên, đạt 85% trở lên.
Nơi nhận:
- Như trên;
TM. BAN THƯỜNG VỤ
CHỦ TỊCH
Nguyễn Văn A"""


@cache
def _warm_pipeline() -> None:
    """Extract a small sample here, once, so that rule files and compiled patterns are loaded before forking,
    and spaCy's pipeline too (extraction loads it only for a text that may name an actor, which most
    documents of a batch hold: loaded here, the forked workers share it instead of each loading it)."""
    from vanban.extract.pipeline import extract_text
    from vanban.extract.responsibilities import spacy_installed

    with contextlib.suppress(Exception):
        extract_text(_SAMPLE)
    from vanban.extract import regex_cache

    regex_cache.keep()  # what the sample compiled, for the next process (the workers forked from here have it)
    if spacy_installed():
        with contextlib.suppress(Exception):
            from vanban.extract.spacy_rules import pipeline

            pipeline()


def warm_reader(path: Path) -> None:
    """Load here, once, what workers would otherwise each load: the rules and the reader `path` needs."""
    from vanban.extract.readers import detect_format, guard, reader_for

    _warm_pipeline()
    with contextlib.suppress(Exception):
        if guard.check_path(path):
            with open(path, "rb") as f:
                head = f.read(4096)
            reader_for(detect_format(path, head))
