"""The check command: compliance findings of a plan, inside it and against its parents."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import click

from vanban.cli.common import CONTEXT, cli, db_option, echo_json, fail, json_option

_WIDTH = 100


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent)


def _print_report(report: Any) -> None:
    from vanban.catalogue.checks import SEVERITY_VI, rule_label
    from vanban.report.plan import RELATION_VI, doc_name, parent_label, summary, this_label

    click.echo(doc_name(report.doc))
    for p in report.parents:
        click.echo(f"Văn bản cấp trên: {doc_name(p)} ({RELATION_VI.get(p['relation'], p['relation'])})")
    if not report.parents:
        click.echo("Văn bản cấp trên: không có trong kho")
    click.echo(f"Kết quả: {summary(report)}")
    for f in report.findings:
        click.echo("")
        click.echo(f"[{SEVERITY_VI[f['severity']]}] {rule_label(f['rule'])}")
        click.echo(_wrap(f["message"], "  "))
        if f.get("quote"):
            click.echo(_wrap(f"{this_label(report)}: «{f['quote']}»", "    "))
        if f.get("parent_quote"):
            click.echo(_wrap(f"{parent_label(f)}: «{f['parent_quote']}»", "    "))


def _report_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".html", ".htm"):
        return "html"
    fail(path, "the report must be a .md or .html file")
    raise AssertionError("unreachable")


@cli.command(context_settings=CONTEXT)
@click.argument("ref", required=False)
@click.option("--all", "check_all", is_flag=True, help="Recompute the findings of every catalogued document.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Also write a readable report (.md or .html).")
@db_option
@json_option
def check(ref: str | None, check_all: bool, report_path: str | None, db: str, as_json: bool) -> None:
    """Check a plan (named by number, id or path) inside itself and against the catalogued
    documents it is based on or implements; store and print the findings (lỗi, cảnh báo, thông tin),
    quoting the sentences of both documents. With --all, recompute every document and print a
    summary line for each.

    Example: vanban check 277/KH-LĐLĐ --report outputs/277.html
    """
    from vanban.catalogue import find_document, open_db
    from vanban.catalogue.checks import refresh
    from vanban.report.plan import doc_name, gather, render, summary

    if bool(ref) == check_all:
        fail(ref or "check", "name one document, or give --all")
    fmt = _report_format(report_path) if report_path else None
    database = open_db(db)
    if check_all:
        ids = list(refresh(database))
    else:
        rows = find_document(database, ref or "")
        if not rows:
            fail(ref or "", "no such document in the catalogue")
        ids = [r["id"] for r in rows]
        refresh(database, ids)
    reports = [gather(database, i) for i in ids]
    if report_path and fmt:
        Path(report_path).parent.mkdir(parents=True, exist_ok=True)
        kept = [r for r in reports if r.findings or r.parents] if check_all else reports
        Path(report_path).write_text(render(kept, fmt), encoding="utf-8")
    if as_json:
        echo_json([{"document": r.doc, "parents": r.parents, "findings": r.findings} for r in reports])
        return
    if check_all:
        for r in reports:
            click.echo(f"{r.doc['id'][:12]}  {summary(r):<36} {doc_name(r.doc)}")
        click.echo(f"{len(reports)} văn bản đã được kiểm tra; xem chi tiết: vanban check SỐ_VĂN_BẢN")
        return
    for k, r in enumerate(reports):
        if k:
            click.echo("\n" + "=" * _WIDTH)
        _print_report(r)
