# The browser fixtures (chromium page, the demo for a transactional test, screenshots).
from tests.browser.conftest import browser_page, demo, screenshots  # noqa: F401
