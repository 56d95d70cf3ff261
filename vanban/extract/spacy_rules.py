"""spaCy rule components for who-does-what: actors and role words, patterns from data/actors.yaml.

Two registered factories run on a blank multi-language pipeline (tokenisation only, no model):

- `vanban_actor` puts the body a unit is about into `doc.spans["actor"]`: after an opening
  frame ('Đối với', 'Giao', 'Đề nghị', 'Yêu cầu'), or from a capitalised head at the start
  ('Sở', 'Ban', 'UBND', 'LĐLĐ', 'Phòng', ...), up to the first stop word of the task that follows
  ('theo chức năng', 'chủ trì', 'rà soát', ...) or the first ':' ';' '(' or sentence end;
- `vanban_roles` puts role words ('chủ trì', 'phối hợp', 'tham mưu', 'theo dõi', 'báo cáo', ...)
  into `doc.spans["roles"]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from vanban.extract.data import load

_ENDS = {":", ";", "(", ".", "!", "?"}


class ActorMatcher:
    """Finds the actor a unit of text names at its start."""

    def __init__(self, nlp: Language, frames: list[str], heads: list[str], named_heads: list[str], stops: list[str]):
        self.frames = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.frames.add("FRAME", [nlp.make_doc(f) for f in frames])
        self.heads = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.heads.add("HEAD", [nlp.make_doc(h) for h in heads] + [nlp.make_doc(h.upper()) for h in heads])
        self.heads.add("NAMED", [nlp.make_doc(h) for h in named_heads] + [nlp.make_doc(h.upper()) for h in named_heads])
        self.any_case_heads = PhraseMatcher(nlp.vocab, attr="LOWER")  # after a frame: 'Đối với công đoàn cấp cơ sở'
        self.any_case_heads.add("HEAD", [nlp.make_doc(h) for h in heads + named_heads])
        self.stops = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.stops.add("STOP", [nlp.make_doc(s) for s in stops])

    def _heads(self, doc: SpacyDoc) -> set[int]:
        """Token indices where a body's name starts."""
        out = set()
        for match_id, s, e in self.heads(doc):
            named = doc.vocab.strings[match_id] == "NAMED"
            nxt = doc[e] if e < len(doc) else None
            if not named or nxt is None or nxt.text in _ENDS or nxt.text[:1].isupper():
                out.add(s)
        return out

    def __call__(self, doc: SpacyDoc) -> SpacyDoc:
        start = 0
        while start < len(doc) and doc[start].is_punct:
            start += 1
        heads = self._heads(doc)
        framed = {s for _, s, _ in self.any_case_heads(doc)}  # a frame must be followed by a body
        frames = [(s, e) for _, s, e in self.frames(doc) if e in framed]
        frame = next((e for s, e in frames if s == start), None)
        head = start if start in heads else None
        if frame is None and head is None:
            # '…, giao Sở Tài chính chủ trì …': an assignment inside the sentence
            frame = next((e for s, e in frames if s > 0 and doc[s - 1].text in {",", ";", ":"} and e in heads), None)
        spans: list[Span] = []
        if frame is not None or head is not None:
            begin = frame if frame is not None else start
            stops = sorted(s for _, s, _ in self.stops(doc) if s > begin)
            end = next((t.i for t in doc[begin:] if t.text in _ENDS), len(doc))
            if stops and stops[0] < end:
                end = stops[0]
            while end > begin and doc[end - 1].text in {",", "-", "–", "và"}:
                end -= 1
            if end > begin:
                spans.append(Span(doc, begin, end, label="FRAME" if frame is not None else "HEAD"))
        doc.spans["actor"] = spans
        return doc


class RoleMatcher:
    def __init__(self, nlp: Language, roles: list[str]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("ROLE", [nlp.make_doc(r) for r in roles])

    def __call__(self, doc: SpacyDoc) -> SpacyDoc:
        doc.spans["roles"] = [Span(doc, s, e, label="ROLE") for _, s, e in self.matcher(doc)]
        return doc


@Language.factory("vanban_actor", default_config={"frames": [], "heads": [], "named_heads": [], "stops": []})
def make_actor(
    nlp: Language, name: str, frames: list[str], heads: list[str], named_heads: list[str], stops: list[str]
) -> ActorMatcher:
    return ActorMatcher(nlp, frames, heads, named_heads, stops)


@Language.factory("vanban_roles", default_config={"roles": []})
def make_roles(nlp: Language, name: str, roles: list[str]) -> RoleMatcher:
    return RoleMatcher(nlp, roles)


@cache
def pipeline() -> Language:
    """A blank pipeline with the two components, patterns from data/actors.yaml."""
    d = load("actors")
    nlp = spacy.blank("xx")
    nlp.add_pipe(
        "vanban_actor", config={"frames": d["frames"], "heads": d["heads"], "named_heads": d["named_heads"], "stops": d["stops"]}
    )
    nlp.add_pipe("vanban_roles", config={"roles": d["roles"]})
    return nlp


@dataclass(frozen=True)
class ActorHit:
    actor: str
    start: int  # character offsets of the actor in the text
    end: int
    framed: bool  # opened by 'Đối với', 'Giao', ... rather than by a head word


def _run(component: str, text: str) -> SpacyDoc:
    """`text` tokenised and passed through one component: each finder reads only its own spans."""
    nlp = pipeline()
    return nlp.get_pipe(component)(nlp.make_doc(text))


def find_actor(text: str) -> ActorHit | None:
    """The actor `text` opens with, or None."""
    doc = _run("vanban_actor", text)
    spans = doc.spans["actor"]
    if not spans:
        return None
    sp = spans[0]
    actor = sp.text.strip(" ,:;-–")
    if not actor:
        return None
    return ActorHit(actor, sp.start_char, sp.end_char, sp.label_ == "FRAME")


def find_roles(text: str) -> list[str]:
    """Role words in `text`, lower case, each once, in order of first appearance."""
    doc = _run("vanban_roles", text)
    out: list[str] = []
    for sp in doc.spans["roles"]:
        r = sp.text.lower()
        if r not in out:
            out.append(r)
    return out
