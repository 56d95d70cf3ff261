"""A readable report of the checks on a plan, in Vietnamese: Markdown or HTML.

For each document: what it is, the catalogued documents it is based on or implements, and its
findings by severity, each with its message and the sentences quoted from both documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

import sqlite_utils

from vanban.catalogue.checks import SEVERITIES, parents, rule_label, stored
from vanban.catalogue.checks.vn import date as vn_date

RELATION_VI = {"based_on": "căn cứ", "implements": "thực hiện"}
HEADINGS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
COUNT_WORDS = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}


@dataclass
class PlanReport:
    doc: dict[str, Any]
    parents: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f["severity"] == s) for s in SEVERITIES}


_DOC_COLS = ("id", "number", "doc_type", "issuer", "date", "title", "path")


def _doc(db: sqlite_utils.Database, doc_id: str) -> dict[str, Any]:
    row = db.execute(f"select {', '.join(_DOC_COLS)} from documents where id = ?", [doc_id]).fetchone()
    return dict(zip(_DOC_COLS, row, strict=True)) if row else {"id": doc_id}


def gather(db: sqlite_utils.Database, doc_id: str) -> PlanReport:
    """The document, its catalogued parents and its stored findings."""
    ps = [{**_doc(db, p.doc_id), "relation": p.relation, "citation": p.citation} for p in parents(db, doc_id)]
    return PlanReport(_doc(db, doc_id), ps, stored(db, doc_id))


def doc_name(d: dict[str, Any]) -> str:
    """'Kế hoạch 277/KH-LĐLĐ — Liên đoàn Lao động tỉnh Lai Châu, 15/10/2021'."""
    head = " ".join(x for x in (d.get("doc_type"), d.get("number") or "(không số)") if x)
    tail = ", ".join(x for x in (d.get("issuer"), vn_date(d.get("date"))) if x)
    return f"{head} — {tail}" if tail else head


def summary(report: PlanReport) -> str:
    c = report.counts()
    return ", ".join(f"{c[s]} {COUNT_WORDS[s]}" for s in SEVERITIES)


def this_label(report: PlanReport) -> str:
    n = report.doc.get("number")
    return f"Văn bản này ({n})" if n else "Văn bản này"


def parent_label(f: dict[str, Any]) -> str:
    return f"Văn bản cấp trên ({f['parent_number']})" if f.get("parent_number") else "Văn bản cấp trên"


# ---- Markdown -------------------------------------------------------------------------------------


def _md_quote(label: str, text: str) -> list[str]:
    return [f"> **{label}:** {' '.join(text.split())}", ">"]


def to_markdown(reports: list[PlanReport]) -> str:
    out = ["# Báo cáo kiểm tra tuân thủ", ""]
    for r in reports:
        out += [f"## {doc_name(r.doc)}", ""]
        if r.doc.get("title"):
            out.append(f"- Trích yếu: {r.doc['title']}")
        if r.doc.get("path"):
            out.append(f"- Tệp: `{r.doc['path']}`")
        for p in r.parents:
            out.append(f"- Văn bản cấp trên trong kho ({RELATION_VI.get(p['relation'], p['relation'])}): {doc_name(p)}")
        if not r.parents:
            out.append("- Không có văn bản cấp trên nào trong kho.")
        out += [f"- Kết quả: {summary(r)}", ""]
        for sev in SEVERITIES:
            items = [f for f in r.findings if f["severity"] == sev]
            out += [f"### {HEADINGS[sev]} ({len(items)})", ""]
            if not items:
                out += ["Không có.", ""]
            for i, f in enumerate(items, start=1):
                out += [f"{i}. **{rule_label(f['rule'])}.** {f['message']}", ""]
                quotes: list[str] = []
                if f.get("quote"):
                    quotes += _md_quote(this_label(r), f["quote"])
                if f.get("parent_quote"):
                    quotes += _md_quote(parent_label(f), f["parent_quote"])
                if quotes:
                    out += ["   " + q if q != ">" else "   >" for q in quotes[:-1]] + [""]
    return "\n".join(out).rstrip() + "\n"


# ---- HTML -----------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}
.sev{display:inline-block;padding:0 .4rem;border-radius:.2rem;font-size:.85em;margin-right:.4rem}
.error{background:#fdd;color:#900}.warning{background:#ffe9b3;color:#704c00}.info{background:#e3efff;color:#124}
blockquote{margin:.3rem 0 .3rem 1rem;padding:.2rem .8rem;border-left:3px solid #bbb;background:#f7f7f7}
blockquote b{display:block;font-size:.85em;color:#555}
li{margin-bottom:1rem}
"""


def _html_quote(label: str, text: str) -> str:
    return f"<blockquote><b>{escape(label)}</b>{escape(' '.join(text.split()))}</blockquote>"


def to_html(reports: list[PlanReport]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        "<title>Báo cáo kiểm tra tuân thủ</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Báo cáo kiểm tra tuân thủ</h1>",
    ]
    for r in reports:
        out.append(f"<h2>{escape(doc_name(r.doc))}</h2><ul>")
        if r.doc.get("title"):
            out.append(f"<li>Trích yếu: {escape(r.doc['title'])}</li>")
        for p in r.parents:
            rel = RELATION_VI.get(p["relation"], p["relation"])
            out.append(f"<li>Văn bản cấp trên trong kho ({escape(rel)}): {escape(doc_name(p))}</li>")
        if not r.parents:
            out.append("<li>Không có văn bản cấp trên nào trong kho.</li>")
        out.append(f"<li>Kết quả: {escape(summary(r))}</li></ul>")
        for sev in SEVERITIES:
            items = [f for f in r.findings if f["severity"] == sev]
            out.append(f"<h3>{HEADINGS[sev]} ({len(items)})</h3>")
            if not items:
                out.append("<p>Không có.</p>")
                continue
            out.append("<ol>")
            for f in items:
                out.append(
                    f'<li><span class="sev {sev}">{HEADINGS[sev]}</span><b>{escape(rule_label(f["rule"]))}.</b> {escape(f["message"])}'
                )
                if f.get("quote"):
                    out.append(_html_quote(this_label(r), f["quote"]))
                if f.get("parent_quote"):
                    out.append(_html_quote(parent_label(f), f["parent_quote"]))
                out.append("</li>")
            out.append("</ol>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(reports: list[PlanReport], fmt: str) -> str:
    """The report as 'md' (Markdown) or 'html'."""
    if fmt == "md":
        return to_markdown(reports)
    if fmt == "html":
        return to_html(reports)
    raise ValueError(f"unknown report format {fmt!r} (md or html)")
