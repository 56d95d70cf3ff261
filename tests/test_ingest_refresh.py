"""`vanban ingest` ends by bringing what the fast reads count ahead of time up to date
(`catalogue.precomputed.refresh`): the citation totals are current after it, and a small catalogue,
where no search list is needed, gets none and no message about them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vanban.catalogue import champions, open_db, precomputed
from vanban.catalogue.cited_counts import GENERATION, STATE
from vanban.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"


def test_ingest_leaves_the_citation_totals_current(tmp_path: Path) -> None:
    db_path = tmp_path / "c.db"
    out = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db_path), "--workers", "1"])
    assert out.exit_code == 0, out.output
    assert "danh sách xếp hạng" not in out.output  # 5 documents: no list is needed
    db = open_db(db_path)
    generation = db.execute(f"select n from {GENERATION}").fetchone()[0]
    assert dict(db.execute(f"select key, value from {STATE}").fetchall())["generation"] == str(generation)
    assert champions.status(db)["lists"] == 0
    assert not precomputed.needs_rebuild(db)  # nothing to build: no message before the next ingest's refresh
    again = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db_path), "--workers", "1"])
    assert "0 stored, 5 unchanged" in again.output


def test_nothing_stored_means_nothing_refreshed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    db_path = tmp_path / "c.db"
    out = CliRunner().invoke(cli, ["ingest", str(empty), "--db", str(db_path), "--workers", "1"])
    assert out.exit_code == 0, out.output
    assert STATE not in open_db(db_path).table_names()
