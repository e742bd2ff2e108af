"""What the demo needs from the register and the signature: numbers for the reports
it loads as approved, and a demo certificate authority with a certificate per unit."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max

from baocao.catalog.models import ReportTemplate
from baocao.registry.models import Counter, Entry
from baocao.registry.services import number_approved
from baocao.reports.models import Report


def prepare_demo() -> dict[str, int]:
    from baocao.documents.signing import ensure_demo_pki

    # A reset deletes the demo's reports; their register lines go with them.
    Entry.objects.filter(report__isnull=True).delete()
    for counter in Counter.objects.all():
        top = Entry.objects.filter(
            unit_id=counter.unit_id, issuer=counter.issuer, year=counter.year
        ).aggregate(top=Max("number"))["top"]
        if top != counter.last:
            Counter.objects.filter(pk=counter.pk).update(last=top or 0)
    approved = list(
        Report.objects.filter(status__in=Report.LOCKED, register_entry__isnull=True).select_related(
            "unit"
        )
    )
    # The templates once, not joined to each of ~2,700 reports: decoding a template's
    # outline (JSON) once per report cost the demo load ~2 s of CPU.
    templates = {t.pk: t for t in ReportTemplate.objects.all()}
    for report in approved:
        report.template = templates[report.template_id]
    ensure_demo_pki(settings.VAR_DIR)
    return {"numbered": number_approved(approved)}
