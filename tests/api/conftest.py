"""API tests: demo users with tokens, a client that sends them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from baocao.api.tokens import create_token


def pytest_collection_modifyitems(config, items):
    """Tests over a live server last (with the browser tests): the flush after them
    empties the demo, which the `demo` fixture then loads again."""
    items.sort(
        key=lambda item: (
            "live_server" in getattr(item, "fixturenames", ())
            or item.get_closest_marker("browser") is not None
        )
    )


def token_for(username: str, **options) -> str:
    user = get_user_model().objects.get(username=username)
    return create_token(user, **options)[1]


class Api:
    """The Django test client with a Bearer token, speaking JSON."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        headers = {**self.headers, **params.pop("headers", {})}
        return self.client.get("/api/v1" + path, params, headers=headers)

    def post(self, path: str, body=None, *, if_match: str | None = None, query: str = "", **kw):
        headers = {**self.headers, **kw.pop("headers", {})}
        if if_match is not None:
            headers["If-Match"] = if_match
        content_type = kw.pop("content_type", "application/json")
        data = body if isinstance(body, (str, bytes)) else __import__("json").dumps(body or {})
        return self.client.post(
            "/api/v1" + path + (f"?{query}" if query else ""),
            data,
            content_type=content_type,
            headers=headers,
        )


@pytest.fixture
def api_for(client, db):
    def make(username: str | None, **options) -> Api:
        return Api(client, token_for(username, **options) if username else None)

    return make
