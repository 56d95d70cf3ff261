"""The record contract (../shared/CONTRACT.md) as pydantic models: the only definition of a record."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
Format = Literal["docx", "pdf", "doc", "txt", "md", "html"]
Relation = Literal["can_cu", "thuc_hien", "mention"]
Comparator = Literal[">=", ">", "<=", "<", "="]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    format: Format
    pages: int | None = None
    ocr: bool = False  # True when the text came from OCR of page images


class Issuer(_Model):
    name: str
    parent: str | None = None
    organ: str | None = None


class Period(_Model):
    start: int | None = None
    end: int | None = None


class Signer(_Model):
    name: str | None = None
    position: str | None = None
    authority: str | None = None


class Citation(_Model):
    text: str
    number: str | None = None
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    relation: Relation = "mention"
    span: Span


class Target(_Model):
    text: str
    value: float
    value_max: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    subject: str | None = None
    condition: str | None = None  # the population the target counts ("doanh nghiệp có từ 10 lao động trở lên")
    deadline: int | None = None
    frequency: Literal["annual", "term"] | None = None
    period: Period | None = None
    metric: str | None = None
    span: Span


class TimelineItem(_Model):
    seq: int | str | None = None
    text: str
    year: int | None = None
    start: str | None = None
    end: str | None = None
    owner: str | None = None
    span: Span | None = None


class Responsibility(_Model):
    actor: str
    tasks: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    span: Span


class Table(_Model):
    caption: str | None = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    totals: dict[str, float] = Field(default_factory=dict)
    span: Span | None = None


class Section(_Model):
    label: str | None = None
    title: str
    level: int
    span: Span
    children: list[Section] = Field(default_factory=list)


class DocumentRecord(_Model):
    source: Source
    text: str
    number: str | None = None
    doc_type: str | None = None
    doc_type_code: str | None = None
    issuer: Issuer | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    period: Period | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    timeline: list[TimelineItem] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    field_spans: dict[str, Span] = Field(default_factory=dict)  # where header values were read
    warnings: list[str] = Field(default_factory=list)
