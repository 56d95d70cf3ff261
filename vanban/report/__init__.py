"""Readable reports built from the catalogue (the compliance checks' per-plan report)."""

from vanban.report.plan import PlanReport, gather, render

__all__ = ["PlanReport", "gather", "render"]
