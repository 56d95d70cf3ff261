"""Works and citations in the catalogue: which document a citation points at.

A *work* is one document as the world knows it, keyed by (number, issuer, year): number and symbol
alone do not identify a document (Party numbers restart each term; every province's LĐLĐ issues
.../KH-LĐLĐ). A catalogued file belongs to one work; a cited document that is not catalogued gets a
*stub* work so it can still be queried. A citation is

- `resolved` when exactly one catalogued work fits its number, year and issuer,
- `ambiguous` (no work) when more than one does: never picked silently,
- `stub` when none does: it points at the stub work for what it says,
- `unnumbered` for a reference without a number ("Điều lệ Công đoàn Việt Nam").

Whenever a document is stored, every citation that shares a number with it (or with what it cites)
gets the answer resolving all of them again would give, so ingesting a cited document later upgrades its
stubs. A batch of documents stored in one transaction settles each number it touches once, after all its
rows are written (`write_many`, `settle`); only the citations and stubs whose resolution changed are
written back. Resolving a number in full (`resolve_key`) reads all its citations, thousands for a number
every commune uses (1/KH-UBND) or every document cites (02-NQ/TW), so it is done only where a shortcut
cannot be proven to give the same answer: new citations placed beside the works and stubs they join
(`place_new`), and a number whose works gained new documents answered again only for the citations those
works' changes can move (`settle_grown`). A document stored again (another extractor version) has its
numbers resolved in full.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import sqlite_utils
from sqlite_utils.db import ForeignKey

from vanban.catalogue.store import prepared_part, put_rows, register_child_writer
from vanban.extract.data import load
from vanban.extract.names import expand_abbreviations
from vanban.extract.normalise import fold, unaccent
from vanban.extract.patterns import number_key
from vanban.schemas import Citation, DocumentRecord

ELI_RELATION = {"can_cu": "based_on", "thuc_hien": "implements", "mention": "cites"}


# ---- tables ---------------------------------------------------------------------------------


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create `works`, `document_works` and `citations` if they are missing (idempotent). A catalogue
    that already holds documents gets their works and citations from the stored records."""
    if {"works", "document_works", "citations"} <= set(db.table_names()):
        return
    _create_tables(db)
    if "documents" in db.table_names():
        backfill(db)


def backfill(db: sqlite_utils.Database) -> int:
    """Write the works and citations of every stored document from its stored record. Returns how many."""
    done = 0
    for doc_id, raw in db.execute("select id, record from documents order by ingested_at, id").fetchall():
        try:
            record = DocumentRecord.model_validate_json(raw)
        except ValueError:  # a record stored under an older contract: re-ingesting the file rewrites it
            continue
        write_document(db, doc_id, record)
        done += 1
    return done


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("works").create(
        {
            "id": str,
            "number": str,
            "number_key": str,
            "doc_type": str,
            "issuer": str,
            "year": int,
            "date": str,
            "title": str,
            "is_stub": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("document_works").create(
        {"doc_id": str, "work_id": str},
        pk=("doc_id", "work_id"),
        foreign_keys=[
            ForeignKey("document_works", "doc_id", "documents", "id", on_delete="CASCADE"),
            ForeignKey("document_works", "work_id", "works", "id", on_delete="CASCADE"),
        ],
        if_not_exists=True,
    )
    db.table("citations").create(
        {
            "id": str,  # "<doc_id>:<seq>", seq the citation's index in the record's citations (from 0)
            "doc_id": str,
            "seq": int,
            "text": str,
            "number": str,
            "number_key": str,
            "doc_type": str,
            "date": str,
            "issuer": str,
            "title": str,
            "relation": str,  # can_cu | thuc_hien | mention
            "eli_relation": str,  # based_on | implements | cites
            "span_start": int,
            "span_end": int,
            "work_id": str,
            "resolution": str,  # resolved | stub | ambiguous | unnumbered
        },
        pk="id",
        foreign_keys=[
            ForeignKey("citations", "doc_id", "documents", "id", on_delete="CASCADE"),
            ForeignKey("citations", "work_id", "works", "id", on_delete="SET NULL"),
        ],
        if_not_exists=True,
    )
    # No index of its own on citations.work_id: the walk's covering index below and `place_new`'s
    # (work_id, issuer) both start with it, and every citation written or resolved updates each index.
    for table, cols in (
        ("works", ["number_key"]),
        ("document_works", ["work_id"]),
        ("citations", ["doc_id"]),
        ("citations", ["number_key"]),
    ):
        db.table(table).create_index(cols, if_not_exists=True)
    from vanban.catalogue.graph import WALK_INDEXES  # the citation walk's covering index, from the first write on

    name, spec = WALK_INDEXES["citations"]
    db.execute(f"create index if not exists {name} on {spec}")


def _ensure_issuer_index(db: sqlite_utils.Database) -> None:
    """The index `place_new` seeks a stub's citations by issuer in (added to catalogues made before it)."""
    db.execute("create index if not exists idx_citations_work_id_issuer on citations (work_id, issuer)")


# ---- keys -------------------------------------------------------------------------------------


def work_id(number: str | None, issuer: str | None, year: int | None) -> str:
    """A readable, stable id: '02-nq-tw-2021-bo-chinh-tri'."""
    slug = re.sub(r"[^a-z0-9]+", "-", unaccent(f"{number or ''} {year or ''} {issuer or ''}")).strip("-")
    if len(slug) > 80:
        slug = slug[:70].rstrip("-") + "-" + hashlib.sha1(slug.encode()).hexdigest()[:8]
    return slug


@lru_cache(maxsize=65536)
def _year_of(number: str | None, date: str | None) -> int | None:
    """The year of issue: the one a normative number carries (12/2012/QH13) wins over a date written
    beside it (a register may note the date it received the document), else the date's."""
    m = re.search(r"/((?:19|20)\d\d)/", number or "")
    if m:
        return int(m.group(1))
    return int(date[:4]) if date else None


def issuers_agree(cited: str | None, names: Iterable[str | None]) -> bool:
    """True unless the cited issuer and every name of the work are known and disagree. A less specific
    name agrees with a more specific one ('Liên đoàn Lao động tỉnh' with '... tỉnh Lai Châu'); the
    central Party bodies agree with one another (their documents are all numbered .../TW)."""
    known = [n for n in names if n]
    if not cited or not known:
        return True
    return any(_agree(cited, name) for name in known)


@lru_cache(maxsize=65536)
def _agrees_with(cited: str | None, names: tuple[str | None, ...] | frozenset[str]) -> bool:
    """`issuers_agree` of a citation's issuer and a catalogued work's names, kept: every batch asks again about the
    works of the numbers it touches, and a number every district uses has a hundred of them (at 10,000 documents,
    515 distinct questions were asked 1.29 million times)."""
    return issuers_agree(cited, names)


@lru_cache(maxsize=65536)
def _agree(cited: str, name: str) -> bool:
    """`issuers_agree` of two known names, kept: a number's citations and works name the same few bodies, and
    every batch asks about them again."""
    central = _central()
    a, b = _key(cited), _key(name)
    return a == b or _words_in(a, b) or _words_in(b, a) or (a in central and b in central)


@cache
def _central() -> frozenset[str]:
    return frozenset(_key(k) for k in load("citations")["party_central"])


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return fold(expand_abbreviations(name))


def _words_in(short: str, long: str) -> bool:
    return bool(short) and f" {short} " in f" {long} "


# ---- the child writer -------------------------------------------------------------------------


def write_document(db: sqlite_utils.Database, doc_id: str, record: DocumentRecord) -> None:
    """Store the document's work and citations and resolve every citation its numbers touch.
    Called by store.store_record inside the document's transaction."""
    write_many(db, [(doc_id, record)], {})


def write_many(db: sqlite_utils.Database, items: list[tuple[str, DocumentRecord]], notes: dict[str, Any]) -> None:
    """The child writer for a batch stored in one transaction: every document's rows in order, then each
    number they touch resolved once and the works they left dropped or made stubs. Leaves in
    `notes['findings_docs']` the documents whose findings may have changed (see `settle`). The rows of each
    document come from `prepare` where the reader made them (`store.prepared_part`)."""
    batch = Written()
    ensure_tables(db)
    _ensure_issuer_index(db)  # the writer adds it to catalogues made before it
    held = _holding_rows(db, [doc_id for doc_id, _record in items])
    parts = [(doc_id, prepared_part(notes, write_document, doc_id) or prepare(record)) for doc_id, record in items]
    batch.docs = {doc_id for doc_id, _record in items}
    batch.before = _works_before(db, [work["id"] for doc_id, (work, _c) in parts if doc_id not in held and work["number_key"]])
    pending = _Rows()
    for doc_id, (work, citations) in parts:
        if doc_id in held:  # rows of an earlier version: read and replaced in order, after what precedes
            pending.flush(db)
            _forget_rows(db, doc_id, batch)
        # copies: resolution updates them in place
        pending.add(doc_id, work, [dict(c) for c in citations], batch, renewed=doc_id in held)
    pending.flush(db)
    batch.left -= batch.works
    notes.setdefault("findings_docs", set()).update(settle(db, batch))


def prepare(record: DocumentRecord) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document's work row and its citation rows (nothing resolved yet): what depends on the record alone,
    made by the reader that read it (`store.prepare_record`)."""
    doc_id = record.source.sha256
    return work_row(doc_id, record), [citation_row(doc_id, i, c) for i, c in enumerate(record.citations)]


def _holding_rows(db: sqlite_utils.Database, ids: list[str]) -> set[str]:
    """Those of `ids` that have a work link or citations stored (a document stored before, in any version)."""
    out: set[str] = set()
    for i in range(0, len(ids), 400):
        chunk = ids[i : i + 400]
        marks = ",".join("?" * len(chunk))
        sql = f"select doc_id from document_works where doc_id in ({marks}) union select doc_id from citations where doc_id in ({marks})"
        out |= {r[0] for r in db.execute(sql, [*chunk, *chunk])}
    return out


class _Rows:
    """Work, link and citation rows of documents without earlier rows, inserted together (in order)."""

    def __init__(self) -> None:
        self.works: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.citations: list[dict[str, Any]] = []

    def add(
        self, doc_id: str, work: dict[str, Any], citations: list[dict[str, Any]], batch: Written, renewed: bool = False
    ) -> None:
        """`renewed`: the document had rows stored before (`_forget_rows` deleted them)."""
        self.works.append(work)
        self.links.append({"doc_id": doc_id, "work_id": work["id"]})
        self.citations += citations
        for r in citations:
            if r["number_key"]:
                batch.added.setdefault(r["number_key"], []).append(r)
        if work["number_key"]:
            if renewed:
                batch.full.add(work["number_key"])
            else:
                batch.grown.setdefault(work["number_key"], set()).add(work["id"])
        batch.works.add(work["id"])

    def flush(self, db: sqlite_utils.Database) -> None:
        put_rows(db, "works", self.works, "upsert")
        put_rows(db, "document_works", self.links, "replace")
        put_rows(db, "citations", self.citations, "replace")
        self.works, self.links, self.citations = [], [], []


@dataclass
class Written:
    """What a batch wrote before resolution: the number keys whose existing citations or catalogued works it
    changed through documents stored before (resolved again in full), the number keys whose works gained
    documents stored for the first time (`grown`: key -> those works), the citations it added by number key,
    the works its documents belong to and the works they left; the batch's documents, and the rows the works
    of its new documents had before it (`before`: id -> number_key, issuer, year, is_stub; none for a new work)."""

    full: set[str] = field(default_factory=set)
    grown: dict[str, set[str]] = field(default_factory=dict)
    added: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    works: set[str] = field(default_factory=set)
    left: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    before: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def _works_before(db: sqlite_utils.Database, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """id -> (number_key, issuer, year, is_stub) of those of the works `ids` stored (before the batch writes them)."""
    out: dict[str, tuple[Any, ...]] = {}
    unique = sorted(set(ids))
    for i in range(0, len(unique), 400):
        chunk = unique[i : i + 400]
        sql = f"select id, number_key, issuer, year, is_stub from works where id in ({','.join('?' * len(chunk))})"
        out.update((r[0], r[1:]) for r in db.execute(sql, chunk))
    return out


def _forget_rows(db: sqlite_utils.Database, doc_id: str, batch: Written) -> None:
    """Delete the document's stored work link and citations, noting in `batch` the numbers they touched (resolved
    again) and the works it leaves (made stubs or dropped once it has its new rows: `batch.left`)."""
    old_works = {r[0] for r in db.execute("select work_id from document_works where doc_id = ?", [doc_id])}
    batch.full |= {
        r[0] for r in db.execute("select number_key from citations where doc_id = ? and number_key is not null", [doc_id])
    }
    batch.full |= {
        r[0]
        for r in db.execute(
            "select w.number_key from works w join document_works d on d.work_id = w.id where d.doc_id = ? and w.number_key is not null",
            [doc_id],
        )
    }
    db.execute("delete from citations where doc_id = ?", [doc_id])
    db.execute("delete from document_works where doc_id = ?", [doc_id])
    batch.left |= old_works


def settle(db: sqlite_utils.Database, batch: Written) -> set[str]:
    """Resolve the citations of every number the batch touched and drop (or make stubs of) the works its
    documents left that lost their last file. A number whose catalogued works and earlier citations the
    batch did not change only gets its new citations placed (`place_new`); one whose works gained documents
    stored for the first time gets the answers those works' changes move (`settle_grown`); each only where
    that is certain to give what resolving all its citations again would. Otherwise, and for the numbers of
    documents stored before (their earlier rows replaced), all are resolved again (`resolve_key`).
    Returns the documents whose findings may have changed: those with a citation that became or stopped
    being `resolved` (or moved between works), and those with a citation resolved to a work of the batch's
    documents or one they left (their parent or the cited date may have changed)."""
    changed: set[str] = set()
    for key in sorted(batch.full | batch.grown.keys() | batch.added.keys()):
        if key in batch.full:
            changed |= resolve_key(db, key)
        elif key in batch.grown:
            if _citations_of(db, key) < GROWN_SHORTCUT_FROM or not settle_grown(db, key, batch, changed):
                changed |= resolve_key(db, key)
        elif not place_new(db, key, batch.added[key], changed):
            changed |= resolve_key(db, key)
    _drop_orphan_works(db, batch.left)
    ids = sorted(batch.works | batch.left)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        changed |= {
            r[0]
            for r in db.execute(
                f"select distinct doc_id from citations where work_id in ({marks}) and resolution = 'resolved'", chunk
            )
        }
    return changed


def place_new(
    db: sqlite_utils.Database,
    key: str,
    added: list[dict[str, Any]],
    changed: set[str],
    real: list[dict[str, Any]] | None = None,
) -> bool:
    """Resolve the citations `added` of number `key` without reading its other citations, where the answer is
    certain to be the one `resolve_key` would give: the catalogued works of `key` are those it already
    answered with, so each earlier citation keeps its answer, and each new one

    - fits one catalogued work (resolved) or several (ambiguous): no other citation depends on that;
    - fits none and joins the one stub of that number and year (of that number, for a citation without a
      year: it may join a stub of any year) with nothing the stub does not already say (number, type, date,
      title) and an issuer that cannot change the stub (`_joins_unchanged`): in whatever order the clustering
      meets them it makes the same one stub, so nothing else moves.

    `real`: the catalogued works of `key` where already read (`_catalogued_works`). Returns False, with nothing
    written, when some new citation is not such a case."""
    real = _catalogued_works(db, key) if real is None else real
    fitting = _Fitting(real)
    answers: list[tuple[dict[str, Any], str | None, str]] = []
    stubs: dict[str, _StubView] = {}  # what was read of each stub, and the new citations placed in it so far
    for c in added:
        year = _year_of(c["number"], c["date"])
        fits = fitting.fits(year, c["issuer"])
        if len(fits) == 1:
            answers.append((c, fits[0], "resolved"))
        elif len(fits) > 1:
            answers.append((c, None, "ambiguous"))
        else:
            stub = _the_stub(db, key, year)
            if stub is None or not _joins_unchanged(c, year, stubs.setdefault(stub["id"], _StubView(db, stub))):
                return False
            answers.append((c, stub["id"], "stub"))
    for c, wid, resolution in answers:
        if (wid, resolution) != (c["work_id"], c["resolution"]):
            db.execute("update citations set work_id = ?, resolution = ? where id = ?", [wid, resolution, c["id"]])
            c["work_id"], c["resolution"] = wid, resolution
        if resolution == "resolved":
            changed.add(c["doc_id"])
    return True


GROWN_SHORTCUT_FROM = 150  # citations of a number below which resolving it in full costs less than settle_grown's reads


def _citations_of(db: sqlite_utils.Database, key: str) -> int:
    """How many citations number `key` has (counted in its index)."""
    return db.execute("select count(*) from citations where number_key = ?", [key]).fetchone()[0]


def settle_grown(db: sqlite_utils.Database, key: str, batch: Written, changed: set[str]) -> bool:
    """Resolve number `key` after the batch stored documents for the first time into works of that number (new
    works, or new files of works catalogued before), without reading all its citations where the answer is
    certain to be the one `resolve_key` would give. A citation's answer depends only on its year and issuer and
    on the catalogued works (their years and names: issuer and the organs of all their files), so

    - the works whose year or names the batch changed for this number (`_moved_works`; usually none: a new file
      of a work names its organ again) can change only the citations of a (year, issuer) one of them fits, before
      or after; each such citation that some work fits both before and after gets its new answer (resolved or
      ambiguous) directly, read by its group (`_regrouped`); no other citation depends on it;
    - the citations no catalogued work fits are then the same, so their stubs stay as they are, and the new
      citations are placed among them as `place_new` does.

    Taken only where the stored answers of `key` are what `resolve_key` left (`_targets_are_current`) and no
    group of citations starts or stops fitting a catalogued work (their stubs would be clustered again).
    Returns False, with nothing written, where this is not certain; the caller then resolves `key` in full."""
    if not _targets_are_current(db, key):
        return False
    moved = _moved_works(db, key, batch.grown.get(key, set()) | {w for w, old in batch.before.items() if old[0] == key}, batch)
    if moved is None:
        return False
    writes: list[tuple[str | None, str, str, str, str]] = []
    real = None
    if moved:
        real = _catalogued_works(db, key)
        regrouped = _regrouped(db, key, moved, real, {c["id"] for c in batch.added.get(key, [])})
        if regrouped is None:
            return False
        writes = regrouped
    added = batch.added.get(key)
    if added and not place_new(db, key, added, changed, real):
        return False
    db.conn.executemany("update citations set work_id = ?, resolution = ? where id = ?", [w[:3] for w in writes])
    changed |= {doc_id for wid, resolution, _cid, doc_id, was in writes if "resolved" in (resolution, was)}
    return True


PLAIN_KEY_RE = re.compile(r"[a-z0-9]+(?:/[a-z0-9]+)*")  # a number key of letters and digits only: '02/nq/tw', '1/kh/ubnd'


def _targets_are_current(db: sqlite_utils.Database, key: str) -> bool:
    """True when the works of number `key` are as `resolve_key` leaves them, so that its stored answers are the
    ones it gave: a work of that number with files is not a stub, one without files is, and no work whose id
    could be one of that number's (ids begin with the number's slug: `work_id`) is now of another number. Such a
    work lost its row to a number written with other characters ('1/KH–UBND', with an en dash, has the works
    of '1/KH-UBND'), and the citations of `key` that fitted it, resolved or ambiguous, are answered again only
    by `resolve_key`. The slug is certain for a key of letters, digits and slashes only; the works are read from
    that range of ids (a handful), never from the citations."""
    if not PLAIN_KEY_RE.fullmatch(key) or len(key) > 60:
        return False
    prefix = key.replace("/", "-")  # work_id's slug of the number: ids are it, or it followed by '-...'
    rows = db.execute(
        """select number_key, is_stub, exists (select 1 from document_works dw where dw.work_id = works.id)
           from works where id >= ? and id < ?""",
        [prefix, prefix + "-~"],
    ).fetchall()
    return all(number == key and is_stub == (0 if linked else 1) for number, is_stub, linked in rows)


def _moved_works(
    db: sqlite_utils.Database, key: str, ids: set[str], batch: Written
) -> list[tuple[str, tuple[Any, ...] | None, tuple[Any, ...] | None]] | None:
    """Of the works `ids` (those the batch's new documents joined, and those of `key` before it), the ones whose
    place among the catalogued works of `key` changed: (id, (year, names) before or None, (year, names) now or
    None), names as a set (`issuers_agree` reads no more). Before the batch, a work's files were those not of the
    batch (its documents are stored for the first time) and its row was `batch.before`'s. None when a work that
    was a stub, or that is one now, holds files (resolve it in full)."""
    marks = ",".join("?" * len(ids))
    now: dict[str, dict[str, Any]] = {}
    for wid, number, issuer, year, is_stub, doc_id, organ in db.execute(
        f"""select w.id, w.number_key, w.issuer, w.year, w.is_stub, dw.doc_id, d.organ
            from works w left join document_works dw on dw.work_id = w.id left join documents d on d.id = dw.doc_id
            where w.id in ({marks})""",
        sorted(ids),
    ):
        w = now.setdefault(wid, {"key": number, "issuer": issuer, "year": year, "is_stub": is_stub, "files": []})
        if doc_id is not None:
            w["files"].append((doc_id, organ))
    moved = []
    for wid in sorted(ids):
        old, cur = batch.before.get(wid), now.get(wid)
        if cur is None or (old is not None and old[3] != 0):
            return None
        earlier = [f for f in cur["files"] if f[0] not in batch.docs]
        was = (old[2], _names(old[1], earlier)) if old is not None and old[0] == key and earlier else None
        is_ = (cur["year"], _names(cur["issuer"], cur["files"])) if cur["key"] == key and cur["files"] else None
        if is_ is not None and cur["is_stub"] != 0:
            return None
        if was != is_:
            moved.append((wid, was, is_))
    return moved


def _names(issuer: str | None, files: list[tuple[str, str | None]]) -> frozenset[str]:
    return frozenset(n for n in (issuer, *(organ for _doc, organ in files)) if n)


def _fits(year: int | None, issuer: str | None, work_year: int | None, names: tuple[str | None, ...] | frozenset[str]) -> bool:
    """Whether a citation of `year` naming `issuer` fits a work of `work_year` with `names` (its issuer and organs)."""
    return (year is None or work_year is None or year == work_year) and _agrees_with(issuer, names)


def _regrouped(
    db: sqlite_utils.Database,
    key: str,
    moved: list[tuple[str, tuple[Any, ...] | None, tuple[Any, ...] | None]],
    real: list[dict[str, Any]],
    new_ids: set[str],
) -> list[tuple[str | None, str, str, str, str]] | None:
    """The citations of `key` (but the batch's new ones, `new_ids`) whose answer the `moved` works change:
    (work_id, resolution, id, doc_id, resolution before) for each. None when a group of citations (same year and
    issuer) that a moved work fits, before or after, fits no catalogued work before or after (its stubs would be
    clustered again), or when a stored answer there is not the one the works before the batch give. `real`: the
    catalogued works of `key` now. The citations are read grouped by number, date and issuer (what an answer
    depends on), and only the groups a moved work fits are read in full."""
    moving = {wid for wid, _was, _is in moved}
    common = [w for w in real if w["id"] not in moving]
    groups: dict[tuple[int | None, str | None], list[str]] = {}  # (year, issuer) -> rowids of its citations
    for number, date, issuer, rowids in db.execute(
        "select number, date, issuer, group_concat(rowid) from citations where number_key = ? group by number, date, issuer",
        [key],
    ):
        groups.setdefault((_year_of(number, date), issuer), []).append(rowids)
    answers: dict[str, tuple[tuple[str | None, str], tuple[str | None, str]]] = {}  # rowid -> answer before, after
    for (year, issuer), rowids in groups.items():
        before = [wid for wid, was, _is in moved if was and _fits(year, issuer, *was)]
        after = [wid for wid, _was, is_ in moved if is_ and _fits(year, issuer, *is_)]
        if before == after:
            continue
        fits = [w["id"] for w in common if _fits(year, issuer, w["year"], w["names"])]
        was, now = _answer(fits + before), _answer(fits + after)
        if was is None or now is None:
            return None
        answers.update((rowid, (was, now)) for joined in rowids for rowid in joined.split(","))
    writes: list[tuple[str | None, str, str, str, str]] = []
    ids = sorted(answers, key=int)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for rowid, cid, doc_id, wid, resolution in db.execute(
            f"select rowid, id, doc_id, work_id, resolution from citations where rowid in ({','.join('?' * len(chunk))})",
            [int(r) for r in chunk],
        ):
            if cid in new_ids:
                continue
            was, now = answers[str(rowid)]
            if (wid, resolution) != was:
                return None
            if now != was:
                writes.append((now[0], now[1], cid, doc_id, resolution))
    return writes


def _answer(fits: list[str]) -> tuple[str | None, str] | None:
    """What `resolve_key` answers a citation that the works `fits` fit; None for none (a stub's)."""
    if not fits:
        return None
    return (fits[0], "resolved") if len(fits) == 1 else (None, "ambiguous")


def _the_stub(db: sqlite_utils.Database, key: str, year: int | None) -> dict[str, Any] | None:
    """The one stub work of number `key` and `year` (of any year when None), else None."""
    where, params = ("and year = ?", [key, year]) if year is not None else ("", [key])
    rows = db.execute(
        f"select {', '.join(_WORK_COLUMNS)} from works where number_key = ? and is_stub = 1 {where} limit 2", params
    ).fetchall()
    return dict(zip(_WORK_COLUMNS, rows[0], strict=True)) if len(rows) == 1 else None


def _joins_unchanged(c: dict[str, Any], year: int | None, stub: _StubView) -> bool:
    """True when the citation `c` (of `year`), which no catalogued work fits, joins the one `stub` of its number
    and year (`_the_stub`) and changes nothing, wherever it sorts among the stub's citations (`_stub_clusters`
    meets those with a year first, in id order, then those without). Its number, type, date and title are the
    stub's, or none, or come after a citation of the stub that has one (the stub takes each from the first
    citation met that has one: `_StubView.said_before`), and its issuer

    - is none: it fits the stub whatever the stub's issuer, and never changes it;
    - or agrees with each issuer of the stub's citations and of the new ones placed in it, so every one of them
      joins the stub in any order, and is no longer than the issuer the stub has once the citations with a year
      are met (the longest of theirs, the first met among equally long ones), or is that issuer: the stub's
      issuer evolves as before, and the citations without a year, which it decides, go where they went. A
      citation without a year must be no longer than that issuer."""
    row = stub.row
    for f in _STUB_FIELDS:
        if c[f] is not None and c[f] != row[f] and not stub.said_before(f, c["id"], year):
            return False
    issuer = c["issuer"]
    if issuer is None:
        return True
    if row["year"] is None:  # all its citations have no year: the stub is begun by whichever sorts first
        return False
    names = stub.issuers() | stub.joining | {issuer}
    if len(names) > 16 or not all(issuers_agree(a, [b]) for a in names for b in names):
        return False
    # the issuers at least as long as this one that the stub's citations with a year carry
    dated = [n for n in stub.issuers() if len(n) >= len(issuer) and stub.dated(n)]
    longest = max((len(n) for n in dated), default=-1)
    if year is None:
        ok = longest >= len(issuer)
    else:
        ok = longest > len(issuer) or (longest == len(issuer) and all(n == issuer for n in dated if len(n) == longest))
    if ok:
        stub.joining.add(issuer)
    return ok


_STUB_FIELDS = ("number", "doc_type", "date", "title")  # what a stub takes from the first citation met that has it


class _StubView:
    """What `place_new` reads of a stub's stored citations, each read once per batch: their issuers, whether those
    naming an issuer have a year, and which first has each field."""

    def __init__(self, db: sqlite_utils.Database, row: dict[str, Any]) -> None:
        self.db, self.row = db, row
        self.joining: set[str] = set()  # the issuers of the new citations placed in it so far
        self._issuers: set[str] | None = None
        self._dated: dict[str, bool] = {}
        self._first: dict[str, tuple[str | None, str | None]] = {}

    def issuers(self) -> set[str]:
        """The issuers its citations name."""
        if self._issuers is None:
            rows = self.db.execute("select distinct issuer from citations where work_id = ?", [self.row["id"]])
            self._issuers = {r[0] for r in rows if r[0]}
        return self._issuers

    def dated(self, issuer: str) -> bool:
        """Whether a citation naming `issuer` has a year (`_year_of`; the query only skips rows that cannot)."""
        if issuer not in self._dated:
            rows = self.db.execute(
                """select number, date from citations where work_id = ? and issuer = ?
                   and (date != '' or number like '%/19%' or number like '%/20%')""",
                [self.row["id"], issuer],
            )
            self._dated[issuer] = any(_year_of(number, date) is not None for number, date in rows)
        return self._dated[issuer]

    def said_before(self, field: str, cid: str, year: int | None) -> bool:
        """Whether a citation that `_stub_clusters` meets before the citation `cid` (of `year`) has a `field` (the
        stub took it from that one, and `cid` cannot change it): one with a year and a smaller id, for a citation
        with a year; for one without, any with a smaller id, or any with a year."""
        if field not in self._first:
            if field not in _STUB_FIELDS:
                raise ValueError(field)
            first_any = first_dated = None
            for i, number, date in self.db.execute(
                f"select id, number, date from citations where work_id = ? and {field} != ''", [self.row["id"]]
            ):
                if first_any is None or i < first_any:
                    first_any = i
                if (first_dated is None or i < first_dated) and _year_of(number, date) is not None:
                    first_dated = i
            self._first[field] = (first_any, first_dated)
        first_any, first_dated = self._first[field]
        if year is None:
            return first_dated is not None or (first_any is not None and first_any < cid)
        return first_dated is not None and first_dated < cid


def work_row(doc_id: str, record: DocumentRecord) -> dict[str, Any]:
    issuer = record.issuer.name if record.issuer else None
    year = _year_of(record.number, record.date)
    wid = work_id(record.number, issuer, year) if record.number else f"doc-{doc_id[:16]}"
    return {
        "id": wid,
        "number": record.number,
        "number_key": number_key(record.number) if record.number else None,
        "doc_type": record.doc_type,
        "issuer": issuer,
        "year": year,
        "date": record.date,
        "title": record.title,
        "is_stub": 0,
    }


def citation_row(doc_id: str, seq: int, c: Citation) -> dict[str, Any]:
    return {
        "id": f"{doc_id}:{seq}",
        "doc_id": doc_id,
        "seq": seq,
        "text": c.text,
        "number": c.number,
        "number_key": number_key(c.number) if c.number else None,
        "doc_type": c.doc_type,
        "date": c.date,
        "issuer": c.issuer,
        "title": c.title,
        "relation": c.relation,
        "eli_relation": ELI_RELATION[c.relation],
        "span_start": c.span[0],
        "span_end": c.span[1],
        "work_id": None,
        "resolution": "stub" if c.number else "unnumbered",
    }


# ---- resolution -------------------------------------------------------------------------------


def resolve_key(db: sqlite_utils.Database, key: str) -> set[str]:
    """Resolve again every citation of number `key` against the catalogued works of that number, and
    rebuild the stub works for what no catalogued work answers. Only what changed is written. Returns
    the documents with a citation that became or stopped being `resolved`, or moved to another work
    while resolved."""
    real = _catalogued_works(db, key)
    db.execute(
        """update works set is_stub = 0 where number_key = ? and is_stub is not 0
           and exists (select 1 from document_works dw where dw.work_id = works.id)""",
        [key],
    )
    cols = ("id", "number", "date", "issuer", "doc_type", "title", "doc_id", "work_id", "resolution")
    citations = [dict(zip(cols, r, strict=True)) for r in db.execute(
        f"select {', '.join(cols)} from citations where number_key = ? order by id", [key]
    )]  # fmt: skip
    updates: dict[str, tuple[str | None, str]] = {}
    leftover = []
    fitting = _Fitting(real)
    for c in citations:
        year = _year_of(c["number"], c["date"])
        fits = fitting.fits(year, c["issuer"])
        if len(fits) == 1:
            updates[c["id"]] = (fits[0], "resolved")
        elif len(fits) > 1:
            updates[c["id"]] = (None, "ambiguous")
        else:
            leftover.append({**c, "year": year})
    for stub, members in _stub_clusters(leftover):
        if stub is None:
            for c in members:
                updates[c["id"]] = (None, "ambiguous")
            continue
        _put_stub(db, stub)
        for c in members:
            updates[c["id"]] = (stub["id"], "stub")
    changed: set[str] = set()
    writes = []
    for c in citations:
        wid, resolution = updates[c["id"]]
        if (wid, resolution) == (c["work_id"], c["resolution"]):
            continue
        writes.append((wid, resolution, c["id"]))
        if "resolved" in (resolution, c["resolution"]):
            changed.add(c["doc_id"])
    db.conn.executemany("update citations set work_id = ?, resolution = ? where id = ?", writes)
    db.execute(
        """delete from works where number_key = ? and is_stub = 1
           and not exists (select 1 from citations c where c.work_id = works.id)""",
        [key],
    )
    return changed


_WORK_COLUMNS = ("id", "number", "number_key", "doc_type", "issuer", "year", "date", "title", "is_stub")


def _put_stub(db: sqlite_utils.Database, stub: dict[str, Any]) -> None:
    """Upsert a stub work, unless the stored row already says exactly that."""
    row = db.execute(f"select {', '.join(_WORK_COLUMNS)} from works where id = ?", [stub["id"]]).fetchone()
    if row is None or row != tuple(stub[c] for c in _WORK_COLUMNS):
        put_rows(db, "works", [stub], "upsert")


def _catalogued_works(db: sqlite_utils.Database, key: str) -> list[dict[str, Any]]:
    rows = db.execute(
        """select w.id, w.year, w.issuer, group_concat(coalesce(d.organ, ''), '|')
           from works w join document_works dw on dw.work_id = w.id join documents d on d.id = dw.doc_id
           where w.number_key = ? group by w.id""",
        [key],
    ).fetchall()
    return [{"id": r[0], "year": r[1], "names": (r[2], *[o for o in (r[3] or "").split("|") if o])} for r in rows]


class _Fitting:
    """Which of a number's catalogued works (`_catalogued_works`) a citation fits, as `_fits` says: a work of another
    year never does, so only the works of its year and those without one are asked whether their names agree; each
    (year, issuer) is answered once. A number every district uses (12/KH-LĐLĐ) has a hundred works or more over a
    dozen years, and its citations name the same issuers again and again."""

    def __init__(self, real: list[dict[str, Any]]) -> None:
        self.real = real
        self.by_year: dict[int | None, list[dict[str, Any]]] = {}
        for w in real:
            self.by_year.setdefault(w["year"], []).append(w)
        self.memo: dict[tuple[int | None, str | None], list[str]] = {}

    def fits(self, year: int | None, issuer: str | None) -> list[str]:
        """The ids of the works a citation of `year` (None: unknown) naming `issuer` fits (only how many matters
        to the callers, and the one id when there is one)."""
        got = self.memo.get((year, issuer))
        if got is None:
            works = self.real if year is None else self.by_year.get(year, []) + self.by_year.get(None, [])
            got = self.memo[(year, issuer)] = [w["id"] for w in works if _agrees_with(issuer, w["names"])]
        return got


def _stub_clusters(leftover: list[dict[str, Any]]) -> list[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """Group the citations no catalogued work answers into stub works: by year, then by agreeing
    issuer. A citation without a year joins the one group it fits, or is ambiguous if it fits several."""
    clusters: list[dict[str, Any]] = []
    # Which clusters a citation fits depends only on its year and issuer and on the clusters' years and
    # issuers, so it is remembered until those change (a number cited thousands of times has few clusters).
    memo: dict[tuple[int | None, str | None], list[dict[str, Any]]] = {}
    for c in sorted(leftover, key=lambda c: c["year"] is None):
        fits = memo.get((c["year"], c["issuer"]))
        if fits is None:
            fits = memo[(c["year"], c["issuer"])] = [k for k in clusters if _fits_cluster(c, k)]
        if c["year"] is None and len(fits) > 1:
            clusters.append({"ambiguous": True, "members": [c]})  # fits nothing: the remembered answers stay true
            continue
        if fits and not fits[0].get("ambiguous"):
            k = fits[0]
            k["members"].append(c)
            before = (k["year"], k["issuer"])
            k["year"] = k["year"] or c["year"]
            if c["issuer"] and len(c["issuer"]) > len(k["issuer"] or ""):
                k["issuer"] = c["issuer"]
            if (k["year"], k["issuer"]) != before:
                memo.clear()
        else:
            clusters.append({"year": c["year"], "issuer": c["issuer"], "members": [c]})
            memo.clear()
    out: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = []
    for k in clusters:
        if k.get("ambiguous"):
            out.append((None, k["members"]))
            continue
        first, members = k["members"][0], k["members"]

        def pick(field: str, members: list[dict[str, Any]] = members) -> Any:
            return next((m[field] for m in members if m[field]), None)

        stub = {
            "id": work_id(first["number"], k["issuer"], k["year"]),
            "number": first["number"],
            "number_key": number_key(first["number"]),
            "doc_type": pick("doc_type"),
            "issuer": k["issuer"],
            "year": k["year"],
            "date": pick("date"),
            "title": pick("title"),
            "is_stub": 1,
        }
        out.append((stub, k["members"]))
    return out


def _fits_cluster(c: dict[str, Any], k: dict[str, Any]) -> bool:
    if k.get("ambiguous"):
        return False
    if c["year"] is not None and k["year"] is not None and c["year"] != k["year"]:
        return False
    return issuers_agree(c["issuer"], [k["issuer"]])


def _drop_orphan_works(db: sqlite_utils.Database, ids: set[str]) -> None:
    """Of the works `ids` (which a re-stored document left), one without files that nothing cites is
    removed, and one still cited becomes a stub."""
    for wid in ids:
        if db.execute("select 1 from document_works where work_id = ?", [wid]).fetchone():
            continue
        if db.execute("select 1 from citations where work_id = ?", [wid]).fetchone():
            db.execute("update works set is_stub = 1 where id = ?", [wid])
        else:
            db.execute("delete from works where id = ?", [wid])


write_document.write_many = write_many  # type: ignore[attr-defined]
write_document.prepare = prepare  # type: ignore[attr-defined]
write_document.ensure_tables = ensure_tables  # type: ignore[attr-defined]
register_child_writer(write_document)
