"""Run as a separate process (tests/registry/test_register.py): N threads approve N
reports of one unit at once, each through register_report in its own transaction,
on the database DATABASE_URL names (SQLite or PostgreSQL). Prints the numbers given."""

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from baocao.catalog.models import ReportTemplate, Unit  # noqa: E402
from baocao.registry.services import register_report  # noqa: E402
from baocao.reports.models import Report  # noqa: E402

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 8


def main() -> None:
    city = Unit.objects.create(code="98000", name="Thành phố Thử", kind=Unit.CITY)
    unit = Unit.objects.create(code="98001", name="Xã Thử", kind=Unit.XA, parent=city)
    template = ReportTemplate.objects.create(
        code="ubnd-thu", name="Báo cáo thử", issuer="ubnd", symbol="BC-UBND",
        issuer_name="ỦY BAN NHÂN DÂN\n{UNIT}", title="tháng {month}",
    )  # fmt: skip
    reports = [
        Report.objects.create(
            unit=unit, template=template, period=f"20{10 + i:02d}-01", status=Report.APPROVED
        )
        for i in range(THREADS)
    ]
    start = threading.Barrier(THREADS)
    numbers, errors = [], []

    def approve(report):
        try:
            start.wait()
            with transaction.atomic():
                numbers.append(register_report(report).number)
        except Exception as error:  # reported to the test, which fails on it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"numbers": numbers, "errors": errors}))


if __name__ == "__main__":
    main()
