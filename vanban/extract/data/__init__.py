"""Rules that are data: loaded once from the YAML files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The parsed contents of `<name>.yaml` in this folder."""
    with open(_HERE / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)
