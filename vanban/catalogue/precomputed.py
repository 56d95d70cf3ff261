"""What the catalogue's fast reads need counted ahead of time, brought up to date in one call: the
search's champion lists (`champions`) and the totals of much cited works (`cited_counts`). `vanban
ingest` ends with it; each part does nothing when what it counted is still current."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from vanban.catalogue import champions, cited_counts


def refresh(db: sqlite_utils.Database, *, force: bool = False) -> dict[str, Any]:
    """Bring the champion lists and the citation totals up to date; what each did."""
    return {"lists": champions.refresh(db, force=force), "cited_counts": cited_counts.refresh(db, force=force)}
