from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture
def db(tmp_path):
    from vanban.catalogue import open_db

    return open_db(tmp_path / "catalogue.db")
