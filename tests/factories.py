"""Plain functions that make test data (no fixture maze)."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model

from baocao.accounts.models import Membership
from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports.models import Report
from baocao.reports.services import create_report

_serial = count(1)


def make_user(unit: Unit | str | None = None, role: str = Membership.CLERK, **fields):
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{next(_serial)}"),
        password="matkhau-thu-123",
        **fields,
    )
    if unit is not None:
        unit = unit if isinstance(unit, Unit) else Unit.objects.get(code=unit)
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_unit(
    code: str | None = None, kind: str = Unit.XA, parent_code: str = "31", name: str | None = None
) -> Unit:
    code = code or f"99{next(_serial):03d}"
    return Unit.objects.create(
        code=code,
        name=name or f"Xã Thử {code}",
        kind=kind,
        parent=Unit.objects.get(code=parent_code),
    )


def make_report(
    unit: Unit | None = None, period: str = "2026-01", template: str = "ubnd-monthly"
) -> Report:
    return create_report(
        unit=unit or make_unit(),
        template=ReportTemplate.objects.get(code=template),
        period=period,
        any_period=True,  # test data at fixed periods, whatever today is
    )


def demo_report(code: str, period: str, template: str = "ubnd-monthly") -> Report:
    return Report.objects.get(unit__code=code, period=period, template__code=template)


def ready_report(unit: Unit | None = None, period: str = "2026-01") -> Report:
    """A report with a zero for every figure its prose and rules ask for: no error
    finding, so it can be submitted."""
    from baocao.reports.services import save_value
    from baocao.rules.text import report_findings

    report = make_report(unit, period)
    for _ in range(3):  # a figure entered may make a rule ask for another
        for finding in report_findings(report):
            for code in finding.codes:
                save_value(report=report, code=code, value="0")
    return report


def demo_draft(code: str = "11560", period: str = "2025-11") -> Report:
    """A demo report built from the template with consistent figures and a year of
    history (Phường Thủy Nguyên by default), as a draft. The seed communes' reports
    are avoided: their outline follows the real document, not the template."""
    report = demo_report(code, period)
    if report.status != Report.DRAFT:
        Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
        report.refresh_from_db()
    return report


# Ten indicators a city official compares: the city pages' tests and benchmarks.
TEN_INDICATORS = [
    "tthc.received",
    "tthc.resolved",
    "tthc.in_progress",
    "tthc.online.rate",
    "hotich.total",
    "ngansach.revenue",
    "donthu.received",
    "donthu.pending",
    "giamngheo.poor_rate",
    "btxh.beneficiaries",
]
