"""A letterhead printed in the page header of a .docx (issuer | Quốc hiệu, Số | place-date)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from vanban import extract_file
from vanban.extract.readers.docx import read_docx

BODY = [
    "KẾ HOẠCH",
    "Thực hiện Kế hoạch số 277/KH-LĐLĐ ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh Lai Châu",
    "Căn cứ Kế hoạch số 277/KH-LĐLĐ ngày 15/10/2021 của Ban Thường vụ LĐLĐ tỉnh, "
    "Ban Thường vụ LĐLĐ huyện xây dựng kế hoạch như sau:",
    "1. Phấn đấu đến hết năm 2023 kết nạp được 40 đoàn viên.",
]


def _letterhead(header) -> None:  # type: ignore[no-untyped-def]
    t = header.add_table(rows=2, cols=2, width=docx.shared.Inches(6))
    t.cell(0, 0).text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\nLIÊN ĐOÀN LAO ĐỘNG HUYỆN TAM ĐƯỜNG"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = "Số: 15/KH-LĐLĐ"
    t.cell(1, 1).text = "Tam Đường, ngày 20 tháng 10 năm 2021"


def _plan(path: Path, *, first_page: bool, letterhead: bool = True, running: str | None = None) -> Path:
    d = docx.Document()
    sec = d.sections[0]
    sec.different_first_page_header_footer = first_page
    if letterhead:
        _letterhead(sec.first_page_header if first_page else sec.header)
    if running:
        (sec.header if first_page else sec.first_page_header).paragraphs[0].text = running
    for p in BODY:
        d.add_paragraph(p)
    d.save(str(path))
    return path


@pytest.mark.parametrize("first_page", [True, False], ids=["first-page header", "default header"])
def test_the_letterhead_in_the_page_header_is_read_first(tmp_path: Path, first_page: bool) -> None:
    r = extract_file(_plan(tmp_path / "plan.docx", first_page=first_page, running="Trang 2 - Kế hoạch số 15"))
    assert (r.number, r.doc_type, r.place, r.date) == ("15/KH-LĐLĐ", "Kế hoạch", "Tam Đường", "2021-10-20")
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == ("Liên đoàn Lao động huyện Tam Đường", "Liên đoàn Lao động tỉnh Lai Châu")


def test_a_running_header_is_left_out(tmp_path: Path) -> None:
    path = _plan(tmp_path / "plan.docx", first_page=False, letterhead=False, running="Kế hoạch phát triển đoàn viên - Trang 1")
    texts = [b.text for b in read_docx(path).blocks]
    assert texts[0] == "KẾ HOẠCH" and not any("Trang 1" in t for t in texts)


def test_no_header_at_all(tmp_path: Path) -> None:
    path = _plan(tmp_path / "plan.docx", first_page=False, letterhead=False)
    assert [b.text for b in read_docx(path).blocks] == BODY


@pytest.mark.parametrize(
    ("text", "letterhead"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("ĐẢNG CỘNG SẢN VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("UBND TỈNH X\nSố: 12/UBND-VP", True),
        ("Trang 1", False),
        ("Kế hoạch phát triển đoàn viên năm 2023", False),
        ("Số liệu tháng 3", False),  # 'Số' without a number
    ],
)
def test_letterhead_re(text: str, letterhead: bool) -> None:
    from vanban.extract.readers.docx import _LETTERHEAD_RE

    assert bool(_LETTERHEAD_RE.search(text)) == letterhead
