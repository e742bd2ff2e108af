"""A figure cannot break a report: every prose format writes every number the parser
reads, the save refuses what the indicator's kind cannot hold (in Vietnamese, not a
500), and a bad value stored before these checks still lets every page render."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from baocao import vn
from baocao.accounts.models import Membership
from baocao.catalog.models import Indicator
from baocao.reports import prose
from baocao.reports.errors import ReportError
from baocao.reports.models import Value
from baocao.reports.services import save_value
from tests.factories import demo_draft, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}

# Numbers as a clerk may type them: integers, decimals with up to 9 places, signed.
TYPED = st.one_of(
    st.integers(min_value=-(10**18), max_value=10**18).map(vn.format_number),
    st.decimals(
        min_value=Decimal(-(10**15)), max_value=Decimal(10**15), places=4, allow_nan=False
    ).map(vn.format_number),
    st.sampled_from(
        [
            "1,5",
            "0,001",
            "03",
            "74,69%",
            "11 tỷ 15 triệu",
            "2,5 tỷ",
            "465/547",
            "-45",
            "trên 2.500",
            "999.999.999.999.999.999",
            "0,123456789",
        ]
    ),
)


@given(TYPED, st.sampled_from(prose.FORMATS))
def test_every_format_writes_every_number_the_parser_reads(typed, fmt):
    value = vn.parse_vn_number(typed).value
    shown = prose.format_value(value, fmt)
    assert shown and "{" not in shown


def test_formats_of_a_decimal_read_back():
    assert prose.format_value(Decimal("1.5"), "pad") == "1,5"
    assert prose.format_value(Decimal("1.5"), "ty") == "1,5"
    assert prose.format_value(Decimal("2500000000.5"), "ty") == "2.500.000.000,5"
    assert prose.format_value(Decimal("1.5"), "words") == "một phẩy năm"
    assert prose.format_value(Decimal("3"), "pad") == "03"


@pytest.fixture
def draft(db):
    return demo_draft()


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("tthc.resolved.late", "1,5", "phải là số nguyên"),
        ("tthc.resolved.late", "-2", "không thể là số âm"),
        ("tthc.online.rate", "101", "từ 0 đến 100"),
        ("tthc.online.rate", "-1", "không thể âm"),
        ("ngansach.revenue", "1.000,5", "số nguyên"),
        ("tthc.received", "9.999.999.999.999.999", "số quá lớn"),
        ("nongnghiep.winter_crop_area", "12,123456", "4 chữ số sau dấu phẩy"),
        ("nongnghiep.winter_crop_area", "123.456.789.012.345,6", "số quá lớn"),  # 16 digits
    ],
)
def test_a_value_the_kind_cannot_hold_is_refused_in_vietnamese(draft, code, typed, message):
    before = Value.objects.filter(report=draft, indicator__code=code).first()
    with pytest.raises(ReportError, match=message):
        save_value(report=draft, code=code, value=typed)
    after = Value.objects.filter(report=draft, indicator__code=code).first()
    assert (after and after.value) == (before and before.value)


@pytest.mark.parametrize(
    ("code", "typed", "stored"),
    [
        ("giamngheo.poor_change", "-45", Decimal(-45)),  # a signed change may go down
        ("ngansach.revenue.own_pct_estimate", "120,5", Decimal("120.5")),  # % of the plan
        ("nongnghiep.rice_yield", "58,7", Decimal("58.7")),  # tạ/ha: a measure
        ("nongnghiep.winter_crop_area", "12,5", Decimal("12.5")),
        ("tthc.online.rate", "100", Decimal(100)),
        ("tthc.received", "999.999.999.999.999", None),  # 15 digits: the most kept exactly
    ],
)
def test_values_the_kind_holds_are_stored(draft, code, typed, stored):
    saved = save_value(report=draft, code=code, value=typed)
    assert saved.value == (stored if stored is not None else vn.parse_vn_number(typed).value)


def test_the_editor_refuses_a_too_large_figure_with_a_message_not_a_500(draft):
    client = Client()
    client.force_login(make_user("11560", Membership.CLERK))
    url = reverse("save_figure", args=[draft.pk, "tthc.received"])
    version = Value.objects.get(report=draft, indicator__code="tthc.received").version
    typed = {"value": "9.999.999.999.999.999", "version": version}
    response = client.post(url, typed, **HTMX)
    assert response.status_code < 500
    assert "số quá lớn" in response.content.decode()
    response = client.post(url, {"value": "1,5", "version": version}, **HTMX)
    assert response.status_code < 500
    assert "phải là số nguyên" in response.content.decode()


def test_pages_render_a_bad_value_stored_before_the_checks(draft):
    """1,5 in a count shown with |pad, a fraction of a đồng shown with |ty: the editor,
    the report page, the downloads and the city's digest all still render."""
    Value.objects.filter(report=draft, indicator__code="tthc.resolved.late").update(
        value=Decimal("1.5")
    )
    money = Indicator.objects.get(code="ngansach.revenue")
    Value.objects.update_or_create(
        report=draft, indicator=money, defaults={"value": Decimal("2500000000.5")}
    )
    clerk = Client()
    clerk.force_login(make_user("11560", Membership.CLERK))
    for url in (
        reverse("report_editor", args=[draft.pk]),
        reverse("report", args=[draft.pk]),
        reverse("report_document", args=[draft.pk, "html"]),
        reverse("report_document", args=[draft.pk, "docx"]),
    ):
        response = clerk.get(url)
        assert response.status_code == 200, url
    page = clerk.get(reverse("report_document", args=[draft.pk, "html"])).content.decode()
    assert "quá hạn 1,5 hồ sơ" in page and "2.500.000.000,5" in page
    city = Client()
    city.force_login(get_user_model().objects.get(username="thanhpho"))
    url = reverse("analytics:city_report") + f"?period={draft.period}&topic=tthc"
    for number in range(1, 30):  # the digest is paginated: every page renders
        response = city.get(f"{url}&page={number}")
        assert response.status_code == 200
        if f"page={number + 1}" not in response.content.decode():
            break
