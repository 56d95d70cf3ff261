"""Compliance checks: does a plan hold together, and does it meet its parent's targets?

    findings = check_document(db, doc_id)     # compute (nothing stored)
    refresh(db)                               # recompute and store every document's findings
    stored(db, doc_id)                        # the stored rows of the `findings` table

Importing this package registers the child writer that keeps `findings` current on ingest.
"""

from vanban.catalogue.checks.internal import check_internal
from vanban.catalogue.checks.levels import check_document, children, parents
from vanban.catalogue.checks.model import SEVERITIES, SEVERITY_VI, Finding, rule_label
from vanban.catalogue.checks.store import refresh, stored

__all__ = [
    "SEVERITIES",
    "SEVERITY_VI",
    "Finding",
    "check_document",
    "check_internal",
    "children",
    "parents",
    "refresh",
    "rule_label",
    "stored",
]
