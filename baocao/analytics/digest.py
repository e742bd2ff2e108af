"""The communes' prose on one topic, for the city's writer: every paragraph of the
period's sent UBND reports (submitted, approved, accepted; never a draft) that quotes
a figure of the topic's indicators, whole and rendered with the report's own figures,
under its commune's name; with how many communes are included and which have not
sent their report yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from baocao.analytics.completeness import ANALYTICS_TEMPLATE
from baocao.analytics.selection import SENT
from baocao.catalog.models import Indicator, Unit
from baocao.catalog.periods import Period
from baocao.documents.model import report_facts
from baocao.reports import prose
from baocao.reports.models import Block, Report, Value


@dataclass
class DigestEntry:
    unit: Unit
    report: Report
    paragraphs: list[str]


@dataclass
class Digest:
    entries: list[DigestEntry]
    included: int  # communes whose sent report is read
    total: int  # communes that should report
    missing: list[Unit] = field(default_factory=list)  # no sent report for the period

    @property
    def silent(self) -> int:
        """Communes included that wrote nothing on the topic."""
        return self.included - len(self.entries)


def topic_digest(period: Period, communes: QuerySet[Unit], group: str) -> Digest:
    in_group = set(Indicator.objects.filter(group=group).values_list("code", flat=True))
    units = list(communes.order_by("code"))
    reports = {
        r.pk: r
        for r in Report.objects.filter(
            unit__in=communes,
            template__code=ANALYTICS_TEMPLATE,
            period=period.key,
            status__in=SENT,
        ).select_related("unit", "template")
    }
    sent_units = {r.unit_id for r in reports.values()}
    values: dict[int, dict[str, Decimal]] = {pk: {} for pk in reports}
    for report_id, code, value in Value.objects.filter(report_id__in=reports).values_list(
        "report_id", "indicator__code", "value"
    ):
        values[report_id][code] = value
    found: dict[int, list[str]] = {}
    blocks = (
        Block.objects.filter(section__report_id__in=reports, kind__in=[Block.PARAGRAPH, Block.ITEM])
        .order_by("section__report_id", "section__position", "position")
        .values_list("section__report_id", "text")
    )
    resolvers = {}
    for report_id, text in blocks:
        if not in_group.intersection(prose.figure_codes(text)):
            continue
        if report_id not in resolvers:
            report = reports[report_id]
            resolvers[report_id] = prose.resolver(values[report_id], report_facts(report))
        shown = prose.plain(text, resolvers[report_id]).strip()
        found.setdefault(report_id, []).append(shown)
    entries = [
        DigestEntry(reports[pk].unit, reports[pk], paragraphs)
        for pk, paragraphs in sorted(found.items(), key=lambda item: reports[item[0]].unit.code)
    ]
    missing = [u for u in units if u.pk not in sent_units]
    return Digest(entries, included=len(sent_units), total=len(units), missing=missing)
