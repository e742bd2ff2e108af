"""The upload page (/nhap/): upload, review each proposed figure, save the draft."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.reports.models import Report
from tests.conftest import SHARED
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db
SEED = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploads waiting for review go under var/uploads/: here, a temporary var/."""
    settings.VAR_DIR = tmp_path


def clerk_client(unit):
    client = Client()
    client.force_login(make_user(unit, Membership.CLERK))
    return client


def upload(client, unit, data=None, name="bao-cao.txt", period="2026-05"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, SEED.read_bytes() if data is None else data)
    return client.post(
        reverse("importer:upload"), {"unit": unit.code, "period": period, "file": file}
    )


def test_the_form_offers_only_the_users_units():
    unit = make_unit()
    page = clerk_client(unit).get(reverse("importer:upload"))
    assert page.status_code == 200
    assert f'value="{unit.code}"' in page.content.decode()
    assert 'value="11002"' not in page.content.decode()


def test_upload_review_correct_reject_and_save_a_draft():
    unit = make_unit()
    client = clerk_client(unit)

    response = upload(client, unit)
    assert response.status_code == 302
    review = client.get(response["Location"])
    html = review.content.decode()
    assert review.status_code == 200
    assert "<mark" in html and "11 tỷ 15 triệu</mark>" in html
    assert "Tổng thu ngân sách" in html or "ngansach.revenue" in html

    facts = re.findall(r'name="value-(\d+)" value="([^"]*)"', html)
    codes = re.findall(r'<small class="code">([a-z0-9_.]+)</small>', html)
    revenue = codes.index("ngansach.revenue")
    received = codes.index("tthc.received")
    post = {f"decision-{i}": "keep" for i, _ in facts}
    post.update({f"value-{i}": v for i, v in facts})
    post[f"decision-{revenue}"] = "reject"
    post[f"value-{received}"] = "1.528"
    saved = client.post(response["Location"], post)

    report = Report.objects.get(unit=unit, period="2026-05")
    assert saved.status_code == 302 and str(report.pk) in saved["Location"]
    assert report.status == Report.DRAFT and report.source == "import"
    values = dict(report.values.values_list("indicator__code", "value"))
    assert "ngansach.revenue" not in values
    assert values["tthc.received"] == Decimal("1528")
    assert len(values) == len(facts) - 1


def test_a_wrong_number_is_refused_in_vietnamese_and_nothing_is_stored():
    unit = make_unit()
    client = clerk_client(unit)
    location = upload(client, unit)["Location"]
    response = client.post(location, {"decision-0": "keep", "value-0": "mười hai tá"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Report.objects.filter(unit=unit).exists()


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "rong.txt"),
        (b"PK\x03\x04 not really a zip", "gia.docx"),
        (b"\x00\x01\x02" * 400, "nhi-phan.pdf"),
    ],
)
def test_refused_files_get_a_vietnamese_message_and_store_nothing(data, name):
    unit = make_unit()
    response = upload(clerk_client(unit), unit, data, name)
    assert response.status_code == 400
    message = re.search(r'role="alert">([^<]+)<', response.content.decode()).group(1)
    assert any(c in message for c in "ảệốờứ")
    assert not Report.objects.filter(unit=unit).exists()


def test_a_file_over_the_limit_is_refused(settings):
    settings.BAOCAO_MAX_UPLOAD_BYTES = 1000
    unit = make_unit()
    response = upload(clerk_client(unit), unit)
    assert response.status_code == 400 and "MB" in response.content.decode()


def test_a_unit_the_user_may_not_see_is_404():
    unit = make_unit()
    response = upload(clerk_client(unit), make_unit())
    assert response.status_code == 404


def test_a_review_of_someone_elses_upload_is_404():
    unit = make_unit()
    location = upload(clerk_client(unit), unit)["Location"]
    other = clerk_client(unit)
    assert other.get(location).status_code == 404


def test_csrf_is_required():
    unit = make_unit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(unit, Membership.CLERK))
    assert upload(client, unit).status_code == 403


def test_an_existing_report_is_not_overwritten():
    unit = make_unit()
    client = clerk_client(unit)
    first = upload(client, unit)["Location"]
    client.post(first, {})
    second = upload(client, unit)["Location"]
    response = client.post(second, {})
    assert response.status_code == 400 and "đã có" in response.content.decode()
    assert Report.objects.filter(unit=unit).count() == 1
