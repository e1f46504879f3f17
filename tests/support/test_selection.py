"""The selection of the Normandie candidacies: interview first, decisions through the transition table, letters."""

import html

import pytest
from django.urls import reverse

from dossiers.enums import DossierStatus
from dossiers.models import Dossier, DossierEvent
from dossiers.services import DossierError
from funding.models import Letter, NotificationBatch
from review import committee
from review.models import Interview
from support import letters
from support.enums import SelectionOutcome
from support.models import Selection
from support.selection import selection_decide
from tests.accounts.factories import UserFactory

from .conftest import candidacy

pytestmark = pytest.mark.django_db


def test_a_candidacy_is_retained_only_after_the_interview(normandie, manager):
    dossier = candidacy(normandie, manager, "14", interviewed=False)
    with pytest.raises(DossierError, match="entretien préalable"):
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.ADMISSIBLE


def test_each_decision_goes_through_the_transition_table_with_its_event(candidacies, manager):
    retained, waiting, declined = candidacies[:3]
    selection_decide(dossier=retained, user=manager, outcome="retained")
    selection_decide(dossier=waiting, user=manager, outcome="waitlisted")
    selection_decide(dossier=declined, user=manager, outcome="declined", reason="Projet trop tôt.")
    statuses = [Dossier.objects.get(pk=d.pk).status for d in (retained, waiting, declined)]
    assert statuses == [DossierStatus.SELECTED, DossierStatus.WAITLISTED, DossierStatus.NOT_SELECTED]
    assert set(
        DossierEvent.objects.filter(dossier__in=candidacies[:3]).values_list("transition", flat=True)
    ) >= {
        "retain_candidacy",
        "waitlist_candidacy",
        "decline_candidacy",
    }


def test_not_retaining_needs_a_reason(candidacies, manager):
    with pytest.raises(DossierError, match="motif"):
        selection_decide(dossier=candidacies[0], user=manager, outcome="declined", reason=" ")
    assert not Selection.objects.exists()


def test_the_waiting_list_may_be_retained_later(candidacies, manager):
    dossier = candidacies[0]
    selection_decide(dossier=dossier, user=manager, outcome="waitlisted")
    selection_decide(dossier=dossier, user=manager, outcome="retained")
    assert Selection.objects.get(dossier=dossier).outcome == SelectionOutcome.RETAINED


def test_the_establishment_sees_recevable_until_the_letter(client, candidacies, manager):
    dossier = candidacies[0]
    selection_decide(dossier=dossier, user=manager, outcome="waitlisted")
    assert Dossier.objects.get(pk=dossier.pk).public_status == DossierStatus.ADMISSIBLE


def test_the_aract_sits_on_the_committee_and_scores_the_four_criteria(client, candidacies, manager, aract):
    assert aract in committee.committee_members(candidacies[0].call)
    committee.committee_assign(dossiers=[candidacies[0]], members=[aract], user=manager)
    client.force_login(aract)
    page = client.get(reverse("review:score", args=[candidacies[0].reference])).content.decode()
    assert "Capacité à collaborer efficacement" in page and "Entretien préalable avec l'ARACT" in page
    data = {f"score_{c.code}": "4" for c in candidacies[0].call.spec.criteria}
    client.post(reverse("review:score", args=[candidacies[0].reference]), {**data, "operation": "submit"})
    [row] = [r for r in committee.ranking(candidacies[0].call) if r.dossier.pk == candidacies[0].pk]
    assert row.mean is not None and len(candidacies[0].call.spec.criteria) == 4


def test_the_aract_reads_the_whole_candidacy_before_the_interview(client, normandie, manager, aract):
    dossier = candidacy(normandie, manager, "14", admissible=False, interviewed=False)
    client.force_login(aract)
    page = client.get(reverse("review:interview", args=[dossier.reference])).content.decode()
    assert "La candidature" in page and "Trinôme" in page and "Pièces jointes" in page
    document = dossier.documents.first()
    if document:
        preview = client.get(reverse("review:document_preview", args=[dossier.reference, document.pk]))
        assert preview.status_code == 200


def test_the_manager_decides_from_the_selection_page(client, candidacies, manager):
    client.force_login(manager)
    url = reverse("support:selection", args=[candidacies[0].call.code])
    assert candidacies[0].establishment.display_name in client.get(url).content.decode()
    dossier = candidacies[0]
    client.post(
        reverse("support:decide", args=[dossier.call.code, dossier.reference]),
        {f"d{dossier.pk}-outcome": "retained", f"d{dossier.pk}-reason": ""},
    )
    assert Selection.objects.get(dossier=dossier).outcome == SelectionOutcome.RETAINED


def test_a_decision_without_interview_is_refused_on_the_page_in_french(client, normandie, manager):
    dossier = candidacy(normandie, manager, "14", interviewed=False)
    client.force_login(manager)
    response = client.post(
        reverse("support:decide", args=[dossier.call.code, dossier.reference]),
        {f"d{dossier.pk}-outcome": "retained"},
        follow=True,
    )
    assert "qu'après l'entretien préalable" in html.unescape(response.content.decode())
    assert not Selection.objects.exists()


def test_the_letters_batch_writes_sends_and_notifies_every_decided_candidacy(
    candidacies, manager, mailoutbox
):
    for dossier, outcome in zip(candidacies[:3], ("retained", "waitlisted", "declined"), strict=True):
        selection_decide(dossier=dossier, user=manager, outcome=outcome, reason="Motif du comité.")
    mailoutbox.clear()
    batch = letters.selection_letters_launch(call=candidacies[0].call, user=manager)
    batch.refresh_from_db()
    assert (batch.done, batch.total) == (3, 3) and batch.finished_at and not batch.error
    assert {Dossier.objects.get(pk=d.pk).status for d in candidacies[:3]} == {DossierStatus.NOTIFIED}
    assert Letter.objects.count() == 3 and len(mailoutbox) == 3
    assert any("liste d'attente" in m.body for m in mailoutbox)
    with pytest.raises(DossierError, match="Aucune candidature à notifier"):
        letters.selection_letters_launch(call=candidacies[0].call, user=manager)


def test_the_letter_carries_the_call_mention_and_the_outcome(candidacies, manager):
    selection = selection_decide(dossier=candidacies[0], user=manager, outcome="waitlisted")
    text = html.unescape(
        letters.letter_html(candidacies[0], selection, candidacies[0].call.spec.calendar.program_start)
    )
    assert "liste d'attente" in text and "avec le soutien de l'ARS Normandie et de l'ARACT" in text


def test_the_porteur_reads_its_selection_letter(client, candidacies, manager):
    dossier = candidacies[0]
    selection_decide(dossier=dossier, user=manager, outcome="retained")
    letters.selection_letters_launch(call=dossier.call, user=manager)
    porteur = dossier.created_by
    client.force_login(porteur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Décision du comité de sélection" in page and "Candidature : retenu" in page
    assert NotificationBatch.objects.count() == 1


def test_the_letters_page_shows_the_progress(client, candidacies, manager):
    selection_decide(dossier=candidacies[0], user=manager, outcome="retained")
    client.force_login(manager)
    client.post(reverse("support:letters", args=[candidacies[0].call.code]))
    page = client.get(reverse("support:letters", args=[candidacies[0].call.code])).content.decode()
    assert "1 lettre(s) sur 1" in page


def test_a_committee_member_of_another_kind_cannot_be_assigned_a_funding_dossier(clact, manager):
    aract = UserFactory(aract=True, regions=["44"])
    assert aract not in committee.committee_members(clact)


def test_an_interview_record_is_required_with_its_opinion(normandie, manager, aract):
    dossier = candidacy(normandie, manager, "50", interviewed=False)
    Interview.objects.create(dossier=dossier, scheduled_on="2024-01-10", mode="visio", by=aract)
    with pytest.raises(DossierError, match="avis compris"):
        selection_decide(dossier=dossier, user=manager, outcome="retained")


def test_the_selection_page_runs_a_flat_number_of_queries(client, normandie, manager):
    from tests.helpers import assert_flat_queries

    client.force_login(manager)
    candidacy(normandie, manager, "14")

    def grow():
        dossier = candidacy(normandie, manager, "50")
        selection_decide(dossier=dossier, user=manager, outcome="waitlisted")

    assert_flat_queries(client, reverse("support:selection", args=[normandie.code]), grow)


def test_a_stopped_batch_of_selection_letters_resumes_from_its_page(
    client, candidacies, manager, mailoutbox, monkeypatch
):
    for dossier, outcome in zip(candidacies[:3], ("retained", "waitlisted", "declined"), strict=True):
        selection_decide(dossier=dossier, user=manager, outcome=outcome, reason="Motif du comité.")
    mailoutbox.clear()
    rendered = []

    def render(html):
        rendered.append(html)
        if len(rendered) == 2:
            raise RuntimeError("rendu interrompu")
        return b"%PDF-1.7 lettre"

    monkeypatch.setattr(letters, "render_pdf", render)
    code = candidacies[0].call.code
    batch = letters.selection_letters_launch(call=candidacies[0].call, user=manager)
    batch.refresh_from_db()
    assert (batch.done, batch.total, Letter.objects.count(), len(mailoutbox)) == (1, 3, 1, 1)
    client.force_login(manager)
    assert "Relancer le lot" in client.get(reverse("support:letters", args=[code])).content.decode()
    client.post(reverse("support:letters_resume", args=[code, batch.pk]))
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.error) == (3, 3, "") and batch.finished_at
    assert Letter.objects.count() == 3 and len(mailoutbox) == 3
    assert {Dossier.objects.get(pk=d.pk).status for d in candidacies[:3]} == {DossierStatus.NOTIFIED}
