from django.test import Client
from django.urls import reverse

from baocao.accounts.models import LoginFailure
from tests.factories import make_user

PASSWORD = "matkhau-thu-123"  # tests/factories.make_user


def login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_block_the_right_one_with_a_vietnamese_message(db):
    user = make_user(username="canbo.thu")
    client = Client()
    for _ in range(5):
        page = login(client, "canbo.thu", "sai-mat-khau").content.decode()
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in page
    response = login(client, "canbo.thu", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="canbo.thu").count() == 5  # refusals not counted
    assert user.pk


def test_four_failures_then_the_right_password_logs_in_and_clears_the_count(db):
    make_user(username="canbo.hai")
    client = Client()
    for _ in range(4):
        login(client, "canbo.hai", "sai")
    response = login(client, "canbo.hai", PASSWORD)
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="canbo.hai").exists()


def test_the_block_is_per_address(db):
    make_user(username="canbo.ba")
    for _ in range(5):
        login(Client(REMOTE_ADDR="10.0.0.1"), "canbo.ba", "sai")
    assert login(Client(REMOTE_ADDR="10.0.0.2"), "canbo.ba", PASSWORD).status_code == 302


def test_the_admin_login_is_limited_too(db):
    make_user(username="canbo.bon", is_staff=True)
    client = Client()
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "canbo.bon", "password": "sai"})
    client.post(reverse("admin:login"), {"username": "canbo.bon", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
