"""Compliance checks: patterns, each rule on small cases, the findings table, the command and the report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban import extract_text
from vanban.catalogue import open_db
from vanban.catalogue.checks import check_internal, refresh, stored
from vanban.catalogue.checks import store as findings_store
from vanban.catalogue.checks.align import Side, compare_pair, compare_targets, pair_targets
from vanban.catalogue.checks.allocation import distinct_words, unit_matches
from vanban.catalogue.checks.internal import (
    _pattern,
    check_citation_dates,
    check_deadlines,
    check_percentages,
    check_ranges,
    check_table,
)
from vanban.catalogue.checks.model import make, rules
from vanban.catalogue.checks.period import plan_period
from vanban.catalogue.checks.population import _LEAD_RE, THRESHOLD_RE, compare, population, same_subject
from vanban.catalogue.checks.tableview import _GROUP_SEQ_RE, _SEQ_RE, column_metric, table_views, words
from vanban.catalogue.checks.vn import describe, number
from vanban.catalogue.store import store_record
from vanban.cli import cli
from vanban.schemas import Citation, DocumentRecord, Issuer, Period, Source, Target

ROOT = Path(__file__).resolve().parent.parent
SEED_001 = ROOT / "corpus" / "seeds" / "001_90e93914de0aefd7.txt"
PARENT_135 = ROOT / "corpus" / "parents" / "135-KH-TLD-2021.txt"


def target(value: float, unit: str = "%", **kw) -> Target:  # type: ignore[no-untyped-def]
    kw.setdefault("text", f"Phấn đấu {number(value)}{unit if unit == '%' else ' ' + unit} …")
    kw.setdefault("span", (0, 10))
    return Target(value=value, unit=unit, **kw)


def rec(
    targets=(), *, issuer="Liên đoàn Lao động tỉnh Lai Châu", date="2021-10-15", title=None, number=None, **kw
) -> DocumentRecord:  # type: ignore[no-untyped-def]
    text = kw.pop("text", "…")
    return DocumentRecord(
        source=Source(path="x.txt", sha256=str(hash((text, title, number, date, issuer))), format="txt"),
        text=text,
        number=number,
        doc_type="Kế hoạch",
        issuer=Issuer(name=issuer) if issuer else None,
        date=date,
        title=title,
        targets=list(targets),
        **kw,
    )


# ---- patterns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("doanh nghiệp có từ 25 lao động trở lên", ("doanh nghiệp", "25", "lao động", "lên")),  # 135/KH-TLĐ
        ("doanh nghiệp có từ 10 lao động trở lên", ("doanh nghiệp", "10", "lao động", "lên")),  # seed 001
        ("doanh nghiệp có 10 lao động trở lên", ("doanh nghiệp", "10", "lao động", "lên")),  # seed 004, without 'từ'
        ("doanh nghiệp có từ 20 công nhân lao động trở lên", ("doanh nghiệp", "20", "công nhân lao động", "lên")),  # seed 002
        (
            "cđcs doanh nghiệp ngoài nhà nước có từ 10 nữ đoàn viên trở lên",
            ("cđcs doanh nghiệp ngoài nhà nước", "10", "nữ đoàn viên", "lên"),
        ),
        ("doanh nghiệp có dưới 10 lao động", None),  # 'dưới' is not a threshold this pattern reads
        ("doanh nghiệp có từ 5 lao động trở xuống", ("doanh nghiệp", "5", "lao động", "xuống")),
        ("cơ quan hành chính nhà nước", None),
        ("khu vực ngoài nhà nước", None),
        ("doanh nghiệp có vốn đầu tư nước ngoài", None),
    ],
)
def test_threshold_pattern(text, parsed):
    m = THRESHOLD_RE.match(text)
    assert (m.group("body", "n", "unit", "dir") if m else None) == parsed


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("số doanh nghiệp có từ 25 lao động", "doanh nghiệp có từ 25 lao động"),
        ("các doanh nghiệp có từ 20 công nhân", "doanh nghiệp có từ 20 công nhân"),
        ("tất cả doanh nghiệp", "doanh nghiệp"),
        ("trong doanh nghiệp nhà nước", "doanh nghiệp nhà nước"),
        ("doanh nghiệp ngoài nhà nước", "doanh nghiệp ngoài nhà nước"),
        ("sổ tay công đoàn", "sổ tay công đoàn"),
        ("sốt xuất huyết", "sốt xuất huyết"),
    ],
)
def test_leading_determiners(text, rest):
    assert _LEAD_RE.sub("", text) == rest


@pytest.mark.parametrize(
    ("cell", "seq", "group"),
    [("1", True, False), ("11", True, False), ("2.", True, False), ("IV", True, True), ("II.", True, True), ("a)", True, True)]
    + [("LĐLĐ Thành Phố", False, False), ("2.136", False, False), ("23.320", False, False), ("Tổng cộng:", False, False)],
)
def test_sequence_cells(cell, seq, group):
    assert bool(_SEQ_RE.fullmatch(cell)) is seq
    assert bool(_GROUP_SEQ_RE.fullmatch(cell)) is group


@pytest.mark.parametrize(
    ("header", "kind", "hit"),
    [
        ("Tỷ lệ % đoàn viên", "not_summed", True),
        ("Bình quân", "not_summed", True),
        ("Số đoàn viên giao tăng thêm giai đoạn 2021-2023", "not_summed", False),
        ("Số đoàn viên hiện có đến tháng 6/2021", "stock", True),  # seed 001
        ("Số lao động chưa là đoàn viên đến tháng 6/2021", "stock", True),  # seed 001
        ("Số DN chưa có tổ chức Công đoàn có từ 6 lao động trở lên", "stock", True),  # seed 001
        ("Số CDCS giao thành lập giai đoạn 2021-2023", "stock", False),  # seed 001
        ("Số CDCS giao thành lập giai đoạn 2021-2023", "assigns", True),
        ("Chỉ tiêu kết nạp năm 2022", "assigns", True),
        ("Đơn vị", "assigns", False),
        ("TT", "assigns", False),
    ],
)
def test_table_column_words(header, kind, hit):
    assert bool(words()[kind].search(header)) is hit


@pytest.mark.parametrize(
    ("header", "metric"),
    [
        ("Số đoàn viên giao tăng thêm giai đoạn 2021-2023", "new_members"),
        ("Số CDCS giao thành lập giai đoạn 2021-2023", "new_grassroots_unions"),  # 'CDCS' typed without Đ
        ("Số CĐCS thành lập mới", "new_grassroots_unions"),
        ("Chỉ tiêu kết nạp", "new_members"),
        ("Số lớp tập huấn", "officials_trained"),
        ("Số TULĐTT ký mới", "collective_agreements_signed"),
        ("Số đoàn viên hiện có đến tháng 6/2021", None),
        ("Số DN chưa có tổ chức Công đoàn có từ 6 lao động trở lên", None),
        ("Đơn vị", None),
    ],
)
def test_column_metric(header, metric):
    assert column_metric(header) == metric


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Phân đấu đến hết năm 2023 kết nạp được 540 đoàn viên (có biểu giao chỉ tiêu kèm theo).", True),  # seed 001
        ("thành lập 23 CĐCS (chi tiết tại Phụ lục 1)", True),
        ("kết nạp 100 đoàn viên theo bảng giao chỉ tiêu", True),
        ("biểu dương, khen thưởng 100% tập thể có thành tích", False),
        ("Phấn đấu 85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS.", False),
    ],
)
def test_table_reference_words(text, hit):
    assert bool(_pattern("table_reference").search(text)) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("thu kinh phí công đoàn đạt 110% dự toán", True),
        ("tăng 120% so với năm 2020", True),
        ("thu đạt 102% số phải thu", True),
        ("vượt 5% kế hoạch được giao", True),
        ("tăng cường tuyên truyền, 120% đoàn viên", False),
        ("Phấn đấu 85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS.", False),
    ],
)
def test_relative_percent_words(text, hit):
    assert bool(_pattern("relative_percent").search(text)) is hit


# ---- small pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"), [(23320, "23.320"), (540.0, "540"), (6.5, "6,5"), (1234.5, "1.234,5"), (12e6, "12.000.000")]
)
def test_vietnamese_numbers(value, text):
    assert number(value) == text


def test_every_rule_has_a_label_a_severity_and_vietnamese_messages():
    for name, spec in rules().items():
        assert spec["severity"] in ("error", "warning", "info") and spec["label"] and spec["messages"], name
    f = make("table_total", "mismatch", {"table": "“A”", "total": "10", "column": "Số", "sum": "9"})
    assert f.severity == "error" and f.message == "Bảng “A”: dòng tổng ghi 10 ở cột “Số” nhưng các dòng cộng lại được 9."


@pytest.mark.parametrize(
    ("child", "parent", "relation"),
    [
        ("doanh nghiệp có từ 10 lao động trở lên", "số doanh nghiệp có từ 25 lao động trở lên", "wider"),  # seed 001 vs 135
        ("doanh nghiệp có từ 25 lao động trở lên", "doanh nghiệp có từ 10 lao động trở lên", "narrower"),
        ("các DN có từ 25 lao động trở lên", "số doanh nghiệp có từ 25 lao động trở lên", "same"),
        ("doanh nghiệp có từ 25 công nhân trở lên", "doanh nghiệp có từ 25 lao động trở lên", "different"),
        ("CĐCS khu vực nhà nước", "CĐCS khu vực ngoài nhà nước", "different"),
        (None, "doanh nghiệp có từ 25 lao động trở lên", "unstated"),
        (None, None, "same"),
    ],
)
def test_population_compare(child, parent, relation):
    assert compare(population(child), population(parent)) == relation


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("cán bộ công đoàn chuyên trách", "cán bộ công đoàn chuyên trách được đào tạo", True),
        ("cán bộ công đoàn chuyên trách", "cán bộ công đoàn không chuyên trách", False),
        ("CĐCS khu vực nhà nước đạt vững mạnh", "CĐCS khu vực ngoài nhà nước đạt vững mạnh", False),
        ("đoàn viên được học tập nghị quyết", "đoàn viên có hoàn cảnh khó khăn được thăm hỏi", False),
        (None, None, True),
    ],
)
def test_same_subject(a, b, same):
    assert same_subject(a, b) is same


@pytest.mark.parametrize(
    ("label", "issuer", "matches"),
    [
        ("LĐLĐ huyện Tam Đường", "Liên đoàn Lao động huyện Tam Đường", True),
        ("LĐLĐ huyện Tam Đường", "Liên đoàn Lao động huyện Tam Đường tỉnh Lai Châu", True),
        ("LĐLĐ Thành Phố", "Liên đoàn Lao động thành phố Lai Châu", True),  # the parent's place fills in
        ("CĐ Viên chức", "Công đoàn Viên chức tỉnh Lai Châu", True),
        ("CĐN Giáo dục", "Công đoàn ngành Giáo dục tỉnh Lai Châu", True),
        ("LĐLĐ Thành Phố", "Liên đoàn Lao động thành phố Hà Nội", False),  # another province's city
        ("LĐLĐ huyện Tam Đường", "Liên đoàn Lao động huyện Tân Uyên", False),
        ("LĐLĐ huyện Sìn Hồ", "Liên đoàn Lao động tỉnh Lai Châu", False),  # the parent itself
        ("CĐN Y tế", "Công đoàn ngành Giáo dục tỉnh Lai Châu", False),
    ],
)
def test_allocation_units(label, issuer, matches):
    assert unit_matches(label, issuer, "Liên đoàn Lao động tỉnh Lai Châu") is matches


def test_distinct_words_drop_the_generic_part():
    assert distinct_words("LĐLĐ huyện Tam Đường") == {"tam", "đường"}
    assert distinct_words("Liên đoàn Lao động thành phố") == set()


@pytest.mark.parametrize(
    ("title", "date", "period"),
    [
        ("Phát triển đoàn viên, thành lập CĐCS đến năm 2023", "2021-10-15", (2021, 2023, "đến năm 2023")),  # seed 001
        ("… đội ngũ cán bộ Công đoàn của nhiệm kỳ 2018 – 2023", "2018-06-21", (2018, 2023, "nhiệm kỳ 2018 – 2023")),  # seed 002
        ("… Công đoàn Viên chức Việt Nam giai đoạn 2013 - 2018", "2013-12-31", (2013, 2018, "giai đoạn 2013 - 2018")),  # seed 003
        ("Thực hiện Nghị quyết 02-NQ của Bộ Chính trị khóa XIII", "2022-03-31", None),  # seed 004: no time in the title
        ("Phát triển đoàn viên đến năm 2020", "2021-10-15", None),  # a horizon before the year of issue is not a period
    ],
)
def test_plan_period(title, date, period):
    p = plan_period(rec(title=title, date=date))
    assert ((p.start, p.end, p.source) if p else None) == period


def test_plan_period_from_the_record():
    p = plan_period(rec(title="đến năm 2030", period=Period(start=2021, end=2025)))
    assert p and (p.start, p.end) == (2021, 2025)


def test_describe_a_target():
    t = target(
        85,
        condition="doanh nghiệp có từ 10 lao động trở lên",
        subject="doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS",
        deadline=2023,
    )
    assert describe(t) == "85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS, đến năm 2023"
    assert (
        describe(target(16000, "đoàn viên", subject="đoàn viên", comparator=">=", frequency="term"))
        == "ít nhất 16.000 đoàn viên, trong nhiệm kỳ"
    )
    assert describe(target(95, value_max=98, subject="CNVCLĐ")) == "95–98% CNVCLĐ"
    assert describe(target(5)) == "5%"


# ---- checks inside one document -------------------------------------------------------------------


def test_percentages_above_100():
    found = check_percentages(
        rec([target(120, subject="CĐCS"), target(100), target(95, value_max=105), target(110, text="thu đạt 110% dự toán")])
    )
    assert [f.message for f in found] == ["Tỷ lệ 120% vượt quá 100%.", "Tỷ lệ 105% vượt quá 100%."]
    assert {f.severity for f in found} == {"error"}


def test_ranges_in_order():
    text = "Kế hoạch giai đoạn 2025 - 2021. Phấn đấu 98 - 95% CNVCLĐ."
    found = check_ranges(rec([target(98, value_max=95), target(95, value_max=98)], text=text))
    assert [(f.variant, f.severity) for f in found] == [("target", "error"), ("period", "error")]
    assert "98 - 95%" in found[0].message and "2025 - 2021" in found[1].message


def test_deadlines_inside_the_plan_period():
    r = rec(
        [target(85, deadline=2023), target(90, deadline=2025), target(80, deadline=2019)],
        title="Phát triển đoàn viên đến năm 2023",
    )
    found = check_deadlines(r)
    assert [(f.variant, f.severity) for f in found] == [("after", "warning"), ("before", "warning")]
    assert found[0].message == "Thời hạn năm 2025 nằm sau thời gian của văn bản (2021–2023, theo “đến năm 2023”)."
    assert check_deadlines(rec([target(90, deadline=2030)], title="Thực hiện Nghị quyết 02")) == []  # no period stated


def test_cited_document_dated_after_the_citing_one():
    cites = [
        Citation(
            text="Kế hoạch số 135/KH-TLĐ ngày 24/9/2021", number="135/KH-TLĐ", doc_type="Kế hoạch", date="2021-09-24", span=(0, 5)
        ),
        Citation(
            text="Kế hoạch số 300/KH-LĐLĐ ngày 15/10/2022",
            number="300/KH-LĐLĐ",
            doc_type="Kế hoạch",
            date="2022-10-15",
            span=(6, 9),
        ),
    ]
    found = check_citation_dates(rec(citations=cites))
    assert len(found) == 1 and found[0].span == (6, 9) and found[0].severity == "error"
    assert found[0].message == (
        "Văn bản ngày 15/10/2021 trích dẫn Kế hoạch 300/KH-LĐLĐ ghi ngày 15/10/2022, tức là ban hành sau văn bản trích dẫn nó."
    )


def _view(rows: list[list[str]], total: list[str], uncertain: list[int]):  # type: ignore[no-untyped-def]
    """A table as a text export leaves it: short rows lost their empty cells (never their order)."""
    from vanban.catalogue.checks.tableview import Cell, TableView

    names = ["TT", "Đơn vị", "Đoàn viên hiện có", "Số đoàn viên giao tăng thêm", "Số CĐCS giao thành lập"]
    width = len(names)

    def cells(row: list[str]) -> list[Cell | None]:
        return [Cell(t, None, None) if t else None for t in row] + [None] * (width - len(row))

    return TableView(0, "BẢNG GIAO CHỈ TIÊU", names, [cells(r) for r in rows], cells(total), None, uncertain=uncertain)


@pytest.mark.parametrize(
    ("short", "totals", "variant", "severity", "placed"),
    [
        (["3", "CĐN Y tế", "50", "5"], ("350", "35", "3"), "consistent_placed", "info", ["3", "CĐN Y tế", "50", "5", None]),
        (["3", "CĐN Y tế", "50", "1"], ("350", "30", "4"), "consistent_placed", "info", ["3", "CĐN Y tế", "50", None, "1"]),
        (["3", "CĐN Y tế", "50", "5"], ("350", "36", "3"), "placement_none", "error", None),  # no placement adds up
        (["3", "CĐN Y tế", "0", "0"], ("300", "30", "3"), "consistent_ambiguous", "info", None),  # zeros fit anywhere
    ],
)
def test_short_rows_placed_by_the_totals(short, totals, variant, severity, placed):
    from vanban.catalogue.checks.tableview import place_uncertain

    rows = [["1", "LĐLĐ huyện A", "100", "10", "2"], ["2", "LĐLĐ huyện B", "200", "20", "1"], short]
    view = _view(rows, ["", "Tổng cộng:", *totals], [2])
    view.placement = place_uncertain(view)
    found = check_table(rec(), view)
    assert [(f.variant, f.severity) for f in found] == [(variant, severity)]
    if placed:
        assert [c.text if c else None for c in view.rows[2]] == placed and view.placed == [2] and not view.uncertain


def test_a_wrong_total_names_its_column():
    text = "TT\tĐơn vị\tSố đoàn viên giao tăng thêm\tSố CĐCS giao thành lập\n1\tA\t10\t2\n2\tB\t20\t1\n\tTổng cộng:\t31\t3\n"
    r = extract_text(text)
    (f,) = check_table(r, table_views(r)[0])
    assert f.severity == "error" and f.message.endswith(
        "dòng tổng ghi 31 ở cột “Số đoàn viên giao tăng thêm” nhưng các dòng cộng lại được 30."
    )
    assert f.span and r.text[f.span[0] : f.span[1]] == "31"


def test_group_rows_are_not_added_twice():
    text = "TT\tĐơn vị\tSố đoàn viên giao tăng thêm\nI\tKhối huyện\t30\n1\tA\t10\n2\tB\t20\nII\tKhối ngành\t5\n1\tC\t5\n\tTổng cộng:\t35\n"
    r = extract_text(text)
    assert [f.variant for f in check_table(r, table_views(r)[0])] == ["consistent"]


def test_seed_001_holds_together():
    found = check_internal(extract_text(SEED_001.read_text(encoding="utf-8")))
    # 'consistent_placed' where the text export dropped the empty cells of rows 9-11, 'consistent' where kept
    assert [(f.rule, f.severity) for f in found] == [("table_total", "info"), ("text_table_total", "info")]
    assert found[0].variant in ("consistent", "consistent_placed") and found[1].variant == "consistent"
    assert "23.320" in found[0].message and "540" in found[0].message and "= 23)" in found[0].message
    assert found[0].quote == "Tổng cộng: | 23.320 | 848 | 58 | 540 | 23"


def test_stated_total_against_the_table():
    r = extract_text(SEED_001.read_text(encoding="utf-8").replace("kết nạp được 540 đoàn viên", "kết nạp được 560 đoàn viên"))
    (f,) = [f for f in check_internal(r) if f.rule == "text_table_total"]
    assert f.severity == "error"
    assert f.message.startswith("Văn bản ghi 560 đoàn viên nhưng dòng tổng cột “Số đoàn viên giao tăng thêm giai đoạn 2021-2023”")


_PIECES = list("0123456789 %-–\t\n.,|abcdđ") + [
    "năm ",
    "đến ",
    "Tổng cộng",
    "doanh nghiệp có từ ",
    "Căn cứ Kế hoạch số 1/KH-X ngày 1/1/2030",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join))
def test_checks_never_crash_on_odd_text(text):
    assert not [f for f in check_internal(extract_text(text)) if f.rule == "check_failed"]


# ---- checks across levels -------------------------------------------------------------------------

PARENT = Side(rec(issuer="Tổng Liên đoàn Lao động Việt Nam", number="135/KH-TLĐ", date="2021-09-24"), "p")
CHILD = Side(rec(number="277/KH-LĐLĐ"), "c")
POP_25 = "doanh nghiệp có từ 25 lao động trở lên"
POP_10 = "doanh nghiệp có từ 10 lao động trở lên"
EWU = "enterprises_with_union"


@pytest.mark.parametrize(
    ("p", "c", "expected"),
    [
        # the issue's case: 10 vs 25 workers, 85% vs 100%, both by 2023
        (
            target(100, condition=POP_25, deadline=2023, metric=EWU),
            target(85, condition=POP_10, deadline=2023, metric=EWU),
            [("different_scope", "warning")],
        ),
        (
            target(100, condition=POP_25, deadline=2023, metric=EWU),
            target(85, condition=POP_25, deadline=2023, metric=EWU),
            [("weaker", "error")],
        ),
        (
            target(100, condition=POP_25, deadline=2023, metric=EWU),
            target(100, condition=POP_25, deadline=2025, metric=EWU),
            [("weaker", "error")],
        ),
        (
            target(100, condition=POP_25, deadline=2023, metric=EWU),
            target(85, condition=POP_25, deadline=2025, metric=EWU),
            [("weaker", "error"), ("weaker", "error")],
        ),
        (
            target(90, condition=POP_25, deadline=2023, metric=EWU),
            target(95, condition=POP_25, deadline=2023, metric=EWU),
            [("stronger", "info")],
        ),
        (
            target(90, condition=POP_25, deadline=2023, metric=EWU),
            target(90, condition=POP_25, deadline=2022, metric=EWU),
            [("stronger", "info")],
        ),
        (
            target(90, condition=POP_25, deadline=2023, metric=EWU),
            target(90, condition=POP_25, deadline=2023, metric=EWU),
            [("meets_parent", "info")],
        ),
        (
            target(100, condition=POP_25, deadline=2023, metric=EWU),
            target(85, condition=POP_10, deadline=2025, metric=EWU),
            [("different_scope", "warning"), ("weaker", "warning")],
        ),
        (
            target(100, condition=POP_25, metric=EWU),
            target(85, metric=EWU),
            [("different_scope", "warning")],
        ),  # the child states no population
        (
            target(100, condition=POP_25, metric=EWU),
            target(20, "doanh nghiệp", metric=EWU),
            [("different_scope", "warning")],
        ),  # % against a count
        (
            target(5, comparator="<=", subject="CĐCS yếu kém", metric="strong_unions_share"),
            target(8, comparator="<=", subject="CĐCS yếu kém", metric="strong_unions_share"),
            [("weaker", "error")],
        ),
        (
            target(100, subject="cán bộ chuyên trách", metric="officials_trained"),
            target(80, subject="cán bộ không chuyên trách", metric="officials_trained"),
            [("different_scope", "warning")],
        ),
        # counts of two bodies are shares, not comparable; a later deadline still is
        (
            target(12e6, "đoàn viên", subject="đoàn viên", deadline=2023, metric="new_members"),
            target(540, "đoàn viên", subject="đoàn viên", deadline=2023, metric="new_members"),
            [("meets_parent", "info")],
        ),
        (
            target(12e6, "đoàn viên", subject="đoàn viên", deadline=2023, metric="new_members"),
            target(540, "đoàn viên", subject="đoàn viên", deadline=2024, metric="new_members"),
            [("weaker", "error")],
        ),
    ],
)
def test_pair_classification(p, c, expected):
    assert [(f.rule, f.severity) for f in compare_pair(p, c, PARENT, CHILD)] == expected


def test_the_issue_case_message():
    p = target(100, condition=POP_25, subject="số " + POP_25 + " có tổ chức công đoàn", deadline=2023, metric=EWU)
    c = target(85, condition=POP_10, subject=POP_10 + " thành lập CĐCS", deadline=2023, metric=EWU)
    (f,) = compare_pair(p, c, PARENT, CHILD)
    assert f.message == (
        "Cùng chỉ tiêu “Tỷ lệ doanh nghiệp có tổ chức công đoàn” nhưng khác đối tượng: 135/KH-TLĐ yêu cầu 100% số doanh nghiệp "
        "có từ 25 lao động trở lên có tổ chức công đoàn, đến năm 2023; văn bản này 85% doanh nghiệp có từ 10 lao động trở lên "
        "thành lập CĐCS, đến năm 2023. Đối tượng của văn bản này rộng hơn (doanh nghiệp có từ 10 lao động trở lên so với "
        "doanh nghiệp có từ 25 lao động trở lên). Mức của văn bản này thấp hơn (85% so với 100%). Cùng thời hạn (năm 2023). "
        "Cần người xem xét."
    )
    assert (f.parent_number, f.parent_id, f.metric) == ("135/KH-TLĐ", "p", EWU)


def test_pairing_is_one_to_one_and_best_first():
    ps = [
        target(80, deadline=2025, metric="collective_agreements_signed"),
        target(85, deadline=2030, metric="collective_agreements_signed"),
    ]
    cs = [target(85, deadline=2030, metric="collective_agreements_signed")]
    parent, child = Side(rec(ps), "p"), Side(rec(cs), "c")
    pairs, unmatched = pair_targets(parent, child)
    assert pairs == [(1, 0)] and unmatched == [0]
    found = compare_targets(parent, child)
    assert [(f.rule, f.variant) for f in found] == [("meets_parent", "equal"), ("missing", "other")]
    assert "80%" in found[1].message and "85%" in found[1].message


def test_a_target_without_metric_missing_is_information():
    parent = Side(rec([target(3, "mô hình", subject="mô hình mới")]), "p")
    (f,) = compare_targets(parent, Side(rec([]), "c"))
    assert (f.rule, f.variant, f.severity) == ("missing", "unknown_metric", "info")


# ---- the findings table -----------------------------------------------------------------------------


def _store_file(db, path: Path, name: str) -> str:  # type: ignore[no-untyped-def]
    r = extract_text(path.read_text(encoding="utf-8"), name)
    assert store_record(db, r, "test") == "stored"
    return r.source.sha256


def test_findings_follow_the_parent_ingested_later(db):
    child = _store_file(db, SEED_001, "277.txt")
    assert {f["rule"] for f in stored(db, child)} == {"table_total", "text_table_total"}  # no parent yet
    parent = _store_file(db, PARENT_135, "135.txt")
    rows = stored(db, child)
    scope = [f for f in rows if f["rule"] == "different_scope"]
    assert len(scope) == 1 and scope[0]["parent_id"] == parent and scope[0]["parent_number"] == "135/KH-TLĐ"
    assert rows[0]["severity"] == "warning"  # worst first
    db.execute("delete from documents where id = ?", [parent])  # a parent gone takes its findings along
    assert not [f for f in stored(db, child) if f["parent_id"]]


def test_refresh_is_idempotent(db):
    child = _store_file(db, SEED_001, "277.txt")
    _store_file(db, PARENT_135, "135.txt")
    first = stored(db, child)
    refresh(db)
    assert stored(db, child) == first
    assert findings_store.affected(db, child, extract_text(SEED_001.read_text(encoding="utf-8"))) == [child]


def test_a_crashing_check_is_a_finding_and_the_document_is_stored(db, monkeypatch):
    def boom(*_a):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaput")

    monkeypatch.setattr(findings_store, "check_document", boom)
    child = _store_file(db, SEED_001, "277.txt")
    (f,) = stored(db, child)
    assert (f["rule"], f["severity"]) == ("check_failed", "warning") and "kaput" in f["message"]


def test_the_web_page_reads_the_table(db, tmp_path):
    from vanban.web.queries import findings

    child = _store_file(db, SEED_001, "277.txt")
    _store_file(db, PARENT_135, "135.txt")
    cols, rows = findings(sqlite3.connect(tmp_path / "catalogue.db"), child)
    assert cols[:3] == ["severity", "rule", "message"] and len(rows) == 4


# ---- the command and the report ----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def demo(tmp_path) -> str:
    path = tmp_path / "demo.db"
    db = open_db(path)
    _store_file(db, PARENT_135, "135.txt")
    _store_file(db, SEED_001, "277.txt")
    return str(path)


def test_check_command(demo, tmp_path):
    code, out, _ = run("check", "277/KH-LĐLĐ", "--db", demo)
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Kế hoạch 277/KH-LĐLĐ — Liên đoàn Lao động tỉnh Lai Châu, 15/10/2021",
        "Văn bản cấp trên: Kế hoạch 135/KH-TLĐ — Tổng Liên đoàn Lao động Việt Nam, 24/09/2021 (căn cứ)",
        "Kết quả: 0 lỗi, 1 cảnh báo, 3 thông tin",
    ]
    assert "[Cảnh báo] Khác phạm vi, cần người xem xét" in out and "Văn bản cấp trên (135/KH-TLĐ): «" in out
    code, out, _ = run("check", "277/KH-LĐLĐ", "--db", demo, "--json")
    (doc,) = json.loads(out)
    assert doc["document"]["number"] == "277/KH-LĐLĐ" and doc["parents"][0]["relation"] == "based_on"
    assert {"rule", "severity", "message", "quote", "parent_quote", "span_start", "parent_span_start"} <= set(doc["findings"][0])
    code, out, _ = run("check", "--all", "--db", demo)
    assert code == 0 and "0 lỗi, 1 cảnh báo, 3 thông tin" in out and out.rstrip().endswith("vanban check SỐ_VĂN_BẢN")


def test_check_command_errors(demo):
    for args, where in (
        (["check", "404/KH-XX"], "404/KH-XX"),
        (["check"], "check"),
        (["check", "277/KH-LĐLĐ", "--all"], "277/KH-LĐLĐ"),
    ):
        code, out, err = run(*args, "--db", demo)
        assert code == 2 and out == "" and err.startswith(f"vanban: error: {where}: ") and err.count("\n") == 1
    code, _, err = run("check", "277/KH-LĐLĐ", "--report", "x.pdf", "--db", demo)
    assert code == 2 and "must be a .md or .html file" in err


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_report_quotes_both_sides(demo, tmp_path, suffix):
    out = tmp_path / f"r.{suffix}"
    code, _, _ = run("check", "277/KH-LĐLĐ", "--db", demo, "--report", str(out))
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "Báo cáo kiểm tra tuân thủ" in text and "Khác phạm vi, cần người xem xét" in text
    assert "Văn bản này (277/KH-LĐLĐ)" in text and "Văn bản cấp trên (135/KH-TLĐ)" in text
    assert "85% doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS" in text
    assert "100% số doanh nghiệp có từ 25 lao động trở lên" in text
    if suffix == "html":
        assert text.startswith("<!DOCTYPE html>") and '<html lang="vi">' in text and "<script" not in text
    else:
        assert text.startswith("# Báo cáo kiểm tra tuân thủ\n") and "### Cảnh báo (1)" in text and "   > **Văn bản này" in text


def test_a_word_table_is_checked_from_its_rows(tmp_path):
    """A .docx table (cells, not tabs): rows from the record, the total row rebuilt from `totals`."""
    import docx

    from vanban import extract_file

    d = docx.Document()
    for line in ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "Số: 12/KH-LĐLĐ", "Lai Châu, ngày 15 tháng 10 năm 2021", "KẾ HOẠCH"):
        d.add_paragraph(line)
    d.add_paragraph("Phát triển đoàn viên đến năm 2023")
    d.add_paragraph("- Phấn đấu đến hết năm 2023 kết nạp được 70 đoàn viên (có biểu giao chỉ tiêu kèm theo).")
    d.add_paragraph("BẢNG GIAO CHỈ TIÊU")
    rows = [
        ["TT", "Đơn vị", "Số đoàn viên giao tăng thêm", "Số CĐCS giao thành lập"],
        ["1", "LĐLĐ huyện A", "1.030", "2"],
        ["2", "LĐLĐ huyện B", "40", ""],
        ["3", "CĐN Y tế", "5", "1"],
        ["", "Tổng cộng", "1.075", "4"],
    ]
    table = d.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            table.cell(i, j).text = v
    d.save(tmp_path / "plan.docx")
    r = extract_file(tmp_path / "plan.docx")
    found = check_internal(r)
    assert [(f.rule, f.variant, f.severity) for f in found] == [
        ("table_total", "mismatch", "error"),
        ("text_table_total", "mismatch", "error"),
    ]
    assert found[0].span and r.text[found[0].span[0] : found[0].span[1]] == "4"  # the total cell of 'Số CĐCS giao thành lập'
    assert "là 1.075" in found[1].message


@pytest.mark.parametrize(
    ("raw", "cut"),
    [
        ("đoàn viên và phấn đấu", "đoàn viên"),  # 135/KH-TLĐ: '12 triệu đoàn viên và phấn đấu 100% …'
        (
            "số doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn theo tinh thần Nghị quyết số 02",
            "số doanh nghiệp có từ 25 lao động trở lên có tổ chức công đoàn",
        ),
        ("CĐCS được tập huấn; 90% đoàn viên", "CĐCS được tập huấn"),
        ("cán bộ được đào tạo theo chương trình mới", "cán bộ được đào tạo theo chương trình mới"),
        ("doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS", "doanh nghiệp có từ 10 lao động trở lên thành lập CĐCS"),
    ],
)
def test_subject_cut_at_the_next_clause(raw, cut):
    from vanban.catalogue.checks.vn import subject

    assert subject(target(100, "đoàn viên", subject=raw)) == cut


def _national_total_and(child_targets: list[Target], child_issuer: str) -> list[tuple[str, str, str]]:
    total = target(12e6, "đoàn viên", subject="đoàn viên", deadline=2023, metric="total_members")
    parent = Side(rec([total], issuer="Tổng Liên đoàn Lao động Việt Nam", number="135/KH-TLĐ"), "p")
    child = Side(rec(child_targets, issuer=child_issuer, number="277/KH-LĐLĐ"), "c")
    return [(f.rule, f.variant, f.severity) for f in compare_targets(parent, child)]


@pytest.mark.parametrize(
    ("child_targets", "issuer", "expected"),
    [
        # a province's new members feed the national total of members: not missing, not comparable
        (
            [target(540, "đoàn viên", deadline=2023, metric="new_members")],
            "Liên đoàn Lao động tỉnh Lai Châu",
            [("feeds_parent", "count", "info")],
        ),
        # ... but a share that arrives after the total is due is late
        (
            [target(540, "đoàn viên", deadline=2024, metric="new_members")],
            "Liên đoàn Lao động tỉnh Lai Châu",
            [("weaker", "deadline", "error")],
        ),
        # no target that feeds it: missing
        ([target(85, metric=EWU)], "Liên đoàn Lao động tỉnh Lai Châu", [("missing", "none", "warning")]),
        # the same body's own plan must state the total itself
        (
            [target(540, "đoàn viên", deadline=2023, metric="new_members")],
            "Tổng Liên đoàn Lao động Việt Nam",
            [("missing", "none", "warning")],
        ),
    ],
)
def test_a_lower_metric_feeds_the_total(child_targets, issuer, expected):
    assert _national_total_and(child_targets, issuer) == expected


def test_feeds_message():
    total = target(12e6, "đoàn viên", subject="đoàn viên", deadline=2023, metric="total_members")
    parent = Side(rec([total], issuer="Tổng Liên đoàn Lao động Việt Nam", number="135/KH-TLĐ"), "p")
    child = Side(rec([target(540, "đoàn viên", deadline=2023, metric="new_members")]), "c")
    (f,) = compare_targets(parent, child)
    assert f.message == (
        "Chỉ tiêu “Đoàn viên kết nạp mới” của văn bản này (540 đoàn viên, đến năm 2023) góp phần vào chỉ tiêu “Tổng số đoàn viên” "
        "của 135/KH-TLĐ (12.000.000 đoàn viên, đến năm 2023); hai số thuộc hai cấp khác nhau nên không so sánh trực tiếp."
    )
