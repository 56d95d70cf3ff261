"""A body's name ending in an abbreviation that the text spells out (vanban/extract/acronyms.py)."""

from __future__ import annotations

import pytest

from vanban.extract.acronyms import TAIL_RE, spell_out_tail
from vanban.extract.pipeline import extract_text


@pytest.mark.parametrize(
    ("printed", "tail"),
    [
        ("CĐCS CÔNG TY CP MAY XK LA", "LA"),
        ("CÔNG TY TNHH MTV CẤP NƯỚC BR", "BR"),
        ("CÔNG TY CỔ PHẦN XÂY DỰNG HCM", "HCM"),
        ("UBND TỈNH SƠN LA", "LA"),  # a place's last word: spelled out only if the text does (below)
        ("CÔNG TY TNHH", "TNHH"),  # found, then kept as a known acronym (below)
        ("Công ty CP May XK Long An", None),  # mixed case: no capitals at the end
        ("LA", None),  # nothing before it
        ("CÔNG TY ABCDE", None),  # five capitals: a name, not initials
    ],
)
def test_tail_re(printed: str, tail: str | None) -> None:
    m = TAIL_RE.search(printed)
    assert (m.group(0) if m else None) == tail


@pytest.mark.parametrize("printed", ["CÔNG TY TNHH", "CÔNG TY CP MAY XK"])
def test_known_abbreviations_are_not_spelled_out(printed: str) -> None:
    assert spell_out_tail(printed, "Công ty TNHH Thành Nam Hưng Hải, Công ty CP May Xuất Khẩu") == (printed, None)


BODY = "CĐCS Công ty CP May XK Long An, nhiệm kỳ 2023-2028. Ủy viên BCH Công ty Cổ phần May Xuất khẩu Long An nhiệm kỳ"


@pytest.mark.parametrize(
    ("printed", "text", "spelled"),
    [
        ("CĐCS CÔNG TY CP MAY XK LA", BODY, "CĐCS CÔNG TY CP MAY XK LONG AN"),  # after 'XK' and after 'xuất khẩu'
        ("CĐCS Công ty CP May XK LA", BODY, "CĐCS Công ty CP May XK Long An"),  # mixed case kept mixed
        ("CĐCS CÔNG TY CP MAY XK LA", "Công ty CP May XK Long An và Công ty CP May XK Lạc An", None),  # two ways: kept
        ("CĐCS CÔNG TY CP MAY XK LA", "Công ty CP May XK Long An Phú", None),  # more capitalised words follow
        ("CĐCS CÔNG TY CP MAY XK LA", "Công ty may xuất khẩu ở Long An", None),  # not after the word before it
        ("CĐCS CÔNG TY CP MAY XK LA", "Công ty CP May XK LONG AN", None),  # capitals: not read as initials
        ("UBND TỈNH SƠN LA", "tỉnh Sơn La", None),  # one word, not two
        ("CÔNG TY TNHH ABC", "Công ty TNHH An Bình Châu", "CÔNG TY TNHH AN BÌNH CHÂU"),
    ],
)
def test_spell_out_tail(printed: str, text: str, spelled: str | None) -> None:
    name, warning = spell_out_tail(printed, text)
    assert name == (spelled or printed)
    assert (warning is not None) is (spelled is not None)


def test_issuer_spelled_out_from_the_body() -> None:
    record = extract_text(
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH\nCĐCS CÔNG TY CP MAY XK LA\nSố: 07/TTr-CĐCS\nTân An, ngày 31 tháng 5 năm 2024\n"
        "TỜ TRÌNH\nV/v bầu bổ sung Ủy viên Ban Chấp hành CĐCS Công ty CP May XK Long An\n"
    )
    assert record.issuer is not None
    assert record.issuer.name == "Công đoàn cơ sở Công ty Cổ phần May Xuất Khẩu Long An"
    assert any("'LA' is spelled out" in w for w in record.warnings)
