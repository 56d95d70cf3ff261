"""Parallel ingest on one machine: files read in N worker processes, the catalogue written by one writer.

    for result in ingest_parallel(db, ["archive/"], workers=4):
        print(result.status, result.path)

The calling thread is the only writer: it hands paths to the workers, receives their records and
stores them in batches, one transaction per batch (`ingest.store_batch`: the records that arrived
within `BATCH_SECONDS`, at most `BATCH` of them), so the catalogue is the one a one-process ingest
of the files in the order they finish would leave. A result is yielded once its batch is committed:
a kill loses at most the batch in hand, none of it reported stored. Each worker is a long-lived reader
bounded in time and memory (`reader_pool.Reader`: the limits of `vanban.extract.limits` applied once,
files read one after another, each with its own scratch folder): it checks whether the file is already
stored (its own read-only connection) and otherwise extracts it as `vanban extract` would. A file that
runs past the timeout gets its reader and the programs it started killed; a reader that crashes costs
the file it was reading; either way a fresh reader takes its place and the files queued behind it, so
a bad file costs that file, never the batch.

Memory stays bounded whatever the corpus: the file list is walked lazily (one folder's names at a
time), and at most `workers * prefetch` files are in flight (handed to a worker, or read and waiting
in the writer's batch), so at most that many records wait for the writer; each worker is handed at
most `LOOKAHEAD` files ahead; a reader is replaced after `reader_pool.RECYCLE_FILES` files or when its
resident memory passes `reader_pool.RECYCLE_RSS_MB`. Workers are forked with the pipeline already
loaded, ignore Ctrl-C (the writer stops them), and die with the writer if it is killed (Linux).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

import sqlite_utils

from vanban.catalogue.ingest import _SKIP_NAMES, SUPPORTED, IngestResult, store_batch
from vanban.catalogue.reader_pool import Reader, warm
from vanban.catalogue.store import Prepared, db_file
from vanban.catalogue.zygote import Zygote, start_zygote
from vanban.extract.limits import Limits
from vanban.schemas import DocumentRecord

# files handed to a worker ahead of the one it is reading, so it never waits for the writer: more than it reads
# while the writer stores a batch (1-2 s for 256 documents at 10,000, 40-60 files)
LOOKAHEAD = 64
# records stored in one transaction at most: part of a batch's cost is the batch's own, whatever its size (docs/scale.md,
# "Batches of 256", has the measurements behind this size and the lookahead)
BATCH = 256
BATCH_SECONDS = 5.0  # a record waits at most this long for the rest of its batch (2 workers read 256 in about 3-4 s)
BATCH_CHARS = 8_000_000  # ... and a batch holds at most this much text (memory stays bounded on large files)
# files in flight per worker: handed to it, or read and waiting in the writer's batch; with 2 workers, room for a whole
# batch and each worker's files ahead, so the budget never cuts a batch short
PREFETCH = BATCH // 2 + LOOKAHEAD


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
    warm()
    with _heap_frozen():
        yield from _ingest(db, paths, limits, n, prefetch)


def _ingest(
    db: sqlite_utils.Database, paths: Iterable[str | Path], limits: Limits, n: int, prefetch: int
) -> Iterator[IngestResult]:
    pool = _Pool(n, db_file(db), limits)
    files = iter(walk(paths))
    batch = Batch()
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
                    if isinstance(out, DocumentRecord | Prepared):
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


@contextlib.contextmanager
def _heap_frozen() -> Iterator[None]:
    """Leave what the process holds so far (spaCy's models and the rules `warm` loaded: millions of objects) out of
    the garbage collector's full passes while the ingest runs (`gc.freeze`), and put it back after; readers forked
    meanwhile freeze what they inherit too. Each full pass walked all of it: in the writer of a 10,000-document
    ingest, 23 full passes took 3.5-3.9 s, 1.8 s frozen. Garbage made before is collected first, so nothing that
    could be freed is frozen; a heap the caller froze itself is left alone (docs/scale.md: why the collector's
    thresholds stay Python's)."""
    if gc.get_freeze_count():
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class Batch:
    """Records waiting to be stored together: full at `BATCH` records or `BATCH_CHARS` of text, or
    `BATCH_SECONDS` after the first one arrived."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, DocumentRecord | Prepared]] = []
        self.chars = 0
        self.since = 0.0

    def add(self, path: Path, record: DocumentRecord | Prepared) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((path, record))
        self.chars += len(record.record.text if isinstance(record, Prepared) else record.text)

    def wait(self) -> float | None:
        """How long the writer may wait for workers before this batch is due (None: no batch waiting)."""
        return max(0.0, self.since + BATCH_SECONDS - time.monotonic()) if self.items else None

    def full(self) -> bool:
        return bool(self.items) and (len(self.items) >= BATCH or self.chars >= BATCH_CHARS or self.wait() == 0.0)

    def store(self, db: sqlite_utils.Database) -> list[IngestResult]:
        items, self.items, self.chars = self.items, [], 0
        return store_batch(db, items) if items else []


class _Pool:
    """N long-lived bounded readers (`reader_pool.Reader`), each with the files it was handed, in order."""

    def __init__(self, n: int, db_file: str | None, limits: Limits) -> None:
        self.seq = 0
        self.readers: list[Reader] = []
        self.zygote: Zygote | None = start_zygote()
        try:
            for w in range(n):
                self.readers.append(Reader(f"vanban-reader-{w}", db_file, limits, self.zygote))
        except BaseException:
            self.close()
            raise

    def in_flight(self) -> int:
        return sum(len(r.pending) for r in self.readers)

    def feed(self, w: int, files: Iterator[Path], depth: int, room: int) -> None:
        """Hand reader `w` files until it has `depth` pending, at most `room` more."""
        reader = self.readers[w]
        while len(reader.pending) < depth and room > 0:
            room -= 1
            path = next(files, None)
            if path is None:
                return
            self.seq += 1
            reader.send(self.seq, str(path))

    def busy(self) -> bool:
        return any(r.pending for r in self.readers)

    def results(self, timeout: float | None = None) -> Iterator[tuple[int, str, Any]]:
        """Wait for at least one reader to answer, or a file to run out of time (at most `timeout` seconds,
        None: as long as it takes): (reader, path, record or IngestResult) per answer."""
        deadlines = [d for d in (r.deadline() for r in self.readers) if d is not None]
        if deadlines:
            due = max(0.0, min(deadlines) - time.monotonic())
            timeout = due if timeout is None else min(timeout, due)
        live = {id(r.conn): w for w, r in enumerate(self.readers) if r.pending}
        ready = wait([r.conn for r in self.readers if r.pending and r.conn is not None], timeout)
        for conn in ready:
            w = live[id(conn)]
            for path, out in self.readers[w].answers():
                yield w, path, out
        now = time.monotonic()
        for w, r in enumerate(self.readers):
            due_at = r.deadline()
            if due_at is not None and due_at <= now and r.conn not in ready:
                for path, out in r.expire():
                    yield w, path, out

    def close(self) -> None:
        for r in self.readers:  # all asked first, so that they stop together
            with contextlib.suppress(Exception):
                r.conn.send(None)  # type: ignore[union-attr]
        for r in self.readers:
            r.close()
        if self.zygote is not None:
            self.zygote.close()
