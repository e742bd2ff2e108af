"""An office's day in a real browser: the Phòng Kinh tế's member logs in, finds their
sections and the internal deadline on the home page, writes a figure of their
section, is refused another office's figure, marks the section done; the văn phòng
sees it on the contribution board. Screenshots go to var/screenshots/."""

import pytest
from playwright.sync_api import Page, expect

from baocao.offices.mapping import section_offices
from baocao.offices.models import Contribution
from baocao.reports.models import Value
from tests.factories import demo_report

PASSWORD = "baocao2025"  # the demo's accounts


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_office_writes_its_section_and_the_vanphong_sees_it(
    demo, live_server, browser_page: Page, screenshots
):
    page = browser_page
    page.set_default_timeout(20_000)
    base = live_server.url
    report = demo_report("11002", "2025-11")
    offices = section_offices(report)
    section = next(
        s
        for s in report.sections.order_by("position")
        if offices[s.pk] and offices[s.pk].code == "11002.kt" and "dkkd.total" in s.indicators
    )

    log_in(page, base, "thachkhoi.kinhte")
    panel = page.locator("section.my-work")
    expect(panel).to_contain_text("Phòng Kinh tế")
    expect(panel).to_contain_text("Hạn nộp nội bộ: 14/11/2025")
    page.screenshot(path=screenshots / "office-01-trang-chu.png", full_page=True)

    # Write a figure of the section (the editor saves on leaving the field).
    panel.locator(f'a[href="/bao-cao/{report.pk}/soan/?muc={section.pk}"]').first.click()
    field = page.locator('table.figures input.fig[data-code="dkkd.total"]')
    field.fill("61")
    field.press("Tab")
    expect(page.locator("#save-state")).to_contain_text("Đã lưu")
    assert Value.objects.get(report=report, indicator__code="dkkd.total").value == 61
    page.screenshot(path=screenshots / "office-02-soan-muc.png")

    # Mark it done from the home page.
    page.goto(f"{base}/")
    page.get_by_role("button", name=f"Đánh dấu đã xong: {section.title}").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi trạng thái")
    assert Contribution.objects.get(section=section).state == Contribution.DONE
    page.get_by_role("button", name="Đăng xuất").click()

    # The văn phòng's board shows it done, by whom.
    log_in(page, base, "thachkhoi")
    page.goto(f"{base}/bao-cao/{report.pk}/don-vi-soan/")
    row = page.locator(f"tr#muc-{section.pk}")
    expect(row).to_contain_text("Đã xong")
    expect(row).to_contain_text("Phạm Văn Hùng")
    expect(row).to_contain_text("Phòng Kinh tế")
    page.screenshot(path=screenshots / "office-03-bang-tien-do.png", full_page=True)
    row.get_by_label(f"Lý do trả lại mục {section.title}").fill("Bổ sung số hộ kinh doanh mới")
    row.get_by_role("button", name="Trả lại").click()
    expect(page.locator(f"tr#muc-{section.pk}")).to_contain_text("Trả lại: Bổ sung số hộ")
