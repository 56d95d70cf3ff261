"""A finding: what one rule says about one document, with the evidence on both sides.

Rules, severities and message templates are data (vanban/extract/data/checks.yaml); `make` builds
a finding from a rule, the variant of its message and the values the message names.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from vanban.extract.data import load

Span = tuple[int, int]
SEVERITIES = ("error", "warning", "info")
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str  # plain Vietnamese
    variant: str  # which message of the rule (e.g. 'mismatch', 'consistent')
    span: Span | None = None  # evidence in the checked document
    quote: str | None = None  # the sentence (or table row) quoted from it
    parent_id: str | None = None  # the parent document, for checks across levels
    parent_number: str | None = None
    parent_span: Span | None = None
    parent_quote: str | None = None
    metric: str | None = None

    def key(self, doc_id: str) -> str:
        """A stable id: the same finding on the same document keeps its id across runs."""
        raw = "|".join(
            str(x) for x in (doc_id, self.rule, self.variant, self.parent_id, self.span, self.parent_span, self.message)
        )
        return hashlib.sha1(raw.encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["label"] = rule_label(self.rule)
        return d


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = load("checks")["rules"]
    return data


def rule_label(rule: str) -> str:
    return str(rules()[rule]["label"])


def make(rule: str, variant: str, values: dict[str, Any], *, severity: str | None = None, **evidence: Any) -> Finding:
    """The finding of `rule` with its `variant` message filled from `values`; `severity` overrides
    the rule's default (info for a consistent result, warning where a person must judge)."""
    spec = rules()[rule]
    message = spec["messages"][variant].format(**values)
    sev = severity or spec["severity"]
    if sev not in SEVERITIES:
        raise ValueError(f"unknown severity {sev!r}")
    return Finding(rule=rule, severity=sev, message=" ".join(message.split()), variant=variant, **evidence)
