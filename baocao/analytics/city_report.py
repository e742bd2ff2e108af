"""The city's own monthly report, written from the communes' reports.

prepare_city_report stores, in the city's report of the template city-monthly, the
city's total of every figure its prose quotes (aggregate.pivot: by each indicator's
kind) and the completeness of the period (tonghop.*: how many communes reported,
on time); the documents module then renders it like any other report. digest
gathers, for a topic, the sentences the communes wrote about it, under each
commune's name: the city's writer starts from them instead of 114 files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from baocao.analytics.aggregate import pivot
from baocao.analytics.completeness import ANALYTICS_TEMPLATE, completeness_grid
from baocao.catalog.loaders import CITY_CODE
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.documents.model import report_facts
from baocao.reports import prose
from baocao.reports.errors import ReportError
from baocao.reports.models import Block, Report, Value
from baocao.reports.services import create_report, flatten_outline, save_value

CITY_TEMPLATE = "city-monthly"
COMPLETENESS_GROUP = "tonghop"
# The completeness figures the city's report quotes, as indicators so that its prose
# binds them like any figure. They live in the database only (not in the communes'
# catalog file, which the importer reads to recognise commune figures).
COMPLETENESS = [
    ("tonghop.units", "Số xã, phường, đặc khu phải báo cáo", "đơn vị", Indicator.STOCK, []),
    ("tonghop.units_reported", "Số đơn vị đã gửi báo cáo", "đơn vị", Indicator.STOCK, []),
    ("tonghop.units_on_time", "Số đơn vị gửi báo cáo đúng hạn", "đơn vị", Indicator.STOCK, []),
    ("tonghop.units_late", "Số đơn vị gửi báo cáo trễ hạn", "đơn vị", Indicator.STOCK, []),
    ("tonghop.units_missing", "Số đơn vị chưa gửi báo cáo", "đơn vị", Indicator.STOCK, []),
    (
        "tonghop.reported_rate",
        "Tỷ lệ đơn vị đã gửi báo cáo",
        "%",
        Indicator.RATE,
        ["tonghop.units_reported", "tonghop.units"],
    ),
    (
        "tonghop.on_time_rate",
        "Tỷ lệ đơn vị gửi báo cáo đúng hạn",
        "%",
        Indicator.RATE,
        ["tonghop.units_on_time", "tonghop.units"],
    ),
]


def ensure_completeness_indicators() -> None:
    for position, (code, name, unit, kind, of) in enumerate(COMPLETENESS, start=10_000):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "kind": kind,
                "group": COMPLETENESS_GROUP,
                "of": of,
                "position": position,
            },
        )


def template_codes(template: ReportTemplate) -> list[str]:
    """The figure codes the template's prose quotes, in order."""
    codes: dict[str, None] = {}
    for block in flatten_outline(template.outline).blocks:
        codes.update(dict.fromkeys(prose.figure_codes(block["text"])))
    return list(codes)


def city_figures(period: Period, communes: QuerySet[Unit], codes: list[str]) -> dict[str, Decimal]:
    """The city's figures for the period: totals of the communes' figures, and the
    completeness of their reports."""
    figures: dict[str, Decimal] = {}
    summed = [c for c in codes if not c.startswith(COMPLETENESS_GROUP + ".")]
    if summed:
        ids = list(communes.values_list("id", flat=True))
        totals = pivot(summed, [period], units=ids, totals_only=True).totals
        figures.update({c: totals[c] for c in summed if c in totals})
    summary = completeness_grid(communes, [period]).summaries[0]
    figures.update(
        {
            "tonghop.units": Decimal(summary.units),
            "tonghop.units_reported": Decimal(summary.reported),
            "tonghop.units_on_time": Decimal(summary.on_time),
            "tonghop.units_late": Decimal(summary.late),
            "tonghop.units_missing": Decimal(summary.missing),
        }
    )
    for code, *_, of in COMPLETENESS:
        if of and figures.get(of[1]):
            figures[code] = (100 * figures[of[0]] / figures[of[1]]).quantize(Decimal("0.01"))
    return figures


@transaction.atomic
def prepare_city_report(*, period: Period, user=None) -> Report:
    """Create or refresh the city's report of the period from the communes' reports.
    A report already approved is not changed (ReportError, in Vietnamese)."""
    ensure_completeness_indicators()
    city = Unit.objects.get(code=CITY_CODE)
    template = ReportTemplate.objects.get(code=CITY_TEMPLATE)
    report = Report.objects.filter(unit=city, template=template, period=period.key).first()
    if report is None:
        report = create_report(
            unit=city, template=template, period=period, user=user, source="aggregate"
        )
    elif report.is_locked:
        raise ReportError(
            f"Báo cáo của thành phố {period.label} đã được duyệt: không cập nhật số liệu. "
            "Hãy mở lại báo cáo trước."
        )
    communes = Unit.objects.filter(parent=city, kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True)
    codes = template_codes(template)
    figures = city_figures(period, communes, codes)
    for code in codes:
        save_value(report=report, code=code, value=figures.get(code), user=user, source="aggregate")
    return report


# --- digest of the communes' prose ---------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass
class DigestEntry:
    unit: Unit
    report_id: int
    sentences: list[str]


def digest(period: Period, communes: QuerySet[Unit], group: str) -> list[DigestEntry]:
    """Sentences of the communes' UBND reports of the period that quote a figure of
    the indicator group, rendered with each report's own figures, by commune."""
    in_group = set(Indicator.objects.filter(group=group).values_list("code", flat=True))
    reports = {
        r.pk: r
        for r in Report.objects.filter(
            unit__in=communes, template__code=ANALYTICS_TEMPLATE, period=period.key
        ).select_related("unit", "template")
    }
    values: dict[int, dict[str, Decimal]] = {pk: {} for pk in reports}
    for report_id, code, value in Value.objects.filter(report_id__in=reports).values_list(
        "report_id", "indicator__code", "value"
    ):
        values[report_id][code] = value
    found: dict[int, list[str]] = {}
    blocks = (
        Block.objects.filter(section__report_id__in=reports, kind=Block.PARAGRAPH)
        .order_by("section__report_id", "section__position", "position")
        .values_list("section__report_id", "text")
    )
    for report_id, text in blocks:
        resolve = None
        for sentence in SENTENCE_END.split(text):
            if not in_group.intersection(prose.figure_codes(sentence)):
                continue
            if resolve is None:
                report = reports[report_id]
                resolve = prose.resolver(values[report_id], report_facts(report))
            shown = prose.plain(sentence, resolve).strip()
            found.setdefault(report_id, []).append(shown.lstrip("*: "))
    return [
        DigestEntry(reports[pk].unit, pk, sentences)
        for pk, sentences in sorted(found.items(), key=lambda item: reports[item[0]].unit.code)
    ]
