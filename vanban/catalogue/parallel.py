"""Parallel ingest on one machine: files read in N worker processes, the catalogue written by one writer.

    for result in ingest_parallel(db, ["archive/"], workers=4):
        print(result.status, result.path)

The calling thread is the only writer: it hands paths to the workers, receives their records and
stores them in batches, one transaction per batch (`ingest.store_batch`: the records that arrived
within `BATCH_SECONDS`, at most `BATCH` of them), so the catalogue is the one a one-process ingest
of the files in the order they finish would leave. A result is yielded once its batch is committed:
a kill loses at most the batch in hand, none of it reported stored. Each worker checks whether the file
is already stored (its own read-only connection) and otherwise extracts it with the same bounded
extraction as `vanban extract` (`ingest.extract_one`: a process per file, bounded in time and
memory), so a file that hangs or crashes its reader costs one worker one file, never the batch.

Memory stays bounded whatever the corpus: the file list is walked lazily (one folder's names at a
time), and at most `workers * prefetch` files are in flight (handed to a worker, or read and waiting
in the writer's batch), so at most that many records wait for the writer; each worker is handed at
most `LOOKAHEAD` files ahead. Workers are forked with the pipeline already loaded, ignore Ctrl-C (the
writer stops them), and die with the writer if it is killed (Linux).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from vanban.catalogue.ingest import (
    _SKIP_NAMES,
    SUPPORTED,
    IngestResult,
    extract_one,
    extractor_version,
    store_batch,
    unchanged,
)
from vanban.extract.limits import Limits
from vanban.schemas import DocumentRecord

PREFETCH = 20  # files in flight per worker: handed to it, or read and waiting in the writer's batch
LOOKAHEAD = 2  # files handed to a worker ahead of the one it is reading, so it never waits for the writer
BATCH = 32  # records stored in one transaction at most
BATCH_SECONDS = 1.0  # a record waits at most this long for the rest of its batch
BATCH_CHARS = 8_000_000  # ... and a batch holds at most this much text (memory stays bounded on large files)


def default_workers() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---- the file list, streamed ----------------------------------------------------------------------


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files of `ingest.iter_files`, in the same order, without holding the whole list.

    A folder is read one directory at a time (its entries sorted by name, sub-folders entered where
    they sort), which yields the order of `sorted(folder.rglob('*'))`. Hidden entries and
    README/SOURCES files are skipped; symbolic links to folders are not followed; anything else
    with a supported extension (a broken link, a named pipe) is yielded so the batch reports it.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk_dir(p)
        else:
            yield p


def _walk_dir(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        path = Path(e.path)
        try:
            is_dir = e.is_dir()
            real_dir = is_dir and not e.is_symlink()
        except OSError:
            is_dir = real_dir = False
        if real_dir:
            yield from _walk_dir(path)
        elif not is_dir and path.suffix.lower() in SUPPORTED and e.name.lower() not in _SKIP_NAMES:
            yield path


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files `walk` yields (for a progress bar), in constant memory."""
    return sum(1 for _ in walk(paths))


# ---- the writer -------------------------------------------------------------------------------------


def ingest_parallel(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    limits: Limits | None = None,
    workers: int | None = None,
    prefetch: int = PREFETCH,
) -> Iterator[IngestResult]:
    """Ingest every file under `paths` with `workers` processes (default: all cores), yielding one
    result per file as it is stored, in the order files finish. `db` is written by the caller's
    thread only."""
    limits = limits or Limits.resolve()
    n = workers or default_workers()
    if n < 1 or prefetch < 1:
        raise ValueError("workers and prefetch must be at least 1")
    _warm()
    pool = _Pool(n, _db_file(db), limits)
    files = iter(walk(paths))
    batch = _Batch()
    budget = n * prefetch  # files pulled and not yet stored
    depth = min(prefetch, LOOKAHEAD)

    def feed(w: int) -> None:
        pool.feed(w, files, depth, budget - pool.in_flight() - len(batch.items))

    try:
        for w in range(n):
            feed(w)
        while pool.busy() or batch.items:
            if pool.busy():
                for w, path, out in pool.results(batch.wait()):
                    feed(w)  # hand out the next file before writing: the worker goes on meanwhile
                    if isinstance(out, DocumentRecord):
                        batch.add(Path(path), out)
                    elif isinstance(out, IngestResult):
                        yield out
                    else:
                        yield IngestResult(
                            path, "failed", reason=f"internal error: the reader process answered {type(out).__name__}"
                        )
            if batch.full() or (batch.items and (not pool.busy() or pool.in_flight() + len(batch.items) >= budget)):
                yield from batch.store(db)  # due, or the workers would wait for room
                for w in range(n):
                    feed(w)
    finally:
        pool.close()


class _Batch:
    """Records waiting to be stored together: full at `BATCH` records or `BATCH_CHARS` of text, or
    `BATCH_SECONDS` after the first one arrived."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, DocumentRecord]] = []
        self.chars = 0
        self.since = 0.0

    def add(self, path: Path, record: DocumentRecord) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((path, record))
        self.chars += len(record.text)

    def wait(self) -> float | None:
        """How long the writer may wait for workers before this batch is due (None: no batch waiting)."""
        return max(0.0, self.since + BATCH_SECONDS - time.monotonic()) if self.items else None

    def full(self) -> bool:
        return bool(self.items) and (len(self.items) >= BATCH or self.chars >= BATCH_CHARS or self.wait() == 0.0)

    def store(self, db: sqlite_utils.Database) -> list[IngestResult]:
        items, self.items, self.chars = self.items, [], 0
        return store_batch(db, items) if items else []


def _db_file(db: sqlite_utils.Database) -> str | None:
    """The file behind `db` (for the workers' read-only connections), or None for an in-memory one."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def _warm() -> None:
    """Load the pipeline, the rules and every reader here, once, so forked workers start ready."""
    from vanban.extract.limits import warm_reader
    from vanban.extract.readers import reader_for

    extractor_version()
    warm_reader(Path(os.devnull))  # loads the rules and patterns; the path itself is refused quietly
    for fmt in ("txt", "docx", "pdf", "html"):
        with contextlib.suppress(Exception):
            reader_for(fmt)


class _Pool:
    """N worker processes, each with its own pipe and a queue of the files it was handed."""

    def __init__(self, n: int, db_file: str | None, limits: Limits) -> None:
        self.ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.db_file = db_file
        self.limits = limits
        self.seq = 0
        self.procs: list[Any] = [None] * n
        self.conns: list[Connection | None] = [None] * n
        self.pending: list[deque[tuple[int, str]]] = [deque() for _ in range(n)]
        for w in range(n):
            self._start(w)

    def _start(self, w: int) -> None:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(
            target=_serve, args=(child_end, self.db_file, self.limits), daemon=True, name=f"vanban-reader-{w}"
        )
        proc.start()
        child_end.close()
        self.procs[w], self.conns[w] = proc, parent_end

    def in_flight(self) -> int:
        return sum(len(q) for q in self.pending)

    def feed(self, w: int, files: Iterator[Path], depth: int, room: int) -> None:
        """Hand worker `w` files until it has `depth` pending, at most `room` more."""
        conn = self.conns[w]
        while conn is not None and len(self.pending[w]) < depth and room > 0:
            room -= 1
            path = next(files, None)
            if path is None:
                return
            self.seq += 1
            self.pending[w].append((self.seq, str(path)))
            try:
                conn.send((self.seq, str(path)))
            except OSError:  # the worker is gone: results() reports its files and restarts it
                return

    def busy(self) -> bool:
        return any(self.pending)

    def results(self, timeout: float | None = None) -> Iterator[tuple[int, str, Any]]:
        """Wait for at least one worker to answer (at most `timeout` seconds, None: as long as it takes):
        (worker, path, record or IngestResult) per answer."""
        live = {id(c): w for w, c in enumerate(self.conns) if c is not None and self.pending[w]}
        ready = wait([c for c in self.conns if c is not None and id(c) in live], timeout)
        for conn in ready:
            w = live[id(conn)]
            try:
                seq, out = conn.recv()  # type: ignore[union-attr,call-arg]
            except (EOFError, OSError, ValueError):
                yield from self._lost(w)
                continue
            want, path = self.pending[w].popleft()
            if seq != want:  # cannot happen with one pipe per worker; say so rather than misfile a record
                out = IngestResult(path, "failed", reason="internal error: a reader process answered out of turn")
            yield w, path, out

    def _lost(self, w: int) -> Iterator[tuple[int, str, Any]]:
        """A worker died (killed from outside, or out of memory): its files fail, a new worker takes its place."""
        proc, conn = self.procs[w], self.conns[w]
        with contextlib.suppress(Exception):
            conn.close()  # type: ignore[union-attr]
        with contextlib.suppress(Exception):
            proc.join(1)
        code = getattr(proc, "exitcode", None)
        reason = f"the reader process stopped unexpectedly (exit status {code}); run the ingest again to retry this file"
        lost = list(self.pending[w])
        self.pending[w].clear()
        self._start(w)
        for _seq, path in lost:
            yield w, path, IngestResult(path, "failed", reason=reason)

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(Exception):
                conn.send(None)  # type: ignore[union-attr]
        for proc, conn in zip(self.procs, self.conns, strict=True):
            with contextlib.suppress(Exception):
                proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(2)
            with contextlib.suppress(Exception):
                conn.close()  # type: ignore[union-attr]


# ---- inside a worker ----------------------------------------------------------------------------


def _serve(conn: Connection, db_file: str | None, limits: Limits) -> None:
    """Answer (seq, path) requests until told to stop (None) or the writer goes away."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the writer, which stops the workers
    db = _read_only(db_file)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            break
        if msg is None:
            break
        seq, path = msg
        try:
            out: Any = read_one(db, Path(path), limits)
        except Exception as e:  # a bug here must cost one file, not the worker
            out = IngestResult(path, "failed", reason=f"internal error while reading ({e.__class__.__name__}: {e})")
        try:
            conn.send((seq, out))
        except (OSError, ValueError):
            break
        except Exception as e:  # the answer did not pickle
            conn.send((seq, IngestResult(path, "failed", reason=f"the record could not be returned ({e.__class__.__name__})")))


def read_one(db: sqlite_utils.Database | None, path: Path, limits: Limits) -> DocumentRecord | IngestResult:
    """What a worker does with one file: 'unchanged' (or 'failed' when it cannot be read) if the
    catalogue already has these bytes from this extractor version, else the bounded extraction."""
    if db is not None:
        try:
            skip = unchanged(db, path)
        except sqlite3.Error:  # the catalogue is busy or being migrated: extract; the writer decides
            skip = None
        if skip:
            return skip
    return extract_one(path, limits)


def _read_only(db_file: str | None) -> sqlite_utils.Database | None:
    if not db_file:
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(db_file)}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        return sqlite_utils.Database(conn)
    except sqlite3.Error:
        return None


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
