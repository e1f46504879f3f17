"""Decisions go back to DS once each, after the commit, retried with a growing delay, written in the history."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.models import Dossier
from funding import notifications
from funding import services as funding
from integrations.models import DsDossier, DsWriteBack, WriteBackOperation
from integrations.writeback import writebacks_send_due
from review import services as review
from tests.accounts.factories import UserFactory

from .fake_ds import FakeDs
from .test_sync import _client

pytestmark = pytest.mark.django_db
AFTER = dt.date(2024, 10, 11)


@pytest.fixture
def fake():
    return FakeDs(demarche=4242)


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    """The immediate task backend would call the network at once: the tests send through the fake instead."""
    monkeypatch.setattr("integrations.writeback.enqueue_writebacks", lambda: None)


def _from_ds(dossier: Dossier, number: int, fake: FakeDs) -> DsDossier:
    fake.dossiers.append({"number": number, "id": f"RG9zc2llci0{number}", "state": "en_construction"})
    return DsDossier.objects.create(
        call=dossier.call,
        number=number,
        ds_id=f"Dossier-{number}",
        dossier=dossier,
        state="en_construction",
        raw={},
    )


def _mutations(fake: FakeDs, name: str) -> list[dict]:
    return [payload for mutation, payload in fake.mutations if mutation == name]


def test_an_accepted_dossier_calls_accepter_once_with_its_letter_even_after_a_failed_first_call(
    clact, chosen, campaign, manager, fake, on_commit_now
):
    accepted = campaign[0]
    _from_ds(accepted, 11, fake)
    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    assert DsWriteBack.objects.filter(ds_dossier__number=11, operation=WriteBackOperation.ACCEPT).count() == 1
    # DS is down when the acceptance is first sent (the passage in instruction before it goes through).
    fake.failing_mutations["Accepter"] = 1
    now = timezone.now()
    writebacks_send_due(client=_client(fake), now=now)
    accept = DsWriteBack.objects.get(ds_dossier__number=11, operation=WriteBackOperation.ACCEPT)
    assert accept.done_at is None and accept.attempts == 1 and "502" in accept.last_error
    assert accept.next_attempt_at > now
    # Nothing is retried before its time; then it goes, once.
    writebacks_send_due(client=_client(fake), now=now + dt.timedelta(seconds=10))
    writebacks_send_due(client=_client(fake), now=now + dt.timedelta(hours=1))
    writebacks_send_due(client=_client(fake), now=now + dt.timedelta(hours=2))
    calls = _mutations(fake, "dossierAccepter")
    assert len(calls) == 1
    assert calls[0]["dossierId"] == "Dossier-11" and calls[0]["justificatif"] == "signed-1"
    assert "retenu" in calls[0]["motivation"]
    assert fake.uploads and fake.uploads[0][1].startswith(b"%PDF")
    history = Dossier.objects.get(pk=accepted.pk).events.filter(summary__startswith="Transmis à Démarches")
    assert {event.summary for event in history} >= {"Transmis à Démarches Simplifiées : acceptation"}


def test_an_inadmissible_dossier_goes_in_instruction_then_is_refused_with_its_reasons(
    filed, fake, on_commit_now
):
    _from_ds(filed, 12, fake)
    instructor = UserFactory(instructor=True, regions=["44"])
    review.dossier_decide(dossier=filed, user=instructor, admissible=False, reason="Pièces manquantes.")
    writebacks_send_due(client=_client(fake))
    assert [name for name, _ in fake.mutations] == ["dossierPasserEnInstruction", "dossierRefuser"]
    assert _mutations(fake, "dossierRefuser")[0]["motivation"] == "Pièces manquantes."


def test_a_dossier_not_taken_from_ds_sends_nothing(filed, fake, on_commit_now):
    instructor = UserFactory(instructor=True, regions=["44"])
    review.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    assert not DsWriteBack.objects.exists()


def test_a_refusal_waits_for_the_passage_in_instruction(filed, fake, on_commit_now):
    _from_ds(filed, 13, fake)
    instructor = UserFactory(instructor=True, regions=["44"])
    review.dossier_decide(dossier=filed, user=instructor, admissible=False, reason="Hors délai.")
    fake.failing_mutations["PasserEnInstruction"] = 1
    writebacks_send_due(client=_client(fake))
    assert _mutations(fake, "dossierRefuser") == []
