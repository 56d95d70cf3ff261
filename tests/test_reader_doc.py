""".doc reader: LibreOffice conversion (private profile, time limit, clean-up, missing program) and golden
expectations for every Word 97 file of the real corpus, the TCVN3 one included.

LibreOffice takes a second or more to start, so the golden tests convert all corpus files in one run
(once per test process) and read the results with the .docx reader, which is what `read_doc` does
file by file; one test runs `read_doc` itself end to end and one runs two conversions at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.test_reader_docx import flat, in_order
from vanban.errors import MissingTool, UnreadableDocument
from vanban.extract.readers import doc as doc_reader
from vanban.extract.readers.doc import ConvertSettings, read_doc
from vanban.extract.readers.docx import read_docx

REAL = CORPUS / "real"
TCVN3_FILE = REAL / "hpqlvb__KDIEM DANG VIEN 2011 PHU TTRA.doc"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _word_files() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.suffix.lower() == ".doc" and p.read_bytes()[:4] == b"\xd0\xcf\x11\xe0")


@cache
def converted() -> dict[str, Path]:
    """Every Word 97 file of the corpus converted to .docx in one LibreOffice run: name -> .docx."""
    out = Path(tempfile.mkdtemp(prefix="vanban-test-doc-"))
    files = _word_files()
    cmd = ["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore", "--convert-to", "docx"]
    subprocess.run(
        [*cmd, "--outdir", str(out), *map(str, files)],
        capture_output=True,
        timeout=600,
        check=False,
        env={**os.environ, "HOME": str(out)},
    )
    return {f.name: out / (f.stem + ".docx") for f in files}


# file -> (key lines in order, {table: number of cell blocks})
REAL_DOC = {
    "hpqlvb__CT9UB.DOC": (
        ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 09/2009/CT-UBND Thủ Dầu Một, ngày 15 tháng 4 năm 2009", "CHỈ THỊ",
         "Nơi nhận: TM. UỶ BAN NHÂN DÂN", "- Bộ Khoa học và Công nghệ; KT.CHỦ TỊCH", "Nguyễn Văn Hiệp"],
        {},
    ),
    "hpqlvb__KDIEM DANG VIEN 2011 PHU TTRA.doc": (
        # TCVN3 text converted; .VnTimeH lines print in capitals
        ["ĐẢNG BỘ CƠ QUAN UBND", "ĐẢNG CỘNG SẢN VIỆT NAM", "HUYỆN LỆ THUỶ", "CHI BỘ THANH TRA", "Lệ Thuỷ, ngày 29 tháng 11 năm 2011",
         "BẢN TỰ KIỂM ĐIỂM", "ĐÁNH GIÁ CHẤT LƯỢNG ĐẢNG VIÊN", "Chức vụ hiện nay: Phó Chánh thanh tra huyện Lệ Thuỷ",
         "- Về tư tưởng chính trị.", "quy định số 76-QĐ/TW ngày 15/6/2000 của Bộ Chính trị", "NGƯỜI TỰ KIỂM ĐIỂM", "CHÂU MINH PHÚ"],
        {0: 1},
    ),
    "hpqlvb__Ke_hoach_trien_khai_dao_tao_phan_mem_Qlvb&Dh.doc": (
        ["UBND TỈNH PHÚ THỌ\nSỞ THÔNG TIN VÀ TRUYỂN THÔNG", "Số: /KH-STTTT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
         "Phú Thọ, ngày tháng 12 năm 2011", "KẾ HOẠCH", "Triển khai cài đặt, đào tạo hướng dẫn sử dụng phần mềm Quản lý văn bản",
         "I. MỤC ĐÍCH, YÊU CẦU", "1. Cài đặt hệ thống phần mềm"],  # '1.' is Word numbering
        {0: 2},
    ),
    "hpqlvb__QD15UB.DOC": (
        ["ỦY BAN NHÂN DÂN \nTHÀNH PHỐ HÀ NỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 15/2010/QĐ-UBND", "Hà Nội, ngày 26 tháng 04 năm 2010",
         "QUYẾT ĐỊNH", "Căn cứ Nghị định số 97/2008/NĐ-CP", "Điều 1. Ban hành kèm theo quyết định này"],
        {0: 4},
    ),
    "hpqlvb__QD9UB1.DOC": (
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "Số:09/2010/QĐ-UBND", "Cần Thơ, ngày 21 tháng 01 năm 2010", "QUYẾT ĐỊNH",
         "Căn cư Quyết định số 10/2007/QĐ_BKHCN", "Điều 1.", "Nơi nhận:", "Trần Tuấn Anh"],
        {0: 4},
    ),
    "hpqlvb__Quyet dinh 93-2007 Thuc hien co che mot cua.doc": (
        ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 93/2007/QĐ-TTg", "Hà Nội, ngày 22 tháng 6 năm 2007", "QUYẾT ĐỊNH",
         "Quy chế thực hiện cơ chế một cửa, cơ chế một cửa liên thông", "Nơi nhận:\n- Ban Bí thư Trung ương Đảng;", "THỦ TƯỚNG", "Nguyễn Tấn Dũng"],
        {0: 5},
    ),
    "hpqlvb__THONG TU SO 01 BNV KY THUAT TRINH BAY VAN BAN.doc": (
        ["BỘ NỘI VỤ", "Số: 01/2011/TT-BNV", "Hà Nội, ngày 19 tháng 01 năm 2011", "THÔNG TƯ",
         "Hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính", "Điều 1. Phạm vi và đối tượng áp dụng", "Trần Văn Tuấn"],
        {0: 4},
    ),
    "peel08__1. Hướng dẫn quy trình CÁC BƯỚC THỰC HIỆN  KY KET TULDTT...hoàn chỉnh.doc": (
        ["HƯỚNG DẪN", "Quy trình xây dựng, thương lượng ký kết Thỏa ước lao động tập thể", "Căn cứ Nghị định số 145/2020/NĐ-CP",
         "Nơi nhận:", "- Như trên;"],
        {},
    ),
    "peel08__1.Tờ trình xin chu truong bs CHU TICH.doc": (
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH\nCĐCS CÔNG TY TNHH OUTDOOR PARK", "Số: /TTr-CĐCS", "Hòa Khánh, ngày tháng 4 năm 2026",
         "TỜ TRÌNH", "xin chủ trương bầu bổ sung Chủ tịch CĐCS Công ty TNHH OUTDOOR Park", "Căn cứ Quyết định số: 132/QĐ-LĐLĐ",
         "T/M. BAN CHẤP HÀNH", "Hồ Thị Kim Thoa"],
        {0: 2},
    ),
    "peel08__2. TO TRINH - bau bo sung.doc": (
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 07/TTr-CĐCS/2024 Tân an, ngày 31 tháng 05 năm 2024",
         "TỜ TRÌNH", "Căn cứ công văn 342/LĐLĐ ngày 29/5/2024", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH"],
        {},
    ),
}  # fmt: skip


@needs_soffice
@pytest.mark.parametrize("name", sorted(REAL_DOC))
def test_real_doc(name):
    lines, cells = REAL_DOC[name]
    result = read_docx(converted()[name])
    text = flat(result.blocks)
    assert in_order(text, lines), [x for x in lines if x not in text]
    for table, n in cells.items():
        assert sum(1 for b in result.blocks if b.kind == "cell" and b.table == table) == n
    # Only the TCVN3 file is converted from a legacy encoding; Unicode files naming .VnTime are not.
    legacy = name == TCVN3_FILE.name
    assert result.warnings == (["the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"] if legacy else [])


def test_every_real_doc_has_golden_expectations():
    assert sorted(p.name for p in _word_files()) == sorted(REAL_DOC)


@needs_soffice
def test_read_doc_end_to_end_tcvn3(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = read_doc(TCVN3_FILE)
    assert list(tmp_path.iterdir()) == []  # the converted file and the private profile are gone
    text = flat(result.blocks)
    assert "Lệ Thuỷ, ngày 29 tháng 11 năm 2011" in text
    assert "ĐÁNH GIÁ CHẤT LƯỢNG ĐẢNG VIÊN" in text  # TCVN3 'ư' is a soft hyphen in the converted file
    assert "§" not in text and "¶" not in text
    assert result.warnings == ["the text was typed in the TCVN3 (ABC) encoding and was converted to Unicode"]


@needs_soffice
def test_parallel_conversions_do_not_collide(tmp_path):
    files = [REAL / "peel08__2. TO TRINH - bau bo sung.doc", REAL / "hpqlvb__QD9UB1.DOC"]
    results: dict[str, str] = {}

    def work(path: Path) -> None:
        try:
            results[path.name] = flat(read_doc(path).blocks)
        except Exception as e:  # noqa: BLE001 - reported through the assertion below
            results[path.name] = f"error: {e}"

    threads = [threading.Thread(target=work, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "Số: 07/TTr-CĐCS/2024" in results[files[0].name]
    assert "Số:09/2010/QĐ-UBND" in results[files[1].name]


def test_missing_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingTool) as e:
        read_doc(REAL / "hpqlvb__QD9UB1.DOC")
    assert str(e.value) == "reading .doc files needs LibreOffice: apt-get install libreoffice-writer-nogui"


def test_conversion_time_limit(tmp_path):
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    slow.chmod(0o755)
    start = time.monotonic()
    with pytest.raises(UnreadableDocument, match="did not finish"):
        read_doc(REAL / "hpqlvb__QD9UB1.DOC", ConvertSettings(soffice=str(slow), timeout=1))
    assert time.monotonic() - start < 10


def test_conversion_failure(tmp_path):
    failing = tmp_path / "failing-soffice"
    failing.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(
        UnreadableDocument, match="could not read the file as a Word document .Error: source file could not be loaded"
    ):
        read_doc(REAL / "hpqlvb__QD9UB1.DOC", ConvertSettings(soffice=str(failing)))


def test_find_soffice_prefers_settings():
    assert doc_reader.find_soffice(ConvertSettings(soffice="/opt/lo/soffice")) == "/opt/lo/soffice"
