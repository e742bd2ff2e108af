"""Sổ văn bản đi: approving a report gives it the next number of its unit's register
for the issuer and year, and the date; both are printed in the header; the register
page lists the documents issued by the units the user may see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.documents.model import build_document
from baocao.registry.models import Counter, Entry
from baocao.registry.services import register_report
from baocao.reports.models import Report
from baocao.reports.workflow import approve_report, reopen_report, submit_report
from tests.factories import demo_report, make_report, make_unit, make_user, ready_report

MAIN = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(db):
    unit = make_unit()
    return {
        "unit": unit,
        "clerk": make_user(unit, Membership.CLERK),
        "leader": make_user(unit, Membership.LEADER),
    }


def approved(people, period: str) -> Report:
    report = ready_report(people["unit"], period)
    submit_report(report=report, user=people["clerk"])
    return approve_report(report=report, user=people["leader"])


def test_approval_numbers_reports_one_after_another_and_prints_number_and_date(people):
    first, second = approved(people, "2026-01"), approved(people, "2026-02")
    today = date.today()
    assert (first.number, second.number) == ("1", "2")
    first.refresh_from_db()
    assert first.number == "1" and first.issued_on == today
    entry = Entry.objects.get(report=first)
    assert entry.reference == "1/BC-UBND" and entry.year == today.year
    assert entry.created_by == people["leader"]
    doc = build_document(second)
    assert doc.number_line == "Số: 2/BC-UBND"
    assert doc.place_date.endswith(
        f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"
    ) or (str(today.year) in doc.place_date and "ngày     " not in doc.place_date)


def test_a_report_approved_again_keeps_its_number_and_leaves_no_gap(people):
    report = approved(people, "2026-01")
    reopen_report(report=report, user=people["leader"], comment="Sửa số liệu")
    report.refresh_from_db()
    assert build_document(report).number_line == "Số:     /BC-UBND"  # a draft again
    submit_report(report=report, user=people["clerk"])
    again = approve_report(report=report, user=people["leader"])
    assert again.number == "1"
    assert approved(people, "2026-02").number == "2"
    assert Entry.objects.filter(unit=people["unit"]).count() == 2


def test_each_issuer_and_year_has_its_own_register(people):
    unit = people["unit"]
    party = make_report(unit, "2026-01", template="dang-monthly")
    state = make_report(unit, "2026-01")
    assert register_report(party, on=date(2026, 2, 3)).reference == "1-BC/ĐU"
    assert register_report(state, on=date(2026, 2, 3)).reference == "1/BC-UBND"
    late = make_report(unit, "2026-12")
    assert register_report(late, on=date(2027, 1, 2)).number == 1  # a new year starts at 1
    assert Counter.objects.filter(unit=unit).count() == 3


def test_an_approval_that_fails_after_numbering_uses_no_number(people, monkeypatch):
    report = ready_report(people["unit"], "2026-01")
    submit_report(report=report, user=people["clerk"])

    def broken(*args, **kwargs):
        raise ValueError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(Entry.objects, "create", broken)
        with pytest.raises(ValueError):
            approve_report(report=report, user=people["leader"])
    report.refresh_from_db()
    assert report.status == Report.SUBMITTED and report.number == ""
    assert not Counter.objects.filter(unit=people["unit"], last__gt=0).exists()
    assert approve_report(report=report, user=people["leader"]).number == "1"


def test_the_demo_numbered_its_approved_reports(db):
    report = demo_report("11086", "2025-10", "dang-monthly")
    assert report.status in Report.LOCKED and report.number and report.issued_on
    assert build_document(report).number_line == f"Số {report.number}-BC/ĐU"
    numbers = list(
        Entry.objects.filter(unit=report.unit, issuer="dang", year=report.issued_on.year)
        .order_by("number")
        .values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps


@pytest.mark.parametrize("threads", [8])
def test_concurrent_approvals_get_distinct_numbers_without_gaps(tmp_path, threads):
    """Separate processes' connections on a fresh database: PostgreSQL when the suite
    runs on it (a database of its own), else SQLite."""
    env = {**os.environ, "BAOCAO_VAR": str(tmp_path)}
    url = os.environ.get("DATABASE_URL", "")
    dropped = None  # the PostgreSQL database of this test, dropped at the end
    if url.startswith("postgres"):
        base, _, _ = url.rpartition("/")
        name = f"baocao_race_{os.getpid()}"

        def admin(sql: str) -> list[str]:
            return [sys.executable, "-c", (
                "import psycopg,sys;c=psycopg.connect(sys.argv[1],autocommit=True);"
                f"c.execute('{sql}')"
            ), f"{base}/postgres"]  # fmt: skip

        subprocess.run(admin(f"DROP DATABASE IF EXISTS {name}"), check=True, env=env)
        subprocess.run(admin(f"CREATE DATABASE {name}"), check=True, env=env)
        dropped = admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        env["DATABASE_URL"] = f"{base}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    run = dict(env=env, cwd=MAIN, capture_output=True, text=True, timeout=300)
    try:
        migrate = subprocess.run([sys.executable, "-m", "baocao", "migrate", "-v", "0"], **run)
        assert migrate.returncode == 0, migrate.stderr
        race = subprocess.run([sys.executable, "-m", "tests.registry.race", str(threads)], **run)
    finally:
        if dropped:
            subprocess.run(dropped, check=True, env=env)
    assert race.returncode == 0, race.stderr
    result = json.loads(race.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert sorted(result["numbers"]) == list(range(1, threads + 1))


def test_the_register_page_lists_what_the_user_may_see(client, db):
    mine = demo_report("11086", "2025-10", "dang-monthly")
    client.force_login(make_user("11086", Membership.CLERK))
    page = client.get(reverse("registry:register"), {"nam": mine.issued_on.year})
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{mine.number}-BC/ĐU" in html and "Xã Đại Sơn" in html
    assert "Phường Thạch Khôi" not in html  # another commune's register
    other = client.get(reverse("registry:register"), {"don-vi": "11002"}).content.decode()
    assert "Chưa có văn bản nào được vào sổ." in other


def test_the_register_page_needs_a_login(client, db):
    response = client.get(reverse("registry:register"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
