"""With Django and the catalog's rules, the rules engine runs on extracted facts:
the ward seed's revenue does not add up (11.015 ≠ 3.882 + 7.233 triệu)."""

import pytest
from django.conf import settings

from baocao.importer.extract import extract
from tests.importer.make import seed_text

pytestmark = pytest.mark.skipif(
    not settings.configured, reason="needs Django and its test database (pytest-django)"
)


@pytest.mark.django_db
def test_the_revenue_error_of_the_ward_seed_is_found():
    findings = extract(seed_text("002_c69ecaed7d58e06f").encode(), "r.txt").findings
    errors = [f for f in findings if f["severity"] == "error"]
    assert any("ngansach.revenue" in f["codes"] for f in errors), findings
    assert any(f["rule"] == "text.unit_name" for f in findings)
