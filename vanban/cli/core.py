"""Core commands: extract, ingest, search, show."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from vanban.cli.common import CONTEXT, cli, db_option, echo_json, fail, json_option
from vanban.errors import UnreadableDocument


def one_line(text: str) -> str:
    """A file name or reason on one line: the error contract prints exactly one line."""
    return " ".join(str(text).replace("\r", " ").replace("\n", " ").split()) or "?"


def timeout_option(f: Any) -> Any:
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Seconds allowed to read one file before it is given up [default: 120, or VANBAN_TIMEOUT].",
    )(f)


def use_ocr(mode: str) -> None:
    """Set how scanned PDFs are read in this process and the workers it forks:
    "never" (a scan is an error that says to use --ocr), "auto" (OCR when Tesseract is installed)."""
    from vanban.extract.readers import ocr

    ocr.set_default(mode=mode)


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@click.option("--ocr", is_flag=True, help="OCR a scanned PDF with Tesseract (slow: seconds per page) instead of refusing it.")
@timeout_option
def extract(file: str, pretty: bool, ocr: bool, timeout: float | None) -> None:
    """Print the record extracted from FILE as one JSON object.

    FILE is read in a separate process bounded in time and memory; a file that cannot be read gives
    one line on stderr and exit status 2.

    Example: vanban extract corpus/seeds/001_90e93914de0aefd7.txt --pretty
    """
    from vanban.extract.limits import Limits, extract_bounded

    use_ocr("always" if ocr else "never")
    try:
        record = extract_bounded(file, Limits.resolve(timeout=timeout), warm=False)
    except UnreadableDocument as e:
        fail(one_line(file), one_line(str(e)))
    except ValueError as e:  # bad VANBAN_* settings
        fail(one_line(file), one_line(str(e)))
    click.echo(record.model_dump_json(indent=2 if pretty else None))


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary.")
@timeout_option
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Reader processes reading files at once; one writer stores them [default: all cores].",
)
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Read the files on a Dask cluster, e.g. tcp://scheduler:8786.")
@click.option(
    "--ocr/--no-ocr",
    default=True,
    show_default=True,
    help="OCR scanned PDFs when Tesseract is installed; with --no-ocr a scan is reported as failed.",
)
def ingest(
    paths: tuple[str, ...],
    db: str,
    quiet: bool,
    timeout: float | None,
    workers: int | None,
    dask_address: str | None,
    ocr: bool,
) -> None:
    """Extract files and folders into the catalogue; each file gets a line: stored, unchanged or failed.

    Files are read by reader processes bounded in time and memory (a file that hangs or crashes
    its reader costs that file; the reader is replaced) and each is stored in its own transaction
    (with --workers 2 or more, the files read together, up to 256, in one; a file is reported
    stored only once it is committed); a file that cannot be read is reported and the batch goes
    on. On a large catalogue the search's ranked lists are brought up to date at the end, by as many
    processes as read the files. Running the same batch again stores only what is missing. Files are
    read by --workers processes (all cores unless told), or by the workers of a Dask cluster with
    --dask; the catalogue is written here, by one writer.

    Example: vanban ingest corpus/ --db outputs/catalogue.db --workers 2
    """
    from collections import Counter

    from vanban.catalogue import open_db
    from vanban.extract.limits import Limits

    use_ocr("auto" if ocr else "never")
    try:
        limits = Limits.resolve(timeout=timeout)
    except ValueError as e:
        fail("ingest", one_line(str(e)))
    database = open_db(db)
    counts: Counter[str] = Counter()
    show_bar = sys.stderr.isatty() and not quiet
    results, total = _ingest_results(database, paths, limits, workers, dask_address, show_bar)
    with click.progressbar(length=total, label="Ingesting", file=sys.stderr if show_bar else open(os.devnull, "w")) as bar:
        for res in results:
            counts[res.status] += 1
            bar.update(1)
            if quiet and res.status != "failed":
                continue
            if res.status == "failed":
                click.echo(f"failed     {one_line(res.path)}: {one_line(res.reason or '')}")
            else:
                click.echo(f"{res.status:<10} {one_line(res.path)}  [{res.doc_type or '?'} {res.number or 'không số'}]")
    click.echo(f"{counts['stored']} stored, {counts['unchanged']} unchanged, {counts['failed']} failed ({counts.total()} files)")
    if counts["stored"]:
        _refresh_precomputed(database, quiet, workers)


def _refresh_precomputed(database: Any, quiet: bool, workers: int | None) -> None:
    """Bring the search's ranked lists and the citation totals up to date (each does nothing while current),
    the lists ranked by as many processes as the ingest read with."""
    import sqlite3

    from vanban.catalogue import precomputed
    from vanban.catalogue.parallel import default_workers

    if not quiet and precomputed.needs_rebuild(database):
        click.echo("Đang cập nhật danh sách xếp hạng cho tìm kiếm (có thể mất vài phút với kho lớn)…")
    try:
        done = precomputed.refresh(database, workers=workers or default_workers())
    except sqlite3.Error as e:  # the documents are stored; search and `cites` answer without what was not counted
        click.echo(f"Chưa cập nhật được danh sách xếp hạng ({one_line(str(e))}); tìm kiếm vẫn đúng, chỉ chậm hơn.", err=True)
        return
    lists, pairs = done["lists"], done["phrase_pairs"]
    pairs_made = pairs["rebuilt"] and pairs["pairs"]  # the index of word pairs, from 50,000 documents
    if quiet or not (lists["rebuilt"] and lists["lists"] or pairs_made):
        return
    made = [f"{lists['lists']:,} danh sách xếp hạng"] + ([f"{pairs['pairs']:,} cặp từ"] if pairs_made else [])
    seconds = lists["seconds"] + pairs["seconds"]
    click.echo(f"Đã cập nhật {' và '.join(made)} ({seconds:.0f} giây)".replace(",", "."))


def _ingest_results(
    database: Any, paths: tuple[str, ...], limits: Any, workers: int | None, dask_address: str | None, counted: bool
) -> tuple[Iterator[Any], int]:
    """The results of the chosen ingest (one process, worker processes, or a Dask cluster) and the
    number of files for the progress bar (counted only when it is shown: the file list is streamed)."""
    from vanban.catalogue import ingest_paths
    from vanban.catalogue.ingest import iter_files
    from vanban.catalogue.parallel import count_files, default_workers, ingest_parallel

    if dask_address:
        from vanban.catalogue.distributed import ClusterUnavailable, connect, ingest_dask

        try:
            client = connect(dask_address)
        except (ClusterUnavailable, UnreadableDocument) as e:
            fail("ingest", one_line(str(e)))
        return ingest_dask(database, paths, client, limits, close=True), count_files(paths) if counted else 0
    n = workers or default_workers()
    if n == 1:
        files = list(iter_files(paths))
        return ingest_paths(database, files, limits), len(files)
    return ingest_parallel(database, paths, limits, workers=n), count_files(paths) if counted else 0


@cli.command(context_settings=CONTEXT)
@click.argument("query")
@db_option
@json_option
@click.option("--type", "doc_type", help="Only this type, e.g. 'Kế hoạch'.")
@click.option("--issuer", help="Only issuers whose name contains this.")
@click.option("--year", type=int, help="Only documents issued in this year.")
@click.option("--limit", type=int, default=20, show_default=True)
def search(query: str, db: str, as_json: bool, doc_type: str | None, issuer: str | None, year: int | None, limit: int) -> None:
    """Full-text search, with or without diacritics; a document number is looked up exactly.

    Example: vanban search "doan vien" --type "Kế hoạch"
    """
    from vanban.catalogue import open_db
    from vanban.catalogue import search as run

    rows = run(open_db(db), query, doc_type=doc_type, issuer=issuer, year=year, limit=limit)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("Không tìm thấy văn bản nào.")
    for r in rows:
        click.echo(
            f"{r['id'][:12]}  {r['number'] or '(không số)':<20} {r['doc_type'] or '':<14} {r['date'] or '':<10}  {r['issuer'] or ''}"
        )
        if r["title"]:
            click.echo(f"{'':14}{r['title'][:110]}")


@cli.command(context_settings=CONTEXT)
@click.argument("ref")
@db_option
def show(ref: str, db: str) -> None:
    """Print the stored record of a document, named by number, id (prefix) or path.

    Example: vanban show 277/KH-LĐLĐ
    """
    from vanban.catalogue import find_document, get_record, open_db

    database = open_db(db)
    rows = find_document(database, ref)
    if not rows:
        fail(ref, "no such document in the catalogue")
    for r in rows:
        rec = get_record(database, r["id"])
        if rec:
            data = rec.model_dump(mode="json")
            data.pop("text")
            echo_json({"id": r["id"], **data})
