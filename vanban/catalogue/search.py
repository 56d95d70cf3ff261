"""Search the catalogue: diacritic-insensitive full text, exact-diacritic matches first, and
exact number look-up however the number is typed."""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils

from vanban.extract.normalise import normalise_line, unaccent
from vanban.extract.patterns import NUMBER_RE, number_key

_COLUMNS = "id, number, doc_type, date, issuer, title, path, place"


def _fts_query(q: str) -> str:
    words = re.findall(r"\w+", unaccent(q))
    return " ".join(f'"{w}"' for w in words)


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Documents matching `query`, best first. A query that is a document number is looked up exactly."""
    filters, params = [], []
    if doc_type:
        filters.append("d.doc_type = ?")
        params.append(doc_type)
    if issuer:
        filters.append("d.issuer like ?")
        params.append(f"%{issuer}%")
    if year:
        filters.append("d.year = ?")
        params.append(str(year))
    where = "".join(f" and {f}" for f in filters)
    q = query.strip()
    if NUMBER_RE.fullmatch(q) or re.fullmatch(r"\d+[a-z]?\s*[-/]\s*\w+(\s*[-/]\s*\w+)*", q):
        rows = db.execute(
            f"select {_COLUMNS.replace('id,', 'd.id,')} from documents d where d.number_key = ?{where} order by d.date desc limit ?",
            [number_key(q), *params, limit],
        ).fetchall()
        if rows:
            return [_row(r, 0.0) for r in rows]
    fts = _fts_query(q)
    if not fts:
        return []
    cols = ", ".join(f"d.{c.strip()}" for c in _COLUMNS.split(","))
    # Documents that hold the query exactly as typed (diacritics included) rank first. The check
    # runs in SQLite (instr over the stored text, in lower, Capitalised and UPPER case), so no
    # candidate text is folded in Python; ties keep the FTS5 bm25 order (title weighted 5x).
    phrase = normalise_line(q)
    variants = [phrase, phrase.lower(), phrase[:1].upper() + phrase[1:].lower(), phrase.upper()]
    exact = " or ".join(["instr(d.text, ?) > 0 or instr(coalesce(d.title, ''), ?) > 0"] * len(variants))
    rows = db.execute(
        f"select {cols}, bm25(documents_fts, 5.0, 1.0) as score, ({exact}) as exact from documents_fts "
        f"join documents d on d.rowid = documents_fts.rowid where documents_fts match ?{where} "
        f"order by exact desc, score limit ?",
        [*(v for v in variants for _ in (0, 1)), fts, *params, limit],
    ).fetchall()
    return [_row(r, r[8]) for r in rows]


def _row(r: tuple[Any, ...], score: float) -> dict[str, Any]:
    keys = [c.strip() for c in _COLUMNS.split(",")]
    out = dict(zip(keys, r[: len(keys)], strict=True))
    out["score"] = round(score, 3)
    return out


def find_document(db: sqlite_utils.Database, ref: str) -> list[dict[str, Any]]:
    """Documents named by `ref`: an id (or its prefix of 8+ characters), a number, or a path."""
    ref = ref.strip()
    if re.fullmatch(r"[0-9a-f]{8,64}", ref):
        rows = db.execute(f"select {_COLUMNS} from documents where id like ?", [ref + "%"]).fetchall()
        if rows:
            return [_row(r, 0.0) for r in rows]
    rows = db.execute(f"select {_COLUMNS} from documents where number_key = ? or path = ?", [number_key(ref), ref]).fetchall()
    return [_row(r, 0.0) for r in rows]
