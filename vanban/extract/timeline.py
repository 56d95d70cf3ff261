"""Timeline of a plan: scheduled tasks with their time and owner.

Three sources, in reading order:
1. task tables (STT | NỘI DUNG | THỜI GIAN [| ĐƠN VỊ CHỦ TRÌ]) from Word or text tables; a time
   cell merged down several rows holds for every row under it until the next time cell;
2. the plain-text export of such a table, one cell per line: the column names on their own lines,
   then each row's sequence number, content and (where the merged cell starts) its time label,
   which the export prints among the lines of the first row of its group;
3. dated items in the text: a '- Thời gian thực hiện: ...' line under a task heading, and
   sentences with a deadline ('trước ngày 08/02/2025', 'hoàn thành trong tháng 3/2022').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.extract.document import Doc
from vanban.extract.normative import is_normative
from vanban.extract.outline import BULLETS, Outline, build_outline, match_label
from vanban.extract.responsibilities import actor_in, responsibilities_of
from vanban.extract.spans import overlap_test
from vanban.extract.tables import Grid, find_grids
from vanban.extract.when import When, find_deadline, parse_when, weekday_mismatch
from vanban.schemas import TimelineItem

SEQ_HEAD_RE = re.compile(r"^(?:stt|tt|số[ ]tt|số[ ]thứ[ ]tự)\.?$", re.IGNORECASE)
TIME_HEAD_RE = re.compile(
    r"^(?:thời[ ]gian|thời[ ]hạn|tiến[ ]độ|thời[ ]điểm|lộ[ ]trình)\b"  # THỜI GIAN, Thời hạn hoàn thành, Tiến độ (not 'Ngày đến' of a register)
    r"|^(?:hạn|dự[ ]kiến)[ ]hoàn[ ]thành",  # Hạn hoàn thành
    re.IGNORECASE,
)
CONTENT_HEAD_RE = re.compile(
    r"^(?:nội[ ]dung|nhiệm[ ]vụ|công[ ]việc|hoạt[ ]động|tên[ ](?:nhiệm[ ]vụ|công[ ]việc|hoạt[ ]động)|giải[ ]pháp)\b",
    re.IGNORECASE,
)
OWNER_HEAD_RE = re.compile(
    r"^(?:(?:đơn[ ]vị|cơ[ ]quan|bộ[ ]phận|người)[ ]?(?:chủ[ ]trì|thực[ ]hiện|phụ[ ]trách|chịu[ ]trách[ ]nhiệm)"  # Đơn vị chủ trì
    r"|chủ[ ]trì|phân[ ]công|trách[ ]nhiệm)\b",  # Chủ trì, Phân công
    re.IGNORECASE,
)
# A line that is only a time: 'Năm 2014', 'Quý II/2022', 'Tháng 5/2022', 'Hằng năm', '26/12/2011'.
TIME_LABEL_RE = re.compile(
    r"^(?:năm|quý|tháng|ngày|hằng|hàng|định[ ]kỳ|thường[ ]xuyên|trước|từ|trong|cả|đầu|cuối|giữa|\d)",
    re.IGNORECASE,
)
STRICT_DEADLINE_RE = re.compile(r"chậm[ ]nhất|hạn[ ]chót|hoàn[ ]thành[ ](?:trong|trước)", re.IGNORECASE)  # in laws and decrees
# '- Quý II/2022: Tổ chức hội nghị sơ kết', '- Tháng 5/2022 – Tập huấn': the time opens the item
LEAD_TIME_RE = re.compile(
    r"^(?P<when>(?:quý|tháng|năm|ngày|trong|từ[ ]ngày|hằng|hàng|trước)[^:–]{1,40}?)[ ]*[:–][ ]*(?P<task>\S.*)$", re.IGNORECASE
)
# '- Tổng kết Chương trình (Quý IV/2023)': the time closes the item in brackets
TRAIL_TIME_RE = re.compile(r"^(?P<task>.{3,}?)[ ]*\((?P<when>[^()]{3,50})\)[ .;]*$")
TIME_LINE_RE = re.compile(
    r"^[-–+•]?[ ]*thời[ ]gian(?:[ ](?:thực[ ]hiện|dự[ ]kiến|đào[ ]tạo|hoàn[ ]thành|tổ[ ]chức|triển[ ]khai))?[ ]*:[ ]*(?P<when>.+)$",
    re.IGNORECASE,
)


@dataclass
class _Row:
    seq: int | str | None
    text: str
    when_text: str | None
    owner: str | None
    start: int
    end: int


def _seq(text: str) -> int | str | None:
    t = text.strip().rstrip(".)")
    if not t:
        return None
    return int(t) if t.isdigit() else t


def _is_time_label(text: str) -> bool:
    t = text.strip()
    return len(t) <= 60 and bool(TIME_LABEL_RE.match(t)) and not parse_when(t).empty


def _items(rows: list[_Row], warnings: list[str]) -> list[TimelineItem]:
    """Items from table rows; a row without a time takes the time of the row above (merged cell)."""
    out = []
    current: When | None = None
    current_text = None
    for r in rows:
        if r.when_text:
            current, current_text = parse_when(r.when_text), r.when_text
        w = current or When()
        if r.when_text and w.start and current_text:
            wd = weekday_mismatch(current_text, w.start)
            if wd:
                warnings.append(f"timeline: '{current_text}' says {wd}, which is not the weekday of {w.start}")
        out.append(
            TimelineItem(seq=r.seq, text=r.text, year=w.year, start=w.start, end=w.end, owner=r.owner, span=(r.start, r.end))
        )
    return out


def grid_rows(grid: Grid) -> list[_Row] | None:
    """Rows of a task table, or None when the table has no time column."""
    names = grid.names
    time_col = next((c for c, n in enumerate(names) if TIME_HEAD_RE.match(n)), None)
    if time_col is None or not grid.header_rows:
        return None
    seq_col = next((c for c, n in enumerate(names) if SEQ_HEAD_RE.match(n)), None)
    owner_col = next((c for c, n in enumerate(names) if OWNER_HEAD_RE.match(n)), None)
    content = [c for c, n in enumerate(names) if CONTENT_HEAD_RE.match(n)]
    if not content:
        content = [c for c in range(grid.width) if c not in (time_col, seq_col, owner_col)]
    out = []
    for r in range(grid.header_rows, len(grid.rows)):
        cells = [c for c in grid.rows[r] if c is not None]
        if not cells:
            continue
        text = " / ".join(grid.text(r, c) for c in content if grid.text(r, c))
        if not text:
            continue
        out.append(
            _Row(
                _seq(grid.text(r, seq_col)) if seq_col is not None else None,
                text,
                grid.text(r, time_col) or None,
                grid.text(r, owner_col) or None if owner_col is not None else None,
                min(c.start for c in cells),
                max(c.end for c in cells),
            )
        )
    return out


def exported_rows(doc: Doc) -> list[list[_Row]]:
    """Task tables printed one cell per line (a text export of a Word table); found once per document
    (the timeline and the targets' task spans read them): callers must not change them."""
    return doc.memo("exported_rows", _exported_rows)


def _exported_rows(doc: Doc) -> list[list[_Row]]:
    lines = [ln for ln in doc.lines if ln.text.strip() and doc.blocks[ln.block].kind != "cell" and "\t" not in ln.text]
    tables = []
    i = 0
    while i < len(lines):
        head: list[str | None] = []
        j = i
        while j < len(lines) and len(head) < 6 and len(lines[j].text) <= 40 and (role := _head_role(lines[j].text)):
            head.append(role)
            j += 1
        if "seq" not in head or "time" not in head or len(head) < 2:
            i += 1
            continue
        rows, i = _exported_table(lines, j, "owner" in head)
        if rows:
            tables.append(rows)
    return tables


def _head_role(text: str) -> str | None:
    t = text.strip(" :")
    if SEQ_HEAD_RE.match(t):
        return "seq"
    if TIME_HEAD_RE.match(t):
        return "time"
    if OWNER_HEAD_RE.match(t):
        return "owner"
    if CONTENT_HEAD_RE.match(t):
        return "content"
    return None


def _exported_table(lines, i: int, has_owner: bool) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    expected = 1
    pending = None  # a time label printed before the first row of its group
    while i < len(lines):
        t = lines[i].text.strip()
        hit = match_label(t)
        if hit and hit[0] not in BULLETS and not t.isdigit():
            break  # the next heading ends the table
        if t.isdigit() and int(t) == expected:
            rows.append(_Row(expected, "", pending, None, lines[i].start, lines[i].end))
            pending = None
            expected += 1
        elif not rows and pending is None and _is_time_label(t):
            pending = t
        elif rows and _is_time_label(t) and rows[-1].when_text is None:
            rows[-1].when_text = t
            rows[-1].end = max(rows[-1].end, lines[i].end)
        elif rows and not rows[-1].text:
            rows[-1].text = t
            rows[-1].end = lines[i].end
        elif rows and has_owner and rows[-1].owner is None:
            rows[-1].owner = t
            rows[-1].end = lines[i].end
        elif rows:
            break
        else:
            break
        i += 1
    return [r for r in rows if r.text], i


def _item(seq, text: str, w: When, span: tuple[int, int]) -> TimelineItem:
    return TimelineItem(seq=seq, text=text, year=w.year, start=w.start, end=w.end, span=span)


def _dated(w: When) -> bool:
    return w.year is not None or w.start is not None or w.end is not None or w.annual


def dated_units(outline: Outline, taken: list[tuple[int, int]], strict: bool = False) -> list[tuple[int, TimelineItem]]:
    """Dated items in the text:

    - '- Thời gian thực hiện: …' under a task heading (the task is the heading);
    - a bullet that opens with its time ('- Quý II/2022: Tổ chức hội nghị sơ kết') or closes with
      it in brackets ('- Tổng kết Chương trình (Quý IV/2023)');
    - a sentence with a deadline ('trước ngày 08/02/2025'). With `strict` (a law or decree, where
      'trước ngày …' mostly states a condition) only explicit deadlines count: 'chậm nhất là ngày …',
      'hạn chót', 'hoàn thành trước …'."""
    out = []
    units = outline.units
    in_taken = overlap_test(taken)  # a unit starts in a taken span when [start, start + 1) overlaps it
    for i, u in enumerate(units):
        if u.kind == "cell" or u.start >= outline.body_end or in_taken(u.start, u.start + 1):
            continue
        seq = _seq(u.label or "") if u.label and u.kind not in BULLETS else None
        m = TIME_LINE_RE.match(u.text) if u.label is None or u.kind in BULLETS else None
        if m:
            w = parse_when(m.group("when"))
            if not _dated(w):
                continue
            p = u.parent
            if p is None:
                out.append((i, _item(None, u.text, w, (u.start, u.end))))
                continue
            task = units[p]
            text = re.split(r":\s", task.text, maxsplit=1)[0].strip(" .:")
            out.append((i, _item(_seq(task.label or ""), text, w, (task.start, u.end))))
            continue
        lead = LEAD_TIME_RE.match(u.text)
        trail = TRAIL_TIME_RE.match(u.text) if ")" in u.text else None  # it ends on a bracket: a cheap test first
        for hit in (lead, trail):
            if hit and _is_time_label(hit.group("when")):
                w = parse_when(hit.group("when"))
                if _dated(w):
                    out.append((i, _item(seq, hit.group("task").strip(" .:-–"), w, (u.start, u.end))))
                    break
        else:
            dm = STRICT_DEADLINE_RE.search(u.text) if strict else find_deadline(u.text)
            if dm:
                w = parse_when(u.text[dm.start() : dm.start() + 60])
                if w.end:
                    out.append((i, _item(seq, u.text, w, (u.start, u.end))))
    return out


def _order_warnings(items: list[TimelineItem]) -> list[str]:
    """A date earlier than the one before it while the one after it is later again: a likely typo."""
    out = []
    dated = [(d, it) for it in items if (d := it.start or it.end)]
    for k in range(1, len(dated) - 1):
        prev, (d, it), nxt = dated[k - 1][0], dated[k], dated[k + 1][0]
        if d < prev and nxt >= prev:
            out.append(f"timeline: the date {d} of '{it.text[:60]}' comes between {prev} and {nxt}; it may be mistyped")
    return out


def scheduled_spans(doc: Doc) -> list[tuple[int, int, int | None]]:
    """(start, end, year) of each row of the document's task tables, for targets set in a task."""
    rows: list[_Row] = []
    for g in find_grids(doc):
        rows += grid_rows(g) or []
    out: list[tuple[int, int, int | None]] = []
    for table in [rows, *exported_rows(doc)]:
        for it in _items(table, []):
            if it.span and it.year:
                out.append((it.span[0], it.span[1] + 1, it.year))
    return out


def _with_owners(items: list[TimelineItem], outline: Outline) -> list[TimelineItem]:
    """A dated task inside a responsibility is that actor's: the innermost one holding it."""
    if not items:
        return items
    resp = responsibilities_of(outline)
    out = []
    for it in items:
        own = actor_in(outline, it.text)
        if it.owner is None and own is not None and own.start == 0:
            it = it.model_copy(update={"owner": own.actor})  # '- UBND huyện Trà Bồng tiếp tục …'
        if it.owner is None and it.span:
            holders = [r for r in resp if r.span[0] <= it.span[0] < r.span[1]]
            if holders:
                it = it.model_copy(update={"owner": max(holders, key=lambda r: r.span[0]).actor})
        out.append(it)
    return out


def extract_timeline(doc: Doc, doc_type: str | None = None) -> list[TimelineItem]:
    warnings: list[str] = []
    found: list[TimelineItem] = []
    for g in find_grids(doc):
        rows = grid_rows(g)
        if rows:
            found += _items(rows, warnings)
    for rows in exported_rows(doc):
        found += _items(rows, warnings)
    taken = [it.span for it in found if it.span]
    outline = build_outline(doc)
    found += _with_owners([it for _, it in dated_units(outline, taken, strict=is_normative(doc_type))], outline)
    found.sort(key=lambda it: it.span[0] if it.span else 0)
    warnings += _order_warnings(found)
    doc.warnings.extend(warnings)
    return found
