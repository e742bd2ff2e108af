"""ETag and If-Match: a report's ETag changes with every audited change (figures,
prose, tasks, status: each writes an AuditEntry), with its outline version and with
its figures' versions, so a write made against a stale read is refused (412), and a
write without If-Match is refused (428)."""

from __future__ import annotations

import hashlib

from django.db.models import Count, Max, Sum

from baocao.api.problems import ApiProblem
from baocao.reports.models import AuditEntry, Report, Value


def report_etag(report: Report) -> str:
    last = AuditEntry.objects.filter(report_id=report.pk).aggregate(m=Max("id"))["m"] or 0
    figures = Value.objects.filter(report_id=report.pk).aggregate(
        n=Count("id"), v=Sum("version"), t=Max("updated_at")
    )
    status = Report.objects.filter(pk=report.pk).values_list("status", "version").first()
    raw = f"{report.pk}|{status}|{last}|{figures['n']}|{figures['v']}|{figures['t']}"
    return '"' + hashlib.sha1(raw.encode()).hexdigest()[:20] + '"'


def _listed(header: str) -> set[str]:
    tags = set()
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        if part:
            tags.add(part if part.startswith('"') else f'"{part}"')
    return tags


def check_if_match(request, reports: list[Report]) -> None:
    """Refuse the write unless If-Match names the current ETag of every report it
    changes (or is "*": the caller knowingly overwrites)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise ApiProblem(
            428,
            "Cần gửi If-Match với ETag đọc được lần trước (hoặc * để ghi đè có chủ ý).",
            kind="if-match-required",
        )
    if header == "*":
        return
    tags = _listed(header)
    for report in reports:
        current = report_etag(report)
        if current not in tags:
            raise ApiProblem(
                412,
                f"Báo cáo {report.pk} đã thay đổi kể từ lần đọc trước; hãy đọc lại rồi gửi.",
                kind="stale",
                current_etag=current,
            )
