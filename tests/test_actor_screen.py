"""The screen that keeps spaCy unloaded never hides an actor spaCy would find."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("spacy")

from vanban.extract.actor_screen import may_be_framed, may_name_actor  # noqa: E402
from vanban.extract.data import load  # noqa: E402
from vanban.extract.spacy_rules import find_actor, pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ACTORS = load("actors")
HEADS = ACTORS["heads"] + ACTORS["named_heads"]


def test_vocabulary_words_are_single_tokens_of_letters() -> None:
    """The screen's premise: every word of a head or frame is one spaCy token made of letters."""
    nlp = pipeline()
    for phrase in HEADS + [h.upper() for h in HEADS] + ACTORS["frames"]:
        tokens = [t.text for t in nlp.make_doc(phrase)]
        assert tokens == phrase.split(" "), phrase
        assert all(w.isalpha() for w in tokens), phrase


@pytest.mark.parametrize(
    ("text", "named", "framed"),
    [
        ("Sở Tài chính chủ trì, phối hợp", True, False),
        ("- Ban Tổ chức – Kiểm tra:", True, False),
        ("“UBND các huyện, thành phố", True, False),
        ("ỦY BAN NHÂN DÂN TỈNH", True, False),
        ("Đối với LĐLĐ tỉnh:", True, True),
        ("Tăng cường công tác tuyên truyền, giao Sở Tài chính bố trí kinh phí", True, True),
        ("ĐỀ NGHỊ UBND các huyện", True, True),
        ("MỤC ĐÍCH, YÊU CẦU", False, False),
        ("bàn giao tài liệu", False, False),
        ("Tăng cường thu hút người lao động vào Công đoàn", False, False),
        ("1. Sở Nội vụ", False, False),  # the label is not punctuation: spaCy's start is '1.'
        ("Giao  Sở Tài chính", False, False),  # two spaces: spaCy puts a space token between
    ],
)
def test_screen_examples(text: str, named: bool, framed: bool) -> None:
    assert may_name_actor(text) is named
    assert may_be_framed(text) is framed
    if find_actor(text) is not None:
        assert may_name_actor(text)


def _units() -> list[str]:
    from vanban.errors import UnreadableDocument
    from vanban.extract.document import Doc
    from vanban.extract.outline import build_outline
    from vanban.extract.readers import read_path
    from vanban.schemas import Source

    texts = []
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix.lower() not in (".txt", ".docx", ".html", ".md"):
            continue
        try:
            fmt, sha, res = read_path(path)
        except UnreadableDocument:
            continue
        doc = Doc.from_blocks(Source(path=str(path), sha256=sha, format=fmt), res.blocks)
        texts += [u.text for u in build_outline(doc).units]
    return texts


def test_screen_never_hides_an_actor_in_the_corpus() -> None:
    units = _units()
    assert len(units) > 1000
    for text in units:
        hit = find_actor(text)
        if hit is not None:
            assert may_name_actor(text), text
            if hit.framed:
                assert may_be_framed(text), text


_PIECES = [
    *HEADS,
    *[h.upper() for h in HEADS],
    *ACTORS["frames"],
    *[f.upper() for f in ACTORS["frames"]],
    *[f.capitalize() for f in ACTORS["frames"]],
    *ACTORS["stops"][:20],
    "Tài chính",
    "các huyện",
    "tỉnh",
    "thực hiện",
]
_SEPARATORS = [" ", " ", " ", ", ", "; ", ": ", " - ", "(", ")", "“", "”", "  ", "\t", ".", "-", "–", "1. ", "a) ", "*", "…", "/"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), min_size=1, max_size=8))
def test_screen_never_hides_an_actor_in_made_up_texts(parts: list[str]) -> None:
    text = "".join(parts)
    hit = find_actor(text)
    if hit is not None:
        assert may_name_actor(text), text
        if hit.framed:
            assert may_be_framed(text), text
