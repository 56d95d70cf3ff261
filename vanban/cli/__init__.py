"""The vanban command line: a thin layer over the library, and the only place that formats errors.

Each topic's commands live in their own module and register on the group when imported here.
"""

import os

# pydantic looks for third-party plugins (observability hooks) by reading the metadata of every installed
# package when the first model is built: about 20 ms of a short `vanban extract`, for hooks the command line
# does not use. Set PYDANTIC_DISABLE_PLUGINS to an empty string to have them loaded all the same.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Then: importing vanban.extract puts the regular expressions compiled by earlier runs into `re`'s cache
# (vanban/extract/regex_cache.py), before click and the commands compile theirs.
import vanban.extract  # noqa: E402, F401  (isort: skip)
from vanban.cli import (
    check,  # noqa: F401
    core,  # noqa: F401  (registers extract, ingest, search, show)
    explain,  # noqa: F401
    graph,  # noqa: F401
    web,  # noqa: F401
)
from vanban.cli.common import cli


def main() -> None:
    cli()


__all__ = ["cli", "main"]
