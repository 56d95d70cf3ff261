"""Canned queries: ready-made listings over the catalogue, each with Datasette's JSON and CSV.
Those over citations or findings appear only once the catalogue has those tables."""

from __future__ import annotations

from typing import Any

_QUERIES: dict[str, dict[str, Any]] = {
    "van_ban_co_canh_bao": {
        "title": "Văn bản có cảnh báo khi trích xuất",
        "sql": "select id, number, doc_type, date, issuer, title, n_warnings, json_extract(record, '$.warnings') as warnings "
        "from documents where n_warnings > 0 order by n_warnings desc, date desc",
    },
    "so_van_ban_theo_loai_nam": {
        "title": "Số văn bản theo loại và năm",
        "sql": "select doc_type, year, count(*) as so_van_ban from documents group by doc_type, year order by doc_type, year desc",
    },
    "chi_tieu": {
        "title": "Các chỉ tiêu trong mọi văn bản",
        "sql": "select d.id, d.number, d.issuer, json_extract(t.value, '$.subject') as subject, "
        "json_extract(t.value, '$.comparator') as comparator, json_extract(t.value, '$.value') as value, "
        "json_extract(t.value, '$.unit') as unit, json_extract(t.value, '$.deadline') as deadline, "
        "json_extract(t.value, '$.text') as text from documents d, json_each(d.record, '$.targets') t order by d.date desc",
    },
}

_NEEDS = {
    "trich_dan": ("citations", {
        "title": "Mọi trích dẫn giữa các văn bản",
        "sql": "select c.doc_id, d.number as citing_number, c.relation, c.number, c.doc_type, c.date, c.issuer, c.text "
        "from citations c join documents d on d.id = c.doc_id order by c.number_key, d.date",
    }),
    "phat_hien_kiem_tra": ("findings", {
        "title": "Kết quả kiểm tra tuân thủ",
        "sql": "select d.number, d.issuer, f.* from findings f join documents d on d.id = f.doc_id order by d.date desc",
    }),
}  # fmt: skip


def canned(tables: set[str]) -> dict[str, dict[str, Any]]:
    out = dict(_QUERIES)
    for name, (table, query) in _NEEDS.items():
        if table in tables:
            out[name] = query
    return out
