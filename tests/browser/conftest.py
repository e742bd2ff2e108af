"""Browser tests: Playwright driving Debian's chromium against pytest-django's live
server. The server thread must see committed rows, so these tests use a
transactional database, which pytest-django empties after each of them; it also
runs them after every test using the ordinary (rolled-back) database. A browser
test that finds the demo gone (emptied by an earlier one) loads it again.

The browser is started and stopped by each test (sync_playwright in a fixture),
not kept for the session: a session-long Playwright keeps an asyncio loop running
in the main thread, and other tests that start their own Playwright would fail."""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests last: the flush after them would empty the demo for the others."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def browser_page():
    """A page of a fresh chromium, at the size of a modest office screen."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (sudo make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
        )
        yield context.new_page()
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The demo in the database: loaded for the session, but emptied by the flush
    after an earlier browser test."""
    from baocao.catalog.models import Unit
    from baocao.demo.load import load_demo

    if not Unit.objects.filter(code="11002").exists():
        load_demo()


@pytest.fixture
def screenshots():
    from django.conf import settings

    folder = Path(settings.VAR_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
