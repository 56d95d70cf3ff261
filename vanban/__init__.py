"""vanban: catalogue Vietnamese plans and directives, and the documents they implement.

The public verbs are `extract_file` and `extract_text` (a record from a file or a text) and the
catalogue verbs `open_db`, `ingest_paths`, `search`, `find_document` and `get_record`. They are
imported on first use, so that commands which only read the catalogue start fast (the extraction
pipeline loads spaCy).
"""

from __future__ import annotations

from typing import Any

from vanban.errors import MissingTool, NeedsOcr, UnreadableDocument

_LAZY = {
    "extract_file": "vanban.extract.pipeline",
    "extract_text": "vanban.extract.pipeline",
    "open_db": "vanban.catalogue",
    "ingest_paths": "vanban.catalogue",
    "search": "vanban.catalogue",
    "find_document": "vanban.catalogue",
    "get_record": "vanban.catalogue",
}

__all__ = ["MissingTool", "NeedsOcr", "UnreadableDocument", *_LAZY]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'vanban' has no attribute {name!r}")
