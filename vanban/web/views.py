"""The pages: search, a document, the documents citing a directive, upload, sign-in and sign-out.
Each is a Datasette route (see plugin.register_routes) rendered from templates/vanban/."""

from __future__ import annotations

import asyncio
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette.utils import baseconv, path_with_replaced_args
from datasette.utils.asgi import Response
from itsdangerous import BadSignature

from vanban.extract.patterns import NUMBER_RE, canonical_number, number_key
from vanban.web import queries
from vanban.web.auth import check_login
from vanban.web.export import json_response, listing_response
from vanban.web.highlight import header_marks, item_marks, section_anchors, segments
from vanban.web.labels import label, vn_date
from vanban.web.svg import Node, layered_svg, layers_by_longest_path
from vanban.web.upload import MAX_BYTES, MAX_FILES, ingest_uploads, parse_form

DB_NAME = "catalogue"
# vanban's pages run no script at all: should escaping ever fail, the browser still runs nothing.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
PAGE_SIZE = 50
SESSION_SECONDS = 12 * 3600
HEADER_FIELDS = [
    "number", "doc_type", "doc_type_code", "issuer", "issuer_parent", "organ", "place", "date", "title", "period",
    "signer_name", "signer_position", "signer_authority",
]  # fmt: skip
LEGEND_ORDER = [*HEADER_FIELDS, "recipient", "citation", "target", "timeline", "responsibility", "table"]


def conf(datasette: Any) -> dict[str, Any]:
    """Where the catalogue, the accounts and the uploads are: set by make_datasette (kept out of the
    public /-/metadata page), or in metadata's plugins.vanban when Datasette itself loads the plugin."""
    return getattr(datasette, "vanban_config", None) or datasette.plugin_config("vanban") or {}


PAGE_ROWS = 500  # documents citing a directive listed on a page (and drawn in its diagram); downloads hold all


async def read(datasette: Any, fn: Any, *args: Any) -> Any:
    """Run `fn(conn, *args)` on one of Datasette's read-only connections to the catalogue."""
    return await datasette.get_database(DB_NAME).execute_fn(lambda conn: fn(conn, *args))


async def can_ingest(datasette: Any, actor: dict[str, Any] | None) -> bool:
    return bool(await datasette.permission_allowed(actor, "vanban-ingest", default=False))


async def page(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    html = await datasette.render_template(f"vanban/{template}", context, request=request)
    return Response.html(html, status=status, headers=SECURITY_HEADERS)


async def error_page(datasette: Any, request: Any, status: int, title: str, message: str) -> Response:
    return await page(datasette, request, "error.html", {"title": title, "message": message}, status=status)


def _fmt(request: Any) -> str:
    return request.url_vars.get("format") or "html"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def doc_url(doc_id: str) -> str:
    return f"/doc/{doc_id}"


def cited_by_url(ref: str, transitive: bool = False) -> str:
    return "/cited-by?" + urlencode({"ref": ref, **({"transitive": "1"} if transitive else {})})


# ---- home and search ----------------------------------------------------------------------------

FACETS = [("type", "Loại văn bản"), ("issuer", "Cơ quan ban hành"), ("year", "Năm ban hành"), ("cites", "Trích dẫn văn bản")]


async def home(datasette: Any, request: Any) -> Response:
    args = request.args
    f = queries.Filters(
        q=(args.get("q") or "").strip(),
        doc_type=args.get("type") or None,
        issuer=args.get("issuer") or None,
        year=_int(args.get("year")),
        cites=args.get("cites") or None,
    )
    fmt = _fmt(request)
    if fmt in ("json", "csv"):
        listing = await read(datasette, queries.list_documents, f, 0, queries.EXPORT_LIMIT)
        rows = [{**r, "url": datasette.absolute_url(request, doc_url(r["id"]))} for r in listing.rows]
        return listing_response(fmt, rows, None, "van-ban", {"query": f.q, "filters": f.active(), "total": listing.total})
    page_no = max(_int(args.get("page")) or 1, 1)
    listing = await read(datasette, queries.list_documents, f, (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
    active = f.active()
    facets = []
    for key, title in FACETS:
        values = listing.facets.get(key)
        if values is None:
            continue
        items = [
            {
                "value": v,
                "count": n,
                "selected": active.get(key) == v,
                "url": path_with_replaced_args(request, {key: None if active.get(key) == v else v, "page": None}, path="/"),
            }
            for v, n in values
        ]
        facets.append({"key": key, "title": title, "items": items})
    chosen = [
        {"title": dict(FACETS)[k], "value": v, "remove": path_with_replaced_args(request, {k: None, "page": None}, path="/")}
        for k, v in active.items()
    ]
    qs = request.query_string
    context = {
        "filters": f,
        "listing": listing,
        "facets": facets,
        "chosen": chosen,
        "page_no": page_no,
        "pages": max((listing.total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "prev_url": path_with_replaced_args(request, {"page": str(page_no - 1)}, path="/") if page_no > 1 else None,
        "next_url": path_with_replaced_args(request, {"page": str(page_no + 1)}, path="/")
        if page_no * PAGE_SIZE < listing.total
        else None,
        "json_url": "/search.json" + (f"?{qs}" if qs else ""),
        "csv_url": "/search.csv" + (f"?{qs}" if qs else ""),
    }
    return await page(datasette, request, "home.html", context)


# ---- one document -------------------------------------------------------------------------------


def _field_rows(row: dict[str, Any], record: Any, anchors: dict[str, str]) -> list[dict[str, Any]]:
    values: dict[str, Any] = {k: row.get(k) for k in HEADER_FIELDS}
    values["date"] = vn_date(row.get("date"))
    if record.period:
        values["period"] = f"{record.period.start or '…'} – {record.period.end or '…'}"
    return [{"key": k, "label": label("fields", k), "value": values[k], "anchor": anchors.get(k)} for k in HEADER_FIELDS]


def doc_listings(
    conn: Any, doc_id: str, record: Any, transitive: bool, limit: int | None = None
) -> dict[str, tuple[list[str] | None, list[dict[str, Any]]]]:
    """Every listing on a document's page, as (columns, rows): the same rows feed the page, JSON and
    CSV; `limit` caps the documents citing it (the page shows the nearest, a download has them all)."""
    cited = queries.cited_by(conn, record.number, transitive, limit) if record.number else []
    find_cols, find_rows = queries.findings(conn, doc_id)
    return {
        "citations": (
            ["seq", "relation", "text", "number", "doc_type", "date", "issuer", "title", "resolution", "target_id", "span"],
            queries.citation_rows(conn, doc_id, record),
        ),
        "cited-by": (None, cited),
        "targets": (None, [{"seq": i, **t.model_dump(mode="json")} for i, t in enumerate(record.targets)]),
        "timeline": (None, [{"i": i, **t.model_dump(mode="json")} for i, t in enumerate(record.timeline)]),
        "responsibilities": (None, [{"seq": i, **r.model_dump(mode="json")} for i, r in enumerate(record.responsibilities)]),
        "findings": (find_cols or None, find_rows),
    }


async def _load(datasette: Any, ref: str) -> tuple[dict[str, Any], Any] | None:
    doc_id = ref.lower() if len(ref) == 64 else await read(datasette, queries.find_id, ref)
    return await read(datasette, queries.get_document, doc_id) if doc_id else None


async def document(datasette: Any, request: Any) -> Response:
    got = await _load(datasette, request.url_vars["id"])
    if got is None:
        return await error_page(datasette, request, 404, "Không tìm thấy văn bản", "Danh mục không có văn bản với mã này.")
    row, record = got
    if _fmt(request) == "json":
        return json_response({"id": row["id"], "ingested_at": row["ingested_at"], **record.model_dump(mode="json")})
    transitive = request.args.get("transitive") == "1"
    listings = await read(datasette, doc_listings, row["id"], record, transitive, PAGE_ROWS)
    cited_total = await _cited_total(datasette, record.number, transitive, listings["cited-by"][1], PAGE_ROWS)
    marks = header_marks(record) + item_marks(record)
    outline = section_anchors(record)
    anchors = {m.field: m.anchor for m in marks if m.anchor == f"hl-{m.field}"}
    recipient_anchors = {m.anchor for m in marks if m.field == "recipient"}
    base = doc_url(row["id"])
    context = {
        "row": row,
        "record": record,
        "fields": _field_rows(row, record, anchors),
        "recipients": [
            (r, f"hl-recipient-{i}" if f"hl-recipient-{i}" in recipient_anchors else None)
            for i, r in enumerate(record.recipients)
        ],
        "segments": segments(record.text, marks, [(o, a) for o, a, _s in outline]),
        "outline": [{"anchor": a, "label": sec.label, "title": sec.title, "level": sec.level} for _o, a, sec in outline],
        "legend": [f for f in LEGEND_ORDER if any(m.field == f for m in marks)],
        "citations": listings["citations"][1],
        "cited_by": listings["cited-by"][1],
        "cited_total": cited_total,
        "transitive": transitive,
        "findings_columns": listings["findings"][0] or [],
        "findings": listings["findings"][1],
        "has_findings_table": await read(datasette, queries.table_exists, "findings"),
        "base": base,
        "cited_by_url": cited_by_url(record.number, transitive) if record.number else None,
        "toggle_transitive": base + ("" if transitive else "?transitive=1") + "#cited-by",
    }
    return await page(datasette, request, "document.html", context)


async def document_listing(datasette: Any, request: Any) -> Response:
    got = await _load(datasette, request.url_vars["id"])
    if got is None:
        return json_response({"error": "Không tìm thấy văn bản."}, status=404)
    row, record = got
    listings = await read(datasette, doc_listings, row["id"], record, request.args.get("transitive") == "1")
    name = request.url_vars["listing"]
    cols, rows = listings[name]
    return listing_response(_fmt(request), rows, cols, f"{name}-{row['id'][:12]}", {"id": row["id"], "number": record.number})


# ---- documents citing a directive -----------------------------------------------------------------


def _graph_edges(conn: Any, ref: str, rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Edges citing -> cited among the root and the citing documents: a direct citer cites the root; a
    citer found through another document cites that document (`via` names its work); and any citer
    whose record cites another drawn document by number gets that edge too."""
    ids = [r["doc_id"] for r in rows if r.get("doc_id")]
    via_docs = queries.work_documents(conn, {str(r["via"]) for r in rows if r.get("via")})
    keys = queries.cited_keys(conn, ids)
    node_key = {r["doc_id"]: number_key(r["number"]) for r in rows if r.get("doc_id") and r.get("number")}
    edges: set[tuple[str, str]] = set()
    for r in rows:
        a = r.get("doc_id")
        if not a:
            continue
        if int(r.get("depth") or 1) == 1:
            edges.add((a, "root"))
        edges |= {(a, b) for b in via_docs.get(str(r.get("via")), []) if b in ids}
        edges |= {(a, b) for b, k in node_key.items() if b != a and k in keys.get(a, set())}
    return sorted(e for e in edges if e[0] != e[1])


def describe_cited(conn: Any, ref: str, citer_ids: list[str]) -> dict[str, Any]:
    """What the citing documents say about `ref` (type, date, issuer, title), for a document not catalogued.
    Without a citation graph, the documents whose records cite the number as written canonically are read."""
    key = number_key(ref)
    out: dict[str, Any] = {"number": ref}
    if not citer_ids:
        canon = [canonical_number(m)[0] for m in NUMBER_RE.finditer(ref)][:1] or [ref]
        rows = conn.execute("select id from documents where instr(record, ?) limit 50", [f'"number":"{canon[0]}"']).fetchall()
        citer_ids = [r[0] for r in rows]
    for doc_id in citer_ids:
        got = queries.get_document(conn, doc_id)
        if not got:
            continue
        for c in got[1].citations:
            if c.number and number_key(c.number) == key:
                out["number"] = c.number
                for k in ("doc_type", "date", "issuer", "title"):
                    if out.get(k) is None and getattr(c, k):
                        out[k] = getattr(c, k)
    return out


def graph_svg(ref: str, about: dict[str, Any], rows: list[dict[str, Any]], edges: list[tuple[str, str]]) -> str:
    """The cited document and its citers, each citer one layer below the lowest document it cites."""
    firsts: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r.get("doc_id"):
            firsts.setdefault(r["doc_id"], r)
    layer = layers_by_longest_path(["root", *firsts], edges, "root")
    root_sub = " · ".join(x for x in (about.get("doc_type"), vn_date(about.get("date"))) if x)
    nodes = [Node("root", about.get("number") or ref, root_sub, 0, tooltip=about.get("title") or ref)]
    for doc_id, r in firsts.items():
        sub = " · ".join(x for x in (r.get("doc_type"), vn_date(r.get("date"))) if x)
        tip = " — ".join(x for x in (r.get("number"), r.get("issuer"), r.get("title")) if x)
        name = r.get("number") or r.get("issuer") or "(không số)"  # an unnumbered plan is known by its issuer
        nodes.append(Node(doc_id, name, sub, layer[doc_id], doc_url(doc_id), tip))
    return layered_svg(nodes, edges, f"Văn bản thực hiện {ref}")


async def _cited_total(datasette: Any, ref: str | None, transitive: bool, rows: list[Any], limit: int | None) -> int:
    """How many documents cite `ref`: the rows shown, or, when the page is full, the catalogue's count."""
    if not ref or limit is None or len(rows) < limit:
        return len(rows)
    return int(await read(datasette, queries.count_cited_by, ref, transitive))


async def cited_by(datasette: Any, request: Any) -> Response:
    ref = (request.args.get("ref") or "").strip()
    transitive = request.args.get("transitive") == "1"
    fmt = _fmt(request)
    # a page lists the nearest PAGE_ROWS; the downloads carry every row
    limit = None if fmt in ("json", "csv") else PAGE_ROWS
    rows = await read(datasette, queries.cited_by, ref, transitive, limit) if ref else []
    total = await _cited_total(datasette, ref, transitive, rows, limit)
    for r in rows:
        r["relation_label"] = label("relations", r.get("relation"))
    if fmt in ("json", "csv"):
        return listing_response(fmt, rows, None, "van-ban-thuc-hien", {"ref": ref, "transitive": transitive})
    citer_ids = [r["doc_id"] for r in rows if r.get("doc_id")]
    works = await read(datasette, queries.works_named, ref) if ref else []
    about = await read(datasette, describe_cited, ref, citer_ids) if ref else {}
    if len(works) == 1:
        about = {**about, **{k: works[0].get(k) for k in ("number", "doc_type", "date", "issuer", "title") if works[0].get(k)}}
    edges = await read(datasette, _graph_edges, ref, rows) if rows else []
    svg = graph_svg(ref, about, rows, edges) if rows else ""
    if fmt == "svg":
        return Response(svg, content_type="image/svg+xml; charset=utf-8", headers=SECURITY_HEADERS)
    qs = request.query_string
    context = {
        "ref": ref,
        "transitive": transitive,
        "rows": rows,
        "total": total,
        "about": about,
        "works": works,
        "catalogued": await read(datasette, queries.documents_by_number, ref) if ref else [],
        "svg": svg,
        "graph_ready": await read(datasette, queries.table_exists, "citations"),
        "direct_url": cited_by_url(ref),
        "transitive_url": cited_by_url(ref, True),
        "json_url": "/cited-by.json" + (f"?{qs}" if qs else ""),
        "csv_url": "/cited-by.csv" + (f"?{qs}" if qs else ""),
        "svg_url": "/cited-by.svg" + (f"?{qs}" if qs else ""),
    }
    return await page(datasette, request, "cited_by.html", context)


# ---- upload -------------------------------------------------------------------------------------


class TooLarge(Exception):
    pass


async def _read_body(request: Any, limit: int) -> bytes:
    chunks, size, more = [], 0, True
    while more:
        message = await request.receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def csrf_ok(datasette: Any, request: Any, token: str | None) -> bool:
    """The same check asgi-csrf makes: the form's token equals the signed ds_csrftoken cookie."""
    cookie = request.cookies.get("ds_csrftoken") or ""
    if not token or not cookie:
        return False
    try:
        datasette.unsign(cookie, "csrftoken")
    except BadSignature:
        return False
    return secrets.compare_digest(token, cookie)


def upload_root(datasette: Any) -> Path:
    c = conf(datasette)
    return Path(c.get("uploads") or Path(c["db"]).resolve().parent / "uploads")


async def ingest(datasette: Any, request: Any) -> Response:
    allowed = await can_ingest(datasette, request.actor)
    if request.method != "POST":
        if not allowed:
            return Response.redirect("/login?" + urlencode({"next": "/ingest"}))
        return await page(datasette, request, "ingest.html", {"results": None})
    if not allowed:
        return await error_page(
            datasette, request, 403, "Cần đăng nhập", "Chỉ cán bộ đã đăng nhập mới được thêm văn bản vào danh mục."
        )
    if int(request.headers.get("content-length") or 0) > MAX_BYTES:
        return await error_page(
            datasette, request, 413, "Tệp quá lớn", f"Tổng dung lượng tải lên tối đa là {MAX_BYTES // 2**20} MB."
        )
    try:
        body = await _read_body(request, MAX_BYTES)
        fields, uploads = parse_form(request.headers.get("content-type", ""), body)
    except TooLarge:
        return await error_page(
            datasette, request, 413, "Tệp quá lớn", f"Tổng dung lượng tải lên tối đa là {MAX_BYTES // 2**20} MB."
        )
    except ValueError:
        return await error_page(
            datasette, request, 400, "Biểu mẫu không hợp lệ", "Hãy chọn tệp bằng biểu mẫu trên trang Thêm văn bản."
        )
    if not csrf_ok(datasette, request, fields.get("csrftoken")):
        msg = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang Thêm văn bản rồi chọn tệp lại."
        return await error_page(datasette, request, 403, "Biểu mẫu không hợp lệ", msg)
    if not uploads:
        return await page(datasette, request, "ingest.html", {"results": None, "error": "Chưa chọn tệp nào."}, status=400)
    if len(uploads) > MAX_FILES:
        msg = f"Mỗi lần chỉ tải lên tối đa {MAX_FILES} tệp."
        return await page(datasette, request, "ingest.html", {"results": None, "error": msg}, status=400)
    results = await asyncio.to_thread(ingest_uploads, conf(datasette)["db"], upload_root(datasette), uploads)
    return await page(datasette, request, "ingest.html", {"results": results})


# ---- sign-in ------------------------------------------------------------------------------------


def _safe_next(url: str | None) -> str:
    """Only a path on this site: never '//other.host' or 'http://…' (open redirects)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/"


async def login(datasette: Any, request: Any) -> Response:
    if request.method != "POST":
        nxt = _safe_next(request.args.get("next"))
        return await page(datasette, request, "login.html", {"next": nxt, "error": None, "name": ""})
    form = await request.post_vars()
    name, password = (form.get("name") or "").strip(), form.get("password") or ""
    nxt = _safe_next(form.get("next"))
    ok = await asyncio.to_thread(check_login, conf(datasette).get("users"), name, password) if name and password else False
    if not ok:
        context = {"next": nxt, "name": name, "error": "Tên đăng nhập hoặc mật khẩu không đúng."}
        return await page(datasette, request, "login.html", context, status=403)
    response = Response.redirect(nxt)
    expires = baseconv.base62.encode(int(time.time()) + SESSION_SECONDS)
    cookie = datasette.sign({"a": {"id": name, "vanban": "staff"}, "e": expires}, "actor")
    response.set_cookie("ds_actor", cookie, httponly=True, samesite="lax", max_age=SESSION_SECONDS)
    return response


async def logout(datasette: Any, request: Any) -> Response:
    if request.method != "POST":
        return Response.redirect("/")
    response = Response.redirect("/")
    response.set_cookie("ds_actor", "", expires=0, max_age=0)
    return response


ROUTES = [
    (r"^/$", home),
    (r"^/search(?:\.(?P<format>json|csv))?$", home),
    (r"^/doc/(?P<id>[0-9a-fA-F]{8,64})(?:\.(?P<format>json))?$", document),
    (
        r"^/doc/(?P<id>[0-9a-fA-F]{8,64})/(?P<listing>citations|cited-by|targets|timeline|responsibilities|findings)"
        r"\.(?P<format>json|csv)$",
        document_listing,
    ),
    (r"^/cited-by(?:\.(?P<format>json|csv|svg))?$", cited_by),
    (r"^/ingest$", ingest),
    (r"^/login$", login),
    (r"^/logout$", logout),
]
