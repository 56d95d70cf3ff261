"""Which document types state rules rather than plans (data/target_words.yaml, normative_types)."""

from __future__ import annotations

from functools import cache

from vanban.extract.data import load


@cache
def _normative() -> frozenset[str]:
    return frozenset(t.casefold() for t in load("target_words")["normative_types"])


def is_normative(doc_type: str | None) -> bool:
    """Laws, decrees, circulars, agreements, rules: their numbers are terms, not targets."""
    return bool(doc_type) and doc_type.casefold() in _normative()  # type: ignore[union-attr]
