"""A month's report from the clerk's draft to the city, in a real browser: live
validation without a page reload, a footnote, the leader's return and approval, the
city's acceptance, a read-only report and its DOCX. Screenshots of the main screens
go to var/screenshots/."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from playwright.sync_api import Page, expect

from baocao import vn
from baocao.accounts.models import Membership
from baocao.reports.models import AuditEntry, Block, Report
from tests.factories import demo_draft, make_user

CITY_PASSWORD = "baocao2025"  # the demo's city staff account, thanhpho
PASSWORD = "matkhau-thu-123"  # tests/factories.make_user


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def figure(page: Page, code: str):
    """The field of a figure in the section's table."""
    return page.locator(f'table.figures input.fig[data-code="{code}"]')


def type_figure(page: Page, code: str, text: str) -> None:
    field = figure(page, code)
    field.fill(text)
    field.press("Tab")  # change → saved


def open_report_from_home(page: Page, base: str, report: Report) -> None:
    page.goto(f"{base}/")
    page.locator(f'a[href="/bao-cao/{report.pk}/soan/"]').first.click()
    expect(page.locator(".report-bar h1")).to_contain_text(report.period_obj.label)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_report_from_draft_to_accepted(demo, live_server, browser_page: Page, screenshots):
    page = browser_page
    page.set_default_timeout(15_000)
    base = live_server.url
    report = demo_draft()  # Phường Thủy Nguyên, tháng 11/2025, from the template
    make_user(report.unit, Membership.CLERK, username="thuynguyen", first_name="Lan")
    make_user(report.unit, Membership.LEADER, username="thuynguyen.lanhdao", first_name="Hùng")
    revenue = report.values.get(indicator__code="ngansach.revenue").value
    dkkd_new = vn.format_number(report.values.get(indicator__code="dkkd.new").value)

    # The clerk logs in and finds the current report on the home page.
    log_in(page, base, "thuynguyen")
    expect(page.get_by_role("heading", name="Báo cáo của tôi")).to_be_visible()
    page.screenshot(path=screenshots / "01-trang-chu-can-bo.png")
    open_report_from_home(page, base, report)
    expect(page.locator("#summary")).to_contain_text("0 lỗi")
    page.screenshot(path=screenshots / "02-soan-bao-cao.png")

    # A figure that breaks a breakdown: the finding appears without a page reload.
    page.evaluate("window.notReloaded = true")
    type_figure(page, "dkkd.new", "500")
    finding = page.locator("#ff-dkkd-total .finding.error")
    expect(finding).to_contain_text("các thành phần cộng lại lớn hơn")
    expect(page.locator("#summary")).to_contain_text("1 lỗi")
    expect(figure(page, "dkkd.total")).to_have_class(re.compile(r"\berror\b"))
    expect(page.get_by_role("button", name="Trình lãnh đạo")).to_be_disabled()
    assert page.evaluate("window.notReloaded") is True
    finding.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "03-loi-hien-ngay.png")
    type_figure(page, "dkkd.new", dkkd_new)
    expect(finding).to_have_count(0)
    expect(page.locator("#summary")).to_contain_text("0 lỗi")

    # A footnote on the first paragraph.
    first = page.locator("article.block").first
    first.get_by_text("Sửa lời văn, chú thích").click()
    first.get_by_label("Chú thích mới").fill("Số liệu của Phòng Kinh tế đến ngày 14/11/2025.")
    first.get_by_role("button", name="Thêm chú thích").click()
    expect(page.locator("article.block").first.locator(".notes")).to_contain_text(
        "Phòng Kinh tế đến ngày 14/11/2025"
    )
    assert page.evaluate("window.notReloaded") is True

    # Money typed in words is read as a number and shown the usual way.
    page.locator("nav#outline").get_by_role("link", name="Công tác thu, chi ngân sách").click()
    type_figure(page, "ngansach.revenue", vn.format_money(revenue, style="ty"))
    expect(figure(page, "ngansach.revenue")).to_have_value(vn.format_number(revenue))
    expect(page.locator("#save-state")).to_contain_text("Đã lưu")
    expect(page.locator("#summary")).to_contain_text("0 lỗi")
    page.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator(".messages")).to_contain_text("Đã trình báo cáo")
    expect(page.locator(".report-bar .status")).to_have_text("Đã trình")
    log_out(page)

    # The leader returns it with a comment.
    log_in(page, base, "thuynguyen.lanhdao")
    mine = page.locator("section.my-reports tr", has_text="Ủy ban nhân dân")
    expect(mine.get_by_text("chờ anh/chị duyệt")).to_be_visible()
    open_report_from_home(page, base, report)
    page.get_by_text("Trả lại…").click()
    page.get_by_label("Lý do trả lại").fill("Ghi rõ nguồn số liệu chi ngân sách.")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    expect(page.locator(".report-bar .status")).to_have_text("Bị trả lại")
    log_out(page)

    # The clerk sees the comment, fixes and resubmits.
    log_in(page, base, "thuynguyen")
    open_report_from_home(page, base, report)
    expect(page.locator(".returned-note")).to_contain_text("Ghi rõ nguồn số liệu chi ngân sách.")
    page.screenshot(path=screenshots / "04-bi-tra-lai.png")
    page.locator("nav#outline").get_by_role("link", name="Công tác thu, chi ngân sách").click()
    spending = page.locator("article.block").nth(1)
    spending.get_by_text("Sửa chú thích").first.click()
    note = spending.locator(".notes textarea").first
    note.fill(note.input_value() + " Nguồn: Kho bạc Nhà nước khu vực.")
    note.press("Tab")
    expect(page.locator("#save-state")).to_contain_text("Đã lưu")
    page.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator(".report-bar .status")).to_have_text("Đã trình")
    log_out(page)

    # The leader approves: the report is locked.
    log_in(page, base, "thuynguyen.lanhdao")
    open_report_from_home(page, base, report)
    page.get_by_role("button", name="Duyệt báo cáo").click()
    expect(page.locator(".report-bar .status")).to_have_text("Lãnh đạo đã duyệt")
    log_out(page)

    # The city accepts it.
    log_in(page, base, "thanhpho", CITY_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Chờ thành phố tiếp nhận"))).to_be_visible()
    page.screenshot(path=screenshots / "05-trang-chu-thanh-pho.png")
    waiting = page.locator("section.my-reports tr", has_text=report.unit.name)
    waiting.filter(has_text="Ủy ban nhân dân").get_by_role("link").click()
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    # Back on the report page it was accepted from, without the city's buttons.
    expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/$"))
    expect(page.locator("main .status").first).to_have_text("Thành phố đã tiếp nhận")
    expect(page.get_by_role("button", name="Tiếp nhận báo cáo")).to_have_count(0)

    # Read-only now, for everyone; the DOCX downloads.
    page.goto(base + reverse("report_editor", args=[report.pk]))
    expect(page.locator(".report-bar .status")).to_have_text("Thành phố đã tiếp nhận")
    expect(page.locator("input.fig")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(1)  # the reason box of "Mở lại để sửa"
    page.screenshot(path=screenshots / "06-da-tiep-nhan.png")
    log_out(page)
    log_in(page, base, "thuynguyen")
    open_report_from_home(page, base, report)
    expect(page.locator("input.fig")).to_have_count(0)
    expect(page.locator(".locked-note")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Word (.docx)").click()
    data = download.value.path().read_bytes()
    (screenshots / "bao-cao-thuy-nguyen-2025-11.docx").write_bytes(data)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Thủy Nguyên" in text and vn.format_money(revenue, style="ty") in text

    report.refresh_from_db()
    assert report.status == Report.ACCEPTED
    steps = list(
        AuditEntry.objects.filter(report=report, action="status", target="status")
        .order_by("at", "id")
        .values_list("new", flat=True)
    )
    assert steps == ["submitted", "returned", "submitted", "approved", "accepted"]
    assert Block.objects.filter(
        section__report=report, kind=Block.FOOTNOTE, text__contains="Phòng Kinh tế"
    ).exists()
