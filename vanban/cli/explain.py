"""`vanban explain FILE`: each extracted value shown in its context (eyecite's dump_citations)."""

from __future__ import annotations

import sys

import click

from vanban.cli.common import CONTEXT, cli, fail
from vanban.errors import UnreadableDocument


def _context(text: str, span: tuple[int, int], width: int, color: bool) -> str:
    a, b = span
    left = text[max(0, a - width) : a].replace("\n", " ⏎ ")
    mid = text[a:b].replace("\n", " ⏎ ")
    right = text[b : b + width].replace("\n", " ⏎ ")
    mark = click.style(mid, bold=True, fg="yellow") if color else f"»{mid}«"
    return f"…{left}{mark}{right}…"


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path())
@click.option("--width", type=int, default=40, show_default=True, help="Characters of context on each side.")
def explain(file: str, width: int) -> None:
    """Show every extracted value of FILE with the text it was read from highlighted.

    Example: vanban explain corpus/seeds/001_90e93914de0aefd7.txt
    """
    from vanban.extract.pipeline import extract_file

    try:
        r = extract_file(file)
    except UnreadableDocument as e:
        fail(file, str(e))
    color = sys.stdout.isatty()
    values = {
        "number": r.number,
        "place_date": f"{r.place or '—'}, {r.date or '—'}",
        "issuer": r.issuer.name if r.issuer else None,
        "title": r.title,
        "signer": " / ".join(x for x in (r.signer.authority, r.signer.position, r.signer.name) if x) if r.signer else None,
        "recipients": f"{len(r.recipients)} nơi nhận" if r.recipients else None,
    }
    click.echo(f"{r.source.path}  ({r.source.format}, {r.doc_type or 'không rõ loại'})")
    for key, value in values.items():
        span = r.field_spans.get(key)
        click.echo(f"\n{key:<12} {value if value else '(không có)'}")
        if span:
            click.echo(f"{'':12} {_context(r.text, span, width, color)}")
    for label, items in (("citation", r.citations), ("target", r.targets)):
        for it in items:
            click.echo(
                f"\n{label:<12} {getattr(it, 'number', None) or getattr(it, 'value', '')}  [{getattr(it, 'relation', '')}]"
            )
            click.echo(f"{'':12} {_context(r.text, it.span, width, color)}")
    if r.warnings:
        click.echo("\nwarnings")
        for w in r.warnings:
            click.echo(f"  - {w}")
