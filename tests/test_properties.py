"""Property tests (hypothesis): normalisation is idempotent, extraction never raises on arbitrary text,
and every span of a record lies inside its text."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vanban import extract_text
from vanban.extract.normalise import fold, normalise_line, normalise_text, unaccent

# Pieces of real documents, so that generated texts reach the header, closing and body extractors.
FRAGMENTS = [
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 277/KH-LĐLĐ",
    "Số:   /KH-UBND",
    "Số: 02-NQ/TW",
    "Lai Châu, ngày 15 tháng 10 năm 2021",
    "Hà Nội, ngày … tháng … năm 2024",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "V/v triển khai công tác năm 2022",
    "Căn cứ Kế hoạch số 135/KH-TLĐ ngày 24/9/2021 của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam;",
    "Thực hiện Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị,",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Chỉ tiêu",
    "a) Kết nạp ít nhất 540 đoàn viên, đạt 85% trở lên;",
    "- Phấn đấu đến năm 2025 có 95 - 98% doanh nghiệp thành lập CĐCS.",
    "Ban Tổ chức – Kiểm tra: chủ trì, phối hợp thực hiện.",
    "| STT | Nội dung | Thời gian |",
    "| 1 | Tập huấn | Quý I/2022 |",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "TM. BAN THƯỜNG VỤ",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "(Đã ký)",
    "Nguyễn Văn An",
    "# Tiêu đề Markdown",
    "**Số: 05/CTr-LĐLĐ**",
]

any_text = st.text(max_size=400)
line_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
document = st.lists(st.one_of(st.sampled_from(FRAGMENTS), line_text), max_size=40).map("\n".join)
mutated = st.tuples(document, st.integers(0, 2000), st.text(max_size=5)).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :])

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(any_text)
def test_normalise_line_is_idempotent(text: str) -> None:
    once = normalise_line(text)
    assert normalise_line(once) == once


@FAST
@given(any_text)
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@FAST
@given(any_text)
def test_normalised_text_has_no_blank_or_padded_lines(text: str) -> None:
    out = normalise_text(text)
    for line in out.split("\n") if out else []:
        assert line and line == line.strip(" \t")


@pytest.mark.parametrize("blank", ["\x85", "\u2002", "\u200a", "\u2003\u2003"])
def test_lines_of_unicode_white_space_are_dropped(blank: str) -> None:
    assert normalise_text(f"a\n{blank}\nb") == "a\nb"


@FAST
@given(any_text)
@example("0\t\t0")  # a run of tabs (empty cells): one space, not two that a second fold would merge
def test_fold_and_unaccent_are_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert unaccent(unaccent(text)) == unaccent(text)


def _unaccent_by_definition(text: str) -> str:
    """What `unaccent` is defined to be: every combining mark of the decomposed `fold` dropped, one
    character at a time (the fast version skips the tone placement and removes the marks by replace)."""
    t = unicodedata.normalize("NFD", fold(text)).replace("đ", "d")
    return "".join(c for c in t if not unicodedata.combining(c))


@pytest.mark.parametrize(
    "text",
    [
        "Liên đoàn Lao động tỉnh Lai Châu",
        "ĐẢNG ỦY KHỐI Doanh nghiệp, hoà giải, Thuỷ, quý, Quỹ",
        "e\u0301 combining written apart, n\u0303, \u0300 alone, a\u0323\u0302 two marks",
        "Кириллица и ελληνικά; emoji 🙂; tab\tand  spaces; Ǆ ß İ",
        "",
        "123/KH-LĐLĐ",
    ],
)
def test_unaccent_is_its_definition(text: str) -> None:
    assert unaccent(text) == _unaccent_by_definition(text)


def test_unaccent_is_its_definition_on_the_corpus() -> None:
    root = Path(__file__).resolve().parent.parent / "corpus"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*")) if p.suffix in (".txt", ".md")]
    assert texts
    for t in texts:
        assert unaccent(t) == _unaccent_by_definition(t)


@FAST
@given(any_text)
def test_unaccent_is_its_definition_on_any_text(text: str) -> None:
    assert unaccent(text) == _unaccent_by_definition(text)


def _spans(node: Any, path: str = "") -> list[tuple[str, tuple[int, int]]]:
    """Every span in a dumped record, with where it was found."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "span" and value is not None:
                out.append((path, tuple(value)))
            elif key == "field_spans" and isinstance(value, dict):
                out += [(f"{path}.field_spans.{k}", tuple(v)) for k, v in value.items() if v is not None]
            else:
                out += _spans(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _spans(item, f"{path}[{i}]")
    return out


def _check_record(text: str) -> None:
    record = extract_text(text)
    data = record.model_dump(mode="json")
    n = len(record.text)
    for where, (start, end) in _spans(data):
        assert 0 <= start <= end <= n, f"span {where} = [{start}, {end}) outside text of length {n}"
    assert all(isinstance(w, str) and w for w in record.warnings)


@SLOW
@given(any_text)
def test_extract_text_never_raises_on_arbitrary_text(text: str) -> None:
    _check_record(text)


@SLOW
@given(document)
def test_extract_text_never_raises_on_document_like_text(text: str) -> None:
    _check_record(text)


@SLOW
@given(mutated)
def test_extract_text_never_raises_on_damaged_documents(text: str) -> None:
    _check_record(text)


def test_extract_text_survives_lone_surrogates() -> None:
    _check_record("Số: 1/KH-UBND\nKẾ HOẠCH\nPhân công\nBan Tổ chức: chủ trì \ud900 thực hiện")


def test_span_walker_finds_nested_spans() -> None:
    data = {"sections": [{"span": [0, 3], "children": [{"span": [1, 2]}]}], "field_spans": {"number": [4, 9]}}
    assert [s for _w, s in _spans(data)] == [(0, 3), (1, 2), (4, 9)]
