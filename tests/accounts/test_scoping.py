import pytest
from django.urls import reverse

from baocao.accounts.access import visible_units
from baocao.accounts.models import Membership
from tests.factories import demo_report, make_user


@pytest.fixture
def clerk_thach_khoi(db):
    return make_user("11002", Membership.CLERK)


def test_clerk_sees_only_their_commune_and_its_offices(clerk_thach_khoi):
    codes = set(visible_units(clerk_thach_khoi).values_list("code", flat=True))
    assert "11002" in codes and "11086" not in codes and "31" not in codes
    assert all(code == "11002" or code.startswith("11002.") for code in codes)


def test_city_staff_see_every_commune_of_the_city(db):
    staff = make_user("31", Membership.CITY_STAFF)
    units = visible_units(staff)
    assert units.filter(kind__in=["xa", "phuong", "dac_khu"]).count() == 114


def test_clerk_cannot_open_another_communes_report(client, clerk_thach_khoi):
    client.force_login(clerk_thach_khoi)
    other = demo_report("11086", "2025-10", "dang-monthly")
    response = client.get(reverse("report", args=[other.pk]))
    assert response.status_code == 404


def test_clerk_cannot_open_another_communes_page(client, clerk_thach_khoi):
    client.force_login(clerk_thach_khoi)
    assert client.get(reverse("unit", args=["11086"])).status_code == 404


def test_clerk_opens_own_report(client, clerk_thach_khoi):
    client.force_login(clerk_thach_khoi)
    own = demo_report("11002", "2025-11")
    response = client.get(reverse("report", args=[own.pk]))
    assert response.status_code == 200
    assert "Thạch Khôi" in response.content.decode()


def test_home_of_a_clerk_lists_only_their_commune(client, clerk_thach_khoi):
    client.force_login(clerk_thach_khoi)
    page = client.get(reverse("home")).content.decode()
    assert "Phường Thạch Khôi" in page and "Xã Đại Sơn" not in page


def test_home_of_city_staff_lists_all_114_units_with_codes(client, db):
    client.force_login(make_user("31", Membership.CITY_STAFF))
    page = client.get(reverse("home")).content.decode()
    assert "Thành phố Hải Phòng" in page
    assert "114 đơn vị cấp xã" in page
    for code, name in [
        ("11002", "Phường Thạch Khôi"),
        ("11086", "Xã Đại Sơn"),
        ("11560", "Phường Thủy Nguyên"),
    ]:
        assert code in page and name in page


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_demo_users_log_in_with_the_documented_password(client, db):
    response = client.post(reverse("login"), {"username": "thachkhoi", "password": "baocao2025"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_in_vietnamese(client, db):
    response = client.post(reverse("login"), {"username": "thachkhoi", "password": "sai"})
    assert "không đúng" in response.content.decode()
