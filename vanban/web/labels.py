"""Vietnamese words for the record's field names and codes, loaded once from labels.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def labels() -> dict[str, dict[str, str]]:
    data: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "labels.yaml").read_text(encoding="utf-8"))
    return data


def label(group: str, key: str | None) -> str:
    """The Vietnamese word for `key` in `group`; the key itself when there is none."""
    if key is None:
        return ""
    return labels()[group].get(str(key), str(key))


def vn_date(iso: str | None) -> str:
    """'2021-10-15' -> '15/10/2021', the way dates are written in Vietnamese documents."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return iso
