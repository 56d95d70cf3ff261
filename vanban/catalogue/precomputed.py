"""What the catalogue's fast reads need counted ahead of time, brought up to date in one call: the
search's champion lists (`champions`), its index of adjacent word pairs (`phrase_pairs_build`) and the
totals of much cited works (`cited_counts`). `vanban ingest` ends with it; each part does nothing when
what it counted is still current."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from vanban.catalogue import champions, cited_counts, phrase_pairs_build


def refresh(db: sqlite_utils.Database, *, force: bool = False, workers: int = 1) -> dict[str, Any]:
    """Bring the champion lists, the word pairs and the citation totals up to date; what each did. The lists
    are ranked in `workers` processes (the caller must be able to fork: no other thread inside SQLite)."""
    lists = champions.refresh(db, force=force, workers=workers)  # first: the pairs are built after the lists they leave out
    pairs = phrase_pairs_build.refresh(db, force=force)
    return {"lists": lists, "phrase_pairs": pairs, "cited_counts": cited_counts.refresh(db, force=force)}


def needs_rebuild(db: sqlite_utils.Database) -> bool:
    """Whether `refresh` will build the champion lists or the word pairs again, or top the lists up (minutes on a
    large catalogue, worth saying before it starts); the citation totals take a fraction of a second."""
    pairs = phrase_pairs_build.PairSettings()
    return (
        champions.needs_rebuild(db)
        or champions.needs_top_up(db)
        or phrase_pairs_build.needs_rebuild(db, pairs, phrase_pairs_build.status(db))
    )
