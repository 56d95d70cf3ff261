"""Markdown made by converters (markitdown, pandoc, docling) from a Word file: the header and the signature are a
table, written as pipe rows, each cell's paragraphs joined by a space or '<br>'. The texts are made up in that shape."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.closing import split_position
from vanban.extract.readers.text import _CELL_ITEM_RE, PIPE_ROW_RE, PIPE_RULE_RE, _cell_lines, text_to_blocks

CONVERTED = """| LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ TĨNH **CÔNG ĐOÀN NGÀNH GIÁO DỤC** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** **Độc lập - Tự do - Hạnh phúc** |
| --- | --- |
| Số: 09/KH-CĐN | *Hà Tĩnh, ngày 03 tháng 3 năm 2025* |

**KẾ HOẠCH**

**Phát triển đoàn viên năm 2025**

Căn cứ Kế hoạch số 11/KH-LĐLĐ ngày 15/01/2025 của Ban Thường vụ Liên đoàn Lao động tỉnh Hà Tĩnh;

**I. CHỈ TIÊU**

- Kết nạp mới ít nhất 120 đoàn viên.

| **Nơi nhận:**<br>- LĐLĐ tỉnh (b/c);<br>- Lưu VT. | **TM. BAN THƯỜNG VỤ CHỦ TỊCH** **Võ Thị Hằng** |
| --- | --- |
"""


def test_a_converted_header_table_reads_as_a_word_header() -> None:
    r = extract_text(CONVERTED, path="plan.md")
    assert (r.number, r.doc_type, r.place, r.date) == ("09/KH-CĐN", "Kế hoạch", "Hà Tĩnh", "2025-03-03")
    assert r.issuer is not None
    assert (r.issuer.name, r.issuer.parent) == ("Công đoàn ngành Giáo dục tỉnh Hà Tĩnh", "Liên đoàn Lao động tỉnh Hà Tĩnh")
    assert r.title == "Phát triển đoàn viên năm 2025"


def test_a_converted_signature_table_reads_as_a_word_signature() -> None:
    r = extract_text(CONVERTED, path="plan.md")
    assert r.signer is not None
    assert (r.signer.name, r.signer.position, r.signer.authority) == ("Võ Thị Hằng", "Chủ tịch", "TM. Ban Thường vụ")
    assert r.recipients == ["LĐLĐ tỉnh (b/c)", "Lưu VT."]


def test_pipe_rows_become_cells() -> None:
    blocks = text_to_blocks(CONVERTED, markdown=True)
    cells = [b for b in blocks if b.kind == "cell"]
    assert [(b.table, b.row, b.col) for b in cells[:4]] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1)]
    assert cells[0].text == "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ TĨNH\nCÔNG ĐOÀN NGÀNH GIÁO DỤC"
    assert not any("---" in b.text or "|" in b.text for b in blocks)


def test_lone_pipes_of_a_copied_web_page_are_not_a_table() -> None:
    blocks = text_to_blocks("ỦY BAN NHÂN DÂN\n|\nSố: 12/KH-UBND\n|\nKẾ HOẠCH", markdown=True)
    assert all(b.kind == "paragraph" for b in blocks)


def test_pipe_rows_without_a_rule_are_text() -> None:
    blocks = text_to_blocks("**A**\n| a | b |\n| c | d |\n**B**", markdown=True)
    assert all(b.kind == "paragraph" for b in blocks)


@pytest.mark.parametrize(
    ("line", "hit"),
    [("| a | b |", True), ("|Số: 1|Hà Nội|", True), ("  | a |  ", True), ("|", False), ("a | b", False), ("| a", False)],
)
def test_pipe_row_re(line: str, hit: bool) -> None:
    assert bool(PIPE_ROW_RE.match(line)) is hit


@pytest.mark.parametrize(
    ("line", "hit"),
    [("| --- | --- |", True), ("|:---|---:|", True), ("---|---", True), ("| -- | -- |", False), ("| a | --- |", False)],
)
def test_pipe_rule_re(line: str, hit: bool) -> None:
    assert bool(PIPE_RULE_RE.match(line)) is hit


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Nơi nhận: - LĐLĐ tỉnh; - Lưu VT.", ["Nơi nhận:", "- LĐLĐ tỉnh;", "- Lưu VT."]),
        (" - Như trên", ["", "- Như trên"]),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"]),  # a dash inside a name
        ("giai đoạn 2021 - 2025", ["giai đoạn 2021 - 2025"]),
    ],
)
def test_cell_item_re(text: str, parts: list[str]) -> None:
    assert _CELL_ITEM_RE.split(text) == parts


@pytest.mark.parametrize(
    ("cell", "lines"),
    [
        (" UBND TỈNH A **SỞ NỘI VỤ** ", ["UBND TỈNH A", "SỞ NỘI VỤ"]),
        ("**TM. BAN THƯỜNG VỤ**<br>**CHỦ TỊCH**<br/><br>Nguyễn Văn A", ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn A"]),
        ("*Hà Nội, ngày 5 tháng 6 năm 2024*", ["Hà Nội, ngày 5 tháng 6 năm 2024"]),
        ("   ", []),
    ],
)
def test_cell_lines(cell: str, lines: list[str]) -> None:
    assert _cell_lines(cell) == lines


@pytest.mark.parametrize(
    ("body", "split"),
    [
        ("BAN THƯỜNG VỤ CHỦ TỊCH", ("BAN THƯỜNG VỤ", "CHỦ TỊCH")),
        ("CHỦ TỊCH CHÁNH VĂN PHÒNG", ("CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),
        ("CHỦ TỊCH PHÓ CHỦ TỊCH", ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("BAN THƯỜNG VỤ PHÓ CHỦ TỊCH THƯỜNG TRỰC", ("BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH THƯỜNG TRỰC")),
        ("ĐOÀN CHỦ TỊCH PHÓ CHỦ TỊCH", ("ĐOÀN CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("CHỦ TỊCH", ("CHỦ TỊCH", None)),  # 'KT. CHỦ TỊCH': the authority only
        ("ĐOÀN CHỦ TỊCH", ("ĐOÀN CHỦ TỊCH", None)),  # the Presidium is an organ
        ("BAN CHẤP HÀNH", ("BAN CHẤP HÀNH", None)),
        ("ỦY BAN NHÂN DÂN", ("ỦY BAN NHÂN DÂN", None)),
    ],
)
def test_split_position(body: str, split: tuple[str, str | None]) -> None:
    assert split_position(body) == split


def test_a_markdown_data_table_is_a_table_with_its_totals() -> None:
    text = (
        "**KẾ HOẠCH**\n\n**Phát triển đoàn viên năm 2025**\n\n**II. CHỈ TIÊU**\n\n"
        "Biểu giao chỉ tiêu năm 2025\n\n"
        "| TT | Đơn vị | Đoàn viên kết nạp mới |\n| --- | --- | --- |\n"
        "| 1 | LĐLĐ huyện A | 150 |\n| 2 | LĐLĐ huyện B | 200 |\n| | **Tổng cộng** | **350** |\n"
    )
    (table,) = extract_text(text).tables
    assert table.header == ["TT", "Đơn vị", "Đoàn viên kết nạp mới"]
    assert table.rows == [["1", "LĐLĐ huyện A", "150"], ["2", "LĐLĐ huyện B", "200"]]
    assert table.totals == {"Đoàn viên kết nạp mới": 350.0}
