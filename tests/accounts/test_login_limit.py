"""Login lock-out (django-axes): five wrong passwords for one name from one address
lock that name there for 15 minutes; other names and other addresses are unaffected."""

from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "matkhau-thu-123"  # tests/factories.make_user


def login(client: Client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_block_the_right_one_with_a_vietnamese_lock_page(db):
    make_user(username="canbo.thu")
    client = Client()
    for _ in range(4):
        page = login(client, "canbo.thu", "sai-mat-khau").content.decode()
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in page
    locked = login(client, "canbo.thu", "sai-mat-khau")  # the fifth failure locks
    assert locked.status_code == 429
    response = login(client, "canbo.thu", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page and "15 phút" in page
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_logs_in_and_clears_the_count(db):
    make_user(username="canbo.hai")
    client = Client()
    for _ in range(4):
        login(client, "canbo.hai", "sai")
    response = login(client, "canbo.hai", PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="canbo.hai").exists()


def test_the_lock_is_per_address_and_per_name(db):
    make_user(username="canbo.ba")
    make_user(username="canbo.nam")
    for _ in range(5):
        login(Client(REMOTE_ADDR="10.0.0.1"), "canbo.ba", "sai")
    assert login(Client(REMOTE_ADDR="10.0.0.1"), "canbo.ba", PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="10.0.0.2"), "canbo.ba", PASSWORD).status_code == 302
    # Another user behind the same address (a proxy, an office NAT) is not locked out.
    assert login(Client(REMOTE_ADDR="10.0.0.1"), "canbo.nam", PASSWORD).status_code == 302


def test_fifty_failures_for_many_names_do_not_lock_out_a_real_user(db):
    make_user(username="canbo.sau")
    client = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(50):
        login(client, f"doan-ten-{i}", "sai")
    assert login(client, "canbo.sau", PASSWORD).status_code == 302


def test_the_name_is_counted_whatever_its_case_and_spaces(db):
    make_user(username="canbo.bay")
    for name in ("canbo.bay", "CanBo.Bay", " canbo.bay ", "CANBO.BAY", "canbo.bay"):
        login(Client(), name, "sai")
    assert login(Client(), "canbo.bay", PASSWORD).status_code == 429


def test_the_admin_login_is_limited_too(db):
    make_user(username="canbo.bon", is_staff=True)
    client = Client()
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "canbo.bon", "password": "sai"})
    client.post(reverse("admin:login"), {"username": "canbo.bon", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@override_settings(BAOCAO_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_the_client_address_comes_from_the_proxy_header(db):
    """The proxy appends the real client: a forged left part does not escape the lock."""
    make_user(username="canbo.tam")
    for forged in range(5):
        login(
            Client(REMOTE_ADDR="127.0.0.1"),
            "canbo.tam",
            "sai",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{forged}, 203.0.113.7",
        )
    from_there = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.7"}
    assert (
        login(Client(REMOTE_ADDR="127.0.0.1"), "canbo.tam", PASSWORD, **from_there).status_code
        == 429
    )
    elsewhere = {"HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert (
        login(Client(REMOTE_ADDR="127.0.0.1"), "canbo.tam", PASSWORD, **elsewhere).status_code
        == 302
    )


def test_without_a_trusted_proxy_a_forged_header_is_ignored(db):
    make_user(username="canbo.chin")
    for forged in range(5):
        login(Client(), "canbo.chin", "sai", HTTP_X_FORWARDED_FOR=f"1.2.3.{forged}")
    assert login(Client(), "canbo.chin", PASSWORD).status_code == 429
