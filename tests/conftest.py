"""Fixtures shared by the whole suite: no network, the shipped calls, one user per role, the demo, the browser."""

import importlib
import os
import shutil
import socket
import tempfile
from pathlib import Path

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
    _reference_data_load()


def _reference_data_load():
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


def _rows_by_model() -> dict:
    from django.apps import apps

    return {
        model: list(model._base_manager.order_by("pk"))
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """The demo built once per session (it takes seconds): the rows it adds and the files it writes are kept, and
    the database is rolled back, so that the tests that do not ask for the demo never see it."""
    from django.db import transaction
    from django.test import override_settings

    from demo.accounts import demo_load

    media = Path(tempfile.mkdtemp(prefix="qvct-test-demo-media-"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        _reference_data_load()
        before = {model: {row.pk for row in rows} for model, rows in _rows_by_model().items()}
        demo_load()
        added = {
            model: [row for row in rows if row.pk not in before[model]]
            for model, rows in _rows_by_model().items()
        }
        transaction.set_rollback(True)
    yield {model: rows for model, rows in added.items() if rows}, media
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def demo(db, _demo_snapshot, settings):
    """The demo data set (`qvct demo`), put back from the session's snapshot into this test's transaction."""
    from django.core.management.color import no_style
    from django.db import connection

    added, media = _demo_snapshot
    # Foreign keys are checked at commit (deferred), so the order of the tables does not matter. A raw insert,
    # as `loaddata` does: the rows keep their dates (no `auto_now_add`) and no `save()` or signal runs.
    for model, rows in added.items():
        fields = model._meta.local_concrete_fields
        size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
        for start in range(0, len(rows), size):
            model._base_manager._insert(rows[start : start + size], fields=fields, raw=True)
    # Rows come back with their ids: PostgreSQL's sequences must move past them (SQLite needs nothing).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(added)):
            cursor.execute(sql)
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)


def pytest_collection_modifyitems(config, items):
    # Browser journeys last: the fast suite gives its verdict first.
    items.sort(key=lambda item: "browser" in item.keywords)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.test")
