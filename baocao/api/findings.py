"""The findings of a report, computed the way the editor computes them after a save
(rules/live.py keeps last periods' figures between calls; text checks on the prose)."""

from __future__ import annotations

from baocao.reports.models import Report
from baocao.reports.services import report_values
from baocao.rules.live import check_live
from baocao.rules.text import check_text


def report_findings_json(report: Report) -> list[dict]:
    values = report_values(report)
    findings = check_live(report, values) + check_text(report, entered=set(values))
    findings.sort(key=lambda f: not f.is_error)
    return [f.as_json() for f in findings]
