"""`baocao import DIR|ZIP --unit CODE`: a year of reports at once, each file's period
read from its title, as a task (immediate backend) with a progress line, a page with
a progress bar and a summary of imported, skipped and refused files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from baocao.importer.models import ArchiveImport
from baocao.reports.models import Report
from tests.factories import make_unit
from tests.importer.make import seed_text

pytestmark = pytest.mark.django_db
WARD = "002_c69ecaed7d58e06f"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("importreport", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


TITLE = "Kết quả thực hiện nhiệm vụ tháng 11, phương hướng, nhiệm vụ tháng 12 năm 2025"


def _month(text: str, month: int) -> str:
    """The ward's report retitled for another month of 2025."""
    return text.replace(
        TITLE,
        f"Kết quả thực hiện nhiệm vụ tháng {month}, phương hướng, nhiệm vụ tháng "
        f"{month + 1} năm 2025",
    ).replace("ngày tháng 11 năm 2025", f"ngày tháng {month} năm 2025")


def _year(folder) -> None:
    text = seed_text(WARD)
    assert TITLE in text
    for month in (8, 9, 10):
        (folder / f"bc-thang-{month:02d}.txt").write_text(_month(text, month), encoding="utf-8")
    # no period in its title: refused, not guessed
    (folder / "khong-ro-ky.txt").write_text(
        "ỦY BAN NHÂN DÂN PHƯỜNG THẠCH KHÔI\nBÁO CÁO\nTình hình công tác\n"
        + "Trung tâm Phục vụ hành chính công phường tiếp nhận 1.204 hồ sơ. " * 5,
        encoding="utf-8",
    )
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 not really")


def test_a_folder_of_a_year_is_imported_with_a_summary(tmp_path):
    unit = make_unit()
    _year(tmp_path)
    code, out, _ = run(tmp_path, "--unit", unit.code)
    assert code == 1  # some files refused
    periods = sorted(Report.objects.filter(unit=unit).values_list("period", flat=True))
    assert periods == ["2025-08", "2025-09", "2025-10"]
    job = ArchiveImport.objects.get(unit=unit)
    assert job.status == ArchiveImport.DONE and (job.done, job.total) == (5, 5)
    assert job.counts() == {"imported": 3, "skipped": 0, "refused": 2}
    assert "3 đã nhập, 0 bỏ qua (đã có), 2 từ chối" in out
    assert "[5/5] 100%" in out  # the progress line
    refused = {r["file"]: r["reason"] for r in job.results if r["outcome"] == "refused"}
    assert "kỳ báo cáo" in refused["khong-ro-ky.txt"]
    assert "PDF" in refused["hong.pdf"]


def test_a_zip_run_twice_skips_what_is_there(tmp_path):
    unit = make_unit()
    folder = tmp_path / "nam"
    folder.mkdir()
    _year(folder)
    archive = tmp_path / "nam-2025.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f"2025/{f.name}")
    run(archive, "--unit", unit.code)
    code, out, _ = run(archive, "--unit", unit.code)
    assert "0 đã nhập, 3 bỏ qua (đã có), 2 từ chối" in out
    assert Report.objects.filter(unit=unit).count() == 3


def test_the_progress_page_shows_the_bar_and_the_summary(client, tmp_path, django_user_model):
    unit = make_unit()
    _year(tmp_path)
    run(tmp_path, "--unit", unit.code)
    job = ArchiveImport.objects.get(unit=unit)
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    page = client.get(reverse("importer:archive", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<progress id="tien-do" value="5" max="5">' in html
    assert "3 đã nhập" in html and "khong-ro-ky.txt" in html
    assert "<td>Tháng 8 năm 2025</td>" in html and "2025-08" not in html  # periods in words
    assert 'http-equiv="refresh"' not in html  # finished: no more reloading
    stranger = django_user_model.objects.create_user("nguoila", password="x")
    client.force_login(stranger)
    assert client.get(reverse("importer:archive", args=[job.pk])).status_code == 404


def test_an_archive_with_no_report_file_is_refused(tmp_path):
    unit = make_unit()
    (tmp_path / "ghi-chu.md").write_text("không phải báo cáo")
    code, _, err = run(tmp_path, "--unit", unit.code)
    assert code == 1 and "Không có tệp báo cáo" in err


def test_a_zip_uploaded_on_the_page_runs_as_the_same_job(client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from baocao.accounts.models import Membership
    from tests.factories import make_user

    settings.VAR_DIR = tmp_path / "var"
    unit = make_unit()
    folder = tmp_path / "nam"
    folder.mkdir()
    _year(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f.name)
    client.force_login(make_user(unit, Membership.CLERK))
    assert "Nhập cả năm từ tệp nén" in client.get(reverse("importer:upload")).content.decode()
    zipped = SimpleUploadedFile("bao-cao-2025.zip", buffer.getvalue())
    page = client.post(reverse("importer:upload_archive"), {"unit": unit.code, "archive": zipped})
    job = ArchiveImport.objects.get(unit=unit)
    assert page.status_code == 302 and page["Location"] == reverse(
        "importer:archive", args=[job.pk]
    )
    assert job.status == ArchiveImport.DONE  # the immediate backend ran it in the request
    assert job.counts() == {"imported": 3, "skipped": 0, "refused": 2}
    html = client.get(page["Location"]).content.decode()
    assert '<progress id="tien-do" value="5" max="5">' in html and "3 đã nhập" in html
    assert "<code>bao-cao-2025.zip</code>" in html  # its own name, not the server's path
    # not a ZIP: a Vietnamese message on the upload page, nothing queued
    wrong = SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04")
    page = client.post(reverse("importer:upload_archive"), {"unit": unit.code, "archive": wrong})
    assert page.status_code == 400 and "tệp nén .zip" in page.content.decode()
    assert ArchiveImport.objects.count() == 1


def test_a_scan_in_an_uploaded_archive_keeps_its_figures_for_review(tmp_path, monkeypatch):
    """OCR figures are never stored unreviewed from the page: the web job leaves them out."""
    from baocao.importer import archive as archive_module
    from baocao.importer.facts import Fact

    unit = make_unit()
    _year(tmp_path)
    real_extract = archive_module.extract

    def as_if_scanned(data, name, **kw):
        x = real_extract(data, name, **kw)
        x.facts = [
            Fact(f.code, f.value, f.unit, f.quote, f.start, f.end, f.number_start, f.number_end,
                 f.score, confidence=91.0)
            for f in x.facts
        ]  # fmt: skip
        return x

    monkeypatch.setattr(archive_module, "extract", as_if_scanned)
    job = ArchiveImport.objects.create(unit=unit, source=str(tmp_path))
    archive_module.run(job, ocr_figures=False)
    imported = [r for r in job.results if r["outcome"] == "imported"]
    assert len(imported) == 3 and all("OCR chưa lưu" in r["reason"] for r in imported)
    from baocao.reports.models import Value

    assert not Value.objects.filter(report__unit=unit).exists()
