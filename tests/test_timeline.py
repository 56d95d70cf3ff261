"""Time expressions and the timeline: task tables, text-exported tables, dated items."""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tests.test_sections import doc_of
from vanban import extract_file
from vanban.extract.timeline import TIME_LINE_RE, extract_timeline
from vanban.extract.when import DEADLINE_RE, When, parse_when, weekday_mismatch
from vanban.schemas import Block


@pytest.mark.parametrize(
    "text, when",
    [
        ("Năm 2014", When(year=2014)),  # seed 000
        ("Quý II/2022", When(year=2022, start="2022-04-01", end="2022-06-30")),
        ("quý 3 năm 2021", When(year=2021, start="2021-07-01", end="2021-09-30")),
        ("Tháng 5/2022", When(year=2022, start="2022-05-01", end="2022-05-31")),
        ("tháng 5-6/2022", When(year=2022, start="2022-05-01", end="2022-06-30")),
        ("Ngày 26, 27/12/2011", When(year=2011, start="2011-12-26", end="2011-12-27")),  # the real Kế hoạch
        ("8h00-10h00 ngày 28/12/2011", When(year=2011, start="2011-12-28")),
        ("Chiều ngày 28/12 và cả ngày 29/12/2011", When(year=2011, start="2011-12-28", end="2011-12-29")),
        ("Ngày 02/01/2011 (thứ 2)", When(year=2011, start="2011-01-02")),  # printed as is, typo and all
        ("trước ngày 08/02/2025", When(year=2025, end="2025-02-08", deadline=True)),
        ("báo cáo trước 30/11/2024 để tổng hợp", When(year=2024, end="2024-11-30", deadline=True)),
        ("Hoàn thành trong tháng 3/2022", When(year=2022, end="2022-03-31", deadline=True)),
        ("Chậm nhất là ngày 01 tháng 7 năm 2026", When(year=2026, end="2026-07-01", deadline=True)),
        ("Hằng năm", When(annual=True)),
        ("hàng năm", When(annual=True)),
        ("2014 - 2018", When(start="2014-01-01", end="2018-12-31")),
        ("cử 01 lãnh đạo trước ngày 08/02/2025", When(year=2025, end="2025-02-08", deadline=True)),  # 01 is not a day
    ],
)
def test_parse_when(text, when):
    assert parse_when(text) == when


@pytest.mark.parametrize(
    "text", ["Theo lịch công tác của lãnh đạo.", "Thường xuyên", "Trong quá trình triển khai.", "32/13/2020", "tầng 2"]
)
def test_no_time(text):
    w = parse_when(text)
    assert w.year is None and w.start is None and w.end is None


@pytest.mark.parametrize(
    "text, ok",
    [
        ("- Thời gian thực hiện: Ngày 26, 27/12/2011", True),
        ("- Thời gian dự kiến: 8h00-10h00 ngày 28/12/2011", True),
        ("- Thời gian đào tạo: Trong quá trình triển khai.", True),
        ("Thời gian: 1/2 ngày", True),
        ("- Thành phần: Lãnh đạo sở", False),
        ("- Địa điểm: Phòng họp Sở (tầng 2)", False),
        ("Thời gian qua, hoạt động khoa học", False),
    ],
)
def test_time_line(text, ok):
    assert bool(TIME_LINE_RE.match(text)) is ok


@pytest.mark.parametrize(
    "text, ok",
    [
        ("kịp thời báo cáo Sở trước 30/11/2024", True),
        ("Hoàn thành và báo cáo UBND tỉnh trước ngày 08/02/2025", True),
        ("chậm nhất là ngày 01 tháng 7 năm 2026", True),
        ("hoàn thành trong tháng 3/2022", True),
        ("Căn cứ Kế hoạch số 135/KH-TLĐ, ngày 24/9/2021", False),
        ("trước mắt tập trung đổi mới", False),
        ("trước UBND tỉnh, Chủ tịch UBND tỉnh", False),
    ],
)
def test_deadline_cue(text, ok):
    assert bool(DEADLINE_RE.search(text)) is ok


def test_weekday_check():
    assert weekday_mismatch("Ngày 02/01/2011 (thứ 2)", "2011-01-02") == "thứ 2"  # 2 January 2011 was a Sunday
    assert weekday_mismatch("Ngày 03/01/2012 (thứ 3)", "2012-01-03") is None
    assert weekday_mismatch("Ngày 03/01/2012", "2012-01-03") is None


def test_seed_000_merged_year_cells():
    # the text export prints each 'Năm 2014' label among the lines of the first row of its group
    r = extract_file(CORPUS / "seeds" / "000_2e670d0b06bdbf01.txt")
    years = {it.seq: it.year for it in r.timeline}
    want = {**dict.fromkeys(range(1, 10), 2014), **dict.fromkeys(range(10, 14), 2015), **dict.fromkeys(range(14, 18), 2016)}
    want |= {18: 2017, 19: 2017, 20: 2018, 21: 2018}
    assert years == want
    assert r.timeline[0].text.startswith("Hướng dẫn, chỉ đạo và giao chỉ tiêu")
    a, b = r.timeline[20].span
    assert r.text[a:b].startswith("21")


def test_exported_table_with_label_before_its_rows():
    d = doc_of(
        "II. NỘI DUNG",
        "STT",
        "NỘI DUNG",
        "THỜI GIAN",
        "Quý I/2022",
        "1",
        "Khảo sát",
        "2",
        "Tập huấn",
        "3",
        "Tổng kết",
        "Quý IV/2022",
        "III. TỔ CHỨC THỰC HIỆN",
    )
    items = extract_timeline(d)
    assert [(it.seq, it.text, it.start) for it in items] == [
        (1, "Khảo sát", "2022-01-01"),
        (2, "Tập huấn", "2022-01-01"),
        (3, "Tổng kết", "2022-10-01"),
    ]


def test_word_task_table_with_merged_time_cell_and_owner():
    cells = [
        (0, 0, "STT"), (0, 1, "Nội dung công việc"), (0, 2, "Thời gian"), (0, 3, "Đơn vị chủ trì"),
        (1, 0, "1"), (1, 1, "Xây dựng kế hoạch"), (1, 2, "Quý II/2022"), (1, 3, "Ban Tổ chức"),
        (2, 0, "2"), (2, 1, "Tập huấn cán bộ"), (2, 3, "Văn phòng"),  # time cell merged from the row above
        (3, 0, "3"), (3, 1, "Sơ kết"), (3, 2, "Hằng năm"), (3, 3, "Ban Tổ chức"),
    ]  # fmt: skip
    d = doc_of(*[Block(text=t, kind="cell", table=0, row=r, col=c) for r, c, t in cells])
    items = extract_timeline(d)
    assert [(it.seq, it.text, it.year, it.start, it.owner) for it in items] == [
        (1, "Xây dựng kế hoạch", 2022, "2022-04-01", "Ban Tổ chức"),
        (2, "Tập huấn cán bộ", 2022, "2022-04-01", "Văn phòng"),
        (3, "Sơ kết", None, None, "Ban Tổ chức"),
    ]


def test_dated_items_and_their_owners():
    d = doc_of(
        "II. Nhiệm vụ cụ thể",
        "1. Công ty TNHH MTV Đầu tư Quảng Ngãi khẩn trương rà soát, báo cáo UBND tỉnh trước ngày 08/02/2025.",
        "2. Giao Sở Tài chính chủ trì, tham mưu UBND tỉnh trước ngày 20/02/2025.",
        "3. UBND các huyện chịu trách nhiệm:",
        "- UBND huyện Trà Bồng báo cáo Sở trước 30/11/2024 để tổng hợp.",
        "- Rà soát hộ nghèo, báo cáo trước ngày 15/12/2024.",
    )
    items = extract_timeline(d)
    assert [(it.seq, it.end, it.owner) for it in items] == [
        (1, "2025-02-08", "Công ty TNHH MTV Đầu tư Quảng Ngãi"),
        (2, "2025-02-20", "Sở Tài chính"),
        (None, "2024-11-30", "UBND huyện Trà Bồng"),
        (None, "2024-12-15", "UBND các huyện"),
    ]


def test_laws_keep_only_explicit_deadlines():
    d = doc_of(
        "Điều 9. Điều kiện",
        "1. Nhà ở được tạo lập trước ngày 01 tháng 7 năm 2006 thì phải có giấy tờ.",
        "2. Chậm nhất là ngày 01 tháng 7 năm 2026, Nền tảng phải được vận hành.",
    )
    assert [it.end for it in extract_timeline(d, "Luật")] == ["2026-07-01"]
    assert [it.end for it in extract_timeline(d, "Kế hoạch")] == ["2006-07-01", "2026-07-01"]


def test_schedule_with_typo_is_flagged():
    d = doc_of(
        "1. Cài đặt",
        "- Thời gian thực hiện: Ngày 26, 27/12/2011",
        "2. Đào tạo",
        "- Thời gian dự kiến: Ngày 02/01/2011 (thứ 2)",
        "3. Bàn giao",
        "- Thời gian dự kiến: Ngày 03/01/2012 (thứ 3)",
    )
    items = extract_timeline(d)
    assert [(it.seq, it.text, it.start) for it in items] == [
        (1, "Cài đặt", "2011-12-26"),
        (2, "Đào tạo", "2011-01-02"),
        (3, "Bàn giao", "2012-01-03"),
    ]
    assert d.warnings == [
        "timeline: the date 2011-01-02 of 'Đào tạo' comes between 2011-12-26 and 2012-01-03; it may be mistyped"
    ]


def test_a_register_is_not_a_schedule():
    # hpqlvb report.doc: 'Ngày đến' dates a letter's arrival, it schedules nothing
    head = ["Ngày đến", "Số đến", "Nơi gửi", "Số/ký hiệu", "Trích yếu"]
    rows = [
        head,
        ["28/12/2011", "6", "Chính phủ", "15/2010/QĐ-UBND", "Ban hành Quy định"],
        ["28/12/2011", "10", "Sở TT&TT", "275", "Công văn"],
    ]
    blocks = [Block(text=t, kind="cell", table=0, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row)]
    assert extract_timeline(doc_of(*blocks)) == []


@pytest.mark.parametrize(
    "line, text, start",
    [
        ("- Quý II/2022: Tổ chức hội nghị sơ kết.", "Tổ chức hội nghị sơ kết", "2022-04-01"),
        ("- Tháng 5/2022 – Tập huấn cán bộ", "Tập huấn cán bộ", "2022-05-01"),
        ("- Tổng kết Chương trình (Quý IV/2023).", "Tổng kết Chương trình", "2023-10-01"),
        ("- Từ ngày 01/3 đến ngày 15/3/2022: Khảo sát doanh nghiệp.", "Khảo sát doanh nghiệp", "2022-03-01"),
    ],
)
def test_dated_bullet(line, text, start):
    (it,) = extract_timeline(doc_of("II. NỘI DUNG", line))
    assert (it.text, it.start) == (text, start)


@pytest.mark.parametrize(
    "line",
    [
        "- Năm nay có nhiều khó khăn (đã nêu ở trên).",
        "- Xây dựng kế hoạch (theo mẫu 01).",
        "- Từ nay đến 2025: Phấn đấu 80% doanh nghiệp có công đoàn ký kết thỏa ước.",  # a target's deadline, not a task's date
        "- Căn cứ Kế hoạch số 135/KH-TLĐ, ngày 24/9/2021 của Đoàn Chủ tịch.",
    ],
)
def test_not_a_dated_bullet(line):
    assert extract_timeline(doc_of("II. NỘI DUNG", line)) == []


def test_annual_task_line():
    (it,) = extract_timeline(doc_of("1. Sơ kết Chương trình", "- Thời gian: Hằng năm"))
    assert (it.seq, it.text, it.year, it.start, it.end) == (1, "Sơ kết Chương trình", None, None, None)
