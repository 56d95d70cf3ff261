"""The catalogue: SQLite store, search, graph queries and checks.

The verbs are imported on first use; the child writers (works and citations, findings) register
when a document is first stored (store._register_writers), so reading commands start fast.
"""

from __future__ import annotations

from typing import Any

# `search` is both a module and its verb: the verb is bound here, eagerly, so the name stays the function.
from vanban.catalogue.search import find_document, search
from vanban.catalogue.store import DEFAULT_DB, get_record, open_db

_LAZY = {"ingest_paths": "vanban.catalogue.ingest"}

__all__ = ["DEFAULT_DB", "find_document", "get_record", "open_db", "search", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vanban.catalogue' has no attribute {name!r}")
