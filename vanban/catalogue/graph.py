"""The directive graph: which documents cite which, as stored in `citations` and `works`.

Edges run one way, from the citing document's work to the cited work, labelled with the ELI relation
(`based_on` for căn cứ, `implements` for thực hiện, `cites` for a mention).

    cited_by(db, "02-NQ/TW", transitive=True)   # who cites it, and who cites those
    references(db, doc_id)                      # what a document cites, resolved
    graph(db, root="02-NQ/TW", fmt="dot")       # the whole graph or the part around a document
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import sqlite_utils

from vanban.catalogue.works import ensure_tables
from vanban.extract.patterns import number_key

RELATION_VI = {"can_cu": "căn cứ", "thuc_hien": "thực hiện", "mention": "đề cập"}
ELI_VI = {"based_on": "căn cứ", "implements": "thực hiện", "cites": "đề cập"}
RESOLUTION_VI = {
    "resolved": "có trong kho",
    "stub": "chưa có trong kho",
    "ambiguous": "chưa rõ: nhiều văn bản cùng số",
    "unnumbered": "không có số",
}

_WORK_COLS = ("id", "number", "doc_type", "issuer", "year", "date", "title", "is_stub")


def find_works(db: sqlite_utils.Database, ref: str, year: int | None = None, issuer: str | None = None) -> list[dict[str, Any]]:
    """Works named by `ref`: a work id, a document id (or a prefix of 8+ characters), or a number typed
    any way ('02-NQ/TW', '02/NQ-TW'); optionally only those of `year` or whose issuer contains `issuer`."""
    ensure_tables(db)
    ref = ref.strip()
    rows = _works(db, "id = ?", [ref])
    if not rows and re.fullmatch(r"[0-9a-f]{8,64}", ref):
        rows = _works(db, "id in (select work_id from document_works where doc_id like ?)", [ref + "%"])
    if not rows:
        rows = _works(db, "number_key = ?", [number_key(ref)])
    if year is not None:
        rows = [w for w in rows if w["year"] == year]
    if issuer:
        rows = [w for w in rows if issuer.casefold() in (w["issuer"] or "").casefold()]
    return rows


def _works(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.execute(f"select {', '.join(_WORK_COLS)} from works where {where} order by year, date, id", params)
    return [dict(zip(_WORK_COLS, r, strict=True)) for r in cur.fetchall()]


def cited_by(
    db: sqlite_utils.Database,
    ref: str,
    transitive: bool = False,
    max_depth: int = 5,
    *,
    year: int | None = None,
    issuer: str | None = None,
    relations: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Documents citing the work(s) named by `ref`, nearest first.

    Each row: `target` (the work cited at depth 1), `doc_id`, `path`, `number`, `doc_type`, `date`,
    `issuer`, `title` (of the citing document), `relation`, `eli_relation`, `text` (the citation as
    written), `depth` (1 = cites the target itself), `via` (the id of the work it cites at depth > 1)
    and `via_work` (that work's id, number, doc_type and date). A document citing the target directly
    and through another document shows once for each route.
    With `transitive`, documents citing a citing document are followed up to `max_depth`; `relations`
    (ELI names) keeps only edges of those kinds. When `ref` names several works (a number reused in
    another year or by another body), every one is answered; rows say which in `target`."""
    keep = set(relations) if relations else None
    out: list[dict[str, Any]] = []
    for target in find_works(db, ref, year, issuer):
        seen: set[tuple[str, str]] = set()  # (citing document, cited work): a document shows once per route
        queue: deque[tuple[dict[str, Any], int]] = deque([(target, 1)])
        seen_works = {target["id"]}
        while queue:
            work, depth = queue.popleft()
            for row in _citers(db, work["id"]):
                if (keep and row["eli_relation"] not in keep) or (row["doc_id"], work["id"]) in seen:
                    continue
                seen.add((row["doc_id"], work["id"]))
                via = None if depth == 1 else {k: work[k] for k in ("id", "number", "doc_type", "date")}
                out.append({"target": target, **row, "depth": depth, "via": via["id"] if via else None, "via_work": via})
                if transitive and depth < max_depth:
                    for w in _works(db, "id in (select work_id from document_works where doc_id = ?)", [row["doc_id"]]):
                        if w["id"] not in seen_works:
                            seen_works.add(w["id"])
                            queue.append((w, depth + 1))
    return out


def _citers(db: sqlite_utils.Database, wid: str) -> list[dict[str, Any]]:
    cols = ("doc_id", "path", "number", "doc_type", "date", "issuer", "title", "relation", "eli_relation", "text", "citation_id")
    cur = db.execute(
        """select c.doc_id, d.path, d.number, d.doc_type, d.date, d.issuer, d.title, c.relation, c.eli_relation, c.text, c.id
           from citations c join documents d on d.id = c.doc_id
           where c.work_id = ? order by d.date, d.number, c.doc_id""",
        [wid],
    )
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def ambiguous_citations(db: sqlite_utils.Database, ref: str) -> list[dict[str, Any]]:
    """Citations of the number `ref` that more than one catalogued work could answer (not attached)."""
    ensure_tables(db)
    cols = ("doc_id", "path", "number", "date", "issuer", "relation", "text", "citation_id")
    cur = db.execute(
        """select c.doc_id, d.path, d.number, d.date, d.issuer, c.relation, c.text, c.id from citations c
           join documents d on d.id = c.doc_id where c.number_key = ? and c.resolution = 'ambiguous' order by d.date""",
        [number_key(ref.strip())],
    )
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def references(db: sqlite_utils.Database, doc_id: str) -> list[dict[str, Any]]:
    """What document `doc_id` cites, in order: each citation with its resolution and, where resolved or
    stubbed, the `work` it points at and that work's catalogued `documents`; an ambiguous citation
    lists its `candidates`."""
    ensure_tables(db)
    cols: tuple[str, ...] = ("id", "seq", "text", "number", "doc_type", "date", "issuer", "title", "relation", "eli_relation")
    cols += ("span_start", "span_end", "work_id", "resolution", "number_key")
    rows = [
        dict(zip(cols, r, strict=True))
        for r in db.execute(f"select {', '.join(cols)} from citations where doc_id = ? order by seq", [doc_id])
    ]
    for r in rows:
        key = r.pop("number_key")
        r["work"] = _works(db, "id = ?", [r["work_id"]])[0] if r["work_id"] else None
        r["documents"] = _work_documents(db, r["work_id"]) if r["work_id"] else []
        r["candidates"] = _works(db, "number_key = ? and is_stub = 0", [key]) if r["resolution"] == "ambiguous" else []
    return rows


def _work_documents(db: sqlite_utils.Database, wid: str) -> list[dict[str, Any]]:
    cur = db.execute(
        "select d.id, d.path from document_works dw join documents d on d.id = dw.doc_id where dw.work_id = ? order by d.path",
        [wid],
    )
    return [{"id": r[0], "path": r[1]} for r in cur.fetchall()]


# ---- the graph as a whole -----------------------------------------------------------------------


def graph_data(db: sqlite_utils.Database, root: str | None = None, max_depth: int = 5) -> dict[str, Any]:
    """Nodes (works) and edges (citing work -> cited work) of the whole graph, or of the part reachable
    from the works named by `root` in either direction within `max_depth` steps."""
    ensure_tables(db)
    edges_all = [
        {"source": r[0], "target": r[1], "relation": r[2], "citations": r[3]}
        for r in db.execute(
            """select dw.work_id, c.work_id, c.eli_relation, count(*) from citations c
               join document_works dw on dw.doc_id = c.doc_id
               where c.work_id is not null and dw.work_id != c.work_id
               group by dw.work_id, c.work_id, c.eli_relation order by dw.work_id, c.work_id, c.eli_relation"""
        )
    ]
    if root is None:
        keep = {e["source"] for e in edges_all} | {e["target"] for e in edges_all}
        keep |= {r[0] for r in db.execute("select id from works where is_stub = 0")}
    else:
        keep = {w["id"] for w in find_works(db, root)}
        frontier = set(keep)
        for _ in range(max_depth):
            nxt = {e["target"] for e in edges_all if e["source"] in frontier} | {
                e["source"] for e in edges_all if e["target"] in frontier
            }
            frontier = nxt - keep
            keep |= nxt
            if not frontier:
                break
    nodes = [w for w in _works(db, "1 = 1", []) if w["id"] in keep]
    for n in nodes:
        n["is_stub"] = bool(n["is_stub"])
        n["documents"] = _work_documents(db, n["id"])
    edges = [e for e in edges_all if e["source"] in keep and e["target"] in keep]
    return {"nodes": nodes, "edges": edges}


def graph(db: sqlite_utils.Database, root: str | None = None, fmt: str = "json", max_depth: int = 5) -> str:
    """The graph (see graph_data) as JSON, Graphviz DOT or GraphML text."""
    data = graph_data(db, root, max_depth)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "dot":
        return to_dot(data)
    if fmt == "graphml":
        return to_graphml(data)
    raise ValueError(f"unknown graph format {fmt!r} (json, dot or graphml)")


def node_label(n: dict[str, Any]) -> str:
    head = " ".join(x for x in (n["doc_type"], n["number"] or "(không số)") if x)
    tail = ", ".join(str(x) for x in (n["issuer"], n["date"] or n["year"]) if x)
    return f"{head}\n{tail}" if tail else head


def to_dot(data: dict[str, Any]) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = ["digraph citations {", "  rankdir=BT;", '  node [shape=box, fontname="Helvetica"];']
    for n in data["nodes"]:
        style = ", style=dashed" if n["is_stub"] else ""
        lines.append(f"  {q(n['id'])} [label={q(node_label(n))}{style}];")
    for e in data["edges"]:
        style = ", style=dotted" if e["relation"] == "cites" else ""
        lines.append(
            f"  {q(e['source'])} -> {q(e['target'])} [label={q(ELI_VI[e['relation']])}, relation={q(e['relation'])}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(data: dict[str, Any]) -> str:
    node_keys = ("number", "doc_type", "issuer", "year", "date", "title", "is_stub")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ]
    types = {"year": "int", "is_stub": "boolean"}
    for k in node_keys:
        out.append(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{types.get(k, "string")}"/>')
    out.append('  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>')
    out.append('  <key id="citations" for="edge" attr.name="citations" attr.type="int"/>')
    out.append('  <graph id="citations" edgedefault="directed">')
    for n in data["nodes"]:
        out.append(f"    <node id={quoteattr(n['id'])}>")
        for k in node_keys:
            v = n[k]
            if v is None:
                continue
            v = str(v).lower() if isinstance(v, bool) else str(v)
            out.append(f'      <data key="{k}">{escape(v)}</data>')
        out.append("    </node>")
    for i, e in enumerate(data["edges"]):
        out.append(f'    <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])}>')
        out.append(f'      <data key="relation">{e["relation"]}</data>')
        out.append(f'      <data key="citations">{e["citations"]}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"
