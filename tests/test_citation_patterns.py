"""Tables of positive and negative examples for every citation pattern (examples from the corpus, plus variants)."""

from __future__ import annotations

import re

import pytest

from vanban.extract.citation_issuers import LOCALITY_RE
from vanban.extract.citation_patterns import (
    DATE_LEAD_RE,
    ISSUER_LEAD_RE,
    LABEL_RE,
    LIST_GAP_RE,
    PLACEHOLDER_TAIL_RE,
    SHARED_SUFFIX_RE,
    SUBJECT_RE,
    TERM_RE,
    named_ref_re,
    plausible_segment,
    plausible_symbol,
    short_ref_re,
    trigger_re,
)


def yes(text: str, **groups: str) -> tuple[str, bool, dict[str, str]]:
    return (text, True, groups)


def no(text: str) -> tuple[str, bool, dict[str, str]]:
    return (text, False, {})


def check(m: re.Match[str] | None, expected: bool, groups: dict[str, str]) -> None:
    assert bool(m) is expected
    for k, v in groups.items():
        assert m is not None and m.group(k) == v


# The text just before a number, ending where the number starts.
@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes("CỘNG HÒA\nSố: "),
        yes("Số:"),  # "Số:09/2010/QĐ-UBND"
        yes("\nSố "),
        yes("Bộ luật số: "),  # the law's own number
        yes("\nLuật số: "),
        yes("Số: 15/QĐ-BNV; Số: "),  # style guide examples
        yes("ví dụ: Số: "),
        yes("\tSố: "),
        yes("\n- Số: "),
        yes("\nSố:⁄‡"),  # OCR specks
        no("Căn cứ Quyết định số: "),  # a citation, not a label
        no("Căn cứ Nghị quyết số "),
        no("Công văn số "),
        no("Chỉ thị Số "),  # capital without colon mid-line
    ],
)
def test_label(text, expected, groups):
    check(LABEL_RE.search(text), expected, groups)


@pytest.mark.parametrize(
    "segment,expected",
    [("KH", True), ("TTg", True), ("ToC", True), ("LĐLĐ", True), ("QH13", True), ("HĐNN8", True), ("BCĐ389QNg", True),
     ("Điều", False), ("Thanh", False), ("Ctr", True), ("ủy", False), ("k", False)],
)  # fmt: skip
def test_symbol_segment(segment, expected):
    assert plausible_segment(segment) is expected


@pytest.mark.parametrize(
    "number,expected",
    [("277/KH-LĐLĐ", True), ("02-NQ/TW", True), ("05/CTr-LĐLĐ", True), ("3a/CTr-CĐCT", True), ("12/2012/QH13", True),
     ("07/TTr-CĐCS/2024", True), ("342/LĐLĐ", True), ("21-LCT/HĐNN8", True), ("2/Điều", False), ("5/Thanh-KH", False)],
)  # fmt: skip
def test_plausible_symbol(number, expected):
    assert plausible_symbol(number) is expected


@pytest.mark.parametrize(
    "text,expected,groups",
    [yes("-…………"), yes("- ..."), yes("-___"), yes("…"), yes("....."), no(" ngày 12/6/2021"), no(", ngày"), no("-CP")],
)
def test_placeholder_tail(text, expected, groups):
    check(PLACEHOLDER_TAIL_RE.match(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes("Căn cứ Kế hoạch số 135/KH-TLĐ", word="Căn cứ"),
        yes("Căn cứ vào Điều 47", word="Căn cứ vào"),
        yes("Căn cư Quyết định số 10/2007", word="Căn cư"),  # keying slip in a real decision
        yes("- Căn cứ Luật Công đoàn", word="Căn cứ"),
        yes("Thực hiện Nghị quyết 02-NQ/TW", word="Thực hiện"),
        yes("### Thực hiện Nghị quyết 02-NQ", word="Thực hiện"),
        yes("Triển khai Kế hoạch số 77", word="Triển khai"),
        yes("Triển khai thực hiện Kế hoạch", word="Triển khai thực hiện"),
        yes("Thi hành Luật", word="Thi hành"),
        yes("THỰC HIỆN NGHỊ QUYẾT SỐ 02", word="THỰC HIỆN"),
        yes("như sau. Thực hiện Chỉ thị", word="Thực hiện"),
        yes("1. Căn cứ Quyết định", word="Căn cứ"),
        no("- Tiếp tục thực hiện Nghị quyết số 20-NQ/TW"),  # not at the start: a mention
        no("Chủ động triển khai thực hiện"),
        no("Căn cứu"),
    ],
)
def test_trigger(text, expected, groups):
    check(trigger_re().search(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes("Nghị quyết 02 của Bộ Chính trị", type="Nghị quyết", seq="02"),
        yes("Quyết định 217, Quyết định 218", seq="217"),
        yes("Nghị quyết 02-NQ của Bộ Chính trị", seq="02", code="NQ"),
        yes("Kế hoạch số 77 ngày", seq="77"),
        yes("Quyết định 217, 218-QĐ/TW", seq="217"),
        no("Nghị quyết 02-NQ/TW"),  # a whole number: NUMBER_RE's
        no("Kế hoạch 135/KH-TLĐ"),
        no("Kế hoạch 5 năm"),
        no("Chương trình 1.000 đoàn viên"),
        no("Nghị quyết số 20%"),
        no("Quyết định 12/2012"),
    ],
)
def test_short_ref(text, expected, groups):
    check(short_ref_re().search(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [yes(", 218-QĐ/TW", rest="2"), yes(" và 27-NQ/TW", rest="2"), yes(", 218, 219-QĐ/TW", rest="2"), yes(", số 218-QĐ/TW", rest="2"),
     no(" của Bộ Chính trị"), no(", Quyết định 218")],
)  # fmt: skip
def test_shared_suffix(text, expected, groups):
    check(SHARED_SUFFIX_RE.match(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes("Điều lệ Công đoàn Việt Nam", head="Điều lệ"),
        yes("điều lệ Đảng", head="điều lệ"),
        yes("Hiến pháp nước Cộng hòa", head="Hiến pháp"),
        yes("Bộ luật Lao động", head="Bộ luật"),
        yes("Bộ Luật lao động", head="Bộ Luật"),
        yes("Luật Công đoàn năm 2012", head="Luật"),
        yes("Pháp lệnh Bưu chính viễn thông", head="Pháp lệnh"),
        yes("Nghị quyết Đại hội XIII của Đảng", head="Nghị quyết Đại hội"),
        no("pháp luật về lao động"),
        no("luật sư"),
        no("Luậtsư"),
    ],
)
def test_named_ref(text, expected, groups):
    check(named_ref_re().search(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [yes(", ngày 24/9/2021"), yes(" ngày15/4/2010"), yes(" 26/04/2011"), yes(" (ban hành ngày 1/2/2020"), yes(" ngày 24 tháng 9"),
     no(" của Bộ Chính trị"), no(" về việc")],
)  # fmt: skip
def test_date_lead(text, expected, groups):
    check(DATE_LEAD_RE.match(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [yes(" của Bộ Chính trị", lead="của "), yes(", của Chính phủ", lead="của "), yes(" do Bộ Nội vụ", lead="do "),
     yes(" của liên Bộ: Thông tin", lead="của liên "), yes(" của liên ngành Tư pháp", lead="của liên "),
     yes(" của Liên đoàn Lao động tỉnh", lead="của "), yes(" của Liên minh Hợp tác xã", lead="của "),
     no(" về việc"), no(" ngày 12/6/2021")],
)  # fmt: skip
def test_issuer_lead(text, expected, groups):
    check(ISSUER_LEAD_RE.match(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [yes(" khóa XIII"), yes(" khoá II"), yes(" (khóa XIV)"), yes(", nhiệm kỳ 2018-2023"), no(" về"), no(" khóa học")],
)
def test_term(text, expected, groups):
    check(TERM_RE.match(text), expected, groups)


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes(" về “Đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới”;", quoted="Đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới"),
        yes(' về "Phát triển đoàn viên"', quoted="Phát triển đoàn viên"),
        yes(" về phát triển đoàn viên, thành lập CĐCS đến năm 2023;", plain="phát triển đoàn viên, thành lập CĐCS đến năm 2023"),
        yes(" V/v góp ý dự thảo\n", plain="góp ý dự thảo"),
        yes(" về việc công nhận bổ sung ủy viên.", plain="công nhận bổ sung ủy viên"),
        yes(" ban hành Quy chế làm việc;", plain="ban hành Quy chế làm việc"),  # the verb starts the subject
        yes(" hướng dẫn thể thức văn bản;", plain="hướng dẫn thể thức văn bản"),
        yes(" quy định chi tiết một số điều của Luật Công đoàn.", plain="quy định chi tiết một số điều của Luật Công đoàn"),
        no(", ban hành Quy chế"),  # after a comma: the sentence's next clause
        no(" Ban hành Quy chế"),  # a capital: a new sentence
        no(" ban hành"),
        no(" của Bộ Chính trị"),
        no(" ngày 12/6/2021"),
    ],
)  # fmt: skip
def test_subject(text, expected, groups):
    check(SUBJECT_RE.match(text), expected, groups)


@pytest.mark.parametrize("text,expected", [("; số ", True), (", số ", True), (" và số ", True), (" và ", True), (";", True),
                                           (" của ", False), (" ngày 1/2/2020; số ", False)])  # fmt: skip
def test_list_gap(text, expected):
    assert bool(LIST_GAP_RE.fullmatch(text)) is expected


@pytest.mark.parametrize(
    "text,expected,groups",
    [
        yes("Liên đoàn Lao động tỉnh Lai Châu", level="tỉnh", name="Lai Châu"),
        yes("Liên đoàn Lao động huyện Hương Hóa", level="huyện", name="Hương Hóa"),
        yes("Ủy ban nhân dân thành phố Hà Nội", level="thành phố", name="Hà Nội"),
        no("Liên đoàn Lao động tỉnh"),
        no("Tổng Liên đoàn Lao động Việt Nam"),
    ],
)
def test_locality(text, expected, groups):
    check(LOCALITY_RE.search(text), expected, groups)
