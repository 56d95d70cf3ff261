"""What every command shares: the group, option decorators and the error contract."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

# vanban.catalogue.store.DEFAULT_DB, written here so that commands start without loading the catalogue
# (sqlite-utils, pydantic); tests/test_startup.py checks that the two agree.
DEFAULT_DB = "outputs/catalogue.db"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail(path: str, reason: str) -> None:
    """The error contract: one line on stderr, exit status 2 (line breaks in a name or a reason flattened)."""
    path, reason = (" ".join(str(x).split()) for x in (path, reason))
    click.echo(f"vanban: error: {path}: {reason}", err=True)
    sys.exit(2)


def db_option(f: Any) -> Any:
    return click.option(
        "--db", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True, help="Catalogue database file."
    )(f)


def json_option(f: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="vanban")
def cli() -> None:
    """Catalogue Vietnamese plans and directives and the documents they implement."""
