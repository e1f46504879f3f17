"""The DS sync takes every dossier in once, whatever the pages, the reruns and the interruptions."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.enums import DossierStatus
from dossiers.models import Document, Dossier
from integrations import sync as sync_module
from integrations.ds_client import DsClient, DsError
from integrations.models import DsDossier, DsSync
from integrations.sync import SyncBusy, ds_sync
from review import services as review
from tests.accounts.factories import UserFactory

from .conftest import ds_node

pytestmark = pytest.mark.django_db


def _client(fake) -> DsClient:
    return DsClient(token="jeton", url="https://ds.invalid/api/v2/graphql", transport=fake.transport())


def _picture() -> list:
    """What the sync left, independent of ids: per DS number, the dossier's content and its documents."""
    return sorted(
        (
            d.ds_dossier.number,
            d.status,
            d.headcount,
            d.scope,
            d.actions.count(),
            sorted(doc.original_name for doc in d.documents.all()),
        )
        for d in Dossier.objects.filter(ds_dossier__isnull=False)
    )


@pytest.mark.parametrize("page_size", [50, 17])
def test_fifty_dossiers_over_one_page_or_three_give_the_same_result(ds_call, fake_ds, page_size):
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=page_size)
    picture = _picture()
    state = DsSync.objects.get(call=ds_call)
    assert state.done == 50 and not state.failed
    assert sum(
        1 for request in fake_ds.requests if "DossiersPage" in request["query"]
    ) == 50 // page_size + 1 - (50 % page_size == 0)
    # The same picture both ways: every dossier filed, with its content, its action and its three files.
    assert picture == [
        (
            number,
            DossierStatus.SUBMITTED,
            950,
            "Pôle gériatrie et SSR",
            1,
            ["devis.pdf", "duerp.pdf", "rib.pdf"],
        )
        for number in range(1, 51)
    ]


def test_a_second_run_creates_nothing(ds_call, fake_ds):
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    before = (Dossier.objects.count(), Document.objects.count(), _picture())
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    assert (Dossier.objects.count(), Document.objects.count(), _picture()) == before
    # The second run asks DS only for what changed since the first one started.
    last = [r for r in fake_ds.requests if "DossiersPage" in r["query"]][-1]
    assert last["variables"]["updatedSince"]


def test_reading_every_page_again_changes_nothing(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    before = (Dossier.objects.count(), Document.objects.count(), _picture())
    DsSync.objects.filter(call=ds_call).update(since=None, cursors={})
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    assert (Dossier.objects.count(), Document.objects.count(), _picture()) == before


class Killed(BaseException):
    """The process dies: no handler runs, the lock stays, the cursor is the last one saved."""


def test_a_sync_killed_mid_page_and_restarted_loses_and_duplicates_nothing(ds_call, fake_ds, monkeypatch):
    real = sync_module.dossier_take
    taken = []

    def dying(**kwargs):
        if len(taken) == 27:  # the 8th dossier of the second page of 20
            raise Killed
        taken.append(kwargs["node"]["number"])
        return real(**kwargs)

    monkeypatch.setattr(sync_module, "dossier_take", dying)
    with pytest.raises(Killed):
        ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    state = DsSync.objects.get(call=ds_call)
    assert Dossier.objects.count() == 27 and "dossiers" in state.cursors
    # Restarting at once is refused: the lock holds until it expires.
    monkeypatch.setattr(sync_module, "dossier_take", real)
    with pytest.raises(SyncBusy):
        ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    later = timezone.now() + dt.timedelta(hours=1)
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20, now=lambda: later)
    assert Dossier.objects.count() == 50
    assert sorted(number for number, *_ in _picture()) == list(range(1, 51))
    assert Document.objects.count() == 150


def test_a_ds_outage_mid_run_keeps_the_stored_pages_and_the_next_run_goes_on(ds_call, fake_ds):
    fake_ds.fail_after_pages = 1
    with pytest.raises(DsError):
        ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    state = DsSync.objects.get(call=ds_call)
    assert state.failed and state.locked_until is None and Dossier.objects.count() == 20
    assert "Interrompue" in state.report[-1]
    fake_ds.fail_after_pages = None
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=20)
    assert Dossier.objects.count() == 50
    # The second run started at the page after the last one stored.
    pages = [r["variables"].get("after") for r in fake_ds.requests if "DossiersPage" in r["query"]]
    assert pages[-2] == pages[1]


def test_an_infected_file_is_never_stored_and_is_marked(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    fake_ds.dossiers[0] = ds_node(1, fake_ds.dossiers[0]["demandeur"]["siret"], rib_scan="infected")
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    ds_dossier = DsDossier.objects.get(call=ds_call, number=1)
    assert not Document.objects.filter(dossier=ds_dossier.dossier, original_name="rib.pdf").exists()
    assert "https://fichiers.ds.invalid/1/rib.pdf" not in fake_ds.downloads
    assert any("rib.pdf" in warning and "infectée" in warning for warning in ds_dossier.warnings)


def test_one_unreadable_champ_is_a_warning_and_the_dossier_is_taken_in(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    fake_ds.dossiers[0] = ds_node(1, fake_ds.dossiers[0]["demandeur"]["siret"], headcount="beaucoup")
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    ds_dossier = DsDossier.objects.select_related("dossier").get(call=ds_call, number=1)
    assert ds_dossier.dossier is not None and ds_dossier.dossier.headcount is None
    assert any("Effectif total" in warning for warning in ds_dossier.warnings)


def test_the_raw_ds_answer_and_state_are_kept(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    ds_dossier = DsDossier.objects.get(call=ds_call, number=7)
    assert ds_dossier.raw["number"] == 7 and ds_dossier.raw["champs"] == fake_ds.dossiers[6]["champs"]
    assert ds_dossier.state == "en_construction"


def test_a_decided_dossier_reimported_keeps_its_decision_and_its_history_shows_the_import(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    dossier = DsDossier.objects.get(call=ds_call, number=3).dossier
    instructor = UserFactory(instructor=True, regions=["44"])
    review.dossier_decide(dossier=dossier, user=instructor, admissible=False, reason="Hors délai.")
    fake_ds.dossiers[2]["champs"][5]["stringValue"] = "Nouveau diagnostic"
    fake_ds.dossiers[2]["dateDerniereModification"] = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.INADMISSIBLE and dossier.decision_reason == "Hors délai."
    assert dossier.diagnostic != "Nouveau diagnostic"
    assert (
        dossier.events.filter(summary__contains="Démarches Simplifiées n° 3")
        .filter(summary__contains="ignoré")
        .exists()
    )


def test_a_dossier_deleted_on_ds_is_withdrawn_while_undecided(ds_call, fake_ds):
    del fake_ds.dossiers[8:]  # a few dossiers are enough here
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    fake_ds.deleted.append(
        {
            "id": "x",
            "number": 4,
            "state": "en_construction",
            "dateSupression": timezone.now().isoformat(),
            "reason": "user_request",
        }
    )
    ds_sync(call=ds_call, client=_client(fake_ds), page_size=50)
    dossier = DsDossier.objects.get(call=ds_call, number=4).dossier
    assert dossier.status == DossierStatus.WITHDRAWN
    assert DsDossier.objects.get(call=ds_call, number=4).deleted_at is not None


def test_a_call_without_a_demarche_is_refused_in_french(clact):
    with pytest.raises(DsError, match="ne déclare pas de démarche"):
        ds_sync(call=clact)


def test_without_a_ds_token_the_run_stops_with_its_reason_and_frees_the_call(ds_call, settings):
    settings.DS_API_TOKEN = ""
    with pytest.raises(DsError, match="n'est pas configuré"):
        ds_sync(call=ds_call)
    state = DsSync.objects.get(call=ds_call)
    assert state.failed and state.locked_until is None and "n'est pas configuré" in state.report[-1]
