"""The demo's history across the 2025 merger, and the city's own report.

Three new units get the former communes they were formed from (valid until
30/06/2025, successor set), each with its own UBND reports for tháng 11/2024 to
tháng 6/2025, generated like any commune's for a unit of their size. The names of
the former communes are illustrative, not the official list of NQ 1669/NQ-UBTVQH15.
The demo keeps the successor's own reports for those months as well (tests/demo
asserts 114 × 13 UBND reports of the current units), and analytics counts a
predecessor's report only for a month where its successor has none
(docs/decisions.md), so the demo's city totals count every figure once; the tests
show the summing on units of their own. Former communes have no parent: the
district level they belonged to was abolished with the merger.

The city's report (template city-monthly) is prepared for tháng 10/2025 from the
communes' figures, and the database statistics are refreshed after the bulk load.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from baocao.catalog.loaders import MERGER_DATE
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period, month_range
from baocao.demo.bulk import insert_rows
from baocao.demo.values import make_profile, unit_series
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


def load_predecessors() -> int:
    """Former communes and their UBND reports, figures generated as for any commune
    of their size (their share of the successor's population), so that every
    breakdown adds up and stocks move by their flows in their own history too."""
    from baocao.demo.load import template_codes  # load.py calls this module

    template = ReportTemplate.objects.get(code="ubnd-monthly")
    indicators = {i.code: i for i in Indicator.objects.all()}
    parts_of = {i.code: i.parts for i in indicators.values() if i.parts}
    codes = template_codes(template, parts_of) & set(indicators)
    periods = month_range(FIRST, LAST)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    made = 0
    for code, former in FORMER.items():
        successor = Unit.objects.filter(code=code).first()
        if successor is None:
            continue
        if successor.valid_from is None:
            successor.valid_from = MERGER_DATE
            successor.save(update_fields=["valid_from"])
        whole = make_profile(successor.code, successor.kind, successor.name).persons
        own = {
            r.period: r
            for r in Report.objects.filter(unit=successor, template=template, period__lte=LAST.key)
        }
        for n, (name, kind, share) in enumerate(former, start=1):
            unit, _ = Unit.objects.update_or_create(
                code=f"{code}-{n}",
                defaults={"name": name, "kind": kind, "parent": None, "successor": successor,
                          "valid_to": LAST_DAY, "formed_from": successor.formed_from},
            )  # fmt: skip
            if Report.objects.filter(unit=unit, template=template).exists():
                continue
            profile = make_profile(unit.code, kind, name)
            profile.persons = int(whole * Decimal(share))
            series = unit_series(profile, periods).series
            reports = Report.objects.bulk_create(
                Report(
                    unit=unit,
                    template=template,
                    period=p.key,
                    status=Report.ACCEPTED,
                    source="demo",
                    submitted_at=own[p.key].submitted_at if p.key in own else None,
                )  # fmt: skip
                for p in periods
            )
            insert_rows(  # tuples, not 10,000 model instances (baocao.demo.bulk)
                Value,
                ["report_id", "indicator_id", "value", "source", "version", "updated_at"],
                [
                    (r.pk, indicators[c].pk, v, "demo", 1, now)
                    for r in reports
                    for c, v in series[r.period].items()
                    if c in codes
                ],
            )
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
