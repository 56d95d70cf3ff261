"""The web pages served in-process (Datasette's ASGI app through httpx): search, documents, exports,
sign-in, CSRF, upload and escaping. The browser test is tests/e2e/test_web_browser.py."""

from __future__ import annotations

import html
import json
import re
import socket

import httpx
import pytest

from tests.conftest import CORPUS

PASSWORD = "mat-khau-thu"
HOSTILE_TEXT = (
    "UBND XÃ THỬ\nSố: 12/KH-UBND\nThử, ngày 2 tháng 3 năm 2024\nKẾ HOẠCH\n"
    'Kiểm tra <script>alert("text")</script> và <b>đậm</b> <img src=x onerror=alert(2)>\n'
)
SCRIPT_NAME = "<script>alert(1)</script>.txt"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from vanban.catalogue import ingest_paths, open_db
    from vanban.web.app import make_datasette
    from vanban.web.auth import set_password

    root = tmp_path_factory.mktemp("web")
    db = open_db(root / "catalogue.db")
    results = list(ingest_paths(db, [CORPUS / "seeds"]))
    assert all(r.status == "stored" for r in results)
    db.conn.close()
    set_password(root / "users.json", "lan", PASSWORD)
    ds = make_datasette(root / "catalogue.db", users=root / "users.json")
    ids = {r.number: r.id for r in results}
    return {"app": ds.app(), "ds": ds, "root": root, "ids": ids}


def client(site) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=site["app"]), base_url="http://localhost")


def token(page: str) -> str:
    m = re.search(r'name="csrftoken" value="([^"]+)"', page)
    assert m, "the form has no CSRF token"
    return m.group(1)


async def sign_in(c: httpx.AsyncClient, password: str = PASSWORD) -> httpx.Response:
    page = await c.get("/login")
    return await c.post("/login", data={"csrftoken": token(page.text), "name": "lan", "password": password, "next": "/ingest"})


async def upload(c: httpx.AsyncClient, files: list[tuple[str, bytes]], csrf: str | None) -> httpx.Response:
    data = {"csrftoken": csrf} if csrf else {}
    return await c.post("/ingest", data=data, files=[("files", (name, body, "application/octet-stream")) for name, body in files])


def marks(page: str, field: str) -> list[str]:
    """Texts highlighted as `field` on a document page."""
    found = re.findall(r'<mark class="hl [^"]*" data-fields="([^"]*)"[^>]*>(.*?)</mark>', page, re.S)
    return [html.unescape(text) for fields, text in found if field in fields.split()]


# ---- reading ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_home_lists_documents_with_facets(site):
    async with client(site) as c:
        r = await c.get("/")
    assert r.status_code == 200 and '<html lang="vi">' in r.text
    assert "script-src 'none'" in r.headers["content-security-policy"] and "<script" not in r.text
    assert "Danh mục có <strong>5</strong> văn bản" in r.text
    for facet in ("Loại văn bản", "Cơ quan ban hành", "Năm ban hành"):
        assert f"<h3>{facet}</h3>" in r.text
    assert "277/KH-LĐLĐ" in r.text and "15/10/2021" in r.text


@pytest.mark.anyio
@pytest.mark.parametrize("q", ["phat trien doan vien", "Phát triển đoàn viên", "277/KH-LDLD", "277 / kh-lđlđ"])
async def test_search_folds_diacritics_and_numbers(site, q):
    async with client(site) as c:
        r = await c.get("/search.json", params={"q": q})
    numbers = [row["number"] for row in r.json()["rows"]]
    assert "277/KH-LĐLĐ" in numbers


@pytest.mark.anyio
async def test_facets_filter_and_export(site):
    async with client(site) as c:
        r = await c.get("/search.json", params={"type": "Chương trình"})
        csv = await c.get("/search.csv", params={"q": "doan vien", "year": "2021"})
        page = await c.get("/", params={"type": "Chương trình"})
    data = r.json()
    assert data["total"] == 2 and {row["doc_type"] for row in data["rows"]} == {"Chương trình"}
    assert data["rows"][0]["url"].startswith("http://localhost/doc/")
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("\ufeffid,number,doc_type")
    assert "277/KH-LĐLĐ" in csv.text and csv.text.count("\n") == 2
    assert "Đang lọc:" in page.text and "Danh mục có" in page.text


@pytest.mark.anyio
async def test_document_page_highlights_header_values(site):
    doc_id = site["ids"]["277/KH-LĐLĐ"]
    async with client(site) as c:
        r = await c.get(f"/doc/{doc_id}")
        short = await c.get(f"/doc/{doc_id[:12]}")
    assert r.status_code == 200 and short.status_code == 200
    assert marks(r.text, "number") == ["277 /KH-LĐLĐ"]
    assert marks(r.text, "date") == ["ngày 15 tháng 10 năm 2021"]
    assert marks(r.text, "title") == ["Phát triển đoàn viên, thành lập CĐCS đến năm 2023"]
    assert 'href="#hl-number"' in r.text and 'id="hl-number"' in r.text
    assert '<a href="#sec-0">I. MỤC ĐÍCH, YÊU CẦU</a>' in r.text and '<span class="vb-anchor" id="sec-0"></span>' in r.text
    for heading in (
        "Bố cục văn bản",
        "Thông tin trích xuất",
        "Cảnh báo khi trích xuất",
        "Trích dẫn",
        "Được trích dẫn bởi",
        "Chỉ tiêu",
        "Tiến độ",
    ):
        assert heading in r.text


@pytest.mark.anyio
async def test_document_exports(site):
    doc_id = site["ids"]["277/KH-LĐLĐ"]
    async with client(site) as c:
        record = await c.get(f"/doc/{doc_id}.json")
        cites = await c.get(f"/doc/{doc_id}/citations.json")
        cites_csv = await c.get(f"/doc/{doc_id}/citations.csv")
        targets = await c.get(f"/doc/{doc_id}/targets.csv")
        missing = await c.get("/doc/" + "0" * 64)
    assert record.json()["number"] == "277/KH-LĐLĐ" and record.json()["id"] == doc_id
    assert cites.json()["count"] == len(record.json()["citations"])
    assert cites_csv.text.startswith("\ufeffseq,relation,text")
    assert targets.status_code == 200
    assert missing.status_code == 404 and "Không tìm thấy văn bản" in missing.text


@pytest.mark.anyio
async def test_cited_by_page_describes_the_directive(site):
    async with client(site) as c:
        r = await c.get("/cited-by", params={"ref": "02-NQ/TW"})
        j = await c.get("/cited-by.json", params={"ref": "02-NQ/TW", "transitive": "1"})
        empty = await c.get("/cited-by")
    assert r.status_code == 200 and "<h1>Văn bản thực hiện 02-NQ/TW</h1>" in r.text
    assert "Bộ Chính trị" in r.text  # described from the citing documents' citations
    assert j.json()["ref"] == "02-NQ/TW" and j.json()["transitive"] is True
    assert empty.status_code == 200 and "Văn bản thực hiện một chỉ thị, nghị quyết" in empty.text


@pytest.mark.anyio
async def test_cited_by_lists_the_lai_chau_plan(site):
    pytest.importorskip("vanban.catalogue.graph", reason="the citation graph (issue 3) has not landed")
    async with client(site) as c:
        r = await c.get("/cited-by", params={"ref": "02-NQ/TW", "transitive": "1"})
    assert "277/KH-LĐLĐ" in r.text and "<svg" in r.text


@pytest.mark.anyio
async def test_a_long_cited_by_list_shows_the_nearest_and_the_total(site, monkeypatch):
    from vanban.web import views

    async with client(site) as c:
        full = (await c.get("/cited-by.json", params={"ref": "02-NQ/TW", "transitive": "1"})).json()
        monkeypatch.setattr(views, "PAGE_ROWS", 1)
        page = await c.get("/cited-by", params={"ref": "02-NQ/TW", "transitive": "1"})
        export = (await c.get("/cited-by.json", params={"ref": "02-NQ/TW", "transitive": "1"})).json()
    total = len(full["rows"])
    assert total >= 2
    assert f"Hiển thị 1 văn bản gần nhất trên tổng số {total}" in page.text
    assert page.text.count('<tr><td class="vb-nowrap">') == 1
    assert len(export["rows"]) == total  # a download holds every row


@pytest.mark.anyio
async def test_canned_queries_and_datasette_tables(site):
    async with client(site) as c:
        canned = await c.get("/catalogue/so_van_ban_theo_loai_nam.json", params={"_shape": "array"})
        table = await c.get("/catalogue/documents.json", params={"_shape": "array", "_col": "number"})
    assert {row["doc_type"] for row in canned.json()} == {"Kế hoạch", "Chương trình"}
    assert len(table.json()) == 5


# ---- signing in and writing ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_upload_without_signing_in_is_refused(site):
    async with client(site) as c:
        form = await c.get("/ingest")
        refused = await upload(c, [("a.txt", HOSTILE_TEXT.encode())], None)
        login_page = await c.get("/login")
        forged = await upload(c, [("a.txt", HOSTILE_TEXT.encode())], token(login_page.text))
    assert form.status_code == 302 and form.headers["location"].startswith("/login?next=")
    assert refused.status_code == 403 and "Chỉ cán bộ đã đăng nhập" in refused.text
    assert forged.status_code == 403
    assert not (site["root"] / "uploads").exists()


@pytest.mark.anyio
async def test_wrong_password_and_csrf(site):
    async with client(site) as c:
        wrong = await sign_in(c, "sai-mat-khau")
        await c.get("/login")
        no_token = await c.post("/login", data={"name": "lan", "password": PASSWORD})
    assert wrong.status_code == 403 and "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text
    assert "ds_actor" not in wrong.cookies
    assert no_token.status_code == 403 and "ds_actor" not in no_token.cookies


@pytest.mark.anyio
@pytest.mark.parametrize("nxt, where", [("/ingest", "/ingest"), ("//evil.example/x", "/"), ("https://evil.example/", "/")])
async def test_sign_in_redirects_only_within_the_site(site, nxt, where):
    async with client(site) as c:
        page = await c.get("/login")
        r = await c.post("/login", data={"csrftoken": token(page.text), "name": "lan", "password": PASSWORD, "next": nxt})
    assert r.status_code == 302 and r.headers["location"] == where and "ds_actor" in r.cookies


@pytest.mark.anyio
async def test_upload_stores_and_escapes(site):
    async with client(site) as c:
        assert (await sign_in(c)).status_code == 302
        form = await c.get("/ingest")
        assert form.status_code == 200 and "Thêm văn bản vào danh mục" in form.text and "lan" in form.text
        files = [(SCRIPT_NAME, HOSTILE_TEXT.encode()), ("bad.exe", b"MZ\x00\x01"), ("empty.txt", b"")]
        r = await upload(c, files, token(form.text))
        again = await upload(c, files[:1], token(form.text))
        doc_id = re.search(r'href="/doc/([0-9a-f]{64})"', r.text).group(1)
        doc = await c.get(f"/doc/{doc_id}")
        listing = await c.get("/", params={"q": "kiem tra dam"})
        out = await c.post("/logout", data={"csrftoken": token(form.text)})
        after = await c.get("/ingest")
    assert r.status_code == 200
    statuses = re.findall(r'data-status="(\w+)"', r.text)
    assert statuses == ["stored", "failed", "failed"]
    assert "Đã lưu" in r.text and "Loại tệp này không được hỗ trợ" in r.text and "Tệp rỗng" in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in r.text and "<script>alert(1)" not in r.text
    assert re.findall(r'data-status="(\w+)"', again.text) == ["unchanged"]
    assert doc.status_code == 200 and "<script>alert(" not in doc.text and "<img src=x" not in doc.text
    assert "&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt;" in doc.text and "&lt;b&gt;đậm&lt;/b&gt;" in doc.text
    assert doc_id in listing.text
    assert out.status_code == 302 and after.status_code == 302


def test_only_listed_staff_may_ingest(site):
    from vanban.web.plugin import permission_allowed

    ds = site["ds"]
    assert permission_allowed(ds, {"id": "lan", "vanban": "staff"}, "vanban-ingest", None) is True
    assert permission_allowed(ds, {"id": "ghost", "vanban": "staff"}, "vanban-ingest", None) is False
    assert permission_allowed(ds, {"id": "lan"}, "vanban-ingest", None) is False
    assert permission_allowed(ds, None, "vanban-ingest", None) is False
    assert permission_allowed(ds, None, "view-table", None) is None  # everything else: Datasette's defaults


def test_serve_and_adduser_commands(tmp_path):
    from click.testing import CliRunner

    from vanban.cli import cli
    from vanban.web.auth import check_login

    users = tmp_path / "users.json"
    runner = CliRunner()
    ok = runner.invoke(cli, ["adduser", "hoa", "--users", str(users), "--password-stdin"], input="mot-mat-khau\n")
    short = runner.invoke(cli, ["adduser", "hoa", "--users", str(users), "--password-stdin"], input="ngan\n")
    bad = runner.invoke(cli, ["adduser", "Hoa Lan", "--users", str(users), "--password-stdin"], input="mot-mat-khau\n")
    assert ok.exit_code == 0 and check_login(users, "hoa", "mot-mat-khau")
    assert short.exit_code == 2 and "at least 8" in short.output
    assert bad.exit_code == 2
    assert json.loads(users.read_text())["users"]["hoa"].startswith("scrypt$")
    assert "--users" in runner.invoke(cli, ["serve", "--help"]).output
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        taken = runner.invoke(cli, ["serve", "--db", str(tmp_path / "c.db"), "--users", str(users), "--port", str(port)])
    assert taken.exit_code == 2 and "cannot listen there" in taken.output


@pytest.mark.anyio
async def test_upload_needs_the_form_token(site):
    body = "Số: 9/KH-X\nKẾ HOẠCH\nthử mã chống giả mạo".encode()
    async with client(site) as c:
        await sign_in(c)
        form = await c.get("/ingest")
        missing = await upload(c, [("x.txt", body)], None)
        wrong = await upload(c, [("x.txt", body)], token(form.text)[:-2] + "xy")
    for r in (missing, wrong):
        assert r.status_code == 403 and "Biểu mẫu không hợp lệ" in r.text
    assert not list(site["root"].glob("uploads/*/x.txt"))


@pytest.mark.anyio
async def test_public_metadata_names_no_server_files(site):
    async with client(site) as c:
        meta = await c.get("/-/metadata.json")
    assert meta.status_code == 200 and "users.json" not in meta.text and str(site["root"]) not in meta.text


@pytest.mark.anyio
async def test_findings_shown_errors_first_and_as_text(tmp_path):
    """Ingest computes findings (seed 001 under its parent 135/KH-TLĐ: a different-scope warning);
    the page lists them errors first, rules by their Vietnamese names, HTML in a message as text."""
    from vanban.catalogue import ingest_paths, open_db
    from vanban.web.app import make_datasette

    db = open_db(tmp_path / "c.db")
    list(ingest_paths(db, [CORPUS / "parents" / "135-KH-TLD-2021.txt"]))
    (res,) = list(ingest_paths(db, [CORPUS / "seeds" / "001_90e93914de0aefd7.txt"]))
    db["findings"].insert(
        {
            "id": "test-1",
            "doc_id": res.id,
            "rule": "percent_range",
            "severity": "error",
            "message": "Chỉ tiêu <thấp hơn> cấp trên",
            "seq": 99,
        }
    )
    db.conn.close()
    app = make_datasette(tmp_path / "c.db").app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://x") as c:
        page = (await c.get(f"/doc/{res.id}")).text
        rows = (await c.get(f"/doc/{res.id}/findings.json")).json()["rows"]
    assert "Kết quả kiểm tra tuân thủ" in page and "<th>Mức độ</th>" in page and "<td>Lỗi</td>" in page
    assert "Chỉ tiêu &lt;thấp hơn&gt; cấp trên" in page
    assert rows[0]["severity"] == "error"  # errors first
    assert any(r["severity"] == "warning" and "25" in r["message"] and "10" in r["message"] for r in rows)
