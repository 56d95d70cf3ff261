"""Rules that are data: loaded once from the YAML files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_HERE = Path(__file__).parent
# libyaml's parser where PyYAML was built with it: the same data, seven times faster to load (a whole
# process that extracts one file spends a good part of its time here); PyYAML's own otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed contents of `<name>.yaml` in this folder."""
    with open(_HERE / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)  # noqa: S506  (a safe loader)
