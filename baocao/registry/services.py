"""Giving an approved report its number and date from the unit's register.

The counter row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite locks the whole
database for a write) and raised in the approval's own transaction, so a number is
used exactly when the approval commits: no gaps, no number twice. Two first
approvals of a year may both try to create the counter: the unique constraints turn
that race into an IntegrityError, and the loser retries."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from baocao.documents.model import fill_title
from baocao.registry.models import Counter, Entry
from baocao.reports.models import Report

ATTEMPTS = 5


def register_report(report: Report, *, user=None, on: date | None = None) -> Entry:
    """The register entry of `report`: its existing one (a report reopened and approved
    again keeps its number), or a new one with the next number of the year. Sets
    report.number and report.issued_on."""
    entry = Entry.objects.filter(report=report).first()
    if entry is None:
        entry = _new_entry(report, user, on or timezone.localdate())
    if (report.number, report.issued_on) != (str(entry.number), entry.issued_on):
        report.number, report.issued_on = str(entry.number), entry.issued_on
        Report.objects.filter(pk=report.pk).update(number=report.number, issued_on=entry.issued_on)
    return entry


def _new_entry(report: Report, user, day: date) -> Entry:
    template = report.template
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                counter = _counter(report.unit_id, template.issuer, day.year)
                counter.last += 1
                counter.save(update_fields=["last"])
                return Entry.objects.create(
                    unit_id=report.unit_id,
                    issuer=template.issuer,
                    year=day.year,
                    number=counter.last,
                    symbol=template.symbol,
                    issued_on=day,
                    title=summary(report),
                    signer_name=report.signer_name,
                    report=report,
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _counter(unit_id: int, issuer: str, year: int) -> Counter:
    counter = Counter.objects.select_for_update().filter(unit_id=unit_id, issuer=issuer, year=year)
    found = counter.first()
    if found is None:
        # Created in a savepoint of its own: a concurrent creation fails here, on the
        # unique constraint, and the retry then finds and locks that row.
        with transaction.atomic():
            found = Counter.objects.create(unit_id=unit_id, issuer=issuer, year=year)
        found = counter.get()
    return found


def summary(report: Report) -> str:
    """Trích yếu as the register lists it: "Báo cáo kết quả thực hiện nhiệm vụ tháng 11 ..."."""
    title = fill_title(report.template.title, report)
    if not title[:2].isupper():  # "Kết quả ..." reads "báo cáo kết quả ..."
        title = title[:1].lower() + title[1:]
    return f"Báo cáo {title}"[:400]


def number_approved(reports: list[Report]) -> int:
    """Number reports approved outside the workflow (the demo loads them approved), in
    bulk: in order of approval within each register. Returns how many."""

    def day_of(report: Report) -> date:
        when = report.approved_at or report.submitted_at or report.updated_at or timezone.now()
        return timezone.localdate(when)

    last = {(c.unit_id, c.issuer, c.year): c.last for c in Counter.objects.all()}
    start = dict(last)
    entries = []
    for report in sorted(reports, key=lambda r: (day_of(r), r.period, r.pk)):
        day = day_of(report)
        key = (report.unit_id, report.template.issuer, day.year)
        last[key] = last.get(key, 0) + 1
        report.number, report.issued_on = str(last[key]), day
        entries.append(
            Entry(
                unit_id=report.unit_id,
                issuer=report.template.issuer,
                year=day.year,
                number=last[key],
                symbol=report.template.symbol,
                issued_on=day,
                title=summary(report),
                signer_name=report.signer_name,
                report=report,
            )
        )
    Counter.objects.bulk_create(
        Counter(unit_id=u, issuer=i, year=y, last=n)
        for (u, i, y), n in last.items()
        if (u, i, y) not in start
    )
    for (u, i, y), n in last.items():
        if (u, i, y) in start and start[(u, i, y)] != n:
            Counter.objects.filter(unit_id=u, issuer=i, year=y).update(last=n)
    Entry.objects.bulk_create(entries, batch_size=500)
    # One parameterised UPDATE a row: bulk_update's CASE WHEN over 500 ids cost the
    # demo load ~3 s of CPU in building the expressions.
    table = connection.ops.quote_name(Report._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f'UPDATE {table} SET "number" = %s, "issued_on" = %s WHERE "id" = %s',
            [(r.number, connection.ops.adapt_datefield_value(r.issued_on), r.pk) for r in reports],
        )
    return len(entries)
