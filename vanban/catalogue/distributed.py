"""Ingest on a Dask cluster: the workers read the files, this process writes the catalogue once.

    for result in ingest_dask(db, ["archive/"], "tcp://scheduler:8786"):
        print(result.status, result.path)

The client walks the file list lazily, skips files whose bytes are already stored by this extractor
version, and sends each other file's bytes to the cluster (the workers need no shared disk). A
worker writes the bytes to a private temporary folder under the file's own name, extracts them with
the bounded extraction of `vanban extract` (a process per file, bounded in time and memory), and
returns the record with its original path, prepared (`store.prepare_record`: the rows that depend on
the record alone, made on the worker as the readers of `vanban ingest --workers` make them). The
client stores the records in batches as they come back (`ingest.store_batch`: up to `parallel.BATCH`
records in one transaction, a batch stored as soon as no answer is waiting, so a record never waits
on a slow file), so SQLite has one writer and the catalogue is the same as a one-machine ingest
would make; a file is reported stored once its batch is committed. At most `window` files are in
flight, so memory stays bounded on both sides whatever the corpus size.

Every worker must run the same vanban as the client: a worker whose extractor version differs
answers with a 'failed' line that says so, rather than a record the catalogue would mislabel.
Worth it when reading dominates: OCR of scanned archives (seconds to a minute per page).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlite_utils

from vanban.catalogue.ingest import IngestResult, extract_one, extractor_version, unchanged
from vanban.catalogue.parallel import Batch, walk
from vanban.catalogue.store import Prepared, prepare_record
from vanban.errors import MissingTool
from vanban.extract.limits import Limits
from vanban.schemas import DocumentRecord

SCATTER_BYTES = 1 << 20  # larger files go to a worker directly rather than inside the task


class ClusterUnavailable(Exception):
    """The Dask scheduler cannot be reached; the message says where and what to check."""


def connect(address: str, timeout: float | None = None) -> Any:
    """A Dask client connected to the scheduler at `address` (e.g. tcp://scheduler:8786), waiting at most
    `timeout` seconds for it (default: VANBAN_DASK_TIMEOUT, else 20)."""
    if timeout is None:
        try:
            timeout = float(os.environ.get("VANBAN_DASK_TIMEOUT", "20"))
        except ValueError:
            raise ClusterUnavailable("VANBAN_DASK_TIMEOUT must be a number of seconds") from None
    try:
        from distributed import Client
    except ImportError:
        raise MissingTool("Dask is not installed; install it with: pip install 'vanban[dask]'") from None
    try:
        return Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {address} ({e.__class__.__name__}); "
            "check the address and that the scheduler and its workers are running"
        ) from None


def ingest_dask(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    client: Any,
    limits: Limits | None = None,
    window: int | None = None,
    close: bool = False,
) -> Iterator[IngestResult]:
    """Ingest every file under `paths` on the cluster behind `client` (a `distributed.Client`, see
    `connect`), yielding one result per file in the order files finish. `window` bounds the files
    in flight (default: twice the cluster's threads, at least 4); `close` closes the client at the end."""
    try:
        yield from _ingest(db, paths, client, limits, window)
    finally:
        if close:
            client.close()


def _ingest(
    db: sqlite_utils.Database, paths: Iterable[str | Path], client: Any, limits: Limits | None, window: int | None
) -> Iterator[IngestResult]:
    from distributed import as_completed

    from vanban.extract.readers import ocr

    limits = limits or Limits.resolve()
    version = extractor_version()
    ocr_settings = ocr.resolve(None)
    if window is None:
        window = max(4, 2 * sum(client.nthreads().values()))
    queue = as_completed(loop=client.loop)
    paths_of: dict[str, str] = {}
    batch = Batch()
    for path in walk(paths):
        skip = unchanged(db, path)  # also 'failed' for a path that cannot be read at all
        if skip:
            yield skip
            continue
        try:
            data = path.read_bytes()
        except OSError as e:
            yield IngestResult(str(path), "failed", reason=f"cannot read the file ({e.strerror or e.__class__.__name__})")
            continue
        payload: Any = client.scatter(data, hash=False) if len(data) > SCATTER_BYTES else data
        future = client.submit(extract_remote, path.name, payload, str(path), limits, version, ocr_settings, pure=False)
        paths_of[future.key] = str(path)
        queue.add(future)
        while queue.count() >= window:
            yield from _due(db, batch, queue)
            yield from _collect(db, next(queue), paths_of, batch)
    while not queue.is_empty():
        yield from _due(db, batch, queue)
        yield from _collect(db, next(queue), paths_of, batch)
    yield from batch.store(db)


def _due(db: sqlite_utils.Database, batch: Batch, queue: Any) -> list[IngestResult]:
    """The waiting batch stored when it is full or when no answer is ready (the next may take minutes: OCR)."""
    return batch.store(db) if batch.full() or (batch.items and not queue.has_ready()) else []


def _collect(db: sqlite_utils.Database, future: Any, paths_of: dict[str, str], batch: Batch) -> list[IngestResult]:
    """The outcome of one finished file: added to `batch` (a record), or its result (failed, unchanged)."""
    path = paths_of.pop(future.key)
    try:
        out = future.result()
    except Exception as e:  # the worker died on it (KilledWorker), or the cluster went away
        out = IngestResult(path, "failed", reason=f"the Dask cluster could not read it ({e.__class__.__name__}: {e})")
    finally:
        future.release()
    if isinstance(out, DocumentRecord | Prepared):
        batch.add(Path(path), out)
        return batch.store(db) if batch.full() else []
    if isinstance(out, IngestResult):
        return [out]
    return [IngestResult(path, "failed", reason=f"internal error: the Dask worker answered {type(out).__name__}")]


def extract_remote(
    name: str, data: bytes, original: str, limits: Limits, version: str, ocr_settings: Any
) -> Prepared | DocumentRecord | IngestResult:
    """On a Dask worker: the record of one file sent as bytes, with its original path, prepared for the writer
    (the bare record if preparing it fails: the writer then prepares it and reports the failure), or a
    'failed' result."""
    from vanban.extract.readers import ocr

    mine = extractor_version()
    if mine != version:
        return IngestResult(
            original,
            "failed",
            reason=f"the Dask worker runs another vanban (extractor {mine}, here {version}); install the same version everywhere",
        )
    ocr.set_default(**{f: getattr(ocr_settings, f) for f in ocr_settings.__dataclass_fields__})
    with tempfile.TemporaryDirectory(prefix="vanban-") as tmp:
        path = Path(tmp) / (Path(name).name or "document")
        path.write_bytes(data)
        out = extract_one(path, limits)
    if isinstance(out, IngestResult):
        return replace(out, path=original, reason=(out.reason or "").replace(str(path), original) or None)
    record = out.model_copy(update={"source": out.source.model_copy(update={"path": original})})
    try:
        return prepare_record(record)
    except Exception:  # noqa: BLE001
        return record
