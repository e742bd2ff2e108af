"""Secret key, deploy check, CSP, error pages, sessions, passwords, /healthz."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from baocao import health, secret_key
from baocao.accounts.models import Membership
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "matkhau-thu-123"


def baocao(*args, env=None, timeout=120):
    unset = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")  # tests/conftest.py sets the last
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "baocao", *args],
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


# -- the secret key -----------------------------------------------------------------


def test_the_key_is_random_kept_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key.load_or_create(tmp_path)
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 50 and str(tmp_path) not in first and "dev" not in first
    assert secret_key.load_or_create(tmp_path) == first
    other = tmp_path / "other"
    other.mkdir()
    assert secret_key.load_or_create(other) != first


def test_a_configured_key_wins_and_no_file_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 60)
    assert secret_key.load_or_create(tmp_path) == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_the_app_signs_with_the_stored_key_across_restarts(tmp_path):
    env = {"BAOCAO_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = baocao("shell", "-c", code, env=env)
    second = baocao("shell", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    key = first.stdout.split()[-1]
    assert key == second.stdout.split()[-1] == (tmp_path / "secret_key").read_text().strip()
    assert str(tmp_path) not in key


def test_serve_refuses_an_outside_address_without_a_configured_key(tmp_path):
    env = {"BAOCAO_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = baocao("serve", "--host", "0.0.0.0", "--port", "8106", "--no-demo", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY" in result.stderr and "Không chạy" in result.stderr


# -- `baocao check` -----------------------------------------------------------------

PRODUCTION = {
    "SECRET_KEY": "k9-" + "x7Qp2" * 12,
    "BAOCAO_HTTPS": "1",
    "ALLOWED_HOSTS": "baocao.haiphong.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://baocao.haiphong.gov.vn",
}


def test_check_deploy_runs_djangos_checks_clean_for_the_documented_settings(tmp_path):
    env = {**PRODUCTION, "BAOCAO_VAR": str(tmp_path)}
    result = baocao("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Without the production settings Django's deploy check does complain.
    loose = baocao(
        "check", "--deploy", "--fail-level", "WARNING", env={"BAOCAO_VAR": str(tmp_path)}
    )
    assert loose.returncode == 1 and "security.W012" in loose.stderr + loose.stdout


def test_check_file_still_checks_a_facts_file(tmp_path):
    facts = ROOT / "baocao/data/seeds/002_c69ecaed7d58e06f.facts.yaml"
    # A database of its own: the one DATABASE_URL names need not exist during a test run.
    env = {"BAOCAO_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = baocao("check", str(facts), env=env)
    assert result.returncode == 1  # the seed's revenue error
    assert "lỗi" in result.stdout


# -- headers, pages -------------------------------------------------------------------


def test_every_page_has_a_csp_without_inline_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script and "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in (ROOT / "baocao").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert offenders == []


def test_not_found_is_a_vietnamese_page(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_missing_csrf_token_is_a_vietnamese_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_a_lost_database_is_a_503_and_other_errors_a_vietnamese_500():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = health.server_error(request)
    assert response.status_code == 503 and "tạm thời gián đoạn" in response.content.decode()
    try:
        raise ValueError("boom")
    except ValueError:
        response = health.server_error(request)
    assert response.status_code == 500 and "Có lỗi ở máy chủ" in response.content.decode()


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_session_lasts_a_working_day_and_slides(db, monkeypatch):
    """The end moves with the clerk's work, but the session row is written again only
    every few minutes, not on every request (one transaction less per request)."""
    from django.contrib.sessions.models import Session

    from baocao.accounts import sessions

    user = make_user()
    client = Client()
    assert (
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 9 * 3600
    key = cookie.value
    first = Session.objects.get(session_key=key).expire_date
    soon = client.get(reverse("home"))
    assert soon.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in soon.cookies  # no write right after login
    assert Session.objects.get(session_key=key).expire_date == first
    later = sessions.clock() + sessions.REFRESH_SECONDS + 1
    monkeypatch.setattr(sessions, "clock", lambda: later)
    slid = client.get(reverse("home"))
    assert int(slid.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 9 * 3600  # sent again
    assert Session.objects.get(session_key=key).expire_date > first  # the end moved


# -- passwords --------------------------------------------------------------------------


def test_every_user_can_change_their_password(db):
    user = make_user()
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mat-khau-moi-2026",
            "new_password2": "mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-2026")
    assert "Đổi mật khẩu" in client.get(reverse("home")).content.decode()


def test_the_units_administrator_resets_a_members_password(db):
    admin = make_user("11560", Membership.ADMIN)
    clerk = make_user("11560", Membership.CLERK)
    stranger = make_user("11002", Membership.CLERK)
    client = Client()
    client.force_login(admin)
    assert clerk.username in client.get(reverse("unit_users", args=["11560"])).content.decode()
    new = {"new_password1": "dat-lai-2026-x", "new_password2": "dat-lai-2026-x"}
    response = client.post(reverse("reset_password", args=["11560", clerk.pk]), new)
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("dat-lai-2026-x")
    # Not a member of the unit: not found; not the unit's administrator: forbidden.
    assert (
        client.post(reverse("reset_password", args=["11560", stranger.pk]), new).status_code == 404
    )
    assert client.get(reverse("unit_users", args=["11002"])).status_code == 403
    other = Client()
    other.force_login(clerk)
    assert other.post(reverse("reset_password", args=["11560", admin.pk]), new).status_code == 403
