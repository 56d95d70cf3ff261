"""Graph commands: cites, refs, graph."""

from __future__ import annotations

from typing import Any

import click

from vanban.cli.common import CONTEXT, cli, db_option, echo_json, fail, json_option

DEFAULT_CITES_LIMIT = 200


def _date_vi(iso: str | None, year: int | None = None) -> str:
    if iso:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return str(year) if year else ""


def _work_line(w: dict[str, Any]) -> str:
    from vanban.catalogue.graph import RESOLUTION_VI

    parts = [w["doc_type"], w["issuer"], _date_vi(w["date"], w["year"])]
    state = RESOLUTION_VI["stub"] if w["is_stub"] else RESOLUTION_VI["resolved"]
    return f"{w['number'] or '(không số)'} — {', '.join(p for p in parts if p)} ({state})"


@cli.command(context_settings=CONTEXT)
@click.argument("ref")
@click.option("--transitive", is_flag=True, help="Also documents citing the citing documents, and so on.")
@click.option("--max-depth", type=int, default=5, show_default=True, help="How far --transitive goes.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="Show the first N documents, nearest first (default 200; with --json all); 0 for all.",
)
@click.option("--year", type=int, help="Only the cited document of this year (numbers restart).")
@click.option("--issuer", help="Only the cited document whose issuer contains this.")
@click.option(
    "--relation",
    "relations",
    multiple=True,
    type=click.Choice(["based_on", "implements", "cites"]),
    help="Only citations of this kind (căn cứ, thực hiện, đề cập); repeat for several.",
)
@db_option
@json_option
def cites(
    ref: str,
    transitive: bool,
    max_depth: int,
    limit: int | None,
    year: int | None,
    issuer: str | None,
    relations: tuple[str, ...],
    db: str,
    as_json: bool,
) -> None:
    """Documents that cite REF (a number such as 02-NQ/TW, a work id or a document id), with the
    relation (căn cứ, thực hiện, đề cập) and the depth (1 = cites REF itself). A long answer shows its
    first 200 documents and says how many more there are.

    Example: vanban cites 02-NQ/TW --transitive
    """
    from vanban.catalogue import open_db
    from vanban.catalogue.graph import RELATION_VI, ambiguous_citations, cited_by, count_cited_by, find_works

    database = open_db(db)
    if limit is None:
        limit = 0 if as_json else DEFAULT_CITES_LIMIT
    walk: dict[str, Any] = {"year": year, "issuer": issuer, "relations": relations or None}
    rows = cited_by(database, ref, transitive, max_depth, limit=limit or None, **walk)
    unsure = ambiguous_citations(database, ref) if year is None and issuer is None else []
    if as_json:
        echo_json(
            [{**r, "target": r["target"]} for r in rows] + [{**a, "target": None, "resolution": "ambiguous"} for a in unsure]
        )
        return
    works = find_works(database, ref, year, issuer)
    if not works:
        click.echo(f"Không có văn bản nào mang số {ref} trong kho hay được trích dẫn.")
        return
    cited = [w for w in works if any(r["target"]["id"] == w["id"] for r in rows)]
    for w in cited:
        click.echo(_work_line(w))
        click.echo(f"  {'cấp':<4} {'quan hệ':<10} {'số':<20} {'loại':<13} {'ngày':<10}  cơ quan ban hành")
        for r in (r for r in rows if r["target"]["id"] == w["id"]):
            click.echo(
                f"  {r['depth']:<4} {RELATION_VI[r['relation']]:<10} {r['number'] or '(không số)':<20} "
                f"{r['doc_type'] or '':<13} {_date_vi(r['date']):<10}  {r['issuer'] or ''}"
            )
            if r["via_work"]:
                via = r["via_work"]
                click.echo(f"{'':7}qua {via['doc_type'] or ''} {via['number'] or '(không số)'} {_date_vi(via['date'])}".rstrip())
    if limit and len(rows) == limit:
        more = count_cited_by(database, ref, transitive, max_depth, **walk) - limit
        if more > 0:
            click.echo(f"... và {more} văn bản khác (--limit 0 để xem tất cả)")
    others = [w for w in works if w not in cited]
    if not cited:
        click.echo(f"Không có văn bản nào trong kho trích dẫn {ref}.")
    elif others:
        click.echo(f"Cùng số còn có (không văn bản nào trích dẫn): {'; '.join(_work_line(w) for w in others)}")
    if unsure:
        click.echo(f"Trích dẫn chưa rõ văn bản nào (nhiều văn bản cùng số {ref}; dùng --year hoặc --issuer):")
        for a in unsure:
            click.echo(f"  {a['number'] or '(không số)':<20} {_date_vi(a['date']):<10}  {a['text']}")


@cli.command(context_settings=CONTEXT)
@click.argument("doc")
@db_option
@json_option
def refs(doc: str, db: str, as_json: bool) -> None:
    """What DOC (a number, an id or id prefix, or a path) cites, each citation resolved to a catalogued
    document, a document not yet catalogued, or marked ambiguous.

    Example: vanban refs 277/KH-LĐLĐ
    """
    from vanban.catalogue import find_document, open_db
    from vanban.catalogue.graph import RELATION_VI, RESOLUTION_VI, references

    database = open_db(db)
    docs = find_document(database, doc)
    if not docs:
        fail(doc, "no such document in the catalogue")
    if as_json:
        echo_json([{"document": d, "citations": references(database, d["id"])} for d in docs])
        return
    for d in docs:
        parts = [d["doc_type"], d["issuer"], _date_vi(d["date"])]
        click.echo(f"{d['number'] or '(không số)'} — {', '.join(p for p in parts if p)}  [{d['id'][:12]}]")
        cits = references(database, d["id"])
        if not cits:
            click.echo("  Không trích dẫn văn bản nào.")
        for c in cits:
            what = c["number"] or c["title"] or c["text"]
            state = RESOLUTION_VI[c["resolution"]]
            if c["documents"]:
                state += ": " + ", ".join(x["path"] for x in c["documents"])
            elif c["candidates"]:
                state += ": " + "; ".join(_work_line(w) for w in c["candidates"])
            click.echo(
                f"  {RELATION_VI[c['relation']]:<10} {what[:40]:<40} {_date_vi(c['date']):<10}  {c['issuer'] or '':<36} {state}"
            )


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["json", "dot", "graphml"]), default="json", show_default=True)
@click.option("--root", help="Only the part of the graph around this document (number, work id or document id).")
@click.option("--max-depth", type=int, default=5, show_default=True, help="How far from --root to go.")
@db_option
def graph(fmt: str, root: str | None, max_depth: int, db: str) -> None:
    """Print the citation graph: documents as nodes, citations as edges from the citing to the cited
    document, labelled based_on (căn cứ), implements (thực hiện) or cites (đề cập).

    Example: vanban graph --format dot --root 02-NQ/TW | dot -Tsvg > graph.svg
    """
    from vanban.catalogue import open_db
    from vanban.catalogue.graph import find_works
    from vanban.catalogue.graph import graph as render

    database = open_db(db)
    if root and not find_works(database, root):
        fail(root, "no such document in the catalogue or among its citations")
    click.echo(render(database, root, fmt, max_depth), nl=False)
