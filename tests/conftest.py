"""Fixtures shared by the whole suite: no network, the shipped calls, one user per role, a filed dossier and a
scored campaign, the demo."""

import datetime as dt
import importlib
import os
import shutil
import socket
import tempfile
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from accounts.enums import Role
from agreements import services as agreements
from agreements.models import Convention
from dossiers import services as dossier_services
from dossiers.models import Dossier
from dossiers.services import dossier_start
from funding import notifications
from funding import services as funding_services
from monitoring.models import FollowUp
from review import committee
from review import services as review
from review.models import CommitteeAssignment
from tests.accounts.factories import UserFactory
from tests.calls.factories import load_shipped_calls, open_call
from tests.dossiers.builders import complete_clact
from tests.dossiers.files import pdf_upload
from tests.helpers import receipts_undrawn
from tests.referential.factories import EstablishmentFactory


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
    from django.db import connection, transaction

    added, media = _demo_snapshot
    # Foreign keys are checked at commit (deferred), so the order of the tables does not matter (in one
    # transaction, for the transactional tests too). A raw insert, as `loaddata` does: the rows keep their dates
    # (no `auto_now_add`) and no `save()` or signal runs.
    with transaction.atomic():
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


# Shared by the dossiers, review, funding, agreements, mailing and PDF tests: a call, a porteur and their dossier,
# filed; an instructor; a scored campaign of two admissible dossiers and its chosen scenario.


@pytest.fixture
def clact(db, tmp_path):
    """The CLACT call, open for another 30 days."""
    return open_call(tmp_path / "clact", code="clact-grand-est-2024")


@pytest.fixture
def normandie(db, tmp_path):
    return open_call(tmp_path / "normandie", code="aac-normandie-2024")


@pytest.fixture
def porteur(db):
    return UserFactory(establishment=EstablishmentFactory(finess="670000272", name="CH DE SELESTAT"))


@pytest.fixture
def dossier(clact, porteur):
    return dossier_start(call=clact, establishment=porteur.establishments.get(), user=porteur)[0]


@pytest.fixture
def instructor(db):
    return UserFactory(instructor=True, regions=["44"], first_name="Inès", last_name="Truc")


@pytest.fixture
def filed(dossier, porteur, mailoutbox):
    """A complete CLACT dossier, filed; the receipt e-mail is cleared."""
    complete_clact(dossier, porteur)
    with receipts_undrawn():
        filed, _ = dossier_services.dossier_submit(dossier=dossier, user=porteur)
    mailoutbox.clear()
    return filed


@pytest.fixture
def on_commit_now(monkeypatch):
    """Tests run inside a transaction that never commits: the e-mails sent on commit go out at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, regions=["44"])


@pytest.fixture
def campaign(clact, filed, instructor, manager):
    """Two admissible dossiers (Bas-Rhin, Moselle), scored 16/20 and 8/20 by one member."""
    moselle = UserFactory(establishment=EstablishmentFactory(department_code="57"))
    other, _ = dossier_services.dossier_start(
        call=clact, establishment=moselle.establishments.get(), user=moselle
    )
    complete_clact(other, moselle)
    with receipts_undrawn():
        other, _ = dossier_services.dossier_submit(dossier=other, user=moselle)
    member = UserFactory(committee=True, regions=["44"])
    dossiers = []
    for item, value in ((filed, 4), (other, 2)):
        review.dossier_decide(dossier=item, user=instructor, admissible=True, reason="")
        item = Dossier.objects.get(pk=item.pk)
        committee.committee_assign(dossiers=[item], members=[member], user=manager)
        assignment = CommitteeAssignment.objects.get(dossier=item)
        for criterion in clact.spec.criteria:
            committee.score_save(assignment=assignment, criterion=criterion.code, score=value, comment="")
        committee.scores_submit(assignment=assignment)
        dossiers.append(item)
    return dossiers


@pytest.fixture
def chosen(clact, campaign, manager):
    scenario = funding_services.scenario_run(
        call=clact,
        user=manager,
        name="Serré",
        envelope=Decimal(15000),
        method="optimal",
        partial=False,
        floors={},
    )
    funding_services.scenario_choose(scenario=scenario, user=manager)
    scenario.refresh_from_db()
    return scenario


@pytest.fixture
def listener():
    """A local HTTP listener that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    hits.append(connection.recv(1000))
                    connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/css\r\n\r\np{color:red}")
                except OSError:
                    hits.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", hits
    stop.set()
    thread.join()
    server.close()


def pytest_collection_modifyitems(config, items):
    # Browser journeys last: the fast suite gives its verdict first.
    items.sort(key=lambda item: "browser" in item.keywords)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.test")


# The funding campaign taken to a signed convention (12 000 € on 24 000 € at 50 %), then to its follow-up.
AFTER = dt.date(2024, 10, 11)
SIGNED_ON = dt.date(2024, 10, 15)


@pytest.fixture
def follow_up(clact, chosen, campaign, manager, porteur):
    funding_services.decisions_prepare(scenario=chosen, user=manager)
    funding_services.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    agreements.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    agreements.convention_sign(
        convention=convention,
        user=porteur,
        side="establishment",
        signed_on=SIGNED_ON,
        upload=pdf_upload("s.pdf"),
    )
    agreements.convention_sign(convention=convention, user=manager, side="agency", signed_on=SIGNED_ON)
    return FollowUp.objects.select_related("dossier__call").get(
        dossier=Dossier.objects.get(pk=convention.dossier_id)
    )
