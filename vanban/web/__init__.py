"""The catalogue on the web: a Datasette plugin (vanban.web.plugin) with its templates and static
files, and `make_datasette` to configure a Datasette instance for one catalogue.

This package is what Datasette registers as the plugin, so that Datasette finds templates/ and
static/ beside it; the hooks themselves live in plugin.py.
"""

from vanban.web.plugin import (
    canned_queries,
    extra_template_vars,
    permission_allowed,
    prepare_jinja2_environment,
    register_routes,
    skip_csrf,
)

__all__ = [
    "canned_queries",
    "extra_template_vars",
    "permission_allowed",
    "prepare_jinja2_environment",
    "register_routes",
    "skip_csrf",
]
