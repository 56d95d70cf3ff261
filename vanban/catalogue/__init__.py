"""The catalogue: SQLite store, search, graph queries and checks."""

from vanban.catalogue import works as _works  # noqa: F401  (registers the works and citations writer)
from vanban.catalogue.checks import store as _findings  # noqa: F401  (registers the compliance findings writer)
from vanban.catalogue.ingest import ingest_paths
from vanban.catalogue.search import find_document, search
from vanban.catalogue.store import DEFAULT_DB, get_record, open_db

__all__ = ["DEFAULT_DB", "find_document", "get_record", "ingest_paths", "open_db", "search"]
