"""Vietnamese numerals: '.' between thousands, ',' before decimals."""

from __future__ import annotations

import pytest

from vanban.extract.numerals import NUMBER_RE, as_int_if_whole, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("16.000", 16000),  # seed 002: 'ít nhất 16.000 đoàn viên'
        ("2.136", 2136),  # seed 001 table cell
        ("23.320", 23320),  # seed 001 total row
        ("1.000.000", 1000000),
        ("6,5", 6.5),  # Vietnamese decimal comma
        ("0,5", 0.5),
        ("540", 540),
        ("01", 1),  # 'ít nhất 01 đoàn viên'
        ("4.0", 4.0),  # 'cách mạng 4.0': a dot not followed by three digits is a decimal point
        ("1.5", 1.5),
        ("1.234,5", 1234.5),  # both signs: the last one is the decimal sign
        ("1,234.5", 1234.5),
        ("12,345", 12.345),  # a comma is a decimal sign in Vietnamese
        (" 85 ", 85),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "85%", "2021-2023", "24/9/2021", "1.2.3,4,5", "II", "12a", "-", "1 000"])
def test_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text, found",
    [
        ("kết nạp ít nhất 16.000 đoàn viên", ["16.000"]),
        ("có từ 95 - 98% CNVCLĐ", ["95", "98"]),
        ("ngày 24/9/2021", []),  # a date is not a numeral
        ("số 135/KH-TLĐ", []),
        ("mã 3a", []),
        ("2,5 tỷ đồng và 1.200 người", ["2,5", "1.200"]),
    ],
)
def test_number_re(text, found):
    assert [m.group(0) for m in NUMBER_RE.finditer(text)] == found


def test_as_int_if_whole():
    assert as_int_if_whole(16000.0) == 16000 and isinstance(as_int_if_whole(16000.0), int)
    assert as_int_if_whole(6.5) == 6.5
