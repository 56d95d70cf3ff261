"""Invariants of the content extractors on arbitrary text: they never raise, spans lie inside the
text, numbers parse back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.extract.document import Doc
from vanban.extract.numerals import parse_number
from vanban.extract.readers.text import text_to_blocks
from vanban.extract.responsibilities import extract_responsibilities
from vanban.extract.sections import extract_sections
from vanban.extract.tables import extract_tables
from vanban.extract.targets import extract_targets
from vanban.extract.timeline import extract_timeline
from vanban.schemas import Source

PIECES = [
    "I. ", "II- ", "1. ", "2.1. ", "a) ", "- ", "+ ", "\n", "\t", "|", " ", "%", "STT\n", "THỜI GIAN\n", "Năm 2014\n",
    "Tổng cộng:", "phấn đấu ", "ít nhất ", "trở lên ", "đến năm 2025 ", "hàng năm ", "doanh nghiệp có từ 10 lao động ",
    "đoàn viên", "CĐCS ", "Đối với ", "Giao Sở Tài chính ", "chủ trì ", "trước ngày 31/12/2024 ", "Quý II/2022 ",
    "TỔ CHỨC THỰC HIỆN\n", "Chỉ tiêu\n", "16.000 ", "95 - 98", "6,5", "2.136", ":", ";", ".", "(", ")",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet="0123456789 đàếạĐ.,/-", max_size=6)), max_size=60).map(
    "".join
)


def _doc(text: str) -> Doc:
    return Doc.from_blocks(Source(path="<prop>", sha256="0", format="txt"), text_to_blocks(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extractors_never_raise_and_spans_are_inside(text):
    d = _doc(text)
    n = len(d.text)
    for t in extract_targets(d):
        assert 0 <= t.span[0] <= t.span[1] <= n
    for it in extract_timeline(d):
        assert it.span is None or 0 <= it.span[0] <= it.span[1] <= n
    for r in extract_responsibilities(d):
        assert r.actor and 0 <= r.span[0] <= r.span[1] <= n
    for tb in extract_tables(d):
        assert tb.span is None or 0 <= tb.span[0] <= tb.span[1] <= n

    def walk(ss):
        for s in ss:
            assert 0 <= s.span[0] <= s.span[1] <= n
            walk(s.children)

    walk(extract_sections(d))
    assert all(isinstance(w, str) and w for w in d.warnings)


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_round_trip(n):
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimal_comma_round_trip(whole, frac):
    assert parse_number(f"{whole},{frac:02d}") == float(f"{whole}.{frac:02d}")
