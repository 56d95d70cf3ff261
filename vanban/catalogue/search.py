"""Search the catalogue: diacritic-insensitive full text, exact-diacritic matches first, and
exact number look-up however the number is typed (`search`, see `ranked`); `find_document` names a
document by id, number or path."""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils

from vanban.catalogue.ranked import search  # the verb: ranked full-text search, exact diacritics first
from vanban.extract.patterns import number_key

__all__ = ["find_document", "search"]
_COLUMNS = "id, number, doc_type, date, issuer, title, path, place"


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
