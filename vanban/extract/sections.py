"""Sections of a document: the heading tree of its body.

Headings are the labelled units of the outline (`I.`, `II-`, `1.`, `2.1.`, `2.1.1.`, `a)`,
`Điều 5.`, ...), Markdown headings without a label, and bullets (`-`, `+`) that have items of
their own under them. A plain bullet is content, not a section. Markdown headings before the
first labelled heading are the document's title lines when the document has labelled headings.
"""

from __future__ import annotations

from vanban.extract.document import Doc
from vanban.extract.outline import BULLETS, Outline, build_outline
from vanban.schemas import Section


def is_section(outline: Outline, i: int, first_labelled: int | None) -> bool:
    u = outline.units[i]
    if u.kind in ("para", "cell"):
        return False
    if u.kind in BULLETS:
        return any(outline.units[c].kind in BULLETS or outline.units[c].is_heading for c in u.children)
    if u.kind.startswith("md"):
        return first_labelled is None or i > first_labelled
    return True


def extract_sections(doc: Doc) -> list[Section]:
    outline = build_outline(doc)
    return sections_of(outline)


def sections_of(outline: Outline) -> list[Section]:
    units = outline.units
    first = next((i for i, u in enumerate(units) if u.is_heading and not u.kind.startswith("md")), None)

    def build(i: int, level: int) -> Section:
        u = units[i]
        return Section(
            label=u.label,
            title=u.text.rstrip(" :").strip() or (u.label or ""),
            level=level,
            span=(u.start, outline.span_end(i)),
            children=nodes(u.children, level + 1),
        )

    def nodes(idx: list[int], level: int) -> list[Section]:
        out: list[Section] = []
        for i in idx:
            if is_section(outline, i, first):
                out.append(build(i, level))
            else:
                out += nodes(units[i].children, level)
        return out

    roots = [i for i, u in enumerate(units) if u.parent is None]
    return nodes(roots, 1)
