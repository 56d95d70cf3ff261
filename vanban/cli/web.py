"""Web commands: serve the catalogue in a browser, and manage the staff accounts that may add documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from vanban.cli.common import CONTEXT, cli, db_option, fail

DEFAULT_USERS = Path("outputs/users.json")


def users_option(f: Any) -> Any:
    return click.option(
        "--users",
        type=click.Path(dir_okay=False),
        default=str(DEFAULT_USERS),
        show_default=True,
        help="Settings file with the staff accounts (made by `vanban adduser`).",
    )(f)


@cli.command(context_settings=CONTEXT)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for the whole network).")
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@users_option
@click.option(
    "--uploads", type=click.Path(file_okay=False), help="Folder for uploaded files [default: uploads/ beside the database]."
)
def serve(db: str, host: str, port: int, users: str, uploads: str | None) -> None:
    """Serve the catalogue as web pages: search, documents, citing documents, and upload for staff.

    Reading is open to everyone; adding documents needs an account from `vanban adduser`.

    Example: vanban serve --db outputs/catalogue.db --port 8001
    """
    import uvicorn

    from vanban.web.app import make_datasette
    from vanban.web.auth import load_settings

    try:
        settings = load_settings(users)
    except (OSError, ValueError) as e:
        fail(users, f"cannot read the settings file ({e})")
    if not settings.users:
        click.echo(f"No staff accounts in {users}: the catalogue is read-only (add one with `vanban adduser NAME`).", err=True)
    import socket  # here: every command would load it at start otherwise

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as e:
        fail(f"{host}:{port}", f"cannot listen there ({e.strerror}); choose another --port or --host")
    ds = make_datasette(db, users=users, uploads=uploads)
    click.echo(f"Serving {db} on http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    sys.stderr.flush()
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@users_option
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def adduser(name: str, users: str, password_stdin: bool) -> None:
    """Create a staff account NAME that may add documents on the web (or change its password).

    The password is asked for twice (or read from stdin) and only its scrypt hash is stored.

    Example: vanban adduser lan --users outputs/users.json
    """
    from vanban.web.auth import set_password, valid_user_name

    if not valid_user_name(name):
        fail(name, "user names are 1-64 characters: lower-case letters, digits, '.', '_' or '-'")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        fail(name, "the password must be at least 8 characters long")
    new = set_password(users, name, password)
    click.echo(f"{'Added' if new else 'Updated'} {name} in {users}")
