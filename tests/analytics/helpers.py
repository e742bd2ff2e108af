"""A small city of our own for analytics tests: units coded 98xxx under the demo
city, with UBND reports and figures we can add up by hand."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.reports.models import Report, Value

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def unit(code: str, kind: str = Unit.XA, **fields) -> Unit:
    return Unit.objects.create(
        code=code,
        name=fields.pop("name", f"Xã Thử {code}"),
        kind=kind,
        parent=fields.pop("parent", Unit.objects.get(code="31")),
        **fields,
    )


def report(
    of: Unit,
    period: str,
    figures: dict[str, int | str | Decimal],
    *,
    status: str = Report.ACCEPTED,
    submitted: date | None = None,
    template: str = "ubnd-monthly",
) -> Report:
    made = Report.objects.create(
        unit=of,
        template=ReportTemplate.objects.get(code=template),
        period=period,
        status=status,
        submitted_at=datetime.combine(submitted, time(16, 30), TZ) if submitted else None,
    )
    codes = {i.code: i for i in Indicator.objects.filter(code__in=figures)}
    Value.objects.bulk_create(
        Value(report=made, indicator=codes[code], value=Decimal(str(v)))
        for code, v in figures.items()
    )
    return made
