"""Targets (chỉ tiêu): every quantified commitment of a plan.

Each unit of the body (heading, bullet, paragraph, table cell) is cut into sentences; each number
followed by '%' or by a counted thing ('đoàn viên', 'CĐCS', 'lớp', ...) is a candidate. It is a
target when its sentence commits to something (a cue such as 'phấn đấu', 'bảo đảm', 'ít nhất',
'trở lên', or a 'Chỉ tiêu' / 'Mục tiêu' section, or a scheduled task), and not when it counts the
past ('đã kết nạp 500 đoàn viên'), sits in a 'Kết quả' / 'Tình hình' section, or belongs to a
population ('doanh nghiệp có từ 10 lao động trở lên', kept as the target's condition). Dates,
years, document numbers and section labels are never followed by a counted thing, so they never
become targets. Normative acts (laws, decrees, circulars) state rules, not targets.

The word lists live in data/target_words.yaml; the metric vocabulary in data/metrics.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from vanban.extract.data import load
from vanban.extract.document import Doc
from vanban.extract.normative import is_normative
from vanban.extract.numerals import NUM, parse_number
from vanban.extract.outline import LABEL_RE, Outline, build_outline
from vanban.extract.patterns import DATE_RE, NUMBER_RE, UPPER
from vanban.extract.timeline import scheduled_spans
from vanban.extract.word_scan import words_scan
from vanban.schemas import Period, Target
from vanban.schemas.record import Comparator

_I = re.IGNORECASE
_Y = r"(?:19|20)\d\d"

QUANTITY_RE = re.compile(
    rf"""
    (?<![\w.,/%-])
    (?P<from>từ[ ]+)?                                   # từ 95 - 98%, từ 02 đến 05 doanh nghiệp
    (?P<value>{NUM})
    (?:[ ]*%?[ ]*(?:-|–|đến|tới)[ ]*(?P<value_max>{NUM}))?  # the upper end of a range
    (?![\d/]|[.,]\d)
    (?P<pct>[ ]*%)?                                     # 85%, 85 %
    """,
    re.VERBOSE | _I,
)

_BY_YEAR = r"(?:đến|tới|trước|trong|hết|vào)[ ]+(?:hết[ ]+|cuối[ ]+)?(?:năm[ ]+)?"  # before the year of a deadline
DEADLINE_RE = re.compile(
    rf"""
    {_BY_YEAR}(?P<year>{_Y})(?![\d/])  # đến (hết) năm 2025, Đến 2025, vào (cuối) năm 2025
  | (?:đến|trước|chậm[ ]nhất)[ ]+(?:hết[ ]+)?ngày[ ]+\d{{1,2}}[/.-]\d{{1,2}}[/.-](?P<dyear>{_Y})  # trước ngày 31/12/2024
    """,
    re.VERBOSE | _I,
)
PERIOD_RE = re.compile(
    rf"""
    (?:giai[ ]đoạn|nhiệm[ ]kỳ|thời[ ]kỳ|từ)[ ]+(?:từ[ ]+)?(?:năm[ ]+)?      # giai đoạn, nhiệm kỳ, từ năm
    (?P<start>{_Y})[ ]*(?:-|–|đến|tới)[ ]*(?:năm[ ]+)?(?P<end>{_Y})          # 2021-2025, 2018 - 2023, 2021 đến 2023
    """,
    re.VERBOSE | _I,
)
# PERIOD_RE's 'nhiệm kỳ' alternative alone, found by its first letter (a scan skips to the next n at C speed):
# the other alternatives' matches hold no 'nhiệm', so on a whole text it finds exactly PERIOD_RE's 'nhiệm kỳ' matches.
TERM_PERIOD_RE = re.compile(
    rf"""
    [Nn](?i:
        hiệm[ ]kỳ[ ]+(?:từ[ ]+)?(?:năm[ ]+)?                          # nhiệm kỳ, nhiệm kỳ từ năm
        (?P<start>{_Y})[ ]*(?:-|–|đến|tới)[ ]*(?:năm[ ]+)?(?P<end>{_Y})  # 2018 - 2023, 2021 đến 2023
    )
    """,
    re.VERBOSE,
)
ANNUAL_RE = re.compile(
    rf"""
    \b(?:hàng|hằng|mỗi)[ ]+năm\b                   # hàng năm, mỗi năm
  | \bnăm[ ]+nào[ ]+cũng\b                        # năm nào cũng
  | (?<=[\d%\w])[ ]*/[ ]*năm\b(?![ ]*{_Y})        # a rate per year: 4%/năm, 80 triệu đồng/năm (not 'Quý II/năm 2024')
    """,
    re.VERBOSE | _I,
)
TERM_RE = re.compile(r"\b(?:trong|cả|mỗi|suốt)[ ]+nhiệm[ ]+kỳ\b(?![ ]*\d)", _I)
MORE_RE = re.compile(r"\btrở[ ]+lên\b", _I)
LESS_RE = re.compile(r"\btrở[ ]+xuống\b", _I)
LEAD_RE = re.compile(r"^[ ]*(?:trở[ ]+lên|trở[ ]+xuống)\b[ ]*", _I)  # '95% trở lên Công đoàn …': the subject follows
RANK_RE = re.compile(r"\btừ[ ]+[^\d\s;,.][^;,.]{0,40}?\btrở[ ]+(?:lên|xuống)\b", _I)  # từ tổ phó trở lên: a rank
# The end of a sentence: its punctuation and the blanks after it. The blanks are the break (`_sentences` cuts
# after the punctuation); the pattern opens with the punctuation so that a scan skips at C speed to the next one.
SENTENCE_END_RE = re.compile(
    rf"""
    [.!?]
    (?:
        [ ]+(?=[{UPPER}"“(])     # '. Tổ chức', '? (a)': a capital, a quotation or a bracket follows
      | (?<=\.\.\.)[ ]+          # '... ' whatever follows
    )
    """,
    re.VERBOSE,
)
# What follows a number when it names no subject: a rate per year, a date ('4%/năm', '70% vào năm 2025', '30.000
# lao động mỗi năm'); the subject of a percentage is then the rate named before it ('tỷ lệ hộ nghèo giảm 4%/năm').
NO_SUBJECT_RE = re.compile(
    rf"""
    ^(?:
        /                                            # 4%/năm
      | {_BY_YEAR}{_Y}                                # vào năm 2025, đến cuối năm 2025
      | (?:hàng|hằng|mỗi)[ ]+năm\b                    # mỗi năm
    )
    """,
    re.VERBOSE | _I,
)
# The base of a percentage, the subject only when no rate is named: '10% so với năm 2023', '70% tổng số lao động'
COMPARED_RE = re.compile(r"^(?:so[ ]+với|(?:(?:trên|trong|của)[ ]+)?tổng[ ]+số|kế[ ]+hoạch)\b", _I)  # '100% kế hoạch'
# What a percentage measures, named before the verb that attains it when no rate is named: 'Số đoàn viên kết nạp
# mới đạt từ' (5%), 'Thu kinh phí công đoàn đạt' (100% kế hoạch).
MEASURED_RE = re.compile(
    r"""^[ \t\-+•*]*(?P<subject>[^\W\d][^,;:()\d]{2,100}?)
    [ \t]+(?:đạt|tăng|giảm|còn)(?:[ \t]+(?:từ|trên|dưới|khoảng|ít[ \t]+nhất|tối[ \t]+thiểu|bình[ \t]+quân))*[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# The last rate named in the words before a percentage: 'tỷ lệ hộ nghèo', 'tốc độ tăng trưởng kinh tế'
RATE_RE = re.compile(r"(?<!\w)(?:(?:tỷ|tỉ)[ ]+lệ|tốc[ ]+độ)\b[^;:]*$", _I)
_RATE_VERBS = ("đạt", "giảm", "tăng", "lên", "xuống", "còn", "ở mức", "bình quân", "khoảng", "là", "từ", "trên", "dưới")
_AMOUNT_VERBS = ("đạt", "là", "khoảng", "ở mức", "còn", "lên", "tăng", "giảm")  # 'Thu nhập bình quân đạt' 80 triệu đồng
DETERMINER_RE = re.compile(r"^(?:trong|số|các|những)[ ]+", _I)  # 'số doanh nghiệp có …' is the population 'doanh nghiệp có …'
MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9}  # '12 triệu đoàn viên' is 12,000,000 members


@dataclass(frozen=True)
class _Words:
    units: re.Pattern[str]
    money: frozenset[str]
    comparators: list[tuple[Comparator, re.Pattern[str]]]
    cues: re.Pattern[str]
    target_sections: re.Pattern[str]
    descriptive_sections: re.Pattern[str]
    past: re.Pattern[str]
    populations: list[re.Pattern[str]]
    universal: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ ]+") for w in sorted(words, key=len, reverse=True))


@cache
def words() -> _Words:
    d = load("target_words")
    return _Words(
        units=re.compile(
            rf"^[ ]*(?:thêm[ ]+)?(?:(?P<mult>{_alt(list(MULTIPLIERS))})[ ]+)?(?P<unit>{_alt(d['units'])})(?!\w)", _I
        ),
        money=frozenset(" ".join(u.casefold().split()) for u in d["money_units"]),
        comparators=[
            (op, re.compile(rf"(?:^|\W)(?:{_alt(ws)})[ ]*(?:là[ ]*)?(?:có[ ]*)?(?:được[ ]*)?$", _I))
            for op, ws in d["comparators"].items()
        ],
        cues=re.compile(rf"{words_scan(d['commitment_cues'], '[ ]+')}(?!\w)"),  # (?<!\w)(?:{_alt(...)})(?!\w) ignoring case
        target_sections=re.compile(rf"(?<!\w)(?:{_alt(d['target_sections'])})(?!\w)", _I),
        descriptive_sections=re.compile(rf"^(?:{_alt(d['descriptive_sections'])})(?!\w)", _I),
        past=re.compile(rf"{words_scan(d['past_markers'], '[ ]+')}(?!\w)"),  # (?<!\w)(?:{_alt(...)})(?!\w) ignoring case
        populations=[re.compile(p, _I) for p in d["populations"]],
        universal=re.compile(rf"(?<!\w)(?:{_alt(d['universal'])})[ ]+$", _I),
    )


@cache
def metrics() -> list[tuple[str, str, frozenset[str], re.Pattern[str]]]:
    """(key, unit kind, accepted counted things, pattern) in the order of data/metrics.yaml."""
    out = []
    for m in load("metrics")["metrics"]:
        pat = re.compile("|".join(f"(?:{p})" for p in m["patterns"]), _I)
        out.append((m["key"], m.get("unit", "any"), frozenset(u.casefold() for u in m.get("units", [])), pat))
    return out


def metric_of(unit: str | None, *texts: str) -> str | None:
    """The first metric whose unit fits and whose pattern matches the clause, else the sentence."""
    for text in texts:
        for key, kind, units, pat in metrics():
            if (kind == "percent" and unit != "%") or (kind == "count" and unit == "%"):
                continue
            if units and (unit or "").casefold() not in units:
                continue
            if pat.search(text):
                return key
    return None


# ---- context: sentence, clause, headings ----------------------------------------------------


@dataclass
class _Context:
    sentence: str  # the sentence, line breaks as spaces
    start: int  # offset of the sentence in doc.text
    headings: list[str]  # titles of the enclosing sections, nearest first
    scheduled_year: int | None  # the year of the scheduled task the sentence belongs to
    doc_term: Period | None  # the document's own 'nhiệm kỳ 2018 - 2023'


def _sentences(text: str, start: int) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for m in SENTENCE_END_RE.finditer(text):
        out.append((text[pos : m.start() + 1], start + pos))  # up to the punctuation, kept
        pos = m.end()
    out.append((text[pos:], start + pos))
    return [(s, p) for s, p in out if s.strip()]


def _first(pattern: re.Pattern[str], texts: list[str]) -> re.Match[str] | None:
    for t in texts:
        m = pattern.search(t)
        if m:
            return m
    return None


def deadline_of(texts: list[str]) -> int | None:
    m = _first(DEADLINE_RE, texts)
    if not m:
        return None
    return int(m.group("year") or m.group("dyear"))


def frequency_of(texts: list[str]) -> str | None:
    for t in texts:
        if ANNUAL_RE.search(t):
            return "annual"
        if TERM_RE.search(t):
            return "term"
    return None


def period_of(texts: list[str]) -> Period | None:
    m = _first(PERIOD_RE, texts)
    if not m:
        return None
    a, b = int(m.group("start")), int(m.group("end"))
    return Period(start=a, end=b) if a <= b else None


def comparator_of(m: re.Match[str], before: str, after: str) -> Comparator | None:
    if m.group("value_max"):
        return None
    for op, pat in words().comparators:
        if pat.search(before):
            return op
    plain = RANK_RE.sub(" ", after)
    if MORE_RE.search(plain):
        return ">="
    if LESS_RE.search(plain):
        return "<="
    return None


# ---- candidates -----------------------------------------------------------------------------


def _blocked_spans(sentence: str) -> list[tuple[int, int]]:
    """Dates and document numbers: their digits are never quantities."""
    spans = [m.span() for m in DATE_RE.finditer(sentence)]
    spans += [m.span() for m in NUMBER_RE.finditer(sentence)]
    spans += [m.span() for m in re.finditer(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b", sentence)]
    return spans


def _populations(sentence: str) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for pat in words().populations:
        for m in pat.finditer(sentence):
            if not any(o.start() <= m.start() < o.end() for o in out):
                out.append(m)
    return sorted(out, key=lambda m: m.start())


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


_TRAIL_WORDS = ("và", "hoặc", "có", "từ", "đạt", "trên", "dưới", "ít nhất", "tối thiểu", "tối đa", "không quá")


def _clip(text: str) -> str:
    close = text.find(")")
    if close >= 0 and "(" not in text[:close]:
        text = text[:close]  # the quantity sat inside brackets: '(đảm bảo trên 50% số người LĐ đồng ý)'
    return _trim(_strip_trailing(_trim(text)))


def _trim(text: str) -> str:
    """`text` without punctuation at its ends, but a ')' that closes a '(' of the text: '… địa bàn (GRDP)'."""
    t = text.strip(" ,:;.-–()")
    if t.rfind("(") > t.rfind(")") and text.rstrip(" ,:;.-–(").endswith(")"):
        t += ")"
    return t


def _strip_trailing(text: str, words: tuple[str, ...] = _TRAIL_WORDS) -> str:
    """'CNVCLĐ trong doanh nghiệp Nhà nước và ít nhất' -> 'CNVCLĐ trong doanh nghiệp Nhà nước'."""
    t = text.rstrip(" ,")
    while True:
        low = t.lower()
        hit = next((w for w in words if low.endswith(" " + w) or low.endswith("," + w)), None)
        if hit is None:
            return t
        t = t[: -len(hit)].rstrip(" ,")


_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=1024)
def _target_section(heading: str) -> bool:
    """The heading names a section of targets ('Mục tiêu', 'Chỉ tiêu'); asked once per heading, not per sentence."""
    return bool(words().target_sections.search(heading))


def sentence_targets(ctx: _Context) -> list[Target]:
    """The targets stated in one sentence."""
    w = words()
    s = ctx.sentence
    if not _DIGIT_RE.search(s):
        return []  # every quantity and every population's threshold is written in digits
    committed = bool(w.cues.search(s)) or any(_target_section(h) for h in ctx.headings) or ctx.scheduled_year is not None
    if not committed:
        return []
    blocked = _blocked_spans(s)
    pops = _populations(s)
    cond_numbers = [m.span("n") for m in pops if "n" in m.re.groupindex and m.group("n")]
    quantities = []
    for m in QUANTITY_RE.finditer(s):
        if _inside(m.start("value"), blocked) or _inside(m.start("value"), cond_numbers):
            continue
        unit = "%" if m.group("pct") else None
        mult = 1.0
        if unit is None:
            um = w.units.match(s[m.end() :])
            if not um:
                continue
            unit = um.group("unit")
            end = m.end() + um.end()
            if um.group("mult"):
                mult = MULTIPLIERS[um.group("mult").lower()]
        else:
            end = m.end()
        quantities.append((m, unit, end, mult))
    out: list[Target] = []
    for k, (m, unit, end, mult) in enumerate(quantities):
        clause_start = max(s.rfind(";", 0, m.start()) + 1, quantities[k - 1][2] if k else 0)
        nxt = quantities[k + 1][0].start() if k + 1 < len(quantities) else len(s)
        semi = s.find(";", end)
        clause_end = min(nxt, semi if semi >= 0 else len(s))
        before, after = s[clause_start : m.start()], s[end:clause_end]
        if w.past.search(s[s.rfind(";", 0, m.start()) + 1 : m.start()]):
            continue  # 'Năm 2020 đã kết nạp 500 đoàn viên, thành lập 12 CĐCS': both counts tell the past
        out.append(_target(ctx, m, unit, s[clause_start:clause_end], before, after, pops, mult))
    if not quantities:
        out += _universal_targets(ctx, pops)
    return out


def _target(
    ctx: _Context, m: re.Match[str], unit: str, clause: str, before: str, after: str, pops: list[re.Match[str]], mult: float = 1.0
) -> Target:
    s = ctx.sentence
    cond = next((p.group(0) for p in pops if m.end() <= p.start() < m.end() + len(after) + 1), None)
    after_plain = after.replace(cond, " ") if cond else after
    tail = _clip(LEAD_RE.sub("", re.sub(r"\(.*?\)", "", after)))
    if NO_SUBJECT_RE.match(tail):
        tail = ""  # '/năm', 'vào năm 2025' name when or how often, not what
    if unit == "%":
        based = not tail or COMPARED_RE.match(tail)  # what follows is the base or nothing: the subject is before
        subject = (based and (_rate_subject(before) or _measured_subject(before))) or tail or None
    elif " ".join(unit.casefold().split()) in words().money:
        subject = tail or _named_before(before)  # what the money is for
    else:
        subject = f"{unit} {tail}".strip()
    texts = [clause, s, *ctx.headings]  # not the unit's other sentences: their 'hàng năm' is theirs
    deadline = deadline_of(texts)
    if deadline is None:
        deadline = ctx.scheduled_year
    frequency = frequency_of(texts)
    period = period_of(texts)
    if period is None and frequency == "term":
        period = ctx.doc_term
    value = parse_number(m.group("value")) or 0.0
    vmax = parse_number(m.group("value_max")) if m.group("value_max") else None
    return Target(
        text=" ".join(s.split()),
        value=value * mult,
        value_max=vmax * mult if vmax is not None else None,
        unit=unit,
        comparator=comparator_of(m, before, after_plain),
        subject=subject,
        condition=DETERMINER_RE.sub("", _clip(cond)) if cond else None,
        deadline=deadline,
        frequency=frequency,  # type: ignore[arg-type]
        period=period,
        metric=metric_of(unit, clause, s),
        span=(ctx.start, ctx.start + len(s)),
    )


def _rate_subject(before: str) -> str | None:
    """'tỷ lệ hộ nghèo' of 'Đến năm 2025, tỷ lệ hộ nghèo giảm bình quân' (the words before '4%/năm'); None
    when they name no rate."""
    m = RATE_RE.search(before)
    if m is None:
        return None
    t = _strip_trailing(_clip(m.group(0)), _RATE_VERBS + _TRAIL_WORDS)
    return t if len(t.split()) > 2 else None  # 'tỷ lệ' alone names nothing


def _measured_subject(before: str) -> str | None:
    """'Số đoàn viên kết nạp mới' of 'Số đoàn viên kết nạp mới đạt từ' (the words before '5% … so với …'), the
    commitment and frequency words in front left out ('Phấn đấu hàng năm thu kinh phí công đoàn đạt'); None when
    they name nothing."""
    m = MEASURED_RE.match(before)
    if m is None:
        return None
    return _named(m.group("subject").strip())


def _named_before(before: str) -> str | None:
    """'tổng vốn đầu tư' of 'Tổng vốn đầu tư' / 'tổng vốn đầu tư đạt' (the words before '500 tỷ đồng'), the commitment
    words in front and the verbs and comparators behind left out; None when they name nothing ('Giải ngân')."""
    return _named(_strip_trailing(_clip(before), _AMOUNT_VERBS + _TRAIL_WORDS))


def _named(subject: str) -> str | None:
    """`subject` without the commitment and frequency words in front ('Phấn đấu hàng năm …'); None when fewer
    than two words are left."""
    while lead := words().cues.match(subject) or ANNUAL_RE.match(subject):
        subject = subject[lead.end() :].strip(" ,")
    return subject if len(subject.split()) >= 2 else None


def _universal_targets(ctx: _Context, pops: list[re.Match[str]]) -> list[Target]:
    """'Thành lập CĐCS ở tất cả doanh nghiệp có từ 20 công nhân lao động trở lên': every such
    enterprise, the threshold being the number the sentence states."""
    out = []
    s = ctx.sentence
    for p in pops:
        if (
            "n" not in p.re.groupindex
            or not p.group("n")
            or not words().universal.search(s[max(0, p.start() - 12) : p.start()] + p.group(0)[:0])
        ):
            if not (p.group(0).lower().startswith(("tất cả", "mọi", "toàn bộ")) and "n" in p.re.groupindex and p.group("n")):
                continue
        value = float(p.group("n"))
        texts = [s, *ctx.headings]
        out.append(
            Target(
                text=" ".join(s.split()),
                value=value,
                unit=p.group("unit"),
                comparator=">=" if MORE_RE.search(p.group(0)) else None,
                subject=_clip(p.group(0)),
                condition=_clip(p.group(0)),
                deadline=deadline_of(texts) or ctx.scheduled_year,
                frequency=frequency_of(texts),  # type: ignore[arg-type]
                period=period_of(texts),
                metric=metric_of(p.group("unit"), s),
                span=(ctx.start, ctx.start + len(s)),
            )
        )
    return out


# ---- document -------------------------------------------------------------------------------


def _doc_term(doc: Doc) -> Period | None:
    """The term the document is about, when it names exactly one ('nhiệm kỳ 2018 - 2023')."""
    if "nhiệm" not in doc.text.lower():  # what every term kept below starts with, in lower case: most texts lack it
        return None
    terms = {
        (int(m.group("start")), int(m.group("end")))
        for m in TERM_PERIOD_RE.finditer(doc.text)
        if m.group(0).lower().startswith("nhiệm")
    }
    if len(terms) == 1:
        a, b = terms.pop()
        return Period(start=a, end=b)
    return None


def _heading_lists(outline: Outline) -> tuple[list[list[str]], list[bool]]:
    """For each unit, the titles of the sections that hold it, nearest first (the units above it that are
    headings or hold other units), and whether one of them describes the past or the present. Built from
    the parent's, once per unit (the lists are shared: read only)."""
    own: list[list[str]] = []  # the titles a unit passes on to the units it holds: its own (where it counts) then its holders'
    own_descriptive: list[bool] = []
    lists: list[list[str]] = []
    descriptive: list[bool] = []
    for u in outline.units:
        above, above_descriptive = (own[u.parent], own_descriptive[u.parent]) if u.parent is not None else ([], False)
        lists.append(above)
        descriptive.append(above_descriptive)
        counts = u.is_heading or bool(u.children)
        own.append([u.text, *above] if counts else above)
        own_descriptive.append(above_descriptive or (counts and _descriptive(u.text)))
    return lists, descriptive


@lru_cache(maxsize=1024)
def _descriptive(heading: str) -> bool:
    """The heading names a section that describes the past or the present ('Kết quả', 'Tình hình'); asked once per heading."""
    return bool(words().descriptive_sections.search(heading.strip(" .:")))


def extract_targets(doc: Doc, doc_type: str | None = None) -> list[Target]:
    """Every quantified commitment of `doc`; none for normative acts (laws, decrees, circulars)."""
    if is_normative(doc_type):
        return []
    outline = build_outline(doc)
    schedule = scheduled_spans(doc)
    term = _doc_term(doc)
    heading_lists, descriptive = _heading_lists(outline)
    out: list[Target] = []
    for i, u in enumerate(outline.units):
        if u.start >= outline.body_end:
            break
        if descriptive[i]:
            continue  # in a 'Kết quả' or 'Tình hình' section
        if not _DIGIT_RE.search(doc.text, u.start, u.end):
            continue  # no digit at all (most units): none after the label either, asked below on the unit's flat text
        headings = heading_lists[i]
        raw = doc.text[u.start : u.end].replace("\n", " ").replace("\t", " ")
        label = LABEL_RE.match(raw) if u.label else None
        skip = label.start("rest") if label else 0  # the text of a target starts after '- ', '1.1 ', 'a) '
        if not _DIGIT_RE.search(raw, skip):
            continue  # no sentence of the unit holds a digit: none states a target (see sentence_targets)
        year = next((y for a, b, y in schedule if a <= u.start < b), None)
        for sent, pos in _sentences(raw[skip:], u.start + skip):
            ctx = _Context(sent, pos, headings, year, term)
            out += sentence_targets(ctx)
    return out
