"""The demo's history across the 2025 merger, and the city's own report.

Three new units get the former communes they were formed from (valid until
30/06/2025, successor set), each with its own UBND reports for tháng 11/2024 to
tháng 6/2025. The names of the former communes are illustrative, not the official
list of NQ 1669/NQ-UBTVQH15. Their figures are the successor's figures split in
parts (so the parts add up to the successor's), because the demo keeps the
successor's own reports for those months as well (tests/demo asserts 114 × 13 UBND
reports); analytics counts a predecessor's report only for a month where its
successor has none (docs/decisions.md), so the demo's city totals count every
figure once. Former communes have no parent: the district level they belonged to
was abolished with the merger.

The city's report (template city-monthly) is prepared for tháng 10/2025 from the
communes' figures, and the database statistics are refreshed after the bulk load.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db import connection

from baocao.catalog.loaders import MERGER_DATE
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period, month_range
from baocao.reports.models import Report, Value

LAST_DAY = date(2025, 6, 30)
FORMER = {  # successor code → (name, kind, share of the successor's figures)
    "11002": [("Phường Thạch Khôi (cũ)", Unit.PHUONG, "0.45"), ("Xã Gia Xuyên", Unit.XA, "0.30"),
              ("Xã Liên Hồng", Unit.XA, "0.25")],
    "11086": [("Xã Đại Sơn (cũ)", Unit.XA, "0.55"), ("Xã Tiền Tiến", Unit.XA, "0.45")],
    "11560": [("Thị trấn Núi Đèo", Unit.PHUONG, "0.6"), ("Xã Thủy Đường", Unit.XA, "0.4")],
}  # fmt: skip
FIRST, LAST = Period.month(2024, 11), Period.month(2025, 6)
CITY_REPORT_PERIOD = Period.month(2025, 10)


def split(value: Decimal, shares: list[Decimal], money: bool) -> list[Decimal]:
    """Parts of value in these shares that add up to it exactly (money in thousands)."""
    step = Decimal(1000) if money and abs(value) >= 1000 else Decimal(1)
    parts = [
        (value * s / step).quantize(Decimal(1), rounding=ROUND_DOWN) * step for s in shares[:-1]
    ]
    return [*parts, value - sum(parts)]


def load_predecessors() -> int:
    template = ReportTemplate.objects.get(code="ubnd-monthly")
    indicators = {i.code: i for i in Indicator.objects.all()}
    rates = {i.code for i in indicators.values() if i.kind == Indicator.RATE}
    keys = [p.key for p in month_range(FIRST, LAST)]
    made = 0
    for code, former in FORMER.items():
        successor = Unit.objects.filter(code=code).first()
        if successor is None:
            continue
        units = []
        for n, (name, kind, _) in enumerate(former, start=1):
            unit, _ = Unit.objects.update_or_create(
                code=f"{code}-{n}",
                defaults={"name": name, "kind": kind, "parent": None, "successor": successor,
                          "valid_to": LAST_DAY, "formed_from": successor.formed_from},
            )  # fmt: skip
            units.append(unit)
        if successor.valid_from is None:
            successor.valid_from = MERGER_DATE
            successor.save(update_fields=["valid_from"])
        shares = [Decimal(s) for *_, s in former]
        for own in Report.objects.filter(unit=successor, template=template, period__in=keys):
            if Report.objects.filter(unit__in=units, template=template, period=own.period).exists():
                continue
            reports = [
                Report.objects.create(
                    unit=unit,
                    template=template,
                    period=own.period,
                    status=Report.ACCEPTED,
                    source="demo",
                    submitted_at=own.submitted_at,
                    signer_name=own.signer_name,
                )  # fmt: skip
                for unit in units
            ]
            rows = []
            for value in own.values.select_related("indicator"):
                ind = value.indicator
                parts = (
                    [value.value] * len(units)  # a rate is each part's own: kept as stated
                    if ind.code in rates
                    else split(value.value, shares, ind.is_money)
                )
                rows += [
                    Value(report=r, indicator=ind, value=v, source="demo")
                    for r, v in zip(reports, parts, strict=True)
                ]
            Value.objects.bulk_create(rows)
            made += len(reports)
    return made


def load_city_report() -> None:
    from baocao.analytics.city_report import prepare_city_report  # the city view builds it

    prepare_city_report(period=CITY_REPORT_PERIOD)


def refresh_statistics() -> None:
    """The planner's statistics after a bulk load (SQLite: the index to read the
    fact table by; PostgreSQL: row estimates)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def load_history_and_city() -> dict[str, int]:
    made = load_predecessors()
    load_city_report()
    refresh_statistics()
    return {"predecessor_reports": made}
