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
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Documents citing the work(s) named by `ref`, nearest first; the first `limit` of them (all when None).

    Each row: `target` (the work cited at depth 1), `doc_id`, `path`, `number`, `doc_type`, `date`,
    `issuer`, `title` (of the citing document), `relation`, `eli_relation`, `text` (the citation as
    written), `citation_id`, `depth` (1 = cites the target itself), `via` (the id of the work it cites at
    depth > 1) and `via_work` (that work's id, number, doc_type and date). A document citing the target
    directly and through another document shows once for each route; citing one work twice, once.
    With `transitive`, documents citing a citing document are followed up to `max_depth`, breadth first
    (each work once, at the depth where it is first reached); `relations` (ELI names) keeps only edges
    of those kinds. When `ref` names several works (a number reused in another year or by another
    body), every one is answered; rows say which in `target`.

    The graph is walked one level at a time with one query per batch of works, and stops as soon as
    `limit` rows are found, so a first page costs the same whether 200 or 50,000 documents cite `ref`;
    `count_cited_by` gives the total."""
    out: list[dict[str, Any]] = []
    for target in find_works(db, ref, year, issuer):
        seen_works = {target["id"]}
        level, depth = [target], 1
        while level and (limit is None or len(out) < limit):
            docs: list[str] = []  # the citing documents of this level, in row order
            for chunk in _batches(level):
                need = None if limit is None else limit - len(out)
                if need == 0:
                    break
                pairs = _citing_pairs(db, [w["id"] for w in chunk], relations, need)
                details = _citation_details(db, [cid for _w, _d, cid in pairs])
                works = {w["id"]: w for w in chunk}
                for wid, doc_id, cid in pairs:
                    work = works[wid]
                    via = None if depth == 1 else {k: work[k] for k in ("id", "number", "doc_type", "date")}
                    out.append(
                        {"target": target, **details[cid], "depth": depth, "via": via["id"] if via else None, "via_work": via}
                    )
                    docs.append(doc_id)
            if not transitive or depth >= max_depth or (limit is not None and len(out) >= limit):
                break
            level = []
            for _doc, works_of_doc in _works_of(db, docs):
                for w in works_of_doc:
                    if w["id"] not in seen_works:
                        seen_works.add(w["id"])
                        level.append(w)
            depth += 1
        if limit is not None and len(out) >= limit:
            break
    return out


def count_cited_by(
    db: sqlite_utils.Database,
    ref: str,
    transitive: bool = False,
    max_depth: int = 5,
    *,
    year: int | None = None,
    issuer: str | None = None,
    relations: Iterable[str] | None = None,
) -> int:
    """How many rows `cited_by` gives without a limit: the same walk, counting (document, work) routes
    level by level without reading the rows. A much cited work's count is read from the counts made
    ahead of time (`cited_counts`) while nothing citing has been written since."""
    from vanban.catalogue.cited_counts import stored_levels, total

    out = 0
    for target in find_works(db, ref, year, issuer):
        levels = stored_levels(db, target["id"]) if not relations else None
        found = total(levels, transitive, max_depth) if levels is not None else None
        if found is None:
            found = sum(walk_levels(db, target["id"], relations, max_depth if transitive else 1))
        out += found
    return out


def walk_levels(db: sqlite_utils.Database, work_id: str, relations: Iterable[str] | None, max_depth: int) -> list[int]:
    """The rows `cited_by` gives at each depth from `work_id`, down to `max_depth` (shorter when the walk
    ends before)."""
    levels: list[int] = []
    seen_works = {work_id}
    level, depth = [work_id], 1
    while level:
        docs: set[str] = set()
        found = 0
        for chunk in _batches(level):
            pairs = _pairs_unordered(db, chunk, relations)
            found += len(pairs)
            docs.update(d for _w, d in pairs)
        levels.append(found)
        if depth >= max_depth:
            break
        level = []
        for chunk in _batches(sorted(docs)):
            cur = db.execute(f"select distinct work_id from document_works where doc_id in ({_marks(chunk)})", chunk)
            for (wid,) in cur.fetchall():
                if wid not in seen_works:
                    seen_works.add(wid)
                    level.append(wid)
        depth += 1
    return levels


_BATCH = 500  # ids per IN (...) list, well under SQLite's limit on parameters
_CITER_COLS = (
    "doc_id",
    "path",
    "number",
    "doc_type",
    "date",
    "issuer",
    "title",
    "relation",
    "eli_relation",
    "text",
    "citation_id",
)


def _batches(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


def _marks(items: list[Any]) -> str:
    return ",".join("?" * len(items))


def _relation_filter(relations: Iterable[str] | None) -> tuple[str, list[str]]:
    keep = sorted(set(relations)) if relations else []
    return (f" and c.eli_relation in ({_marks(keep)})", keep) if keep else ("", [])


# Indexes made for the walk at schema time (store._ensure_schema): the first page is sorted from index
# entries alone. A catalogue made before them is answered the same, only slower.
WALK_INDEXES = {
    "citations": ("citations_work_doc", "citations(work_id, doc_id, eli_relation, seq)"),
    "documents": ("documents_id_date_number", "documents(id, date, number)"),
}


def _indexed_by(db: sqlite_utils.Database, table: str) -> str:
    name = WALK_INDEXES[table][0]
    found = db.execute("select 1 from sqlite_master where type = 'index' and name = ?", [name]).fetchone()
    return f" indexed by {name}" if found else ""


def _citing_pairs(
    db: sqlite_utils.Database, wids: list[str], relations: Iterable[str] | None, need: int | None
) -> list[tuple[str, str, int]]:
    """(work id, citing document id, citation rowid) for the works `wids`, in their order, each work's
    citing documents by date, number and id; one citation per (document, work), the first in the
    document; at most `need` (all when None). Only index entries are sorted here: the rows themselves
    are read for the page alone."""
    rel, rel_params = _relation_filter(relations)
    sql = (
        f"select c.work_id, c.doc_id, c.rowid from json_each(?) j join citations c{_indexed_by(db, 'citations')} "
        f"on c.work_id = j.value join documents d{_indexed_by(db, 'documents')} on d.id = c.doc_id "
        f"where 1{rel} order by j.key, d.date, d.number, c.doc_id, c.seq"
    )
    out: list[tuple[str, str, int]] = []
    seen: set[tuple[str, str]] = set()
    offset, page = 0, None if need is None else need + 8
    while True:
        args: list[Any] = [json.dumps(wids), *rel_params]
        rows = db.execute(sql + (" limit ? offset ?" if page else ""), [*args, page, offset] if page else args).fetchall()
        for wid, doc_id, cid in rows:
            if (doc_id, wid) not in seen:
                seen.add((doc_id, wid))
                out.append((wid, doc_id, cid))
        if need is None or len(out) >= need or len(rows) < (page or 0):
            return out if need is None else out[:need]
        offset += len(rows)


def _pairs_unordered(db: sqlite_utils.Database, wids: list[str], relations: Iterable[str] | None) -> set[tuple[str, str]]:
    rel, rel_params = _relation_filter(relations)
    cur = db.execute(
        f"select c.work_id, c.doc_id from citations c where c.work_id in ({_marks(wids)}){rel}", [*wids, *rel_params]
    )
    return set(cur.fetchall())


def _citation_details(db: sqlite_utils.Database, cids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for chunk in _batches(cids):
        cur = db.execute(
            f"""select c.doc_id, d.path, d.number, d.doc_type, d.date, d.issuer, d.title, c.relation, c.eli_relation, c.text, c.id,
                c.rowid from citations c join documents d on d.id = c.doc_id where c.rowid in ({_marks(chunk)})""",
            chunk,
        )
        for r in cur.fetchall():
            out[r[-1]] = dict(zip(_CITER_COLS, r[:-1], strict=True))
    return out


def _works_of(db: sqlite_utils.Database, doc_ids: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each document of `doc_ids` (in order, once) with the works it belongs to, by year, date and id."""
    found: dict[str, list[dict[str, Any]]] = {}
    cols = ", ".join(f"w.{c}" for c in _WORK_COLS)
    order = list(dict.fromkeys(doc_ids))
    for chunk in _batches(order):
        cur = db.execute(
            f"""select dw.doc_id, {cols} from document_works dw join works w on w.id = dw.work_id
                where dw.doc_id in ({_marks(chunk)}) order by w.year, w.date, w.id""",
            chunk,
        )
        for r in cur.fetchall():
            found.setdefault(r[0], []).append(dict(zip(_WORK_COLS, r[1:], strict=True)))
    return [(d, found.get(d, [])) for d in order]


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
