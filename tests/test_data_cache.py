"""Rule files are parsed from YAML once and kept as JSON; a changed file is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.extract import data


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(data, "_HERE", tmp_path)
    monkeypatch.setattr(data, "_CACHE", tmp_path / "__pycache__")
    data.load.cache_clear()
    yield tmp_path
    data.load.cache_clear()


def test_kept_as_json_and_read_back(folder: Path) -> None:
    (folder / "words.yaml").write_text(
        "words:\n  - Kế hoạch\n  - 'Quyết định'\nn: 3\nx: 1.5\nok: true\nnone: null\n", encoding="utf-8"
    )
    first = data.load("words")
    kept = list((folder / "__pycache__").glob("words.*.jsoncache"))
    assert len(kept) == 1
    data.load.cache_clear()
    assert data.load("words") == first == {"words": ["Kế hoạch", "Quyết định"], "n": 3, "x": 1.5, "ok": True, "none": None}


def test_a_changed_file_is_parsed_again_and_the_old_copy_removed(folder: Path) -> None:
    (folder / "words.yaml").write_text("a: 1\n", encoding="utf-8")
    assert data.load("words") == {"a": 1}
    data.load.cache_clear()
    (folder / "words.yaml").write_text("a: 2\n", encoding="utf-8")
    assert data.load("words") == {"a": 2}
    assert len(list((folder / "__pycache__").glob("words.*.jsoncache"))) == 1


def test_contents_json_would_change_are_not_kept(folder: Path) -> None:
    (folder / "codes.yaml").write_text("1: one\n2: two\n", encoding="utf-8")  # integer keys
    assert data.load("codes") == {1: "one", 2: "two"}
    assert not list((folder / "__pycache__").glob("codes.*.jsoncache"))


def test_a_folder_that_cannot_be_written_keeps_nothing(folder: Path) -> None:
    (folder / "words.yaml").write_text("a: 1\n", encoding="utf-8")
    (folder / "__pycache__").write_text("not a folder", encoding="utf-8")
    assert data.load("words") == {"a": 1}


def test_a_damaged_copy_is_ignored(folder: Path) -> None:
    (folder / "words.yaml").write_text("a: 1\n", encoding="utf-8")
    data.load("words")
    (kept,) = (folder / "__pycache__").glob("words.*.jsoncache")
    kept.write_text("{not json", encoding="utf-8")
    data.load.cache_clear()
    assert data.load("words") == {"a": 1}


def test_kept_copies_do_not_change_the_extractor_version(folder: Path) -> None:
    """The catalogue re-extracts when the hash of vanban/extract's .py, .yaml and .json files changes: a copy
    written on first use must not count."""
    from vanban.catalogue.ingest import extractor_version

    before = extractor_version()
    (folder / "words.yaml").write_text("a: 1\n", encoding="utf-8")
    data.load("words")
    kept = next((folder / "__pycache__").iterdir())
    assert kept.suffix not in (".py", ".yaml", ".json")
    assert extractor_version() == before
