from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture
def db(tmp_path):
    from vanban.catalogue import open_db

    return open_db(tmp_path / "catalogue.db")


@pytest.fixture(autouse=True)
def _ocr_default_never():
    """The CLI sets the process-wide OCR default (ingest: auto); commands invoked in-process by one
    test must not change how scans are read in the next."""
    from vanban.extract.readers import ocr

    ocr.set_default(mode="never")
    yield
    ocr.set_default(mode="never")
