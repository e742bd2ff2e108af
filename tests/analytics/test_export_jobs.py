"""The large Excel export as a background job (django-tasks): a progress page, then a
download link; small selections still come back as the file at once."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from baocao.accounts.models import Membership
from baocao.analytics import export_jobs
from baocao.catalog.models import Indicator
from tests.factories import make_user


@pytest.fixture
def staff(db, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(make_user("31", Membership.CITY_STAFF))
    return client


def query(count: int) -> str:
    codes = Indicator.objects.order_by("position").values_list("code", flat=True)[:count]
    return "&".join(f"codes={c}" for c in codes) + "&from=2024-11&to=2025-11"


def test_a_large_export_runs_as_a_task_with_progress_and_a_download(staff, monkeypatch):
    # Through the task backend (immediate in tests: the task runs at enqueue); the
    # web process's thread is shown by the browser test against `baocao serve`.
    monkeypatch.setattr(export_jobs, "_runs_here", lambda: False)
    enqueued = []
    real = export_jobs.build_indicators_xlsx

    class Spy:  # the task itself is a frozen dataclass: watched from outside
        def enqueue(self, token):
            enqueued.append(token)
            return real.enqueue(token)

    monkeypatch.setattr(export_jobs, "build_indicators_xlsx", Spy())
    response = staff.get(reverse("analytics:indicators_xlsx") + "?" + query(25))
    assert response.status_code == 302  # 25 × 13 months × 114 units: past the threshold
    token = response["Location"].rstrip("/").split("/")[-1]
    assert enqueued == [token]
    page = staff.get(response["Location"]).content.decode()
    assert 'id="export-progress" value="25" max="25"' in page and "Đã xong" in page
    assert 'http-equiv="refresh"' not in page  # finished: the page stops reloading
    download = staff.get(reverse("analytics:export_download", args=[token]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="tong-hop-chi-tieu-')
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    titles = [
        row[0]
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(values_only=True)
        if row and row[0] and "(" in str(row[0]) and row[1] is None
    ]
    assert len(titles) == 25  # every indicator, not only the first page's ten


def test_the_progress_page_reloads_while_the_job_runs(staff, tmp_path):
    user = make_user("31", Membership.CITY_STAFF, username="thanhpho2")
    staff.force_login(user)
    job = export_jobs.ExportJob(token="t" * 32, owner=user.pk, query=query(25))
    job.status, job.total, job.done = export_jobs.RUNNING, 25, 10
    job.save()
    page = staff.get(reverse("analytics:export_status", args=[job.token])).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="10" max="25"' in page and "40%" in page
    assert 'id="export-download"' not in page
    assert staff.get(reverse("analytics:export_download", args=[job.token])).status_code == 404


def test_someone_elses_export_is_not_found(staff):
    other = make_user("31", Membership.CITY_STAFF, username="thanhpho3")
    job = export_jobs.ExportJob(token="o" * 32, owner=other.pk, query="")
    job.save()
    assert staff.get(reverse("analytics:export_status", args=[job.token])).status_code == 404
    assert staff.get("/thanh-pho/xuat/..%2F..%2Fetc/").status_code == 404
    assert export_jobs.load("../../etc") is None


def test_with_the_default_backend_the_job_runs_beside_the_request():
    """The immediate backend would run the job inside the request (the user waiting a
    minute without a progress bar): start() sees it and uses a thread instead."""
    assert export_jobs._runs_here()


def test_a_small_export_is_still_the_file_at_once(staff):
    response = staff.get(reverse("analytics:indicators_xlsx") + "?" + query(3))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_failed_export_says_so_in_vietnamese(staff, monkeypatch):
    from baocao.analytics import exports

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "_runs_here", lambda: False)
    monkeypatch.setattr(exports, "tables_xlsx", broken)
    response = staff.get(reverse("analytics:indicators_xlsx") + "?" + query(25))
    page = staff.get(response["Location"]).content.decode()
    assert "Lỗi" in page and "Không tạo được tệp Excel" in page and "disk full" not in page
