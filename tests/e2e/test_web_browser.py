"""End to end, as a person would: `vanban serve` on a free port, a real headless Chromium driven by
Playwright. Screenshots go to outputs/e2e/ for a person to look at.

Playwright's own browser downloads are impossible here; it drives Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT

CHROMIUM = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SHOTS = ROOT / "outputs" / "e2e"
PASSWORD = "mat-khau-e2e"
DOCX = CORPUS / "real" / "vbplus__30_2020_ND_CP.docx"
HOSTILE_NAME = "<script>alert(1)</script>.txt"
HOSTILE_TEXT = (
    "UBND XÃ THỬ NGHIỆM\nSố: 15/KH-UBND\nThử Nghiệm, ngày 2 tháng 3 năm 2024\nKẾ HOẠCH\n"
    'Kiểm tra hiển thị <script>alert("text")</script> và <b>chữ đậm</b> <img src=x onerror=alert(2)>\n'
)

sync_api = pytest.importorskip("playwright.sync_api", reason="the e2e test needs the playwright package")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"vanban serve exited: {log.read_text(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError("vanban serve did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from vanban.catalogue import ingest_paths, open_db
    from vanban.web.auth import set_password

    root = tmp_path_factory.mktemp("e2e")
    db = open_db(root / "catalogue.db")
    assert all(r.status == "stored" for r in ingest_paths(db, [CORPUS / "seeds"]))
    db.conn.close()
    users = root / "users.json"
    set_password(users, "lan", PASSWORD)  # `vanban adduser` itself is tested in tests/test_web_app.py
    local = Path(sys.executable).parent / "vanban"
    vanban = [str(local)] if local.exists() else [shutil.which("vanban") or "vanban"]
    port = free_port()
    log = (root / "serve.log").open("wb")  # a file, not a pipe: a chatty server must never block
    proc = subprocess.Popen(
        [*vanban, "serve", "--db", str(root / "catalogue.db"), "--users", str(users), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, proc, root / "serve.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="vi-VN",
        )
        try:
            yield context
        finally:
            context.close()


def test_staff_upload_review_search_and_cited_by(server, browser):
    page = browser.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    expect = sync_api.expect

    # Reading is open, writing is not: the upload form sends a visitor to sign in, and a POST is refused.
    page.goto(server + "/ingest")
    assert page.url.startswith(server + "/login")
    refused = page.request.post(
        server + "/ingest", multipart={"files": {"name": "a.txt", "mimeType": "text/plain", "buffer": b"x"}}
    )
    assert refused.status == 403

    # Sign in.
    page.fill("#name", "lan")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Thêm văn bản vào danh mục")
    expect(page.locator(".vb-user-name")).to_have_text("lan")

    # Upload a real .docx and a file whose name and text are HTML.
    page.set_input_files(
        "#files",
        [
            {"name": DOCX.name, "mimeType": "application/octet-stream", "buffer": DOCX.read_bytes()},
            {"name": HOSTILE_NAME, "mimeType": "text/plain", "buffer": HOSTILE_TEXT.encode("utf-8")},
        ],
    )
    page.click(".vb-upload button[type=submit]")
    rows = page.locator(".vb-results-table tbody tr")
    expect(rows).to_have_count(2)
    assert [rows.nth(i).get_attribute("data-status") for i in range(2)] == ["stored", "stored"]
    expect(rows.nth(0)).to_contain_text("Đã lưu")
    expect(rows.nth(0)).to_contain_text("30/2020/NĐ-CP")
    expect(rows.nth(1).locator(".vb-filename")).to_have_text(HOSTILE_NAME)  # shown as text, not run
    page.screenshot(path=str(SHOTS / "01_upload_results.png"), full_page=True)
    hostile_review = rows.nth(1).locator("a.vb-review").get_attribute("href")

    # Its review page: number, date and issuer highlighted where they stand in the text.
    rows.nth(0).locator("a.vb-review").click()
    expect(page.locator("h1")).to_contain_text("30/2020/NĐ-CP")

    def marked(field: str) -> list[str]:
        return page.locator(f'#text mark[data-fields~="{field}"]').all_inner_texts()

    assert "".join(marked("number")) == "30/2020/NĐ-CP"
    assert " ".join("".join(marked("date")).split()) == "ngày 05 tháng 3 năm 2020"
    assert "".join(marked("issuer")).casefold() == "chính phủ"
    page.screenshot(path=str(SHOTS / "02_document_highlights.png"))
    page.click('tr[data-field="signer_name"] a.vb-jump')  # jumps to the signature at the end of the text
    expect(page.locator('#text mark[data-fields~="signer_name"]')).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / "03_document_jump_to_signer.png"))

    # The hostile document: its HTML is shown as text and never runs.
    page.goto(server + str(hostile_review))
    expect(page.locator("#text")).to_contain_text('<script>alert("text")</script>')
    expect(page.locator("#text")).to_contain_text("<b>chữ đậm</b>")
    assert page.locator("#text script, #text b, #text img").count() == 0
    page.screenshot(path=str(SHOTS / "04_html_shown_as_text.png"))

    # Search for the uploaded decree without diacritics.
    page.goto(server + "/")
    page.fill("input[name=q]", "nghi dinh ve cong tac van thu")
    page.press("input[name=q]", "Enter")
    expect(page.locator(".vb-list tbody tr").first).to_contain_text("30/2020/NĐ-CP")
    page.screenshot(path=str(SHOTS / "05_search_without_diacritics.png"))

    # The documents implementing Nghị quyết 02-NQ/TW, direct and transitive, with the graph.
    page.click("text=Văn bản thực hiện")
    page.fill("input[name=ref]", "02-NQ/TW")
    page.check("input[name=transitive]")
    page.click("form.vb-search button[type=submit]")
    expect(page.locator("h1")).to_have_text("Văn bản thực hiện 02-NQ/TW")
    page.screenshot(path=str(SHOTS / "06_cited_by_02-NQ-TW.png"), full_page=True)
    assert not dialogs, f"a script ran: {dialogs}"
    expect(page.locator(".vb-citers")).to_contain_text("277/KH-LĐLĐ")  # the Lai Châu plan (needs the citation graph)
    expect(page.locator(".vb-citers")).to_contain_text("Lai Châu")
    expect(page.locator(".vb-graph svg")).to_be_visible()

    # Sign out: the upload form is closed again.
    page.click("button.vb-logout")
    page.goto(server + "/ingest")
    assert page.url.startswith(server + "/login")
