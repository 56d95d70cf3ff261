"""Core commands: extract, ingest, search, show."""

from __future__ import annotations

import sys

import click

from vanban.cli.common import CONTEXT, cli, db_option, echo_json, fail, json_option
from vanban.errors import UnreadableDocument


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
def extract(file: str, pretty: bool) -> None:
    """Print the record extracted from FILE as one JSON object.

    Example: vanban extract corpus/seeds/001_90e93914de0aefd7.txt --pretty
    """
    from vanban.extract.pipeline import extract_file

    try:
        record = extract_file(file)
    except UnreadableDocument as e:
        fail(file, str(e))
    except RecursionError:
        fail(file, "the document is nested too deeply to read")
    except MemoryError:
        fail(file, "the document is too large to read in memory")
    click.echo(record.model_dump_json(indent=2 if pretty else None))


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary.")
def ingest(paths: tuple[str, ...], db: str, quiet: bool) -> None:
    """Extract files and folders into the catalogue; each file gets a line: stored, unchanged or failed.

    Example: vanban ingest corpus/ --db outputs/catalogue.db
    """
    from collections import Counter

    from vanban.catalogue import ingest_paths, open_db
    from vanban.catalogue.ingest import iter_files

    database = open_db(db)
    files = list(iter_files(paths))
    counts: Counter[str] = Counter()
    show_bar = sys.stderr.isatty() and not quiet
    with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr if show_bar else open("/dev/null", "w")) as bar:
        for res in ingest_paths(database, files):
            counts[res.status] += 1
            bar.update(1)
            if quiet and res.status != "failed":
                continue
            if res.status == "failed":
                click.echo(f"failed     {res.path}: {res.reason}")
            else:
                click.echo(f"{res.status:<10} {res.path}  [{res.doc_type or '?'} {res.number or 'không số'}]")
    click.echo(f"{counts['stored']} stored, {counts['unchanged']} unchanged, {counts['failed']} failed ({len(files)} files)")


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
