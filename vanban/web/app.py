"""A Datasette instance for one catalogue, with the vanban plugin registered: what `vanban serve` runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

import vanban.web
from vanban.catalogue import open_db
from vanban.web.auth import load_settings
from vanban.web.views import DB_NAME

_COLUMNS = {
    "id": "Mã văn bản (SHA-256 của tệp)",
    "path": "Tệp gốc",
    "number": "Số, ký hiệu",
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "place": "Địa danh",
    "date": "Ngày ban hành",
    "year": "Năm ban hành",
    "title": "Trích yếu",
    "signer_name": "Người ký",
    "n_warnings": "Số cảnh báo",
    "record": "Toàn bộ bản ghi (JSON)",
    "text": "Nội dung văn bản",
}


def metadata() -> dict[str, Any]:
    return {
        "title": "Danh mục văn bản",
        "description": "Kế hoạch, chương trình, nghị quyết và các văn bản chúng thực hiện.",
        "databases": {
            DB_NAME: {
                "tables": {
                    "documents": {
                        "label_column": "number",
                        "sort_desc": "date",
                        "facets": ["doc_type", "year", "issuer"],
                        "columns": _COLUMNS,
                    },
                    "meta": {"hidden": True},
                }
            }
        },
    }


def register_plugin() -> None:
    if not pm.is_registered(vanban.web):
        pm.register(vanban.web, name="vanban")


def make_datasette(db_path: str | Path, users: str | Path | None = None, uploads: str | Path | None = None) -> Datasette:
    """Datasette serving the catalogue at `db_path` (created if missing) as the database 'catalogue'."""
    db_path = Path(db_path).resolve()
    open_db(db_path).conn.close()  # create or migrate the schema before Datasette opens it read-only
    users_path = Path(users).resolve() if users else None
    register_plugin()
    ds = Datasette(
        [],
        metadata=metadata(),
        settings={
            "default_page_size": 50,
            "suggest_facets": False,
            "truncate_cells_html": 200,
            "sql_time_limit_ms": 3000,
            "allow_download": True,
        },
        secret=load_settings(users_path).secret,
    )
    ds.vanban_config = {  # type: ignore[attr-defined]
        "db": str(db_path),
        "users": str(users_path) if users_path else None,
        "uploads": str(Path(uploads).resolve()) if uploads else None,
    }
    ds.add_database(Database(ds, path=str(db_path), is_mutable=True), name=DB_NAME)
    if "_memory" in ds.databases:
        ds.remove_database("_memory")
    return ds
