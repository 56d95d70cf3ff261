"""Where a cited document's subject ends ('… năm 2024, Ban Thường vụ LĐLĐ tỉnh đề nghị …') and its issuer ('của Tổng
Liên đoàn' before 'Kính gửi:'), on a made-up letter."""

from __future__ import annotations

import pytest

from vanban import extract_text
from vanban.extract.citations import main_clause_re


@pytest.mark.parametrize(
    ("subject", "cut"),
    [
        ("tổ chức Tháng Công nhân năm 2024, Ban Thường vụ LĐLĐ tỉnh đề nghị các đơn vị", "tổ chức Tháng Công nhân năm 2024"),
        (
            "đổi mới tổ chức, hoạt động của Công đoàn, Ban Chấp hành Công đoàn ngành xây dựng Kế hoạch",
            "đổi mới tổ chức, hoạt động của Công đoàn",
        ),
        ("phát triển đoàn viên, UBND tỉnh ban hành Kế hoạch thực hiện", "phát triển đoàn viên"),
        ("công tác cán bộ, Tỉnh ủy yêu cầu", "công tác cán bộ"),
        ("kiện toàn Ban Chấp hành, Ban Thường vụ Công đoàn cơ sở nhiệm kỳ 2023 - 2028", None),  # bodies in the subject, no verb
        ("phát triển đoàn viên, công đoàn cơ sở xây dựng kế hoạch", None),  # no capital: not a body's name as printed
        ("chăm lo Tết cho đoàn viên; Ban Thường vụ đề nghị", None),  # the clause ended at ';' already
        (
            "phê duyệt Chương trình viễn thông công ích, Chủ tịch UBND tỉnh giao Sở Thông tin",
            "phê duyệt Chương trình viễn thông công ích",
        ),
    ],
)
def test_main_clause_re(subject: str, cut: str | None) -> None:
    m = main_clause_re().search(subject)
    assert (subject[: m.start()] if m else None) == cut


LETTER = """LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG NAM
Số: 312/LĐLĐ-TC
Quảng Nam, ngày 02 tháng 4 năm 2024
V/v triển khai Kế hoạch số 45/KH-TLĐ
ngày 15/3/2024 của Tổng Liên đoàn

Kính gửi: Các LĐLĐ huyện, thị xã, thành phố.

Thực hiện Kế hoạch số 45/KH-TLĐ ngày 15/3/2024 của Tổng Liên đoàn Lao động Việt Nam về tổ chức Tháng Công nhân năm \
2024, Ban Thường vụ LĐLĐ tỉnh đề nghị các đơn vị triển khai thực hiện một số nội dung sau:
1. Tổ chức các hoạt động chăm lo cho đoàn viên.
"""


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "Quyết định số 58/2007/QĐ-TTg ngày 4/5/2007 của Thủ tướng Chính phủ ban hành Quy chế làm việc;",
            "ban hành Quy chế làm việc",
        ),
        ("Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ hướng dẫn thể thức văn bản;", "hướng dẫn thể thức văn bản"),
        (
            "Quyết định số 170/2006/QĐ-TTg của Thủ tướng Chính phủ ban hành Quy định tiêu chuẩn trang thiết bị, ngoài ra được bố trí như sau:",
            "ban hành Quy định tiêu chuẩn trang thiết bị",
        ),
        ("Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư, như sau:", "công tác văn thư"),
    ],
)
def test_subject_of_a_cited_document(sentence: str, title: str) -> None:
    text = "UBND TỈNH QUẢNG NAM\nSố: 1/KH-UBND\nQuảng Nam, ngày 02 tháng 4 năm 2024\nKẾ HOẠCH\nCải cách hành chính\n"
    (c,) = extract_text(text + "Căn cứ " + sentence + "\n", "kh.txt").citations
    assert c.title == title


def test_subject_and_issuer_of_a_cited_plan() -> None:
    (c,) = extract_text(LETTER, "cv.txt").citations
    assert (c.number, c.issuer, c.date, c.relation) == (
        "45/KH-TLĐ",
        "Tổng Liên đoàn Lao động Việt Nam",
        "2024-03-15",
        "thuc_hien",
    )
    assert c.title == "tổ chức Tháng Công nhân năm 2024"


@pytest.mark.parametrize(
    ("number", "written", "issuer"),
    [
        ("45/KH-TLĐ", "của Tổng Liên đoàn", "Tổng Liên đoàn Lao động Việt Nam"),  # the one Tổng Liên đoàn
        ("45/KH-TLĐ", "của Tổng LĐLĐ", "Tổng Liên đoàn Lao động Việt Nam"),
        ("45/KH-TLĐ", "của Tổng Liên đoàn Lao động Việt Nam", "Tổng Liên đoàn Lao động Việt Nam"),
        ("45/KH-LĐLĐ", "của Liên đoàn Lao động tỉnh Quảng Nam", "Liên đoàn Lao động tỉnh Quảng Nam"),
    ],
)
def test_issuer_of_a_cited_plan(number: str, written: str, issuer: str) -> None:
    text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG NAM\nSố: 1/KH-LĐLĐ\nQuảng Nam, ngày 02 tháng 4 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n"
    text += f"Căn cứ Kế hoạch số {number} ngày 15/3/2024 {written};\n"
    (c,) = extract_text(text, "kh.txt").citations
    assert c.issuer == issuer


@pytest.mark.parametrize(
    ("sentence", "issuers"),
    [
        # a list of numbers of one body, the issuer written after the last
        ("theo Quyết định 217-QĐ/TW, Quyết định 218-QĐ/TW của Bộ Chính trị;", ["Bộ Chính trị", "Bộ Chính trị"]),
        (
            "Nghị quyết số 20-NQ/TW và Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung ương Đảng;",
            ["Ban Chấp hành Trung ương Đảng"] * 2,
        ),
        # not across bodies, nor past a date written for the first
        ("Kế hoạch số 45/KH-UBND, Quyết định số 12/QĐ-TLĐ của Tổng Liên đoàn;", [None, "Tổng Liên đoàn Lao động Việt Nam"]),
        ("Nghị quyết số 20-NQ/TW ngày 28/01/2008, Nghị quyết số 27-NQ/TW của Bộ Chính trị;", [None, "Bộ Chính trị"]),
        # '/TW' alone does not say which central body issued it
        ("Nghị quyết số 02-NQ/TW ngày 12/6/2021;", [None]),
        # a central body written with no 'của'
        (
            "Nghị quyết số 27-NQ/TW ngày 6/8/2008 Ban Chấp hành Trung ương khóa X về đội ngũ trí thức;",
            ["Ban Chấp hành Trung ương Đảng"],
        ),
        ("Chỉ thị số 05-CT/TW ngày 15/5/2016 Bộ Chính trị về học tập và làm theo;", ["Bộ Chính trị"]),
        ("Kế hoạch số 45/KH-UBND ngày 15/3/2024 Ủy ban nhân dân tỉnh;", [None]),  # only central Party bodies
    ],
)
def test_issuers_of_listed_and_bare_references(sentence: str, issuers: list[str | None]) -> None:
    text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG NAM\nSố: 1/KH-LĐLĐ\nQuảng Nam, ngày 02 tháng 4 năm 2024\nKẾ HOẠCH\nTháng Công nhân\n"
    got = [c.issuer for c in extract_text(text + "Căn cứ " + sentence + "\n", "kh.txt").citations]
    assert got == issuers
