"""Fixtures shared by the whole suite: no network, the shipped calls, one user per role, the browser."""

import importlib
import os
import socket

import pytest

from accounts.enums import Role
from tests.accounts.factories import UserFactory
from tests.calls.factories import load_shipped_calls


@pytest.fixture(autouse=True)
def _no_outbound_network(monkeypatch):
    """Every outbound connection fails the test; only this machine's loopback is reachable."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"Connexion réseau sortante interdite pendant les tests : {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, the migrations' reference data too: it comes back when missing."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    transactional = (
        marker is not None and marker.kwargs.get("transaction")
    ) or "transactional_db" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from referential.models import Region

    if not Region.objects.exists():
        importlib.import_module("referential.migrations.0002_territories_and_legal_statuses").load(apps, None)


@pytest.fixture
def calls(db):
    return load_shipped_calls()


@pytest.fixture
def users(db):
    """One user per role (agents in Grand Est, the ARACT facilitator in Normandie)."""
    return {role: UserFactory(role=role) for role in Role}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(config, items):
    # Browser journeys last: the fast suite gives its verdict first.
    items.sort(key=lambda item: "browser" in item.keywords)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.test")
