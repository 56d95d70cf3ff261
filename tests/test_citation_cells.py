"""A reference in a table cell reads its date and issuer from its own cell, not from the header's
place-and-date cell beside it; a list of documents (Số hiệu | Ngày) still dates its numbers."""

from __future__ import annotations

from pathlib import Path

import docx

from vanban import extract_file


def _docx(path: Path, rows: list[list[str]], body: list[str]) -> Path:
    d = docx.Document()
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    for p in body:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def test_a_reference_beside_the_place_date_cell(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "cv.docx",
        [
            ["UBND TỈNH QUẢNG NAM\nSỞ TÀI CHÍNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
            ["Số: 12/STC-VP\nV/v triển khai Chỉ thị số 21/CT-TTg\ncủa Thủ tướng Chính phủ", "Quảng Nam, ngày 3 tháng 8 năm 2023"],
        ],
        ["Kính gửi: Các sở, ngành.", "Sở Tài chính đề nghị các đơn vị triển khai."],
    )
    (c,) = extract_file(path).citations
    assert (c.number, c.date, c.issuer) == ("21/CT-TTg", None, "Thủ tướng Chính phủ")


def test_a_list_of_documents_dates_its_numbers(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "list.docx",
        [["TT", "Số hiệu", "Ngày ban hành", "Trích yếu"], ["1", "666/TB-STTTT", "14/12/2011", "Thông báo kết quả"]],
        ["BÁO CÁO", "Danh mục văn bản đã ban hành."],
    )
    (c,) = extract_file(path).citations
    assert (c.number, c.date) == ("666/TB-STTTT", "2011-12-14")
