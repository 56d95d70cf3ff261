"""Ranked search that stays fast on a large catalogue: exact-diacritic matches first, all in SQLite.

This is `vanban.catalogue.search` (CLI `vanban search`, the web search page). The exact form is a
second full-text index over the same columns that keeps diacritics (`documents_exact`, tokenizer
unicode61 with remove_diacritics 0; SQLite folds the case), made with the schema
(`store._ensure_schema`) and kept in step with `documents` by triggers. A query is answered in
tiers, each a full-text query that SQLite ranks with BM25 (title 5x, text 1x) and stops at `limit`:

1. the words as a phrase, with the diacritics typed ("đoàn viên");
2. every word with its diacritics, anywhere in the document;
3. every word without diacritics (the `documents_fts` index).

A tier is only asked for the places the tiers before it left, so a query whose exact phrase fills
the page costs one ranked query. A query typed without diacritics ("doan vien") matches the exact
tiers only where a document is written without them. Old and new tone placement (hoà / hòa) are
both looked up in the exact tiers: the phrase tier asks the phrase of each spelling, joined by OR. A query typed like a document number is looked up exactly first.

A tier whose query matches many documents (a common word or phrase) is answered from its champion
list (`champions`: the best documents ranked ahead of time, merged with the documents written since),
which gives FTS5's own ranking without scoring every match. A tier of words that must all occur and
has no list of its own (two frequent words that rarely stand together) is answered from each word's list
when they prove the answer (`champions_and`), and the phrase of two such words from the index of adjacent
word pairs (`phrase_pairs`). Without either, FTS5 ranks it here.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import sqlite_utils

from vanban.catalogue import champions, champions_and, phrase_pairs
from vanban.catalogue.champions_rank import WEIGHTS
from vanban.extract.normalise import fold, unaccent
from vanban.extract.patterns import NUMBER_RE, number_key

_COLUMNS = ("id", "number", "doc_type", "date", "issuer", "title", "path", "place")
_COLS = ", ".join(f"d.{c}" for c in _COLUMNS)  # the columns of a result row, as selected from `documents d`
EXACT = "documents_exact"
# The number look-up reads index entries alone, made by the schema (`store._ensure_schema`).
NUMBER_INDEX = ("documents_number_lookup", "documents(number_key, date, id, number, doc_type, issuer, title, path, place, year)")

# The tone placements fold() maps from old style to new style, mapped back, so that the exact index
# (which holds the document's own spelling) is asked for both.
_OLD_STYLE = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
_OLD_STYLE_RE = re.compile("(?:" + "|".join(_OLD_STYLE) + ")$")  # a word ending in one of the new-style pairs
# The most spellings of a phrase asked one by one (every combination of its words' tone placements); a
# phrase with more asks two: every word as typed (new style), and every word in the old style.
SPELLINGS_MAX = 16

# A query typed like a document number, even loosely: digits (and a letter), then parts joined by '-' or '/'.
_NUMBERISH_RE = re.compile(
    r"""
    \d+[a-z]?             # the number: 277, 3a
    \s*[-/]\s*\w+          # a first part after '/' or '-': /KH, -NQ
    (?:\s*[-/]\s*\w+)*      # further parts: -LĐLĐ, /TW, /2020/NĐ-CP
    """,
    re.VERBOSE,
)


def ensure_exact_index(db: sqlite_utils.Database) -> None:
    """Create the diacritics-keeping index and its triggers if missing, and fill it from `documents`.
    Called by the schema (`store._ensure_schema`) inside its write transaction, which also makes the
    champion lists' tables and triggers here (`champions.ensure_tables`; `champions.refresh` fills them)."""
    champions.ensure_tables(db)
    if EXACT in db.table_names():
        return
    db.execute(
        f"create virtual table if not exists {EXACT} using fts5("
        "title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute(f"insert into {EXACT}({EXACT}) values('rebuild')")
    db.execute(
        f"create trigger if not exists {EXACT}_ai after insert on documents begin "
        f"insert into {EXACT}(rowid, title, text) values (new.rowid, new.title, new.text); end"
    )
    db.execute(
        f"create trigger if not exists {EXACT}_ad after delete on documents begin "
        f"insert into {EXACT}({EXACT}, rowid, title, text) values('delete', old.rowid, old.title, old.text); end"
    )
    db.execute(
        f"create trigger if not exists {EXACT}_au after update on documents begin "
        f"insert into {EXACT}({EXACT}, rowid, title, text) values('delete', old.rowid, old.title, old.text); "
        f"insert into {EXACT}(rowid, title, text) values (new.rowid, new.title, new.text); end"
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _old_style(word: str) -> str:
    """The word in the old tone placement ("hòa" -> "hoà"); the word itself when it has no other."""
    return _OLD_STYLE_RE.sub(lambda m: _OLD_STYLE[m.group(0)], word)


def _exact_word(word: str) -> str:
    """A word with its diacritics, in either tone placement where they differ."""
    old = _old_style(word)
    return _quoted(word) if old == word else f"({_quoted(word)} OR {_quoted(old)})"


def _exact_phrase(words: list[str]) -> str:
    """The words as a phrase with their diacritics, as typed first; where a word has two tone placements,
    the phrase of each spelling, joined by OR (an FTS5 phrase holds no alternatives). FTS5's bm25 of
    `"p" OR "q"` sums each phrase's own score (its IDF from its own count), so a document holding only
    the typed spelling scores exactly as for the phrase alone, and one holding only the other spelling as
    for that phrase alone: the ranking of a phrase without a tone variant, and the way the word tier
    already asks `("hòa" OR "hoà")`."""
    options = [[w] if _old_style(w) == w else [w, _old_style(w)] for w in words]
    if math.prod(len(o) for o in options) <= SPELLINGS_MAX:
        spellings = list(itertools.product(*options))
    else:
        spellings = [tuple(words), tuple(_old_style(w) for w in words)]
    return " OR ".join('"' + " ".join(w.replace('"', '""') for w in spelling) + '"' for spelling in spellings)


def tier_queries(query: str) -> list[tuple[str, str]]:
    """The (index, FTS5 query) of each tier, best first; [] when the query has no words."""
    return [(index, match) for index, match, _ in tier_parts(query)]


def tier_parts(query: str) -> list[tuple[str, str, list[str]]]:
    """The (index, FTS5 query, words) of each tier, best first: `words` are the query's words as each is
    asked alone (the query is `" AND ".join(words)`), [] for the phrase tier."""
    exact = _words(fold(query))
    bare = _words(unaccent(query))
    if not bare:
        return []
    tiers: list[tuple[str, str, list[str]]] = []
    if len(exact) > 1:
        tiers.append((EXACT, _exact_phrase(exact), []))
    words = [_exact_word(w) for w in exact]
    tiers.append((EXACT, " AND ".join(words), words))
    words = [_quoted(w) for w in bare]
    tiers.append(("documents_fts", " AND ".join(words), words))
    return tiers


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    limit: int = 20,
    use_lists: bool = True,
) -> list[dict[str, Any]]:
    """Documents matching `query`, best first. A query that is a document number is looked up exactly.
    A tier with a champion list (`champions`) is answered from it; `use_lists=False` asks FTS5 alone."""
    filters: list[str] = []
    params: list[Any] = []
    if doc_type:
        filters.append("d.doc_type = ?")
        params.append(doc_type)
    if issuer:
        filters.append("d.issuer like ?")
        params.append(f"%{issuer}%")
    if year:
        filters.append("d.year = ?")
        params.append(year)
    where = "".join(f" and {f}" for f in filters)
    q = query.strip()
    if NUMBER_RE.fullmatch(q) or _NUMBERISH_RE.fullmatch(q):
        rows = db.execute(
            f"select {_COLS} from documents d where d.number_key = ?{where} order by d.date desc limit ?",
            [number_key(q), *params, limit],
        ).fetchall()
        if rows:
            return [_row(r, 0.0) for r in rows]
    out: list[dict[str, Any]] = []
    seen: list[int] = []
    for index, match, words in tier_parts(q):
        if len(out) >= limit:
            break
        need = limit - len(out)
        listed = _from_lists(db, index, match, words, need, seen, where, params) if use_lists else None
        rows = _plain_tier(db, index, match, need, seen, where, params) if listed is None else _listed_rows(db, listed)
        for r in rows:
            seen.append(r[len(_COLUMNS)])
            out.append(_row(r, r[-1]))
    return out


def _from_lists(
    db: sqlite_utils.Database, index: str, match: str, words: list[str], need: int, seen: list[int], where: str, params: list[Any]
) -> list[tuple[int, float]] | None:
    """The tier's best `need` (rowid, score) from its own champion list or, for words that must all occur,
    from each word's list (`champions_and`); None when no list can answer."""
    listed = champions.top(db, index, match, need, exclude=seen, where=where, params=params)
    if listed is None and len(words) > 1:
        listed = champions_and.top_all(db, index, words, need, exclude=seen, where=where, params=params)
    if listed is None and not words:  # the phrase tier: from the index of adjacent word pairs (`phrase_pairs`)
        listed = phrase_pairs.top(db, index, match, need, exclude=seen, where=where, params=params)
    return listed


def _plain_tier(
    db: sqlite_utils.Database, index: str, match: str, need: int, seen: list[int], where: str, params: list[Any]
) -> list[tuple[Any, ...]]:
    """FTS5 ranks every match of the tier and keeps the best `need`: the path without a list."""
    exclude = f" and rowid not in ({','.join('?' * len(seen))})" if seen else ""
    ranked = f"select rowid, rank from {index} where {index} match ? and rank match 'bm25({WEIGHTS})'{exclude} order by rank"
    if where:  # filtered: rank every match that passes the filters
        sql = f"select {_COLS}, d.rowid, m.rank from ({ranked}) m join documents d on d.rowid = m.rowid where 1{where} order by m.rank limit ?"
    else:  # SQLite keeps only the best `need` while ranking
        sql = f"select {_COLS}, d.rowid, m.rank from ({ranked} limit ?) m join documents d on d.rowid = m.rowid order by m.rank"
    return db.execute(sql, [match, *seen, *params, need]).fetchall()


def _listed_rows(db: sqlite_utils.Database, listed: list[tuple[int, float]]) -> list[tuple[Any, ...]]:
    """The documents of a champion list's answer (rowid, score), in its order."""
    if not listed:
        return []
    got = {
        r[-1]: r
        for r in db.execute(
            f"select {_COLS}, d.rowid from documents d where d.rowid in ({','.join('?' * len(listed))})", [r for r, _ in listed]
        )
    }
    return [(*got[rowid], score) for rowid, score in listed if rowid in got]


def _row(r: tuple[Any, ...], score: float) -> dict[str, Any]:
    out = dict(zip(_COLUMNS, r[: len(_COLUMNS)], strict=True))
    out["score"] = round(score, 3)
    return out
