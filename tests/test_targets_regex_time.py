"""The content extractors' regular expressions run in linear time on adversarial text (the pump
strings and timing of tests/test_properties_regex.py, applied to these modules and to the patterns
built from data files)."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.test_properties_regex import superlinear_inputs
from vanban.extract import targets

MODULES = [
    "vanban.extract.targets",
    "vanban.extract.outline",
    "vanban.extract.tables",
    "vanban.extract.timeline",
    "vanban.extract.when",
    "vanban.extract.numerals",
]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for name in MODULES:
        for attr, value in sorted(vars(importlib.import_module(name)).items()):
            if isinstance(value, re.Pattern):
                out.append((f"{name.rsplit('.', 1)[1]}.{attr}", value))
    w = targets.words()
    out += [
        ("words.units", w.units),
        ("words.cues", w.cues),
        ("words.past", w.past),
        ("words.target_sections", w.target_sections),
    ]
    out += [(f"words.populations[{i}]", p) for i, p in enumerate(w.populations)]
    out += [(f"metrics.{key}", p) for key, _, _, p in targets.metrics()]
    return out


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=[n for n, _ in _patterns()])
def test_linear_time(name: str, pattern: re.Pattern[str]) -> None:
    # a ratio between sub-millisecond timings is noise on a busy machine; a superlinear case is slow too
    bad = [b for b in superlinear_inputs(pattern) if b[2] > 0.005]
    assert not bad, f"{name} is superlinear on: " + "; ".join(
        f"{s}: {a * 1000:.1f} ms -> {b * 1000:.1f} ms" for s, a, b in bad[:3]
    )
