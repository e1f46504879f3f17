"""API clients: a token per user, sent the way a program sends it."""

import pytest
from django.core.cache import cache
from django.test import Client

from api.services import token_create


class ApiClient:
    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data=None):
        return self.client.post(
            f"/api/v1{path}", data or {}, content_type="application/json", headers=self.headers
        )

    def upload(self, path: str, data: dict):
        return self.client.post(f"/api/v1{path}", data, headers=self.headers)

    def patch(self, path: str, data):
        return self.client.patch(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    """The rate limit counts in the cache, which outlives each test's database: every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    """`api_client(user)`: a client carrying a fresh token of that user."""

    def make(user) -> ApiClient:
        _, secret = token_create(user=user, name="Essai", days=30)
        return ApiClient(secret)

    return make
