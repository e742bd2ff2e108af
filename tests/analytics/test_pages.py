"""The city's pages: for city staff only, and showing the figures of the pivot."""

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from tests.factories import make_user

PAGES = [
    ("analytics:completeness", {}),
    ("analytics:indicators", {}),
    ("analytics:indicators_xlsx", {}),
    ("analytics:indicators_csv", {}),
    ("analytics:findings", {}),
    ("analytics:city_report", {}),
]


@pytest.fixture
def staff(db):
    return make_user("31", Membership.CITY_STAFF)


@pytest.mark.parametrize("name,kwargs", PAGES)
def test_a_commune_user_cannot_open_the_city_view(client, db, name, kwargs):
    client.force_login(make_user("11002", Membership.LEADER))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("analytics:completeness"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_city_staff_see_the_completeness_of_all_114_units(client, staff):
    client.force_login(staff)
    page = client.get(reverse("analytics:completeness") + "?from=2025-10&to=2025-10")
    text = page.content.decode()
    assert page.status_code == 200
    assert "114/114 đơn vị đã báo cáo" in text
    assert text.count('<tr data-unit="') == 114


def test_completeness_filter_by_kind(client, staff):
    client.force_login(staff)
    text = client.get(reverse("analytics:completeness") + "?kind=dac_khu").content.decode()
    assert text.count('<tr data-unit="') == 2


def test_indicator_table_shows_each_unit_and_the_city_total(client, staff):
    client.force_login(staff)
    url = reverse("analytics:indicators") + "?codes=tthc.received&from=2025-01&to=2025-03"
    shown = 0
    for page in range(1, 5):  # 30 units a page
        text = client.get(url + f"&trang_dv={page}").content.decode()
        shown += text.count('<tr data-key="1')  # unit codes start with 1
        assert "Toàn thành phố" in text and "Cộng cả kỳ" in text
    assert shown == 114


def test_chart_view_draws_svg_trends_and_bars(client, staff):
    client.force_login(staff)
    url = reverse("analytics:indicators") + "?codes=tthc.online.rate&view=chart"
    text = client.get(url).content.decode()
    assert text.count("<svg") == 2 and "chart-trend" in text and "chart-bars" in text


def test_findings_of_the_city_link_each_unit_to_its_report(client, staff):
    client.force_login(staff)
    text = client.get(reverse("analytics:findings") + "?period=2025-11").content.decode()
    assert 'data-rule="mandatory"' in text  # Kiến An left out tthc.received
    assert 'data-unit="11443"' in text
    assert "/bao-cao/" in text


def test_the_nav_links_to_the_city_view_for_city_staff_only(client, staff):
    client.force_login(staff)
    assert 'href="/thanh-pho/"' in client.get("/").content.decode()
    client.force_login(make_user("11002", Membership.CLERK))
    assert 'href="/thanh-pho/"' not in client.get("/").content.decode()


def test_city_report_page_prepares_the_report_and_shows_the_digest(client, staff):
    from baocao.reports.models import Report

    client.force_login(staff)
    url = reverse("analytics:city_report")
    response = client.post(url, {"period": "2025-11"})
    assert response.status_code == 302
    report = Report.objects.get(unit__code="31", template__code="city-monthly", period="2025-11")
    text = client.get(url + "?period=2025-11&topic=tthc").content.decode()
    assert f"/bao-cao/{report.pk}/tai-ve.docx" in text
    assert text.count('class="digest-unit"') == 15  # a page of communes (sent reports only)
    assert "Tổng số hồ sơ tiếp nhận" in text
