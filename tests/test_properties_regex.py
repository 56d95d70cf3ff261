"""Every regular expression of the header and closing extractors runs in linear time on adversarial text.

The regexes are found by walking the modules (so a new one is covered without editing this file).
For each, pump strings are derived from its own structure: for every repeated part, a prefix that
reaches it, the part repeated n times, and a suffix that makes the match fail (the classic shape of
catastrophic backtracking). A string that takes long is timed at n and 4n; a linear regex takes
about 4 times as long, a quadratic one 16 times. `finditer` is used, so a pattern that scans to the
end of the text from every start position (quadratic over a line) is caught too.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Iterator
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

import pytest

MODULES = [
    "vanban.extract.patterns",
    "vanban.extract.header",
    "vanban.extract.closing",
    "vanban.extract.layout",
    "vanban.extract.merged_columns",
]
SUFFIXES = ["", "!", "x", "0", "\n"]
SIZES = (4, 8, 12, 16, 20, 24, 32, 48, 64, 256, 1024, 4096, 16384)  # pump repetitions, small steps first (exponential
# cases); the last step makes a quadratic scan slow even on a fast machine
SLOW_S = 0.02  # a run slower than this is timed again at a quarter of the size
MAX_RATIO = 9.0  # t(4n) / t(n): linear ~4, quadratic ~16 (scaled when the step is not 4)

# Regexes known to be superlinear, with the reason; reported to the owner of the module (the lead).
KNOWN_SUPERLINEAR: dict[str, str] = {}  # none at the moment (PLACE_DATE_RE, SKIP_RE, _TRAILING_RULE_RE were fixed)


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    seen: set[int] = set()
    for name in MODULES:
        mod = importlib.import_module(name)
        for attr, value in sorted(vars(mod).items()):
            candidates = []
            if isinstance(value, re.Pattern):
                candidates = [value]
            elif callable(value) and attr.endswith("_re") and getattr(value, "__module__", "") == name:
                try:
                    built = value()
                except TypeError:
                    continue
                candidates = [x for x in (built if isinstance(built, tuple) else (built,)) if isinstance(x, re.Pattern)]
            for i, pat in enumerate(candidates):
                if id(pat) in seen or not isinstance(pat.pattern, str):
                    continue
                seen.add(id(pat))
                yield f"{name.rsplit('.', 1)[1]}.{attr}{f'[{i}]' if i else ''}", pat


# ---- witnesses: strings that match a piece of a parsed pattern -------------------------------------

_REPS = {C.CATEGORY_DIGIT: "1", C.CATEGORY_WORD: "a", C.CATEGORY_SPACE: " ", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_NOT_WORD: " ", C.CATEGORY_NOT_SPACE: "a"}  # fmt: skip
_PROBES = "aA1 Đđ!-/._xZ9\t,:ngàyễ"


def _in_class(ch: str, items: list) -> bool:  # noqa: ANN001
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= ord(ch) == av
        elif op is C.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is C.CATEGORY:
            hit |= bool(re.fullmatch({C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w", C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_NOT_SPACE: r"\S"}.get(av, r"\w"), ch))  # fmt: skip
    return hit != negate


def _class_char(items: list) -> str:  # noqa: ANN001
    if items and items[0][0] is not C.NEGATE:
        op, av = items[0]
        if op is C.LITERAL:
            return chr(av)
        if op is C.RANGE:
            return chr(av[0])
        if op is C.CATEGORY:
            return _REPS.get(av, "a")
    return next((c for c in _PROBES if _in_class(c, items)), "a")


def _class_chars(items: list) -> list[str]:  # noqa: ANN001
    """Several characters of a class, one per literal, range or category (for a negated class: probes)."""
    if items and items[0][0] is C.NEGATE:
        return [c for c in _PROBES if _in_class(c, items)][:4]
    out = []
    for op, av in items[:8]:
        out.append(chr(av) if op is C.LITERAL else chr(av[0]) if op is C.RANGE else _REPS.get(av, "a"))
    return out


def _sample(seq) -> str:  # noqa: ANN001
    out = []
    for op, av in seq:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is C.IN:
            out.append(_class_char(av))
        elif op is C.ANY:
            out.append("a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, body = av
            out.append(_sample(body) * max(lo, 1))
        elif op is C.SUBPATTERN:
            out.append(_sample(av[-1]))
        elif op is C.BRANCH:
            out.append(_sample(av[1][0]))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out.append(_sample(av))
        elif op is C.GROUPREF_EXISTS:
            out.append(_sample(av[1]))
    return "".join(out)


def _pumps(seq, prefix: str = "") -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """(prefix, unit) for every repeated part of a parsed pattern."""
    items = list(seq)
    for i, (op, av) in enumerate(items):
        before = prefix + _sample(items[:i])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, body = av
            if hi is C.MAXREPEAT or hi > 50:
                units = [_sample(body)]
                if len(body) == 1 and body[0][0] is C.IN:  # one class: try each kind of character in it
                    units += [c for c in _class_chars(body[0][1]) if c not in units]
                for unit in units:
                    if unit:
                        yield before, unit
            yield from _pumps(body, before)
        elif op is C.SUBPATTERN:
            yield from _pumps(av[-1], before)
        elif op is C.BRANCH:
            for alt in av[1]:
                yield from _pumps(alt, before)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _pumps(av[1], before)


def _shapes(pat: re.Pattern[str]) -> Iterator[tuple[str, str, str]]:
    """(prefix, unit, suffix): the unit is repeated between them."""
    parsed = P.parse(pat.pattern, pat.flags)
    seen = set()
    for prefix, unit in _pumps(parsed):
        for start in (prefix, ""):  # from the start of a line, and from the middle of a text
            for suffix in SUFFIXES:
                key = (start, unit, suffix)
                if key not in seen:
                    seen.add(key)
                    yield start, unit, suffix


def _wall(pat: re.Pattern[str], s: str) -> float:
    """Seconds of one scan, by the clock: cheap, for finding the strings worth timing carefully."""
    t = time.perf_counter()
    for _m in pat.finditer(s):
        pass
    return time.perf_counter() - t


def _cost(pat: re.Pattern[str], s: str, repeats: int = 3) -> float:
    """CPU seconds per scan, the best of `repeats` rounds of scans lasting at least 20 ms each: CPU
    time, so that waiting for a core on a busy machine does not look like work, and rounds long
    enough for a coarse process clock (a forked worker's may tick in milliseconds)."""
    best = float("inf")
    for _ in range(repeats):
        n, t0 = 0, time.process_time()
        while True:
            for _m in pat.finditer(s):
                pass
            n += 1
            spent = time.process_time() - t0
            if spent >= 0.02 or n >= 1000:
                break
        best = min(best, spent / n)
    return best


def _scan(pattern: str, flags: int) -> list[tuple[str, float, float]]:
    """(input shape, t(n/4), t(n)) for every pump string on which the pattern grows faster than linearly.

    n grows by 4 from 4 until a run is slow, so exponential backtracking shows at a small n; the
    caller runs this in a worker with a time limit in case a step never returns.
    """
    from vanban.extract.normalise import normalise_text

    pat = re.compile(pattern, flags)
    bad = []
    tried: set[str] = set()
    for prefix, unit, suffix in _shapes(pat):
        previous = None
        for n in SIZES:
            s = normalise_text(prefix + unit * n + suffix)  # the text as the extractors see it
            if s in tried or s == previous:
                break
            tried.add(s)
            t = _wall(pat, s)
            if t >= SLOW_S and previous is not None:
                growth = len(s) / max(len(previous), 1)
                for _confirm in range(3):  # on a busy machine one slow run is noise: superlinear every time
                    t_small, t_big = _cost(pat, previous), _cost(pat, s)
                    if not (t_small > 0 and t_big / t_small > MAX_RATIO * growth / 4):
                        break
                else:
                    return [(repr((prefix + unit * 3)[:50]) + f" + ... + {suffix!r} ({len(s)} chars)", t_small, t_big)]
                break
            previous = s
    return bad


def superlinear_inputs(pat: re.Pattern[str], timeout: float = 60) -> list[tuple[str, float, float]]:
    from vanban.errors import UnreadableDocument
    from vanban.extract.limits import Limits, run_bounded

    try:
        return run_bounded(_scan, pat.pattern, pat.flags, limits=Limits(timeout=timeout))
    except UnreadableDocument as e:
        return [(f"no answer: {e}", 0.0, timeout)]


PATTERNS = list(_patterns())


def test_the_regexes_are_found() -> None:
    names = {n for n, _ in PATTERNS}
    assert {
        "patterns.NUMBER_RE",
        "patterns.DATE_RE",
        "patterns.PLACE_DATE_WORDS_RE",
        "patterns.PLACE_DATE_DIGITS_RE",
        "patterns.PLACE_DATE_BARE_RE",
        "closing.AUTHORITY_RE",
    } <= names


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        pytest.param(n, p, marks=pytest.mark.xfail(reason=KNOWN_SUPERLINEAR[n], strict=True))
        if n in KNOWN_SUPERLINEAR
        else (n, p)
        for n, p in PATTERNS
    ],
    ids=[n for n, _ in PATTERNS],
)
def test_regex_runs_in_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    bad = superlinear_inputs(pattern)
    assert not bad, f"{name} is superlinear on: " + "; ".join(
        f"{s}: {a * 1000:.1f} ms -> {b * 1000:.1f} ms" for s, a, b in bad[:3]
    )


# The detector itself must catch a known catastrophic pattern and pass a linear one.
@pytest.mark.parametrize(
    ("pattern", "superlinear"),
    [
        (r"^(a+)+$", True),  # nested quantifiers: exponential
        (r"(\w+\s?)+x", True),  # nested quantifiers over words
        (r"a.*b.*c", True),  # scans to the end from every start position
        (r"\d{1,5}/[A-Z]+", False),  # bounded, linear
        (r"^ngày\s+\d{1,2}", False),  # anchored
    ],
)
def test_detector(pattern: str, superlinear: bool) -> None:
    assert bool(superlinear_inputs(re.compile(pattern))) == superlinear
