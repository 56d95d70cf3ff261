"""JSON and CSV for every listing the pages show, so anything on screen can be taken away."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from datasette.utils.asgi import Response


def _cell(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, status=status, content_type="application/json; charset=utf-8")


def csv_response(rows: list[dict[str, Any]], columns: list[str] | None, filename: str) -> Response:
    """CSV with a byte-order mark, so spreadsheet programs read the Vietnamese letters correctly."""
    cols = columns or list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])
    return Response(
        "\ufeff" + out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def listing_response(
    fmt: str, rows: list[dict[str, Any]], columns: list[str] | None, name: str, extra: dict[str, Any] | None = None
) -> Response:
    if fmt == "csv":
        return csv_response(rows, columns, f"{name}.csv")
    return json_response({**(extra or {}), "rows": rows, "count": len(rows)})
