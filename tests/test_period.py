"""Plan periods: pattern tables and the seeds' golden periods."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, ROOT
from vanban import extract_file, extract_text
from vanban.extract.period import _GROUNDS_RE, RANGE_RE, UNTIL_RE


@pytest.mark.parametrize(
    "text, years",
    [
        ("giai đoạn 2013 - 2018", ("2013", "2018")),
        ("nhiệm kỳ 2018-2023", ("2018", "2023")),
        ("trong các năm từ 2014 đến 2018", ("2014", "2018")),
        ("từ năm 2021 đến hết năm 2023", ("2021", "2023")),
        ("giai đoạn 2021–2025", ("2021", "2025")),
        ("Hoạt động Công đoàn năm học 2023 - 2024", ("2023", "2024")),  # a school's year
    ],
)
def test_range(text, years):
    assert RANGE_RE.search(text).groups() == years


@pytest.mark.parametrize(
    "text",
    ["Số 2021/2023", "ngày 12/6/2021", "năm 2021", "Quý II/2022", "2.136 - 2.205", "năm học 2023", "năm học mới 2023 - 2024"],
)
def test_range_negative(text):
    assert RANGE_RE.search(text) is None


@pytest.mark.parametrize(
    "text, year", [("đến năm 2023", "2023"), ("đến hết năm 2025", "2025"), ("định hướng đến năm 2045", "2045")]
)
def test_until(text, year):
    assert UNTIL_RE.search(text).group(1) == year


@pytest.mark.parametrize("text", ["đến ngày 31/12/2023", "năm 2023", "đến 2023 lao động"])
def test_until_negative(text):
    assert UNTIL_RE.search(text) is None


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "seeds").glob("*.txt")))
def test_seed_periods(name):
    gold = json.loads((ROOT / "tests" / "gold" / "seeds" / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    p = extract_file(CORPUS / "seeds" / name).period
    assert (p.start, p.end) == (gold["period"]["start"], gold["period"]["end"])


def test_no_period_stated_is_null():
    assert extract_text("KẾ HOẠCH\nTổ chức hội nghị tổng kết\nCăn cứ tình hình thực tế, tổ chức hội nghị.").period is None


@pytest.mark.parametrize(
    ("line", "grounds"),
    [
        ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 phê duyệt Chương trình giai đoạn 2021-2025;", True),
        ("- Căn cứ Kế hoạch số 45/KH-UBND", True),
        ("CĂN CỨ Nghị quyết", True),
        ("Thực hiện Chương trình giai đoạn 2021-2025", False),  # the plan that implements it usually shares its years
        ("Các căn cứ pháp lý", False),
    ],
)
def test_grounds_re(line, grounds):
    assert bool(_GROUNDS_RE.match(line)) is grounds


def test_the_years_of_the_grounds_are_not_the_plans():
    text = (
        "KẾ HOẠCH\nThực hiện Chương trình xây dựng nông thôn mới năm 2023\n"
        "Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 phê duyệt Chương trình giai đoạn 2021-2025;\n"
        "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:"
    )
    assert extract_text(text).period is None
