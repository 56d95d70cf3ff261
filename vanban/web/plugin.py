"""vanban's Datasette plugin: the pages (routes), who may add documents (permissions), the
Vietnamese template filters, and canned queries over the catalogue."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from vanban.web import views
from vanban.web.auth import load_settings
from vanban.web.labels import label, vn_date

INGEST = "vanban-ingest"  # the permission to upload documents


def vn_number(value: Any) -> str:
    """16000.0 -> '16.000', 2.5 -> '2,5': Vietnamese digit grouping."""
    if value is None or value == "":
        return ""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{x:,.0f}" if x == int(x) else f"{x:,.2f}".rstrip("0")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return views.ROUTES


@hookimpl
def permission_allowed(datasette: Any, actor: dict[str, Any] | None, action: str, resource: Any) -> bool | None:
    if action != INGEST:
        return None
    if not actor or actor.get("vanban") != "staff":
        return False
    return actor.get("id") in load_settings(views.conf(datasette).get("users")).users


@hookimpl
def skip_csrf(datasette: Any, scope: dict[str, Any]) -> bool | None:
    """Let the upload form past asgi-csrf, whose multipart check breaks on python-multipart >= 0.0.26
    (simonw/asgi-csrf issue 38). The upload view checks the same token itself (views.csrf_ok)."""
    if scope.get("type") == "http" and scope.get("method") == "POST" and scope.get("path") == "/ingest":
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        return content_type.startswith(b"multipart/form-data") or None
    return None


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.filters["vn_date"] = vn_date
    env.filters["vn_number"] = vn_number
    env.filters["label"] = lambda key, group: label(group, key)


@hookimpl
def extra_template_vars(datasette: Any, request: Any) -> Any:
    async def inner() -> dict[str, Any]:
        actor = request.actor if request else None
        return {"can_ingest": await views.can_ingest(datasette, actor), "vanban_user": actor}

    return inner


@hookimpl
def canned_queries(datasette: Any, database: str, actor: Any) -> Any:
    if database != views.DB_NAME:
        return None

    async def inner() -> dict[str, Any]:
        from vanban.web.canned import canned

        db = datasette.get_database(database)
        return canned(set(await db.table_names()))

    return inner
