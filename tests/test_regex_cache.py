"""regex_cache: programs kept between processes are the ones `re` compiles, and a damaged or missing
file only means compiling as usual."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from vanban.extract import regex_cache
from vanban.extract.citation_patterns import named_ref_re, short_ref_re, trigger_re
from vanban.extract.patterns import NUMBER_RE, PLACE_DATE_WORDS_RE

PATTERNS = [
    (r"(?P<year>(?:19|20)\d\d)", 0),
    (r"(?<![\w])(?:Căn cứ|Thực hiện)(?![\w])", re.IGNORECASE),
    (
        r"""
        \t[ ]*          # a tab
      | [ ]{4,}         # spaces
     """,
        re.VERBOSE,
    ),
    (r"[À-Ỹà-ỹ]+\s+(?P<w>\w+)$", re.MULTILINE),
    (r"(a)(b)?(?(2)c|d)", 0),
    (r"x*+y++", 0),
]


def _fresh(pattern: str, flags: int) -> re.Pattern[str]:
    return re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_recipe_builds_the_pattern_re_compiles(pattern: str, flags: int) -> None:
    built = regex_cache.build(pattern, regex_cache.recipe(pattern, flags))
    assert built == _fresh(pattern, flags)  # same pattern, flags and program
    assert built.groupindex == _fresh(pattern, flags).groupindex


def test_the_extractors_big_patterns_round_trip() -> None:
    for rx in (short_ref_re(), trigger_re(), named_ref_re(), NUMBER_RE, PLACE_DATE_WORDS_RE):
        assert regex_cache.build(rx.pattern, regex_cache.recipe(rx.pattern, rx.flags)) == rx


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The cache files in a temporary folder, and a fresh state (as a new process has)."""
    monkeypatch.setattr(regex_cache, "_CACHE", tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)

    def new_process() -> None:
        re.purge()
        monkeypatch.setattr(regex_cache, "_state", {"loaded": None, "kept": False})

    new_process()
    yield new_process
    re.purge()


def test_a_pattern_is_kept_once_a_second_process_compiles_it(isolated) -> None:
    pattern = r"(?P<seq>\d{1,5})/(?P<code>KH|NQ)-regex-cache-test"
    for process in range(3):
        isolated()
        assert regex_cache.preload() == (1 if process == 2 else 0)
        rx = re.compile(pattern)
        assert rx == _fresh(pattern, 0)
        assert rx.match("135/KH-regex-cache-test").group("code") == "KH"
        added = regex_cache.keep()
        assert added == (1 if process == 1 else 0)  # seen once first, kept the second time, loaded the third
        if process == 2:
            assert (pattern, 0) in regex_cache._state["loaded"]


def test_keep_runs_once_a_process(isolated) -> None:
    re.compile(r"once-a-process-\d")
    regex_cache.keep()
    re.compile(r"another-one-\d")
    assert regex_cache.keep() == 0
    assert regex_cache._digest((r"another-one-\d", 0)) not in regex_cache._read("seen")


def test_a_damaged_file_loads_nothing(isolated) -> None:
    path = regex_cache.cache_path()
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"\x00not marshal data")
    assert regex_cache.preload() == 0
    assert re.compile(r"still-\d+").match("still-12")


def test_a_damaged_program_is_compiled_as_usual(isolated) -> None:
    pattern = r"damaged-(\d+)"
    flags, code, groups, gi, ig = regex_cache.recipe(pattern, 0)
    regex_cache._write("cache", {(pattern, 0): (flags, b"\xff\xff\xff\xff" + code[4:], groups, gi, ig)})
    assert regex_cache.preload() == 0  # the engine refused the program
    assert re.compile(pattern).match("damaged-7").group(1) == "7"


def test_programs_of_the_latest_process_are_loaded_first(isolated, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the file holds more programs than `re`'s cache has room for, those of the latest process win."""
    old = [rf"old-pattern-{i}-\d" for i in range(5)]
    new = [rf"new-pattern-{i}-\d" for i in range(3)]
    regex_cache._write("cache", {(p, 0): regex_cache.recipe(p, 0) for p in old + new})
    monkeypatch.setattr(regex_cache, "_RE_CACHE_SIZE", 0)  # re's cache is not grown
    monkeypatch.setattr(re, "_MAXCACHE", len(re._cache) + 64 + 3)  # room for three
    assert regex_cache.preload() == 3
    assert regex_cache._state["loaded"] == {(p, 0) for p in new}


def test_re_cache_grows_to_hold_more_programs_than_its_standard_512(isolated, monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractors compile more than 512 patterns: all of the file's programs are loaded, none compiled again."""
    monkeypatch.setattr(re, "_MAXCACHE", 512)
    many = [rf"many-pattern-{i}-\d" for i in range(600)]
    regex_cache._write("cache", {(p, 0): regex_cache.recipe(p, 0) for p in many})
    assert regex_cache.preload() == 600
    assert all((str, p, 0) in re._cache for p in many)  # type: ignore[attr-defined]


def test_a_program_not_loaded_for_want_of_room_moves_to_the_end(isolated, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = r"first-pattern-\d", r"second-pattern-\d"
    regex_cache._write("cache", {(first, 0): regex_cache.recipe(first, 0), (second, 0): regex_cache.recipe(second, 0)})
    monkeypatch.setattr(regex_cache, "_RE_CACHE_SIZE", 0)
    monkeypatch.setattr(re, "_MAXCACHE", len(re._cache) + 64 + 1)  # room for one: the last, `second`
    assert regex_cache.preload() == 1
    re.compile(first)  # this process needs `first` too: compiled, and kept last for the next one
    regex_cache.keep()
    assert list(regex_cache._read("cache"))[-1] == (first, 0)


def test_nothing_is_written_where_bytecode_is_not(isolated, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    re.compile(r"not-written-\d")
    assert regex_cache.keep() == 0
    assert not regex_cache.cache_path("seen").exists() and not regex_cache.cache_path().exists()
