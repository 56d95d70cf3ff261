"""Long-lived reader processes for batch ingest, each bounded in time and memory.

    reader = Reader("vanban-reader-0", db_file, limits)
    reader.send(1, "a.docx")
    for path, out in reader.answers():       # when reader.conn is readable
        ...                                  # out: DocumentRecord, or IngestResult ('unchanged', 'failed')
    reader.close()

A reader is one process with the pipeline already loaded, forked by the ingest's zygote (`zygote.py`: a process
forked from the writer when the ingest starts, so that a reader started late does not carry the writer's grown
heap) or, without one, by the writer itself. It applies the
limits of `vanban.extract.limits` once (address space, file size, no core dumps, its own process
group, stdout and stderr silenced, death with the writer), then reads the files it is sent one
after another, each in a scratch folder of its own that is removed after it, with a CPU-time
backstop set again before each file; a thread of its own (`Outbox`) sends the answers, so it never
waits for the writer to read them. The writer keeps the clock: a file that is not answered within
`limits.timeout` gets the reader and its process group (LibreOffice, Tesseract) killed and is
reported failed; a reader that dies (a crash of a C library, the system's out-of-memory killer)
costs the file it was reading; either way a fresh reader takes its place and the files queued
behind are sent to it again. A reader retires on its own after `RECYCLE_FILES` files, after a
MemoryError, or when its resident memory passes `RECYCLE_RSS_MB`, so memory stays bounded whatever
the corpus; the writer starts its successor.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing as mp
import os
import queue
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

import sqlite_utils

from vanban.catalogue.ingest import IngestResult, unchanged
from vanban.catalogue.store import connect_read_only, prepare_record
from vanban.catalogue.zygote import Zygote
from vanban.errors import UnreadableDocument
from vanban.extract.limits import Limits, apply_limits, cpu_backstop, detach, memory_message, signal_reason, timeout_message
from vanban.schemas import DocumentRecord

# files a reader reads before it is replaced (Python's heap only grows). A reader's resident memory levels off at
# about 106 MB after 250 generated documents and stays there to 2,000; a fresh one reads its first hundred
# files about 10% slower (its caches and patterns made again), so it is not replaced more often than this
RECYCLE_FILES = 2000
RECYCLE_RSS_MB = 300  # ... or resident memory after a file above which it is replaced


# in a reader's scratch folder: the sequence number of the file it is reading, written before it starts on it (the
# answers sent before may still be in its outbox when it crashes)
READING = "reading"
SCRATCH_PREFIX = "vanban-reader-"  # + the writer's pid + "-": a folder whose writer is gone is swept
_swept: set[int] = set()


def sweep_orphans(root: str | None = None) -> int:
    """Remove the scratch folders of writers that no longer run (killed with `kill -9`, so they could not
    remove them), once per process; the number removed. A folder of a live process is left alone."""
    if os.getpid() in _swept and root is None:
        return 0
    _swept.add(os.getpid())
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _context() -> Any:
    return mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()


class Reader:
    """One long-lived reader process and the files sent to it, in order; the writer's side."""

    def __init__(self, name: str, db_file: str | None, limits: Limits, zygote: Zygote | None = None) -> None:
        self.name = name
        self.db_file = db_file
        self.limits = limits
        self.zygote = zygote  # forks the reader process when given (and alive); else the writer forks it
        self.pending: deque[tuple[int, str]] = deque()
        self.since = 0.0  # when the reader started on the first pending file
        self.proc: Any = None
        self.conn: Connection | None = None
        self.scratch = ""
        self.retired: list[Any] = []
        self._start()

    def _start(self) -> None:
        ctx = _context()
        sweep_orphans()
        self.scratch = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
        parent_end, child_end = ctx.Pipe(duplex=True)
        args = (self.db_file, self.limits, self.scratch)
        self.proc = self.zygote.spawn(_serve_forked, args, child_end) if self.zygote is not None else None
        if self.proc is None:
            self.proc = ctx.Process(target=_serve, args=(child_end, parent_end, os.getpid(), *args), daemon=True, name=self.name)
            self.proc.start()
        child_end.close()
        self.conn = parent_end
        self.since = time.monotonic()

    def send(self, seq: int, path: str) -> None:
        """Queue a file for this reader."""
        if not self.proc.is_alive():  # died while idle: its successor reads the file
            self._replace()
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append((seq, path))
        with contextlib.suppress(OSError):  # gone since: `answers` reports the death
            self.conn.send((seq, path))  # type: ignore[union-attr]

    def read(self, path: str) -> Any:
        """Send one file and wait for its answer (record or IngestResult): the one-reader ingest."""
        self.send(0, path)
        while True:
            due = self.deadline()
            ready = wait([self.conn], None if due is None else max(0.0, due - time.monotonic()))  # type: ignore[list-item]
            answers = self.answers() if ready else self.expire()
            if answers:
                return answers[0][1]

    def deadline(self) -> float | None:
        """When the file being read is due (None: nothing pending, or no time limit)."""
        if not self.pending or not self.limits.isolate:
            return None
        return self.since + self.limits.timeout

    def answers(self) -> list[tuple[str, Any]]:
        """Call when `conn` is readable: [(path, record or IngestResult)] for the answered file, or for the
        file being read when the reader died (a fresh reader then takes the files queued behind)."""
        try:
            seq, out, retire = self.conn.recv()  # type: ignore[union-attr]
        except (EOFError, OSError, ValueError):
            return self._died()
        want, path = self.pending.popleft()
        self.since = time.monotonic()
        if seq != want:  # cannot happen with one pipe per reader; say so rather than misfile a record
            out = IngestResult(path, "failed", reason="internal error: a reader process answered out of turn")
        if retire:
            self._replace(wait=False)
        return [(path, out)]

    def expire(self) -> list[tuple[str, Any]]:
        """The file being read ran out of time: the reader and its programs are killed, the file fails."""
        _seq, path = self.pending.popleft()
        self._replace(kill=True)
        return [(path, IngestResult(path, "failed", reason=timeout_message(self.limits)))]

    def _died(self) -> list[tuple[str, Any]]:
        self.proc.join(1)
        code = self.proc.exitcode
        head = self._being_read()
        self._replace(kill=True)
        if head is None:
            return []
        return [(head[1], IngestResult(head[1], "failed", reason=death_reason(code, self.limits)))]

    def _being_read(self) -> tuple[int, str] | None:
        """Take out of `pending` the file the dead reader was reading: the one its marker names (`READING`), or the
        first. The files before it were read, but their answers died with the reader's outbox: they are read again."""
        try:
            with open(os.path.join(self.scratch, READING), "rb") as f:
                seq = int(f.read() or b"-1")
        except (OSError, ValueError):
            seq = -1
        for item in self.pending:
            if item[0] == seq:
                self.pending.remove(item)
                return item
        return self.pending.popleft() if self.pending else None

    def _replace(self, kill: bool = False, wait: bool = True) -> None:
        """A fresh reader in place of this one (killed first with `kill`); the pending files are sent to it."""
        self._stop(kill, wait)
        self._start()
        self._resend()

    def _resend(self) -> None:
        self.since = time.monotonic()
        for item in self.pending:
            with contextlib.suppress(OSError):
                self.conn.send(item)  # type: ignore[union-attr]

    def _stop(self, kill: bool, wait: bool = True) -> None:
        proc, conn = self.proc, self.conn
        if kill:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)  # the reader and every program it started
            with contextlib.suppress(Exception):
                proc.kill()
        with contextlib.suppress(Exception):
            conn.close()  # type: ignore[union-attr]
        if wait or kill:
            with contextlib.suppress(Exception):
                proc.join(5)
        else:  # a retiring reader exits by itself: reaped later, the writer does not wait for it
            self.retired.append(proc)
        self.retired = [p for p in self.retired if p.exitcode is None]
        shutil.rmtree(self.scratch, ignore_errors=True)

    def close(self) -> None:
        """Stop the reader (asked, then killed after 2 s) and remove its scratch folder."""
        with contextlib.suppress(Exception):
            self.conn.send(None)  # type: ignore[union-attr]
        for proc in [self.proc, *self.retired]:
            with contextlib.suppress(Exception):
                proc.join(2)
            if proc.is_alive():
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.kill()
                proc.join(2)
        with contextlib.suppress(Exception):
            self.conn.close()  # type: ignore[union-attr]
        shutil.rmtree(self.scratch, ignore_errors=True)


def warm() -> None:
    """Load the pipeline, the rules and every reader here, once, so readers forked from here start ready
    and share those pages instead of each loading its own copy."""
    from vanban.catalogue.ingest import extractor_version
    from vanban.extract.limits import warm_reader
    from vanban.extract.readers import reader_for

    extractor_version()
    warm_reader(Path(os.devnull))  # loads the rules and patterns; the path itself is refused quietly
    with contextlib.suppress(Exception):  # the child writers' `prepare` and what they load, for `_prepared`
        from vanban.extract.limits import _SAMPLE
        from vanban.extract.pipeline import extract_text

        prepare_record(extract_text(_SAMPLE))
    for fmt in ("txt", "docx", "pdf", "html"):
        with contextlib.suppress(Exception):
            reader_for(fmt)


def death_reason(exitcode: int | None, limits: Limits) -> str:
    """Why a reader process died while reading a file, in plain words (`exitcode` as multiprocessing gives it)."""
    if exitcode is not None and exitcode < 0:
        if -exitcode == signal.SIGKILL:
            return (
                "the reader process stopped unexpectedly (killed, perhaps by the system for want of memory); "
                "run the ingest again to retry this file"
            )
        return signal_reason(-exitcode, limits)[0]
    return f"the reader process stopped unexpectedly (exit status {exitcode}); run the ingest again to retry this file"


# ---- inside a reader ----------------------------------------------------------------------------


def _serve_forked(conn: Connection, zygote: int, db_file: str | None, limits: Limits, scratch: str) -> None:
    """`_serve` in a process forked by the zygote (which holds no end of the writer's pipe)."""
    _serve(conn, None, zygote, db_file, limits, scratch)


def _serve(
    conn: Connection, writer_end: Connection | None, parent: int, db_file: str | None, limits: Limits, scratch: str
) -> None:
    """Answer (seq, path) requests with (seq, outcome, retiring) until told to stop (None), the writer goes
    away, or it is time to retire. `parent`: the pid of the process that forked this one (the writer, or the zygote,
    which dies with the writer)."""
    if writer_end is not None:
        writer_end.close()  # the writer's end, inherited: closed, so that the pipe ends when the writer does
    detach(parent)  # own process group, stdout and stderr silenced, death with the parent
    if limits.isolate:
        apply_limits(limits)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the writer, which stops the readers
    gc.freeze()  # the objects inherited from the writer stay shared: the collector never writes to their pages
    db = _read_only(db_file)
    _one_malloc_arena()  # before the outbox's thread: its own arena would take 64 MB of the limited address space
    outbox = Outbox(conn)
    done, flush = 0, True
    marker = _marker(scratch)
    try:
        while not outbox.broken:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                msg = None
            if msg is None:  # told to stop, or the writer is gone: it reads no more answers
                flush = False
                break
            seq, path = msg
            if marker is not None:
                with contextlib.suppress(OSError):
                    os.pwrite(marker, b"%20d" % seq, 0)
            if limits.isolate:
                cpu_backstop(limits)
            out, retire = _read_in_scratch(db, Path(path), limits, scratch)
            done += 1
            retire = retire or done >= RECYCLE_FILES or _rss_mb() > RECYCLE_RSS_MB
            try:
                outbox.put((seq, out, retire))
            except MemoryError:
                outbox.put((seq, IngestResult(path, "failed", reason=memory_message(limits)), True))
                break
            except Exception as e:  # the answer did not pickle
                reason = f"the record could not be returned ({e.__class__.__name__})"
                outbox.put((seq, IngestResult(path, "failed", reason=reason), retire))
            if retire:
                break
    finally:
        outbox.close(flush)
        if marker is not None:
            os.close(marker)


def _marker(scratch: str) -> int | None:
    """The reader's `READING` file, open for writing (None if it cannot be made: the writer then blames the first file)."""
    try:
        return os.open(os.path.join(scratch, READING), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        return None


OUTBOX_STACK = 256 * 1024  # the sending thread's stack: it only writes bytes to a pipe


class Outbox:
    """A reader's answers, pickled as they are made and written to the writer by a thread of their own, in order,
    so the reader goes on to its next file while the writer stores a batch. Sent synchronously, one answer (a
    pickled record of about 46 KB) filled the pipe's buffer: each reader then waited through every batch the
    writer stored, and at 10,000 documents 2 cores were a fifth idle. At most the files the writer handed out
    ahead (`parallel.LOOKAHEAD`) wait here."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.broken = False  # the writer is gone: nothing more can be sent
        self._queue: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = threading.Thread(target=self._send_all, name="vanban-outbox", daemon=True)
        size = threading.stack_size(OUTBOX_STACK)  # set for this thread only: the reader's address space is limited
        try:
            self._thread.start()
        except RuntimeError:  # no thread can be started (memory limits): answers are sent as they are made
            self._thread = None
        finally:
            threading.stack_size(size)

    def put(self, answer: tuple[int, Any, bool]) -> None:
        """Queue one answer; raises what pickling it raises (nothing is queued then)."""
        data = ForkingPickler.dumps(answer)  # what `Connection.send` writes: the writer's `recv` reads it
        if self._thread is None:
            self._send(data)
        else:
            self._queue.put(data)

    def close(self, flush: bool = True) -> None:
        """Send what is queued (`flush`), then stop the thread; without `flush`, what is queued is dropped (the
        writer asked the reader to stop, or is gone, and reads no more answers)."""
        if self._thread is None:
            return
        if not flush:
            self.broken = True
        self._queue.put(None)
        if flush:
            self._thread.join()

    def _send_all(self) -> None:
        while (data := self._queue.get()) is not None:
            self._send(data)

    def _send(self, data: memoryview) -> None:
        if self.broken:
            return
        try:
            self.conn.send_bytes(data)
        except (OSError, ValueError):
            self.broken = True


def _one_malloc_arena() -> None:
    """Make glibc's malloc serve every thread from one arena (`mallopt(M_ARENA_MAX, 1)`): a thread's own arena
    reserves 64 MB of address space, which `Limits.memory_mb` counts. Nothing on another C library."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX


def _read_in_scratch(db: sqlite_utils.Database | None, path: Path, limits: Limits, scratch: str) -> tuple[Any, bool]:
    """(prepared record, record or IngestResult; whether the reader must retire) for one file, read with its own
    temporary folder."""
    folder = _scratch_folder(scratch)
    os.environ["TMPDIR"] = tempfile.tempdir = folder  # for the reader and the programs it runs
    try:
        return _prepared(read_one(db, path)), False
    except UnreadableDocument as e:
        return IngestResult(str(path), "failed", reason=str(e)), False
    except MemoryError:
        return IngestResult(str(path), "failed", reason=memory_message(limits)), True
    except RecursionError:
        return IngestResult(str(path), "failed", reason="the document is nested too deeply to read"), True
    except Exception as e:  # a bug in a reader or extractor: reported with the file, the batch goes on
        reason = f"internal error while reading the file ({e.__class__.__name__}: {str(e)[:300]}); please report it with the file"
        return IngestResult(str(path), "failed", reason=reason), False
    finally:
        try:
            os.rmdir(folder)  # what most files leave: an empty folder
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)


_folders = itertools.count(1)


def _scratch_folder(scratch: str) -> str:
    """A new, empty folder of its own for one file, inside the reader's scratch folder (numbered: names are
    unique within a reader, whose scratch folder is its own)."""
    folder = os.path.join(scratch, str(next(_folders)))
    try:
        os.mkdir(folder, 0o700)
    except OSError:  # taken, or the scratch folder is gone
        os.makedirs(scratch, 0o700, exist_ok=True)
        return tempfile.mkdtemp(dir=scratch)
    return folder


def _prepared(out: Any) -> Any:
    """A record with the rows the writer will store for it (`store.prepare_record`), made here, in parallel
    with the other readers; the bare record if preparing it fails (the writer then prepares it and reports
    the failure with the file, as it would have)."""
    if not isinstance(out, DocumentRecord):
        return out
    try:
        return prepare_record(out)
    except Exception:  # noqa: BLE001
        return out


def read_one(db: sqlite_utils.Database | None, path: Path) -> Any:
    """What a reader does with one file: 'unchanged' (or 'failed' when it cannot be read) if the catalogue
    already has these bytes from this extractor version, else its record. Raises UnreadableDocument."""
    from vanban.extract.pipeline import extract_file
    from vanban.extract.readers import guard

    if db is not None:
        try:
            skip = unchanged(db, path)
        except sqlite3.Error:  # the catalogue is busy or being migrated: extract; the writer decides
            skip = None
        if skip:
            return skip
    guard.check_path(path)
    return extract_file(path)


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _read_only(db_file: str | None) -> sqlite_utils.Database | None:
    if not db_file:
        return None
    try:
        conn = connect_read_only(db_file, check_same_thread=False)
        return sqlite_utils.Database(conn)
    except sqlite3.Error:
        return None
