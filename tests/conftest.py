"""Shared test set-up: the demo is loaded once per test database (session), since
most behaviour is best shown on it; each test runs in a rolled-back transaction."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from baocao.demo.load import load_demo

    with django_db_blocker.unblock():
        load_demo()


def pytest_configure(config):
    """Hashing a password properly takes half a second: tests use a fast hasher."""
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
