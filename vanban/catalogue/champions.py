"""Ranking done ahead of time for the full-text queries that match many documents ("champion lists").

FTS5 scores every match of a query before it can keep the best 20, so a word that most documents
hold costs 150-400 ms at 100,000 documents. For every query expression that `ranked.search` issues
for a single word or a two-word phrase (`ranked.tier_queries`, so the two always agree) and that
matches at least `min_matches` documents, `refresh` stores the `size` best documents with their
BM25 scores and the last rowid the list has seen (`built_upto`). A query then reads:

- the list's rows, less the documents deleted or rewritten since (recorded by triggers in
  `champion_changed`);
- the tail: the same FTS5 query restricted to `rowid > built_upto`, which FTS5 seeks to directly
  (new documents always get a larger rowid; a rewritten one keeps its rowid and is in
  `champion_changed`, a deleted rowid used again is too);
- each rewritten document, scored on its own;

merged by score. When the list cannot answer (a deeper page than its survivors, too many rewritten
documents, no list, the tables missing), `top` returns None and the caller asks FTS5 as before.

The frequent expressions are found in general, never from a list of known queries: single words
from the indexes' own vocabularies (fts5vocab), two-word phrases from a seeded random sample of
documents (the adjacent word pairs whose share of the sample promises `min_matches`), each turned
into the expressions `ranked.tier_queries` issues and kept when FTS5 counts enough matches. A single
word gets a list in each tier it is frequent in (as written and without diacritics), because the tiers
of several words are answered from the words' own lists (`champions_and`); lists built before that rule
get the missing word lists from `refresh` (a top-up, about a minute at 100,000 documents).

A word in at least `full_share` of the documents (of a catalogue of `full_min_documents` or more) also
keeps its whole ranking (`champions_full`), made from the same FTS5 query as its list, so that two such
words that must both occur are ranked from the lists alone (`champions_and`). Lists built before that
(or with other settings for it) get the whole lists from `refresh` by a top-up of those words' lists
(115 s at 100,000 documents), not a rebuild.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from vanban.catalogue import champions_full
from vanban.catalogue.champions_full import FULL
from vanban.catalogue.champions_rank import WEIGHTS, rank_lists, rank_one
from vanban.extract.normalise import fold, unaccent

LISTS = "champion_lists"
ROWS = "champion_rows"
CHANGED = "champion_changed"
STATE = "champion_state"
CHANGED_MAX = 4  # rewritten documents scored one by one (about 4 ms each at 100,000); more: FTS5 as before
WORD_TIERS = "word_tiers"  # state key: "every" once single words have a list in every tier (`word_expressions`)
WHOLE = "whole_lists"  # state key: the settings the whole word lists (`champions_full`) were last made with
# state key: "or" once the lists of a phrase with a word of two tone placements are made for the phrase tier
# `ranked` asks now (each spelling's phrase, joined by OR) instead of the NEAR it asked before
SPELLINGS = "phrase_spellings"


@dataclass(frozen=True)
class ChampionSettings:
    """What `refresh` builds. Defaults measured at 100,000 documents on 2 cores."""

    # fewer: FTS5 ranks a word's matches in 7 ms at 100,000; not so a phrase of two frequent words, which costs
    # 130-200 ms whatever its own count (FTS5 decodes both words' position lists) and has a list only when frequent
    min_matches: int = 3000
    size: int = 520  # documents kept per list: the web asks for 500
    sample: int = 1500  # documents whose adjacent word pairs are counted to find frequent phrases
    # documents written since the last build before `refresh` rebuilds: the larger of `stale_after` and
    # `stale_share` of the catalogue (5,000 at 100,000: with a tail that long p95 stayed under 45 ms, and a
    # build there takes 20 minutes, too long to pay after every thousand new documents)
    stale_after: int = 1000
    stale_share: float = 0.05
    seed: int = 0  # the sample is the same on every refresh of the same catalogue
    # a word in at least `full_share` of the documents keeps its whole ranking (`champions_full`): FTS5 clamps the
    # IDF of a word in more than half of them, and no shorter list proves a page of two such words that must both
    # occur. 0.1 at 100,000 documents: 1,219 words, 604 MB, 80 sampled pairs of words in 3-30% and 30-100% of the
    # documents p95 12 ms and max 22 ms of CPU (0.3: 634 words, 472 MB, p95 28 ms and max 52 ms: a word in 10-30%
    # kept only its 520 best, and FTS5 scored what they left open; 0.5: 366 words, 345 MB, max 123 ms). A top-up
    # from 0.3 to 0.1 takes 71 s (35 s of CPU) at 100,000 documents.
    # Only in a catalogue of `full_min_documents` or more: at 10,000 FTS5 ranks such a pair in 30-110 ms
    # (tiers p95 31 ms with the 520 lists) and the whole lists would slow the refresh that ingest ends with.
    full_share: float = 0.1
    full_min_documents: int = 20_000


def ensure_tables(db: sqlite_utils.Database) -> None:
    """The lists' tables and the triggers that record rewritten and deleted documents (idempotent)."""
    db.execute(
        f"create table if not exists {LISTS} (id integer primary key, idx text not null, expr text not null, "
        "complete integer not null, built_upto integer not null, unique (idx, expr))"
    )
    db.execute(
        f"create table if not exists {ROWS} (list_id integer not null, pos integer not null, doc integer not null, "
        "score real not null, primary key (list_id, pos)) without rowid"
    )
    db.execute(f"create table if not exists {CHANGED} (seq integer primary key, doc integer not null)")
    db.execute(f"create table if not exists {STATE} (key text primary key, value text)")
    champions_full.ensure_table(db)
    db.execute(
        f"create trigger if not exists {CHANGED}_au after update of title, text, folded on documents "
        f"when old.title is not new.title or old.text is not new.text or old.folded is not new.folded "
        f"begin insert into {CHANGED}(doc) values (old.rowid); end"
    )
    db.execute(
        f"create trigger if not exists {CHANGED}_ad after delete on documents "
        f"begin insert into {CHANGED}(doc) values (old.rowid); end"
    )


# ---- query time --------------------------------------------------------------------------------------


def top(
    db: sqlite_utils.Database,
    index: str,
    match: str,
    limit: int,
    *,
    exclude: Sequence[int] = (),
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[int, float]] | None:
    """The best `limit` (rowid, BM25 score) of `match` on `index`, best first, leaving out the rowids in
    `exclude` and documents failing `where` (conditions on `d.`, with `params`); None when no list can
    answer, and the caller asks FTS5 itself."""
    found = list_of(db, index, match)
    if found is None:
        return None
    list_id, complete, built_upto = found
    changed = changed_documents(db)
    if changed is None:
        return None
    skip = set(exclude) | set(changed)
    stored = db.execute(  # deleted documents and those failing the filters drop out here, the others below
        f"select c.doc, c.score from {ROWS} c join documents d on d.rowid = c.doc where c.list_id = ?{where} order by c.pos limit ?",
        [list_id, *params, limit + len(skip)],
    ).fetchall()
    survivors = [(doc, score) for doc, score in stored if doc not in skip]
    if len(survivors) < limit and not complete:  # the list held only the best `size`: those below are unknown
        return None
    late = late_rows(db, index, match, built_upto, changed, limit, exclude=exclude, where=where, params=params)
    merged = survivors[:limit] + late
    merged.sort(key=lambda r: (r[1], r[0]))
    return merged[:limit]


def list_of(db: sqlite_utils.Database, index: str, match: str) -> tuple[int, bool, int] | None:
    """(id, complete, built_upto) of the list of `match` on `index`; None when there is none."""
    try:
        found = db.execute(f"select id, complete, built_upto from {LISTS} where idx = ? and expr = ?", [index, match]).fetchone()
    except sqlite3.OperationalError:  # no lists in this catalogue (made before them, or opened read-only)
        return None
    return None if found is None else (found[0], bool(found[1]), found[2])


def changed_documents(db: sqlite_utils.Database) -> list[int] | None:
    """The documents rewritten or deleted since the lists were built; None when more than CHANGED_MAX."""
    changed = [r[0] for r in db.execute(f"select doc from {CHANGED} limit ?", [CHANGED_MAX + 1])]
    return None if len(changed) > CHANGED_MAX else changed


def late_rows(
    db: sqlite_utils.Database,
    index: str,
    match: str,
    built_upto: int,
    changed: Sequence[int],
    limit: int,
    *,
    exclude: Sequence[int] = (),
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[int, float]]:
    """What a list built up to rowid `built_upto` does not know, ranked by FTS5: the best `limit` documents
    written since (the tail) and each of the `changed` documents, as (rowid, score), less `exclude`."""
    # FTS5 counts every match of the query before it scores one (BM25's weight of each word or phrase:
    # 35 ms for a common phrase at 100,000 documents), so a ranked query is asked only for rows that match.
    ranked = f"select rowid, rank from {index} where {index} match ? and rank match 'bm25({WEIGHTS})'"
    matching = f"select rowid from {index} where {index} match ?"
    late: list[tuple[int, float]] = []
    last = db.execute("select max(rowid) from documents").fetchone()[0] or 0
    if last > built_upto and db.execute(f"{matching} and rowid > ? limit 1", [match, built_upto]).fetchone():
        late += _ranked_rows(db, f"{ranked} and rowid > ?", [match, built_upto], limit + len(exclude), where, params)
    for doc in (d for d in changed if d <= built_upto):  # a later one is in the tail already
        if db.execute(f"{matching} and rowid = ?", [match, doc]).fetchone():
            late += _ranked_rows(db, f"{ranked} and rowid = ?", [match, doc], 1, where, params)
    skip = set(exclude)
    return [(doc, score) for doc, score in late if doc not in skip]


def _ranked_rows(
    db: sqlite_utils.Database, ranked: str, args: list[Any], limit: int, where: str, params: Sequence[Any]
) -> list[tuple[int, float]]:
    if where:
        sql = f"select m.rowid, m.rank from ({ranked}) m join documents d on d.rowid = m.rowid where 1{where} order by m.rank limit ?"
    else:
        sql = f"{ranked} order by rank limit ?"
    return [(r[0], r[1]) for r in db.execute(sql, [*args, *params, limit])]


# ---- building ------------------------------------------------------------------------------------------


def status(db: sqlite_utils.Database) -> dict[str, Any]:
    """How the lists stand: built (bool), lists, documents written and rewritten since the last build."""
    tables = set(db.table_names())
    last = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
    if STATE not in tables or LISTS not in tables:
        return {"built": False, "lists": 0, "tail": last, "changed": 0, "settings": None, "built_at": None, "build_seconds": 0.0}
    state = dict(db.execute(f"select key, value from {STATE}").fetchall())
    upto = int(state.get("built_upto", 0))
    return {
        "built": "built_upto" in state,
        "lists": db.execute(f"select count(*) from {LISTS}").fetchone()[0],
        "tail": db.execute("select count(*) from documents where rowid > ?", [upto]).fetchone()[0],
        "changed": db.execute(f"select count(*) from {CHANGED}").fetchone()[0],
        "settings": json.loads(state["settings"]) if "settings" in state else None,
        "built_at": state.get("built_at"),
        "build_seconds": float(state.get("seconds", 0)),
    }


def refresh(
    db: sqlite_utils.Database, settings: ChampionSettings | None = None, *, force: bool = False, workers: int = 1
) -> dict[str, Any]:
    """Build the lists, or build them again when they are missing, made with other settings, or stale
    (more documents written since than `stale_after` or `stale_share` of the catalogue, or more than
    CHANGED_MAX rewritten or deleted). The lists are ranked in `workers` processes (`champions_rank`).
    Idempotent: a second call with nothing written in between does nothing. Returns what it did.

    The ranking runs in one read transaction (writers carry on meanwhile; what they write falls in the
    tail or in `champion_changed`), then the lists are replaced in one short write transaction."""
    from vanban.catalogue.store import _retry_locked, write_transaction

    settings = settings or ChampionSettings()
    _retry_locked(lambda: _ensure_in_transaction(db))
    before = status(db)
    if not force and not needs_rebuild(db, settings, before):
        done: dict[str, Any] = {**before, "seconds": 0.0}
        if before["built"] and before["lists"] and _state(db).get(WORD_TIERS) != "every":
            done = _top_up(db, settings)
        if before["built"] and before["lists"] and _state(db).get(SPELLINGS) != "or":
            spelled = _top_up_spellings(db, settings)
            done = {
                **done,
                "spellings_topped_up": spelled["spellings_topped_up"],
                "seconds": done["seconds"] + spelled["seconds"],
            }
        if before["built"] and before["lists"] and _state(db).get(WHOLE) != _whole_settings(settings):
            topped = _top_up_whole(db, settings)
            done = {
                **topped,
                **{k: v for k, v in done.items() if k == "topped_up"},
                "seconds": done["seconds"] + topped["seconds"],
            }
        return {**done, "rebuilt": False}
    t = time.perf_counter()
    # the lists are kept in temporary tables until they are all made (a few hundred MB at 100,000 documents)
    db.execute(f"create temp table if not exists new_{LISTS} (id integer primary key, idx text, expr text, complete integer)")
    db.execute(f"create temp table if not exists new_{ROWS} (list_id integer, pos integer, doc integer, score real)")
    db.execute(f"create temp table if not exists new_{FULL} (list_id integer, docs blob, scores blob)")
    db.execute(f"delete from temp.new_{LISTS}")
    db.execute(f"delete from temp.new_{ROWS}")
    db.execute(f"delete from temp.new_{FULL}")
    db.execute("begin")
    try:
        upto = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
        seen_changes = db.execute(f"select coalesce(max(seq), 0) from {CHANGED}").fetchone()[0]
        counts: dict[tuple[str, str], int] = {}
        expressions = frequent_expressions(db, settings, counts)
        whole = whole_expressions(db, settings, counts)
        jobs = [(list_id, index, match, (index, match) in whole) for list_id, (index, match) in enumerate(expressions, start=1)]
        for (list_id, index, match, _whole), (_id, rows, packed) in zip(
            jobs, rank_lists(db, jobs, settings.size, workers), strict=True
        ):
            if packed is not None:
                db.execute(f"insert into temp.new_{FULL} values (?, ?, ?)", [list_id, *packed])
            complete = len(rows) < settings.size  # every match is in the list
            db.execute(f"insert into temp.new_{LISTS} values (?, ?, ?, ?)", [list_id, index, match, int(complete)])
            db.conn.executemany(
                f"insert into temp.new_{ROWS} values (?, ?, ?, ?)",
                [(list_id, pos, doc, score) for pos, (doc, score) in enumerate(rows)],
            )
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            db.execute(f"delete from {ROWS}")
            db.execute(f"delete from {LISTS}")
            db.execute(f"delete from {CHANGED} where seq <= ?", [seen_changes])
            db.execute(
                f"insert into {LISTS}(id, idx, expr, complete, built_upto) select id, idx, expr, complete, ? from temp.new_{LISTS}",
                [upto],
            )
            db.execute(f"insert into {ROWS} select list_id, pos, doc, score from temp.new_{ROWS} order by list_id, pos")
            db.execute(f"delete from {FULL}")
            db.execute(f"insert into {FULL} select list_id, docs, scores from temp.new_{FULL} order by list_id")
            state = {
                WORD_TIERS: "every",
                SPELLINGS: "or",
                WHOLE: _whole_settings(settings),
                "built_upto": str(upto),
                "settings": json.dumps(_content_settings(settings)),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "seconds": f"{time.perf_counter() - t:.1f}",
            }
            db.conn.executemany(f"insert or replace into {STATE} values (?, ?)", list(state.items()))

    _retry_locked(write)
    db.execute(f"drop table temp.new_{LISTS}")
    db.execute(f"drop table temp.new_{ROWS}")
    db.execute(f"drop table temp.new_{FULL}")
    return {**status(db), "rebuilt": True, "seconds": round(time.perf_counter() - t, 2)}


def _state(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute(f"select key, value from {STATE}").fetchall())


def _top_up(db: sqlite_utils.Database, settings: ChampionSettings) -> dict[str, Any]:
    """Lists built before single words got a list in every tier (`word_expressions`) get the missing ones,
    each built up to the last rowid now (`top` and `champions_and` rank later documents as the tail), in
    one write transaction; the others are kept. About a minute at 100,000 documents instead of a rebuild."""
    from vanban.catalogue.store import _retry_locked, write_transaction

    t = time.perf_counter()
    have = set(db.execute(f"select idx, expr from {LISTS}").fetchall())
    db.execute("begin")
    try:
        upto = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
        built = [
            (index, match, _best(db, index, match, settings.size))
            for index, match in sorted(word_expressions(db, settings) - have)
        ]
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            first = db.execute(f"select coalesce(max(id), 0) + 1 from {LISTS}").fetchone()[0]
            for list_id, (index, match, rows) in enumerate(built, start=first):
                db.execute(
                    f"insert into {LISTS}(id, idx, expr, complete, built_upto) values (?, ?, ?, ?, ?)",
                    [list_id, index, match, int(len(rows) < settings.size), upto],
                )
                db.conn.executemany(
                    f"insert into {ROWS} values (?, ?, ?, ?)",
                    [(list_id, pos, doc, score) for pos, (doc, score) in enumerate(rows)],
                )
            db.execute(f"insert or replace into {STATE} values (?, 'every')", [WORD_TIERS])

    _retry_locked(write)
    return {**status(db), "topped_up": len(built), "seconds": round(time.perf_counter() - t, 2)}


_QUOTED_RE = re.compile(r'"((?:[^"]|"")*)"')  # a quoted word of an FTS5 expression, '""' inside it a quote


def _top_up_spellings(db: sqlite_utils.Database, settings: ChampionSettings) -> dict[str, Any]:
    """Lists built when the phrase tier of a word with two tone placements was `NEAR("xã" "hòa", 0)` get
    that tier's list as `ranked` asks it now (`"xã hòa" OR "xã hoà"`), built up to the last rowid now, in
    one write transaction, and the NEAR lists are dropped; the others are kept (no rebuild: the stamp the
    word pairs check is not moved). 75 lists at 100,000 documents, 6 at 10,000."""
    from vanban.catalogue.ranked import tier_queries
    from vanban.catalogue.store import _retry_locked, write_transaction

    t = time.perf_counter()
    have = {(r[1], r[2]): r[0] for r in db.execute(f"select id, idx, expr from {LISTS}")}
    near = {e: i for e, i in have.items() if e[1].startswith("NEAR(")}
    db.execute("begin")
    try:
        upto = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
        built: dict[tuple[str, str], list[tuple[int, float]]] = {}
        for _, match in sorted(near):
            words = [w.replace('""', '"') for w in _QUOTED_RE.findall(match)]
            phrase = tier_queries(" ".join(words))[0]
            if phrase not in have and phrase not in built:
                built[phrase] = _best(db, *phrase, settings.size)
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            for list_id in near.values():
                db.execute(f"delete from {ROWS} where list_id = ?", [list_id])
                db.execute(f"delete from {FULL} where list_id = ?", [list_id])
                db.execute(f"delete from {LISTS} where id = ?", [list_id])
            first = db.execute(f"select coalesce(max(id), 0) + 1 from {LISTS}").fetchone()[0]
            for list_id, ((index, match), rows) in enumerate(sorted(built.items()), start=first):
                db.execute(
                    f"insert into {LISTS}(id, idx, expr, complete, built_upto) values (?, ?, ?, ?, ?)",
                    [list_id, index, match, int(len(rows) < settings.size), upto],
                )
                db.conn.executemany(
                    f"insert into {ROWS} values (?, ?, ?, ?)",
                    [(list_id, pos, doc, score) for pos, (doc, score) in enumerate(rows)],
                )
            db.execute(f"insert or replace into {STATE} values (?, 'or')", [SPELLINGS])

    _retry_locked(write)
    return {"spellings_topped_up": len(built), "seconds": round(time.perf_counter() - t, 2)}


def needs_rebuild(
    db: sqlite_utils.Database, settings: ChampionSettings | None = None, state: dict[str, Any] | None = None
) -> bool:
    """Whether `refresh` would build the lists (again) and not only check them: missing, made with other
    settings, or stale; and the catalogue holds enough documents for any list to be needed."""
    settings = settings or ChampionSettings()
    state = state or status(db)
    documents = db.execute("select count(*) from documents").fetchone()[0]
    if documents < settings.min_matches:  # no list can be needed (lists left from more documents are dropped)
        return state["lists"] > 0
    stale = state["tail"] > max(settings.stale_after, settings.stale_share * documents) or state["changed"] > CHANGED_MAX
    return not state["built"] or state["settings"] != _content_settings(settings) or stale


def needs_top_up(db: sqlite_utils.Database, settings: ChampionSettings | None = None) -> bool:
    """Whether `refresh` would add lists to current ones (lists of a catalogue built before: the word tiers, the
    spellings joined by OR, the whole rankings; a minute or more at 100,000 documents) without building them."""
    settings = settings or ChampionSettings()
    before = status(db)
    if not (before["built"] and before["lists"]) or needs_rebuild(db, settings, before):
        return False
    state = _state(db)
    return state.get(WORD_TIERS) != "every" or state.get(SPELLINGS) != "or" or state.get(WHOLE) != _whole_settings(settings)


def _content_settings(settings: ChampionSettings) -> dict[str, Any]:
    """The settings the lists are made with (when to rebuild them is not one: changing it keeps the lists)."""
    return {k: v for k, v in asdict(settings).items() if k not in ("stale_after", "stale_share", *_WHOLE_KEYS)}


_WHOLE_KEYS = ("full_share", "full_min_documents")  # settings of the whole lists alone: a change is a top-up


def _whole_settings(settings: ChampionSettings) -> str:
    return json.dumps({k: getattr(settings, k) for k in _WHOLE_KEYS})


def whole_expressions(
    db: sqlite_utils.Database, settings: ChampionSettings, counts: dict[tuple[str, str], int]
) -> set[tuple[str, str]]:
    """The single words' expressions (with their `counts` of documents) that keep their whole ranking
    (`champions_full`): in at least `full_share` of a catalogue of `full_min_documents` documents or more."""
    documents = db.execute("select count(*) from documents").fetchone()[0]
    if documents < settings.full_min_documents:
        return set()
    return {e for e, n in counts.items() if n >= settings.full_share * documents and n >= settings.min_matches}


def _top_up_whole(db: sqlite_utils.Database, settings: ChampionSettings) -> dict[str, Any]:
    """Lists built before the whole lists (or with other settings for them): the words that now keep their
    whole ranking get their list made again with it, up to the last rowid now, in one write transaction;
    whole lists of words that no longer qualify are dropped. The others are kept (no rebuild)."""
    from vanban.catalogue.store import _retry_locked, write_transaction

    t = time.perf_counter()
    have = {(r[1], r[2]): r[0] for r in db.execute(f"select id, idx, expr from {LISTS}")}
    kept = {r[0] for r in db.execute(f"select list_id from {FULL}")}
    documents = db.execute("select count(*) from documents").fetchone()[0]
    db.execute("begin")
    try:
        upto = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
        counts: dict[tuple[str, str], int] = {}
        # a catalogue too small for any whole list is not counted again (the refresh at 10,000 stays as fast)
        words = word_expressions(db, settings, counts) if documents >= settings.full_min_documents else set()
        wanted = {have[e] for e in whole_expressions(db, settings, counts) if e in have and e in words}
        built: list[tuple[int, list[tuple[int, float]], tuple[bytes, bytes]]] = []
        for list_id, (index, match) in sorted((i, e) for e, i in have.items() if i in wanted - kept):
            docs, scores = champions_full.whole_ranking(db, index, match, WEIGHTS)
            built.append((list_id, champions_full.best(docs, scores, settings.size), champions_full.pack(docs, scores)))
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            for list_id in kept - wanted:
                db.execute(f"delete from {FULL} where list_id = ?", [list_id])
            for list_id, rows, blobs in built:
                db.execute(
                    f"update {LISTS} set complete = ?, built_upto = ? where id = ?",
                    [int(len(rows) < settings.size), upto, list_id],
                )
                db.execute(f"delete from {ROWS} where list_id = ?", [list_id])
                db.conn.executemany(
                    f"insert into {ROWS} values (?, ?, ?, ?)",
                    [(list_id, pos, doc, score) for pos, (doc, score) in enumerate(rows)],
                )
                db.execute(f"insert or replace into {FULL} values (?, ?, ?)", [list_id, *blobs])
            db.execute(f"insert or replace into {STATE} values (?, ?)", [WHOLE, _whole_settings(settings)])

    _retry_locked(write)
    return {**status(db), "whole_topped_up": len(built), "seconds": round(time.perf_counter() - t, 2)}


def _ensure_in_transaction(db: sqlite_utils.Database) -> None:
    from vanban.catalogue.store import write_transaction

    with write_transaction(db):
        ensure_tables(db)


def _best(db: sqlite_utils.Database, index: str, match: str, size: int) -> list[tuple[int, float]]:
    return rank_one(db, (0, index, match, False), size)[1]


def frequent_expressions(
    db: sqlite_utils.Database, settings: ChampionSettings, counts: dict[tuple[str, str], int] | None = None
) -> list[tuple[str, str]]:
    """(index, FTS5 expression) of every expression `ranked.search` issues for a single word or a common
    two-word phrase that matches at least `settings.min_matches` documents, in a stable order.

    A phrase's tiers are followed in order and stop at the first that matches `size` documents or more:
    the tiers after it are never asked for a page the lists can answer. A single word gets a list in
    every tier (`word_expressions`): each is also a part of the tiers of several words, answered from the
    words' lists (`champions_and`). Single words are counted by FTS5; phrases are estimated from a
    random sample of documents (`_Sample`): a wrong estimate costs a list too many or too few, never a
    wrong answer."""
    from vanban.catalogue.ranked import tier_queries

    out: set[tuple[str, str]] = set()
    if db.execute("select count(*) from documents").fetchone()[0] < settings.min_matches:
        return []  # no expression can match `min_matches` documents: FTS5 ranks every query fast enough
    out.update(word_expressions(db, settings, counts))
    sample = _Sample(db, settings)
    for q in sorted(sample.frequent_pairs()):
        for (index, match), n in zip(tier_queries(q), sample.tier_estimates(q), strict=True):
            if n >= settings.min_matches:
                out.add((index, match))
            if n >= settings.size:
                break
    return sorted(out)


def word_expressions(
    db: sqlite_utils.Database, settings: ChampionSettings, counts: dict[tuple[str, str], int] | None = None
) -> set[tuple[str, str]]:
    """(index, FTS5 expression) of every tier `ranked.search` issues for a single word that matches at least
    `settings.min_matches` documents: the word as written (`documents_exact`) and without diacritics
    (`documents_fts`), both kept when both are frequent. `counts`, when given, receives each one's count."""
    from vanban.catalogue.ranked import EXACT, tier_queries

    words: set[str] = set()
    for index in ("documents_fts", EXACT):
        name = f"temp.{index}_vocab"
        db.execute(f"create virtual table if not exists {name} using fts5vocab(main, {index}, 'row')")
        words.update(r[0] for r in db.execute(f"select term from {name} where doc >= ?", [settings.min_matches]))
    out: set[tuple[str, str]] = set()
    for q in sorted(words):
        for index, match in tier_queries(q):
            if (index, match) not in out:
                n = db.execute(f"select count(*) from {index} where {index} match ?", [match]).fetchone()[0]
                if n >= settings.min_matches:
                    out.add((index, match))
                    if counts is not None:
                        counts[(index, match)] = n
    return out


_WORD_RE = re.compile(r"\w+")


class _Sample:
    """A seeded random sample of documents: which contain each word (as written, and without
    diacritics) and each pair of adjacent words, scaled to the catalogue's size."""

    def __init__(self, db: sqlite_utils.Database, settings: ChampionSettings) -> None:
        self.settings = settings
        self.pairs: Counter[tuple[str, str]] = Counter()  # how many sampled documents hold each pair
        self.words: dict[str, set[int]] = {}
        self.bare: dict[str, set[int]] = {}
        lo, hi, self.total = db.execute("select min(rowid), max(rowid), count(*) from documents").fetchone()
        if not self.total:
            self.scale = 0.0
            return
        picks = sorted(random.Random(settings.seed).sample(range(lo, hi + 1), min(settings.sample, hi - lo + 1)))
        sampled = 0
        bare_of: dict[str, str] = {}  # unaccent of each word met: a sample repeats a few thousand words millions of times
        for i in range(0, len(picks), 500):
            chunk = picks[i : i + 500]
            for title, text in db.execute(
                f"select title, text from documents where rowid in ({','.join('?' * len(chunk))})", chunk
            ):
                sampled += 1
                pairs: set[tuple[str, str]] = set()
                for part in (title or "", text or ""):  # a phrase never spans the two columns
                    words = _WORD_RE.findall(fold(part))
                    pairs.update(zip(words, words[1:], strict=False))
                    for w in set(words):
                        self.words.setdefault(w, set()).add(sampled)
                        bare = bare_of.get(w)
                        if bare is None:
                            bare = bare_of[w] = unaccent(w)
                        self.bare.setdefault(bare, set()).add(sampled)
                self.pairs.update(pairs)  # counted in C: a sample holds millions of pairs
        self.scale = self.total / sampled if sampled else 0.0

    def frequent_pairs(self) -> set[str]:
        """Adjacent word pairs that promise `min_matches` documents, as written and without diacritics."""
        needed = self.settings.min_matches / self.scale if self.scale else float("inf")
        frequent = {" ".join(p) for p, n in self.pairs.items() if n >= needed}
        return frequent | {unaccent(p) for p in frequent}

    def tier_estimates(self, query: str) -> list[float]:
        """The estimated matches of each of `ranked.tier_queries(query)` (a two-word query): the phrase,
        both words as written, both words without diacritics."""
        exact = _WORD_RE.findall(fold(query))
        bare = _WORD_RE.findall(unaccent(query))
        phrase = self.pairs.get(tuple(exact), 0) if len(exact) == 2 else 0
        both = set.intersection(*(self.words.get(w, set()) for w in exact))
        both_bare = set.intersection(*(self.bare.get(w, set()) for w in bare))
        return [n * self.scale for n in (phrase, len(both), len(both_bare))]
