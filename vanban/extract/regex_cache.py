"""Compiled regular expressions kept between processes, the way Python keeps bytecode.

Python compiles a pattern in pure Python (`re._parser`, `re._compiler`) every time a process starts:
the few hundred patterns of the extractors take about 100 ms of the 400 that `vanban extract` spends
on a small file. The compiler's output (the pattern's program: a list of integers) depends only on
the pattern, its flags and the Python build, so it is kept in `__pycache__/regex.<build>.cache`
beside this module, named after the Python version and the regex engine's magic number. `preload()`
puts the kept programs into the `re` module's own cache, so `re.compile(p)` and `re.search(p, ...)`
find them there and skip the compiler; the pattern objects are built by the engine itself
(`_sre.compile`, which validates the program) and are equal to freshly compiled ones.
`keep()` adds the patterns a process compiled that the file does not hold yet (unless Python is told not to
write bytecode), once a second process compiled them too: a pattern built from one document's words (its title, say) is seen once and never
kept, so the file holds the extractors' patterns, not every document's.

Everything here is an optimisation: wherever the `re` internals differ from what this module
knows, or the file cannot be read or written, nothing is loaded or kept and patterns are compiled
as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

_CACHE = Path(__file__).parent / "__pycache__"
_MAX_ENTRIES = 3000  # a file that grew past this (patterns of old rule files) starts again
_MAX_SEEN = 5000  # patterns seen in one process only, remembered until a second one compiles them
# `re` keeps 512 patterns and drops the oldest beyond: fewer than the extractors compile, so preload lets it keep
# this many (a few hundred bytes each), or the programs that did not fit would be compiled again every process
_RE_CACHE_SIZE = 4096
_state: dict[str, Any] = {"loaded": None, "kept": False}

_UNKEPT_FLAGS = int(re.DEBUG | re.LOCALE)  # patterns compiled with these are not kept
Key = tuple[str, int]
# (final flags, program as bytes of CODESIZE-byte words, number of groups, group index, index group)
Recipe = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


def _engine() -> Any:
    """The `_sre` module when the `re` internals are the ones this module knows, else None."""
    try:
        import _sre

        ok = (
            isinstance(re._cache, dict)  # type: ignore[attr-defined]
            and callable(re._parser.parse)  # type: ignore[attr-defined]
            and callable(re._compiler._code)  # type: ignore[attr-defined]
            and array(_word()).itemsize == _sre.CODESIZE
        )
        return _sre if ok else None
    except (ImportError, AttributeError, ValueError):
        return None


def _word() -> str:
    """The array type code of one program word (the engine's CODESIZE bytes)."""
    import _sre

    return next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), "")


def cache_path(kind: str = "cache") -> Path:
    """The file of kept programs ("cache") or of patterns seen once ("seen") for this Python build."""
    import _sre

    build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXREPEAT}|{_sre.MAXGROUPS}"
    return _CACHE / f"regex.{hashlib.sha256(build.encode()).hexdigest()[:16]}.{kind}"


def recipe(pattern: str, flags: int) -> Recipe:
    """What `re` compiles `pattern` with `flags` to, by the steps of `re._compiler.compile`."""
    p = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = re._compiler._code(p, flags)  # type: ignore[attr-defined]
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return int(flags | p.state.flags), array(_word(), code).tobytes(), p.state.groups - 1, groupindex, tuple(indexgroup)


def build(pattern: str, r: Recipe) -> re.Pattern[str]:
    """The pattern object from its recipe (the engine validates the program)."""
    import _sre

    final_flags, code, groups, groupindex, indexgroup = r
    return _sre.compile(pattern, final_flags, array(_word(), code).tolist(), groups, groupindex, indexgroup)


def _digest(key: Key) -> bytes:
    """8 bytes that stand for a pattern and its flags in the file of patterns seen once."""
    return hashlib.blake2b(f"{key[1]}|{key[0]}".encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _read(kind: str) -> dict[Any, Any]:
    """The file's dictionary; empty where it is missing or damaged."""
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        data = marshal.loads(cache_path(kind).read_bytes())
        if isinstance(data, dict):
            return data
    return {}


def _write(kind: str, data: dict[Any, Any]) -> bool:
    path = cache_path(kind)
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)  # atomic: a reader sees the whole file or none
        return True
    except (OSError, ValueError):
        return False


def preload() -> int:
    """Put the kept programs into `re`'s cache (once per process); the number of patterns loaded."""
    if _state["loaded"] is not None:
        return len(_state["loaded"])
    loaded: set[Key] = set()
    _state["loaded"] = loaded
    if _engine() is None:
        return 0
    entries = _read("cache")
    cache = re._cache  # type: ignore[attr-defined]
    if getattr(re, "_MAXCACHE", _RE_CACHE_SIZE) < _RE_CACHE_SIZE:
        re._MAXCACHE = _RE_CACHE_SIZE  # type: ignore[attr-defined]
    # patterns compiled before this ran (by the standard library, say) that the file holds: nothing to keep
    loaded.update(
        (k[1], k[2]) for k in list(cache) if isinstance(k, tuple) and len(k) == 3 and k[0] is str and (k[1], k[2]) in entries
    )
    room = max(0, getattr(re, "_MAXCACHE", 512) - len(cache) - 64)  # leave room: a full cache drops its oldest entries
    # newest first: the file keeps the patterns of the latest process last (see keep), those of older rule
    # files drift to the front and are the ones left out when there is no room for all
    for (pattern, flags), r in list(reversed(entries.items()))[:room]:
        key = (str, pattern, flags)
        if key in cache:
            continue
        try:
            cache[key] = build(pattern, r)
        except Exception:  # a damaged entry: that pattern is compiled as usual
            continue
        loaded.add((pattern, flags))
    return len(loaded)


def keep() -> int:
    """Keep what this process compiled for the next one (once per process): a pattern seen for the first time
    is only noted, one that an earlier process compiled too gets its program kept; and the programs this
    process used are moved to the end of the file, which `preload` reads first. Returns the number of programs
    added. Silently nothing where the files cannot be written."""
    if _state["kept"] or sys.dont_write_bytecode or _engine() is None:
        return 0  # PYTHONDONTWRITEBYTECODE (or -B): nothing is written, as for Python's own bytecode
    _state["kept"] = True
    try:
        keys = list(re._cache)  # type: ignore[attr-defined]
    except RuntimeError:  # changed by another thread meanwhile
        return 0
    present = [
        (k[1], k[2])
        for k in keys
        if isinstance(k, tuple) and len(k) == 3 and k[0] is str and isinstance(k[2], int) and not k[2] & (re.DEBUG | re.LOCALE)
    ]
    loaded = _state["loaded"] or set()
    missed = [k for k in present if k not in loaded]  # compiled here: not in the file, or not loaded from it
    if not missed:
        return 0
    entries = _read("cache")
    new = [k for k in missed if k not in entries]
    second: set[Key] = set()
    if new:
        seen = _read("seen")  # a short digest of each pattern seen once: a small file, read and written at every new one
        second = {k for k in new if _digest(k) in seen}
        for k in new:
            if k in second:
                seen.pop(_digest(k), None)
            else:
                seen[_digest(k)] = 1
        _write("seen", seen if len(seen) <= _MAX_SEEN else {})
    if not second and len(new) == len(missed):
        return 0  # nothing to add, and every program the file holds for this process was loaded
    if len(entries) + len(second) > _MAX_ENTRIES:
        entries = {}
    here = set(present)
    # this process's programs last (newest), in the order `re` got them
    entries = {k: v for k, v in entries.items() if k not in here} | {k: entries[k] for k in present if k in entries}
    added = 0
    for key in second:
        with contextlib.suppress(Exception):
            entries[key] = recipe(*key)
            added += 1
    _write("cache", entries)
    return added
