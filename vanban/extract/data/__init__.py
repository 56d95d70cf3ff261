"""Rules that are data: loaded once from the YAML files beside this module.

The YAML files are the only source. Parsing YAML (and importing PyYAML) is a good part of what a
process that extracts one file spends, so each file's contents are also kept as JSON in
`__pycache__/<name>.<hash>.jsoncache` beside it, under the hash of the YAML bytes, the way Python keeps bytecode: a changed
YAML file has another hash and is parsed again. Contents that JSON would not give back exactly (keys
that are not strings, for one) are never kept; where the folder cannot be written, nothing is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent
_CACHE = _HERE / "__pycache__"
# Not '.json': the catalogue's extractor_version hashes the .py, .yaml and .json files of vanban/extract,
# and a copy written on first use must not change it (the YAML it comes from is hashed already).
_SUFFIX = ".jsoncache"


@cache
def load(name: str) -> Any:
    """The parsed contents of `<name>.yaml` in this folder."""
    raw = (_HERE / f"{name}.yaml").read_bytes()
    kept = _CACHE / f"{name}.{hashlib.sha256(raw).hexdigest()[:20]}{_SUFFIX}"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(kept.read_bytes())
    data = parse_yaml(raw)
    _keep(kept, data)
    return data


def parse_yaml(raw: bytes) -> Any:
    """YAML bytes parsed safely, with libyaml's parser where PyYAML was built with it (the same data, faster)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506  (a safe loader)


def _keep(path: Path, data: Any) -> None:
    """Write `data` as JSON to `path` when JSON gives it back unchanged; silently nothing otherwise."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the whole file or none
        stem = path.name.split(".")[0]
        for old in path.parent.glob(f"{stem}.*{_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)  # kept for an earlier version of the file
    except (OSError, TypeError, ValueError):
        return
