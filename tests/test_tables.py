"""Tables: Word cells, tab- and pipe-separated text, header rows, totals and their check."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tests.test_sections import doc_of
from vanban import extract_file
from vanban.extract.document import Doc
from vanban.extract.tables import TOTAL_RE, cell_number, extract_tables
from vanban.schemas import Block, Source

SEED_001 = CORPUS / "seeds" / "001_90e93914de0aefd7.txt"


@pytest.mark.parametrize("text", ["Tổng cộng:", "Tổng cộng", "TỔNG CỘNG", "Tổng số", "Tổng", "Cộng", "Toàn tỉnh", "tổng cộng ."])
def test_total_label(text):
    assert TOTAL_RE.match(text)


@pytest.mark.parametrize("text", ["Tổng kết", "Cộng đồng", "Tổng Liên đoàn", "LĐLĐ huyện Tam Đường", "Số đoàn viên", "Toàn bộ"])
def test_not_a_total_label(text):
    assert not TOTAL_RE.match(text)


@pytest.mark.parametrize("text, value", [("2.136", 2136), ("23.320", 23320), ("6,5", 6.5), ("85%", 85), (" 40 ", 40), ("0", 0)])
def test_cell_number(text, value):
    assert cell_number(text) == value


@pytest.mark.parametrize("text", ["", "LĐLĐ Thành Phố", "Ngày 02/01/2011", "6/2021", "x"])
def test_cell_not_a_number(text):
    assert cell_number(text) is None


def test_seed_001_allocation_table():
    r = extract_file(SEED_001)
    (t,) = r.tables
    assert t.caption.startswith("BẢNG GIAO CHỈ TIÊU")
    assert t.header[5] == "Số đoàn viên giao tăng thêm giai đoạn 2021-2023"
    assert len(t.rows) == 11 and t.rows[0][:3] == ["1", "LĐLĐ Thành Phố", "2.136"]
    assert t.totals == {
        "Số đoàn viên hiện có đến tháng 6/2021": 23320,
        "Số lao động chưa là đoàn viên đến tháng 6/2021": 848,
        "Số DN chưa có tổ chức Công đoàn có từ 6 lao động trở lên": 58,
        "Số đoàn viên giao tăng thêm giai đoạn 2021-2023": 540,
        "Số CDCS giao thành lập giai đoạn 2021-2023": 23,
    }
    a, b = t.span
    assert r.text[a:b].startswith("TT") and r.text[a:b].endswith("23")


ROWS = [
    "TT\tĐơn vị\tGiai đoạn 2021 - 2023",
    "\t\tSố đoàn viên hiện có\tSố đoàn viên giao tăng thêm\tSố CĐCS giao thành lập",
    "1\tLĐLĐ Thành Phố\t2.136\t100\t10",
    "2\tCĐ Viên chức\t2.745\t\t2",
    "\tTổng cộng:\t4.881\t100\t12",
]


def raw_doc(*lines: str) -> Doc:
    """A Doc whose lines keep every tab (text normalisation that keeps runs of tabs, edges stripped)."""
    texts = [t.strip(" \t") for t in lines]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return Doc(Source(path="<test>", sha256="0", format="txt"), [Block(text=t) for t in texts], "\n".join(texts), starts)


def _table(rows):
    d = raw_doc("BẢNG GIAO CHỈ TIÊU", *rows)
    return extract_tables(d), d.warnings


def test_tab_table_with_empty_cells_kept():
    (t,), warnings = _table(ROWS)
    assert t.header == ["TT", "Đơn vị", "Số đoàn viên hiện có", "Số đoàn viên giao tăng thêm", "Số CĐCS giao thành lập"]
    assert t.rows[1] == ["2", "CĐ Viên chức", "2.745", "", "2"]
    assert t.totals == {"Số đoàn viên hiện có": 4881, "Số đoàn viên giao tăng thêm": 100, "Số CĐCS giao thành lập": 12}
    assert warnings == []


def test_total_that_is_not_the_sum_is_reported():
    rows = [*ROWS[:-1], "\tTổng cộng:\t4.881\t140\t12"]
    (t,), warnings = _table(rows)
    assert t.totals["Số đoàn viên giao tăng thêm"] == 140
    assert warnings == [
        "table 'BẢNG GIAO CHỈ TIÊU': the total of column 'Số đoàn viên giao tăng thêm' is 140 but its rows add up to 100"
    ]


def test_tab_table_with_collapsed_empty_cells_is_not_checked():
    # normalisation that folds runs of tabs loses empty cells: a numbered row falls short of the header
    rows = ["TT\tĐơn vị\tA\tB\tC", "1\tX\t1\t2\t3", "2\tY\t5\t6", "Tổng cộng\t6\t2\t9"]
    (t,), warnings = _table(rows)
    assert t.totals == {"A": 6, "B": 2, "C": 9}
    assert warnings == [
        "table 'BẢNG GIAO CHỈ TIÊU': rows 2 have fewer cells than the table, so the totals were not checked against the column sums"
    ]


def test_pipe_table():
    rows = [
        "| STT | Nội dung | Kinh phí |",
        "|---|:---|---:|",
        "| 1 | Tập huấn | 1.500 |",
        "| 2 | Hội thi | 2.500 |",
        "| | Tổng cộng | 4.000 |",
    ]
    (t,), warnings = _table(rows)
    assert t.header == ["STT", "Nội dung", "Kinh phí"]
    assert t.rows == [["1", "Tập huấn", "1.500"], ["2", "Hội thi", "2.500"]]
    assert t.totals == {"Kinh phí": 4000} and warnings == []


def test_word_table_with_merged_header():
    # the real Kế hoạch (Sở TT&TT Phú Thọ 2011): 'Phòng ban đào tạo' spans two columns, the first
    # column's header cell is merged down over the second header row
    cells = [
        (0, 0, "Thời gian: 1/2 ngày\n- Sáng: từ 8h30\n- Chiều: từ 14h00"),
        (0, 1, "Phòng ban đào tạo"),
        (1, 1, "Sáng"),
        (1, 2, "Chiều"),
        (2, 0, "Ngày 02/01/2011 (thứ 2)"),
        (2, 1, "Văn phòng"),
        (2, 2, "Phòng Bưu chính"),
        (3, 0, "Ngày 03/01/2012 (thứ 3)"),
        (3, 1, "Phòng Viễn thông"),
        (3, 2, "Phòng Công nghệ thông tin"),
    ]
    blocks = [Block(text="- Thời gian dự kiến:")] + [Block(text=t, kind="cell", table=1, row=r, col=c) for r, c, t in cells]
    (t,) = extract_tables(doc_of(*blocks))
    assert t.header == ["Thời gian", "Sáng", "Chiều"]
    assert t.rows == [
        ["Ngày 02/01/2011 (thứ 2)", "Văn phòng", "Phòng Bưu chính"],
        ["Ngày 03/01/2012 (thứ 3)", "Phòng Viễn thông", "Phòng Công nghệ thông tin"],
    ]
    assert t.caption is None and t.totals == {}


def test_layout_tables_are_not_data_tables():
    cells = [
        (0, 0, "UBND TỈNH PHÚ THỌ"),
        (0, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (1, 0, "Số: /KH-STTTT"),
        (1, 1, "Phú Thọ, ngày tháng 12 năm 2011"),
    ]
    assert extract_tables(doc_of(*[Block(text=t, kind="cell", table=0, row=r, col=c) for r, c, t in cells])) == []
    assert extract_tables(doc_of("Nơi nhận:\tTM. BAN THƯỜNG VỤ\tx", "- Như trên;\tPHÓ CHỦ TỊCH\ty")) == []


def test_two_column_text_is_not_a_table():
    assert extract_tables(doc_of("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI", "TỈNH BÌNH DƯƠNG\tĐộc lập")) == []


def _cells(rows: list[list[str]], table: int = 0) -> list[Block]:
    return [Block(text=t, kind="cell", table=table, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row) if t]


def test_rows_of_the_same_shape_have_no_header():
    # vbplus Phụ lục III: a numbered group row, then 'Mẫu 1.1', 'Mẫu 1.2' rows: no header row at all
    rows = [["1. Mẫu trình bày văn bản hành chính", ""], ["Mẫu 1.1", "Nghị quyết (cá biệt)"], ["Mẫu 1.2", "Quyết định (cá biệt)"]]
    (t,) = extract_tables(doc_of(*_cells(rows)))
    assert t.header == [] and len(t.rows) == 3


def test_signature_table_is_layout():
    rows = [["Thư ký", "TM. BAN CHẤP HÀNH\nCHỦ TỊCH", "GIÁM ĐỐC"], ["…………", "…………", "…………"]]
    assert extract_tables(doc_of(*_cells(rows))) == []
