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
from baocao.rules.engine import check_reports, current_ruleset

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
        "tonghop.units_left_out",
        "Số đơn vị có số liệu lỗi chưa được cộng vào tổng hợp",
        "đơn vị",
        Indicator.STOCK,
        [],
    ),
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
    completeness of their reports.

    The city's report is checked by the same rules as a commune's, and a sum of
    figures that each satisfy a linear rule (received = resolved + in progress)
    satisfies it too. So a commune whose report breaks an error-level rule, or lacks
    a figure such a rule needs, is left out of the totals of that rule's figures and
    of every figure tied to them by a rule, a breakdown or a rate (and only of
    those): the city then balances, and tonghop.units_left_out says how many
    communes were left out of some total."""
    figures: dict[str, Decimal] = {}
    summed = [c for c in codes if not c.startswith(COMPLETENESS_GROUP + ".")]
    ids = list(communes.values_list("id", flat=True))
    left_out = _left_out(period, communes, summed) if summed else {}
    by_excluded: dict[frozenset[int], list[str]] = {}
    for code in summed:
        by_excluded.setdefault(frozenset(left_out.get(code, ())), []).append(code)
    for excluded, group in by_excluded.items():
        units = [i for i in ids if i not in excluded]
        totals = pivot(group, [period], units=units, totals_only=True).totals
        figures.update({c: totals[c] for c in group if c in totals})
    summary = completeness_grid(communes, [period]).summaries[0]
    figures.update(
        {
            "tonghop.units": Decimal(summary.units),
            "tonghop.units_reported": Decimal(summary.reported),
            "tonghop.units_on_time": Decimal(summary.on_time),
            "tonghop.units_late": Decimal(summary.late),
            "tonghop.units_missing": Decimal(summary.missing),
            "tonghop.units_left_out": Decimal(len(set().union(*left_out.values()))),
        }
    )
    for code, *_, of in COMPLETENESS:
        if of and figures.get(of[1]):
            figures[code] = (100 * figures[of[0]] / figures[of[1]]).quantize(Decimal("0.01"))
    return figures


def _left_out(period: Period, communes: QuerySet[Unit], codes: list[str]) -> dict[str, set[int]]:
    """code -> ids of the communes whose figure is left out of the city's total."""
    ruleset = current_ruleset()
    tied = _ties(ruleset)
    reports = list(
        Report.objects.filter(
            unit__in=communes, template__code=ANALYTICS_TEMPLATE, period=period.key
        ).select_related("unit", "template")
    )
    wanted = set(codes)
    out: dict[str, set[int]] = {}
    findings_by_report = check_reports(reports) if reports else {}
    for report in reports:
        bad: set[str] = set()
        for finding in findings_by_report.get(report.pk, []):
            if finding.is_error:
                for code in finding.codes:
                    bad |= tied.get(code, {code})
        for code in bad & wanted:
            out.setdefault(code, set()).add(report.unit_id)
    return out


def _ties(ruleset) -> dict[str, set[str]]:
    """Each code -> the codes tied to it by the rules (expressions), breakdowns and
    rates, transitively: the figures that must be totalled over the same communes."""
    parent: dict[str, str] = {}

    def find(code: str) -> str:
        while parent.setdefault(code, code) != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    def join(codes) -> None:
        codes = list(codes)
        for other in codes[1:]:
            parent[find(other)] = find(codes[0])

    for expression in ruleset.compiled.values():
        join(expression.codes)
    for indicator in ruleset.indicators.values():
        join([indicator.code, *(indicator.parts or []), *(indicator.of or [])])
    groups: dict[str, set[str]] = {}
    for code in list(parent):
        groups.setdefault(find(code), set()).add(code)
    return {code: groups[find(code)] for code in parent}


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
    # The count of communes left out is kept even when the prose does not quote it.
    for code in dict.fromkeys([*codes, "tonghop.units_left_out"]):
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
