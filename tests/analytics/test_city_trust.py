"""The city's pages as a city official reads them (issue 16)."""

import re
import time

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.analytics.completeness import commune_units
from baocao.analytics.digest import topic_digest
from baocao.analytics.findings import cached_city_findings, city_findings
from baocao.analytics.selection import default_period, report_periods
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Block, Report
from tests.analytics.helpers import report, unit
from tests.factories import demo_report, make_user

RAW_CODE = re.compile(r">[^<]*\b(tthc|ngansach|giamngheo|donthu|breakdown|rate|outlier)[.:][\w.]+")


@pytest.fixture
def staff(db):
    return make_user("31", Membership.CITY_STAFF)


def test_default_period_is_the_latest_with_a_sent_report_not_a_stray_draft(db):
    lone = unit("98101")
    report(lone, "2026-01", {"tthc.received": 5}, status=Report.DRAFT)
    assert report_periods()[-1] == Period.parse("2026-01")  # the draft is listed ...
    assert default_period(report_periods()) == Period.parse("2025-11")  # ... but not opened
    report(lone, "2025-12", {"tthc.received": 5}, status=Report.SUBMITTED)
    assert default_period(report_periods()) == Period.parse("2025-12")


def test_pages_open_on_the_latest_sent_period(client, staff):
    report(unit("98102"), "2026-03", {"tthc.received": 1}, status=Report.DRAFT)
    client.force_login(staff)
    for name in ("analytics:findings", "analytics:city_report"):
        page = client.get(reverse(name)).content.decode()
        assert 'value="2025-11" selected' in page, name


def test_digest_reads_sent_reports_only_and_keeps_paragraphs_whole(db):
    period = Period.parse("2025-11")
    communes = commune_units(Unit.objects.all())
    found = topic_digest(period, communes, "tthc")
    sent = Report.objects.filter(
        unit__in=communes,
        template__code="ubnd-monthly",
        period="2025-11",
        status__in=[Report.SUBMITTED, Report.APPROVED, Report.ACCEPTED],
    )
    assert found.included == sent.count() < found.total == communes.count() == 114
    assert {e.report.status for e in found.entries} <= {"submitted", "approved", "accepted"}
    drafts = Report.objects.filter(
        unit__in=communes, template__code="ubnd-monthly", period="2025-11"
    ).exclude(pk__in=sent)
    assert {u.pk for u in found.missing} == set(drafts.values_list("unit_id", flat=True)) | (
        set(communes.values_list("pk", flat=True))
        - set(
            Report.objects.filter(period="2025-11", template__code="ubnd-monthly").values_list(
                "unit_id", flat=True
            )
        )
    )
    # A paragraph with a semicolon stays one paragraph.
    entry = found.entries[0]
    texts = Block.objects.filter(section__report=entry.report, kind=Block.PARAGRAPH).values_list(
        "text", flat=True
    )
    assert len(entry.paragraphs) <= len(texts)
    assert any(";" in p for e in found.entries for p in e.paragraphs)


def test_digest_page_says_who_is_included_and_is_paged(client, staff):
    client.force_login(staff)
    page = client.get(reverse("analytics:city_report") + "?period=2025-11&topic=tthc")
    html = page.content.decode()
    assert re.search(r"<strong>\d+/114</strong> đơn vị", html)
    assert "chưa gửi báo cáo kỳ này" in html
    assert html.count('class="digest-unit"') <= 15
    assert 'id="digest-pager"' in html
    second = client.get(reverse("analytics:city_report") + "?period=2025-11&topic=tthc&page=2")
    assert second.status_code == 200 and 'class="digest-unit"' in second.content.decode()


def test_findings_count_distinct_units_per_rule(db):
    found = city_findings(commune_units(Unit.objects.all()), Period.parse("2025-11"))
    for rule in found.by_rule:
        assert len(rule.units) == len({u.unit.pk for u, _ in rule.hits})
    outlier = next(r for r in found.by_rule if r.code == "outlier")
    assert len(outlier.hits) > len(outlier.units)  # one unit, several figures: counted once


def test_findings_page_is_fast_once_computed_and_follows_changes(client, staff):
    communes = commune_units(Unit.objects.all())
    period = Period.parse("2025-11")
    cached_city_findings(communes, period)
    client.force_login(staff)
    client.get(reverse("home"))  # the session and the templates are warm
    started = time.perf_counter()
    response = client.get(reverse("analytics:findings") + "?period=2025-11")
    assert response.status_code == 200
    seconds = time.perf_counter() - started
    print(f"findings page, city's month: {seconds * 1000:.0f} ms")
    assert seconds < 0.2
    # A corrected figure is seen at once (the cache key follows the data).
    from baocao.reports.services import save_value

    hong_bang = demo_report("11311", "2025-11")
    own = hong_bang.values.get(indicator__code="ngansach.revenue.own").value
    transfer = hong_bang.values.get(indicator__code="ngansach.revenue.transfer").value
    before = cached_city_findings(communes, period)
    assert any(
        u.unit.code == "11311"
        for r in before.by_rule
        if r.code == "breakdown:ngansach.revenue"
        for u, _ in r.units
    )
    save_value(report=hong_bang, code="ngansach.revenue", value=own + transfer, user=staff)
    after = cached_city_findings(communes, period)
    assert not any(
        r.code == "breakdown:ngansach.revenue" and any(u.unit.code == "11311" for u, _ in r.units)
        for r in after.by_rule
    )


def test_no_raw_codes_on_the_findings_page_and_codes_in_a_tooltip_for_admins(client, staff):
    client.force_login(staff)
    html = client.get(reverse("analytics:findings") + "?period=2025-11").content.decode()
    assert not RAW_CODE.search(html), RAW_CODE.search(html)
    assert "Mã quy tắc" not in html
    admin = make_user("31", Membership.CITY_STAFF, is_staff=True)
    client.force_login(admin)
    html = client.get(reverse("analytics:findings") + "?period=2025-11").content.decode()
    assert 'title="Mã quy tắc: breakdown:ngansach.revenue"' in html


def test_city_home_lists_every_waiting_report_paged_with_approval_time(client, staff):
    waiting = Report.objects.filter(status=Report.APPROVED, unit__parent__code="31").count()
    assert waiting > 15
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert 'id="waiting-pager"' in html
    pages = -(-waiting // 15)
    last = client.get(reverse("home") + f"?cho={pages}").content.decode()
    rows = re.findall(r'<tr><td><a href="/bao-cao/\d+/">', last)
    assert len(rows) == waiting - 15 * (pages - 1)
    assert re.search(r"\d{2}/\d{2}/\d{4}", last)  # approval time


def test_report_page_has_the_city_decision_buttons(client, staff):
    approved = Report.objects.filter(status=Report.APPROVED, unit__parent__code="31").first()
    client.force_login(staff)
    html = client.get(reverse("report", args=[approved.pk])).content.decode()
    assert 'id="city-decision"' in html and "Tiếp nhận báo cáo" in html
    assert html.count('name="back" value="report"') == 2  # accept and return come back here
    response = client.post(
        reverse("report_transition", args=[approved.pk, "tiep-nhan"]), {"back": "report"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("report", args=[approved.pk])  # not the editor
    approved.refresh_from_db()
    assert approved.status == Report.ACCEPTED
    html = client.get(reverse("report", args=[approved.pk])).content.decode()
    assert 'id="city-decision"' not in html  # decided
    clerk = make_user("11002", Membership.CLERK)
    mine = Report.objects.filter(status=Report.APPROVED, unit__code="11002").first()
    if mine:
        client.force_login(clerk)
        assert (
            'id="city-decision"'
            not in client.get(reverse("report", args=[mine.pk])).content.decode()
        )


def test_download_names_are_vietnamese_words(client, staff):
    from baocao.documents.services import document_filename

    assert document_filename(demo_report("11002", "2025-11"), "pdf") == (
        "bao-cao-thang-11-2025-phuong-thach-khoi.pdf"
    )
    dai_son = demo_report("11086", "2025-10", template="dang-monthly")
    assert document_filename(dai_son, "docx") == "bao-cao-dang-uy-thang-10-2025-xa-dai-son.docx"


def test_money_axes_in_ty_and_month_labels_that_do_not_collide():
    from decimal import Decimal

    from baocao.analytics.charts import bar_chart, trend_chart

    labels = [f"{m:02d}/2025" for m in range(1, 13)] + [f"{m:02d}/2026" for m in range(1, 13)]
    svg = trend_chart(
        "Thu ngân sách", labels, [("Toàn thành phố", [Decimal(12_500_000_000)] * 24)], "đồng"
    )
    assert "(tỷ đồng)" in svg and ">15<" in svg  # axis 0–15 tỷ, not 15.000.000.000
    shown = [lab for lab in labels if f">{lab}</text>" in svg]
    assert 4 <= len(shown) < len(labels) and shown[-1] == "12/2026"
    bars = bar_chart("Thu", [("Xã A", Decimal(1_250_000_000))], "đồng")
    assert ">1,25</text>" in bars and "1.250.000.000 đồng" in bars  # tooltip: the table's figure


def test_ranking_knows_which_way_is_better(client, staff):
    client.force_login(staff)
    html = client.get(
        reverse("analytics:indicators"),
        {
            "codes": ["giamngheo.poor", "tthc.received"],
            "from": "2025-11",
            "to": "2025-11",
            "view": "chart",
        },
    ).content.decode()
    assert "xếp hạng thấp nhất trước (càng thấp càng tốt)" in html
    assert "theo tên đơn vị (chỉ tiêu không xếp hạng)" in html
    # Fewest poor households ranks first, over every unit (the table is paged).
    rows = []
    for page in range(1, 5):
        table = client.get(
            reverse("analytics:indicators"),
            {"codes": ["giamngheo.poor"], "from": "2025-11", "to": "2025-11", "trang_dv": page},
        ).content.decode()
        body = table.split('<table class="grid pivot"')[1].split("</tbody>")[0]
        for row in re.findall(r"<tr data-key=.*?</tr>", body):
            values = re.findall(r'data-value="([\d.]+)"', row)
            rank = re.findall(r'<td class="num">(\d+|—)</td>', row)[-1]
            rows.append((float(values[-1]), rank))
    assert len(rows) == 114
    assert sorted(int(r) for _, r in rows) == list(range(1, 115))
    best = min(v for v, _ in rows)
    assert [v for v, r in rows if r == "1"] == [best]


def test_pivot_computes_a_page_of_indicators_and_streams_the_csv(client, staff):
    from baocao.catalog.models import Indicator

    client.force_login(staff)
    codes = list(Indicator.objects.filter(group="tthc").values_list("code", flat=True))[:23]
    query = {"codes": codes, "from": "2025-01", "to": "2025-11"}
    html = client.get(reverse("analytics:indicators"), query).content.decode()
    assert html.count('<table class="grid pivot"') == 10 and 'id="codes-pager"' in html
    assert not RAW_CODE.search(html), RAW_CODE.search(html)
    third = client.get(reverse("analytics:indicators"), {**query, "trang": 3}).content.decode()
    assert third.count('<table class="grid pivot"') == 3
    response = client.get(reverse("analytics:indicators_csv"), query)
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert {
        line.split(",")[0] for line in body.splitlines()[1:] if line and not line.startswith("Mã")
    } == set(codes)
    assert body.count("\ufeff") == 0


def test_city_official_returns_a_report_from_the_report_page(client, staff):
    approved = Report.objects.filter(status=Report.APPROVED, unit__parent__code="31").first()
    client.force_login(staff)
    response = client.post(
        reverse("report_transition", args=[approved.pk, "tra-lai"]),
        {"back": "report", "comment": "Thiếu số liệu thu ngân sách."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("report", args=[approved.pk])
    approved.refresh_from_db()
    assert approved.status == Report.RETURNED
    assert "Trả lại" in response.content.decode() or "trả lại" in response.content.decode()


def test_city_home_names_periods_in_vietnamese_not_as_keys(client, staff):
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    head = html[html.index('aria-label="Đơn vị và báo cáo"') :].split("</thead>")[0]
    assert "Tháng 11 năm 2025" in head and "Tháng 10 năm 2025" in head
    assert not re.search(r">[^<]*\b20\d\d-\d\d\b", head)  # no "Kỳ 2025-11"
    assert not RAW_CODE.search(html)


def test_rule_messages_are_vietnamese_at_the_source(db):
    """A finding's message carries no indicator code (the codes travel in
    Finding.codes for the admins' tooltip), so every page and the API read the same."""
    found = city_findings(commune_units(Unit.objects.all()), Period.parse("2025-11"))
    messages = [f.message for u in found.by_unit for f in u.findings]
    assert any(m.startswith("Thiếu số liệu bắt buộc: ") for m in messages)  # Kiến An
    code = re.compile(r"\b(?:[a-z_]+\.)+[a-z_]+\b")
    assert [m for m in messages if code.search(m)] == []
