"""The shapes of the API's answers and requests (pydantic, published in OpenAPI)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator


class Page(Schema):
    next_cursor: str | None = Field(None, description="give as `cursor` for the next page")


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    formed_from: str
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    current: bool


class UnitPage(Page):
    items: list[UnitOut]


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    kind: Literal["flow", "stock", "rate"]
    group: str
    parts: list[str]
    partial: bool
    of: list[str] = Field(description="a rate's numerator and denominator codes")


class IndicatorPage(Page):
    items: list[IndicatorOut]


class TemplateOut(Schema):
    code: str
    name: str
    issuer: str
    frequency: str
    period_mode: str
    deadline_days: int
    title: str
    mandatory: list[str]


class PeriodOut(Schema):
    key: str
    label: str
    start: date = Field(description="first day of the data (ND 09/2019: the 15th)")
    end: date = Field(description="last day of the data (the 14th)")
    deadline: date


class UnitRef(Schema):
    code: str
    name: str


class ReportSummary(Schema):
    id: int
    unit: UnitRef
    template: str
    period: str
    period_label: str
    status: str
    status_label: str
    version: int
    updated_at: datetime


class ReportPage(Page):
    items: list[ReportSummary]


class BlockOut(Schema):
    id: int
    kind: Literal["paragraph", "footnote", "item", "table"]
    level: int
    text: str
    data: dict
    key: str
    anchor: int | None
    version: int


class TaskOut(Schema):
    id: int
    section: int
    text: str
    status: str
    note: str
    version: int


class SectionOut(Schema):
    id: int
    parent: int | None
    depth: int
    number: str
    title: str
    style: str
    is_tasks: bool
    indicators: list[str]
    version: int
    blocks: list[BlockOut]


class ValueOut(Schema):
    indicator: str
    value: int | float
    shown: str = Field(description="as a Vietnamese reader sees it")
    version: int
    updated_at: datetime


class FootnoteOut(Schema):
    key: str
    text: str
    anchor: int | None


class FindingOut(Schema):
    severity: Literal["error", "warning"]
    rule: str
    message: str
    codes: list[str]
    values: dict[str, int | float | None]


class ReportOut(ReportSummary):
    number: str
    issued_on: date | None
    signer_name: str
    recipients: list
    submitted_at: datetime | None
    approved_at: datetime | None
    editable: bool
    actions: list[str] = Field(description="workflow steps the caller may take now")
    outline: list[SectionOut]
    values: list[ValueOut]
    footnotes: list[FootnoteOut]
    tasks: list[TaskOut]
    findings: list[FindingOut]


class NewReport(Schema):
    unit: str = Field(description="unit code, e.g. 11002", examples=["11086"])
    template: str = Field("ubnd-monthly", description="template code", examples=["ubnd-monthly"])
    period: str | None = Field(None, description="e.g. 2025-12; default: after the last report")


class Reason(Schema):
    reason: str = Field("", description="required for return and reopen", max_length=2000)

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, data, handler):
        # ninja builds a model of all defaults from a body that is not an object
        # (a bare number, a list); such a body is refused instead.
        if not isinstance(data, dict) and not isinstance(data, cls):
            raise ValueError("the body must be a JSON object")
        return handler(data)


class DataValueIn(Schema):
    indicator: str = Field(max_length=80)
    value: str | int | float | None = Field(
        None,
        description="a JSON number, or text read like the editor reads it "
        "(1.050.761.000, 74,69, 11 tỷ 15 triệu); empty or null removes the figure",
    )
    comment: str | None = Field(None, max_length=2000)


class DataValueSetIn(Schema):
    template: str = Field("ubnd-monthly", max_length=40)
    period: str = Field(max_length=10)
    unit: str = Field(max_length=20)
    dataValues: list[DataValueIn] = Field(max_length=5000)


class DataValueOut(Schema):
    indicator: str
    value: int | float
    comment: str = ""


class DataValueSetOut(Schema):
    template: str
    period: str
    unit: str
    report: int
    status: str
    dataValues: list[DataValueOut]


class Message(Schema):
    vi: str
    en: str


class Conflict(Schema):
    object: str = Field(description="what was refused: an indicator code, a unit, a report")
    value: str | None = None
    reason: Literal[
        "unknown_indicator",
        "not_a_number",
        "refused",
        "unit_not_yours",
        "report_locked",
        "unknown_unit",
        "unknown_template",
        "bad_period",
        "no_report",
    ]
    message: Message


class Counts(Schema):
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0


class ReportFindings(Schema):
    report: int
    unit: str
    period: str
    template: str
    etag: str
    findings: list[FindingOut]


class ImportSummary(Schema):
    status: Literal["SUCCESS", "WARNING", "ERROR"]
    dryRun: bool
    importStrategy: str
    importCount: Counts
    conflicts: list[Conflict]
    reports: list[ReportFindings]


class AnalyticsRow(Schema):
    key: str = Field(description="unit code, or period key with rows=period")
    label: str
    values: list[int | float | None]
    total: int | float | None
    rank: int | None


class AnalyticsTable(Schema):
    indicator: IndicatorOut
    columns: list[str]
    column_keys: list[str]
    total_label: str
    rows: list[AnalyticsRow]
    footer: AnalyticsRow


class AnalyticsOut(Schema):
    periods: list[str]
    rows: Literal["unit", "period"]
    units: int
    tables: list[AnalyticsTable]
