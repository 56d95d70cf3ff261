"""What the web pages read from the catalogue. Each function takes a sqlite3 connection (Datasette's
read connection) and returns plain dicts, so the pages, the JSON and the CSV show the same rows.

Citations, the citation graph and compliance findings come from other parts of the catalogue that
may not exist yet in a given database; their sections are then empty, never an error.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from vanban.catalogue.search import search
from vanban.extract.patterns import number_key
from vanban.schemas import DocumentRecord

LIST_COLUMNS = ["id", "number", "doc_type", "date", "issuer", "title", "place", "n_warnings"]
SEARCH_LIMIT = 500  # candidates taken from full-text search before facets and filters
EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class Filters:
    q: str = ""
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    cites: str | None = None

    def active(self) -> dict[str, str]:
        out = {"type": self.doc_type, "issuer": self.issuer, "year": str(self.year) if self.year else None, "cites": self.cites}
        return {k: v for k, v in out.items() if v}


@dataclass
class Listing:
    rows: list[dict[str, Any]]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where type in ('table', 'view') and name = ?", [name]).fetchone() is not None


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"pragma table_info([{table}])").fetchall()]


def _has_citations(conn: sqlite3.Connection) -> bool:
    return table_exists(conn, "citations") and {"doc_id", "number", "number_key"} <= set(columns_of(conn, "citations"))


def _where(conn: sqlite3.Connection, f: Filters, skip: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.doc_type and skip != "type":
        clauses.append("d.doc_type = ?")
        params.append(f.doc_type)
    if f.issuer and skip != "issuer":
        clauses.append("d.issuer = ?")
        params.append(f.issuer)
    if f.year and skip != "year":
        clauses.append("d.year = ?")
        params.append(f.year)
    if f.cites and skip != "cites":
        if _has_citations(conn):
            clauses.append("d.id in (select doc_id from citations where number_key = ?)")
            params.append(number_key(f.cites))
        else:
            clauses.append("0")
    return (" where " + " and ".join(clauses)) if clauses else "", params


def list_documents(conn: sqlite3.Connection, f: Filters, offset: int = 0, limit: int = 50) -> Listing:
    """Documents matching the search and filters (best match first, else newest first), with facets."""
    source, source_params, order = "documents d", [], "d.date is null, d.date desc, d.number"
    if f.q.strip():
        hits = search(sqlite_utils.Database(conn), f.q, limit=SEARCH_LIMIT)
        source = "documents d join json_each(?) j on j.value = d.id"
        source_params = [json.dumps([h["id"] for h in hits])]
        order = "j.key"
    where, params = _where(conn, f)
    cols = ", ".join(f"d.{c}" for c in LIST_COLUMNS)
    total = conn.execute(f"select count(*) from {source}{where}", [*source_params, *params]).fetchone()[0]
    cur = conn.execute(
        f"select {cols} from {source}{where} order by {order} limit ? offset ?", [*source_params, *params, limit, offset]
    )
    rows = [dict(zip(LIST_COLUMNS, r, strict=True)) for r in cur.fetchall()]
    facets = {}
    for name, expr in (("type", "d.doc_type"), ("issuer", "d.issuer"), ("year", "d.year")):
        w, p = _where(conn, f, skip=name)
        sql = f"select {expr}, count(*) from {source}{w}{' and' if w else ' where'} {expr} is not null group by {expr}"
        order_by = f" order by {expr} desc" if name == "year" else " order by count(*) desc, 1"
        facets[name] = [(str(v), n) for v, n in conn.execute(sql + order_by + " limit 30", [*source_params, *p]).fetchall()]
    if _has_citations(conn):
        w, p = _where(conn, f, skip="cites")
        sql = (
            f"select min(c.number), count(distinct c.doc_id) from citations c where c.number_key is not null "
            f"and c.doc_id in (select d.id from {source}{w}) group by c.number_key order by 2 desc, 1 limit 15"
        )
        facets["cites"] = [(v, n) for v, n in conn.execute(sql, [*source_params, *p]).fetchall()]
    return Listing(rows, total, facets)


def find_id(conn: sqlite3.Connection, ref: str) -> str | None:
    """The full id of the document named by an id or an id prefix of 8+ characters."""
    rows = conn.execute("select id from documents where id like ? limit 2", [ref.lower() + "%"]).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def get_document(conn: sqlite3.Connection, doc_id: str) -> tuple[dict[str, Any], DocumentRecord] | None:
    cur = conn.execute("select * from documents where id = ?", [doc_id])
    row = cur.fetchone()
    if row is None:
        return None
    data = dict(zip([d[0] for d in cur.description], row, strict=True))
    return data, DocumentRecord.model_validate(json.loads(data["record"]))


def documents_by_number(conn: sqlite3.Connection, number: str) -> list[dict[str, Any]]:
    cols = ", ".join(LIST_COLUMNS)
    cur = conn.execute(f"select {cols} from documents where number_key = ? order by date", [number_key(number)])
    return [dict(zip(LIST_COLUMNS, r, strict=True)) for r in cur.fetchall()]


def _references(conn: sqlite3.Connection, doc_id: str) -> dict[int, dict[str, Any]]:
    """The catalogue's resolution of each citation of `doc_id` (by seq); empty without a citation graph."""
    graph = _graph_module()
    if graph is None or not hasattr(graph, "references") or not table_exists(conn, "citations"):
        return {}
    try:
        return {int(r["seq"]): r for r in graph.references(sqlite_utils.Database(conn), doc_id)}
    except (sqlite3.OperationalError, LookupError, ValueError, TypeError):
        return {}


def citation_rows(conn: sqlite3.Connection, doc_id: str, record: DocumentRecord) -> list[dict[str, Any]]:
    """The record's citations, each with the catalogued document it names: as the catalogue resolved it
    (resolved, stub, ambiguous, unnumbered), or, without a citation graph, when exactly one document
    has that number (and date)."""
    resolved = _references(conn, doc_id)
    out = []
    for i, c in enumerate(record.citations):
        row: dict[str, Any] = {"seq": i, **c.model_dump(mode="json"), "target_id": None, "candidates": 0, "resolution": None}
        ref = resolved.get(i)
        if ref is not None and ref.get("text") == c.text:
            row["resolution"] = ref.get("resolution")
            docs = ref.get("documents") or []
            if row["resolution"] == "resolved" and docs:
                row["target_id"] = docs[0]["id"]
            row["candidates"] = len(ref.get("candidates") or [])
        elif c.number:
            found = documents_by_number(conn, c.number)
            if c.date:
                found = [d for d in found if d["date"] in (None, c.date)] or found
            row["candidates"] = len(found)
            row["resolution"] = "resolved" if len(found) == 1 else "ambiguous" if found else "stub"
            if len(found) == 1:
                row["target_id"] = found[0]["id"]
        out.append(row)
    return out


def works_named(conn: sqlite3.Connection, ref: str) -> list[dict[str, Any]]:
    """The works (catalogued documents or stubs) that `ref` names, from the citation graph."""
    graph = _graph_module()
    if graph is None or not hasattr(graph, "find_works") or not table_exists(conn, "works"):
        return []
    try:
        works = graph.find_works(sqlite_utils.Database(conn), ref)
    except (sqlite3.OperationalError, LookupError, ValueError):
        return []
    for w in works:
        docs = conn.execute("select doc_id from document_works where work_id = ?", [w["id"]]).fetchall()
        w["doc_ids"] = [d[0] for d in docs]
    return works


def work_documents(conn: sqlite3.Connection, work_ids: set[str]) -> dict[str, list[str]]:
    """Catalogued documents of each work, for drawing edges through `via` works."""
    if not work_ids or not table_exists(conn, "document_works"):
        return {}
    out: dict[str, list[str]] = {}
    for wid in work_ids:
        out[wid] = [r[0] for r in conn.execute("select doc_id from document_works where work_id = ?", [wid]).fetchall()]
    return out


def count_cited_by(conn: sqlite3.Connection, ref: str, transitive: bool = False) -> int:
    """How many documents `cited_by` lists without a limit."""
    graph = _graph_module()
    if graph is None or not hasattr(graph, "count_cited_by"):
        return 0
    try:
        return int(graph.count_cited_by(sqlite_utils.Database(conn), ref, transitive=transitive))
    except (sqlite3.OperationalError, LookupError, ValueError):
        return 0


def _graph_module() -> Any:
    try:
        from vanban.catalogue import graph
    except ImportError:
        return None
    return graph


def cited_by(conn: sqlite3.Connection, ref: str, transitive: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Documents citing `ref` (a number), with relation and depth, nearest first; the first `limit`
    of them (all when None); empty while the graph is not built."""
    graph = _graph_module()
    if graph is None or not hasattr(graph, "cited_by"):
        return []
    try:
        found = graph.cited_by(sqlite_utils.Database(conn), ref, transitive=transitive, limit=limit)
    except (sqlite3.OperationalError, LookupError, ValueError):
        return []
    out = []
    for item in found:
        d = dict(item)
        doc_id = d.get("doc_id") or d.get("id")
        if doc_id:
            doc = conn.execute("select number, doc_type, date, issuer, title from documents where id = ?", [doc_id]).fetchone()
            if doc:
                for k, v in zip(("number", "doc_type", "date", "issuer", "title"), doc, strict=True):
                    d.setdefault(k, v)
        d["doc_id"] = doc_id
        d.setdefault("depth", 1)
        out.append(d)
    return out


def cited_keys(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, set[str]]:
    """For each document, the number keys of everything it cites (from its record)."""
    out: dict[str, set[str]] = {}
    for doc_id in doc_ids:
        row = conn.execute("select json_extract(record, '$.citations') from documents where id = ?", [doc_id]).fetchone()
        cites = json.loads(row[0]) if row and row[0] else []
        out[doc_id] = {number_key(c["number"]) for c in cites if c.get("number")}
    return out


_FINDING_COLUMNS = ("severity", "rule", "message", "quote", "parent_number", "parent_quote")


def findings(conn: sqlite3.Connection, doc_id: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Compliance findings of a document (columns, rows), errors first, when the catalogue has them.
    Rules are shown by their Vietnamese names."""
    if not table_exists(conn, "findings") or "doc_id" not in columns_of(conn, "findings"):
        return [], []
    have = columns_of(conn, "findings")
    cols = [c for c in _FINDING_COLUMNS if c in have]
    order = "case severity when 'error' then 0 when 'warning' then 1 else 2 end" + (", seq" if "seq" in have else "")
    cur = conn.execute(f"select {', '.join(cols)} from findings where doc_id = ? order by {order}", [doc_id])
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    if "rule" in cols:
        from vanban.catalogue.checks import rule_label

        for r in rows:
            r["rule"] = rule_label(r["rule"]) or r["rule"]
    return cols, rows
