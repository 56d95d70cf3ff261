"""Building the index of adjacent word pairs that `phrase_pairs.top` reads (see that module), by
`precomputed.refresh` and never by the writer.

One pass over the documents, in one read transaction: each is cut into FTS5's tokens (`fts5_tokens`),
checked against the lengths FTS5 recorded (a document cut otherwise is listed as odd, and a phrase it
holds is then asked of FTS5), and its pairs of frequent words counted per column. Each pair keeps its
`size` best documents by BM25 at the build (FTS5's order: rank, then rowid) in three arrays, pruned when
they grow to half as many again; a document that cannot enter them only lowers the pair's bound. The
pairs are then replaced in one short write transaction.
"""

from __future__ import annotations

import json
import sqlite3
import time
from array import array
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from vanban.catalogue import fts5_tokens
from vanban.catalogue.champions import CHANGED, CHANGED_MAX, LISTS
from vanban.catalogue.phrase_pairs import (
    EXACT,
    K1,
    PAIRS,
    STATE,
    TEXT_WEIGHT,
    TITLE_WEIGHT,
    WORDS,
    B,
    champion_stamp,
    ensure_tables,
    pack,
    phrase_tokens,
    tf_part,
    totals,
)

ODD_MAX = 50  # documents cut otherwise than FTS5 cut them, each asked of FTS5 at query time; more: no index


@dataclass(frozen=True)
class PairSettings:
    """What `refresh` builds. Defaults measured on 2 cores (docs/scale.md)."""

    # below: FTS5 answers every phrase fast enough, and the build would slow `vanban ingest`'s refresh
    min_documents: int = 50_000
    # a pair is kept when both words are in this many documents: with a rarer word FTS5 walks few documents
    min_word_docs: int = 1000
    size: int = 520  # documents kept per pair: the web asks for 500
    stale_after: int = 1000  # documents written since before a rebuild: as `champions.ChampionSettings`
    stale_share: float = 0.05


def status(db: sqlite_utils.Database) -> dict[str, Any]:
    """How the index stands: built, pairs, documents written since its build."""
    try:
        state = dict(db.execute(f"select key, value from {STATE}").fetchall())
    except sqlite3.OperationalError:  # no tables yet
        state = {}
    upto = int(state.get("built_upto", 0))
    return {
        "built": "built_upto" in state,
        "pairs": int(state.get("pairs", 0)),
        "rows": int(state.get("rows", 0)),
        "odd": len(json.loads(state.get("odd", "[]"))),
        "tail": db.execute("select count(*) from documents where rowid > ?", [upto]).fetchone()[0],
        "settings": json.loads(state["settings"]) if "settings" in state else None,
        "champions": state.get("champions"),
        "build_seconds": float(state.get("seconds", 0)),
    }


def needs_rebuild(db: sqlite_utils.Database, settings: PairSettings, state: dict[str, Any]) -> bool:
    documents = db.execute("select count(*) from documents").fetchone()[0]
    if documents < settings.min_documents:
        return bool(state["built"])  # an index left from more documents is dropped
    changed = db.execute(f"select count(*) from {CHANGED}").fetchone()[0]
    stale = state["tail"] > max(settings.stale_after, settings.stale_share * documents) or changed > CHANGED_MAX
    return not state["built"] or state["settings"] != asdict(settings) or state["champions"] != champion_stamp(db) or stale


def refresh(db: sqlite_utils.Database, settings: PairSettings | None = None, *, force: bool = False) -> dict[str, Any]:
    """Build the pairs, or build them again when missing, made with other settings, older than the
    champion lists, or stale; drop them below `min_documents`. Idempotent. Returns what it did."""
    from vanban.catalogue.store import _retry_locked, write_transaction

    settings = settings or PairSettings()

    def ensure() -> None:
        with write_transaction(db):
            ensure_tables(db)

    _retry_locked(ensure)
    before = status(db)
    if not needs_rebuild(db, settings, before) and not force:
        return {**before, "rebuilt": False, "seconds": 0.0}
    t = time.perf_counter()
    documents = db.execute("select count(*) from documents").fetchone()[0]
    built: _Pairs | None = None
    stamp = _begin_after_lists(db)
    try:
        upto = db.execute("select coalesce(max(rowid), 0) from documents").fetchone()[0]
        if documents >= settings.min_documents:
            built = _build(db, settings, upto)
    finally:
        db.execute("commit")

    def write() -> None:
        with write_transaction(db):
            db.execute(f"delete from {PAIRS}")
            db.execute(f"delete from {WORDS}")
            db.execute(f"delete from {STATE}")
            if built is None:
                return
            db.conn.executemany(f"insert into {PAIRS} values (?, ?, ?, ?)", built.rows())
            db.conn.executemany(f"insert into {WORDS} values (?)", [(w,) for w in built.words])
            state = {
                "built_upto": str(upto),
                "settings": json.dumps(asdict(settings)),
                "champions": stamp,
                "odd": json.dumps(built.odd),
                "pairs": str(len(built.state)),
                "rows": str(built.entries()),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "seconds": f"{time.perf_counter() - t:.1f}",
            }
            db.conn.executemany(f"insert into {STATE} values (?, ?)", list(state.items()))

    if built is not None and len(built.odd) > ODD_MAX:
        built = None  # the text is not cut as FTS5 cuts it: no index (FTS5 answers every phrase)
    _retry_locked(write)
    return {**status(db), "rebuilt": True, "seconds": round(time.perf_counter() - t, 2)}


def _begin_after_lists(db: sqlite_utils.Database) -> str:
    """Begin the build's read transaction in a later second than the champion lists' last build, and
    return their stamp (`champion_stamp`) as this snapshot sees it. A list build after this snapshot then
    has a later stamp, even one finishing in the same second as this build starts (tests do): the pairs
    are not used until they are built again (a list build clears `champion_changed`)."""
    for _ in range(40):  # a second at most, unless the clock went back
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db.execute("begin")
        stamp = champion_stamp(db)  # the first read: the snapshot starts here
        built_at = json.loads(stamp).get("built_at")
        if built_at is None or built_at < now:
            return stamp
        db.execute("commit")
        time.sleep(0.05)
    db.execute("begin")
    return champion_stamp(db)


@dataclass
class _Pairs:
    """The pairs being counted, per pair key (first word's id * words + second's): `state[key]` is [its
    document count, its kept documents as (rowid, weighted count, length) triples in one array, the tf
    part its kept documents must beat once full (the IDF is one factor for all: None until then)];
    `left[key]` the best (count -> least length) of the documents left out."""

    words: list[str]
    size: int
    avgdl: float
    state: dict[int, list[Any]] = field(default_factory=dict)
    left: dict[int, dict[int, int]] = field(default_factory=dict)
    listed: set[int] = field(default_factory=set)
    odd: list[int] = field(default_factory=list)

    def add_document(self, doc: int, counts: dict[int, int], size: int) -> None:
        """A document's pairs (key -> weighted count) and length: the writer of every entry, kept lean."""
        state, left, listed = self.state, self.left, self.listed
        grown = 3 * (self.size + self.size // 2)
        c = K1 * (1 - B + B * size / self.avgdl)  # tf_part's denominator less the count, as FTS5 computes it
        for key, freq in counts.items():
            st = state.get(key)
            if st is None:
                if key not in listed:
                    state[key] = [1, array("q", (doc, freq, size)), None]
                continue
            st[0] += 1
            if st[2] is not None and (freq * (K1 + 1.0)) / (freq + c) <= st[2]:  # a later rowid loses a tie
                out = left.setdefault(key, {})
                if size < out.get(freq, size + 1):
                    out[freq] = size
                continue
            entries = st[1]
            entries.extend((doc, freq, size))
            if len(entries) >= grown:
                self.prune(key)

    def prune(self, key: int) -> None:
        """Keep the pair's best `size` documents, in FTS5's order (best tf part, then the lower rowid)."""
        st = self.state[key]
        entries = st[1]
        if len(entries) <= 3 * self.size:
            return
        triples = [(entries[i], entries[i + 1], entries[i + 2]) for i in range(0, len(entries), 3)]
        triples.sort(key=lambda e: (-tf_part(e[1], e[2], self.avgdl), e[0]))
        out = self.left.setdefault(key, {})
        for _, freq, size in triples[self.size :]:
            if size < out.get(freq, size + 1):
                out[freq] = size
        kept = triples[: self.size]
        st[1] = array("q", (v for e in kept for v in e))
        st[2] = tf_part(kept[-1][1], kept[-1][2], self.avgdl)

    def rows(self) -> list[tuple[str, int, int, bytes | None]]:
        out: list[tuple[str, int, int, bytes | None]] = []
        m = len(self.words)
        for key in sorted(set(self.state) | self.listed):
            pair = f"{self.words[key // m]} {self.words[key % m]}"
            if key in self.listed:
                out.append((pair, 0, 0, None))
                continue
            self.prune(key)
            n, entries, _ = self.state[key]
            complete = n == len(entries) // 3
            out.append((pair, n, int(complete), pack(entries[0::3], entries[1::3], entries[2::3], self._bound(key))))
        return out

    def entries(self) -> int:
        return sum(len(st[1]) // 3 for st in self.state.values())

    def _bound(self, key: int) -> list[tuple[int, int]]:
        """The (count, length) points no other left-out document beats on both (the most they can score)."""
        points: list[tuple[int, int]] = []
        for freq, size in sorted(self.left.get(key, {}).items(), reverse=True):
            if not points or size < points[-1][1]:
                points.append((freq, size))
        return points


def _build(db: sqlite_utils.Database, settings: PairSettings, upto: int) -> _Pairs:
    db.execute(f"create virtual table if not exists temp.{EXACT}_terms using fts5vocab(main, {EXACT}, 'row')")
    words = sorted(r[0] for r in db.execute(f"select term from temp.{EXACT}_terms where doc >= ?", [settings.min_word_docs]))
    ids = {w: i for i, w in enumerate(words)}
    m = len(words)
    _, avgdl = totals(db)
    pairs = _Pairs(words=words, size=settings.size, avgdl=avgdl)
    try:
        exprs = [r[0] for r in db.execute(f"select expr from {LISTS} where idx = ?", [EXACT])]
    except sqlite3.OperationalError:  # no champion lists
        exprs = []
    for expr in exprs:
        listed = phrase_tokens(expr)
        if listed and listed[0] in ids and listed[1] in ids:
            pairs.listed.add(ids[listed[0]] * m + ids[listed[1]])
    sql = (
        f"select d.rowid, d.title, d.text, s.sz from documents d join {EXACT}_docsize s on s.id = d.rowid "
        "where d.rowid <= ? order by d.rowid"
    )
    for rowid, title, text, sz in db.execute(sql, [upto]):
        columns = [fts5_tokens.tokens(title or ""), fts5_tokens.tokens(text or "")]
        lengths = fts5_tokens.varints(sz)
        if [len(c) for c in columns] != lengths[:2]:
            pairs.odd.append(rowid)
            continue
        title_keys, text_keys = (_keys(c, ids, m) for c in columns)
        counts = Counter(text_keys)  # each pair's instances in the text, times TEXT_WEIGHT below
        if TEXT_WEIGHT != 1:
            counts = Counter({key: n * TEXT_WEIGHT for key, n in counts.items()})
        for key in title_keys:
            counts[key] += TITLE_WEIGHT
        pairs.add_document(rowid, counts, sum(lengths))
    return pairs


def _keys(toks: list[str], ids: dict[str, int], m: int) -> list[int]:
    """The key of each adjacent pair of frequent words in `toks`, in order (a pair repeated, repeated)."""
    wid = list(map(ids.get, toks))
    return [a * m + b for a, b in zip(wid, wid[1:], strict=False) if a is not None and b is not None]
