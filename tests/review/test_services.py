"""The instruction's writes: complements rounds, re-submission, reminders, lifted findings, decisions."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.enums import DossierStatus, EventKind
from dossiers.models import Dossier, DossierEvent
from dossiers.services import DossierError
from dossiers.workflow import TransitionError
from review import services
from review.services import Part
from tests.accounts.factories import UserFactory
from tests.dossiers.files import pdf_upload

pytestmark = pytest.mark.django_db


def _request(dossier, instructor, parts=("pieces",), days=10):
    return services.complements_request(
        dossier=dossier,
        user=instructor,
        parts=[Part(key, key) for key in parts],
        message="Le DUERP joint date de 2019 : joignez la version à jour.",
        due_date=timezone.localdate() + dt.timedelta(days=days),
    )


def test_complements_request_moves_the_dossier_and_records_the_round(filed, instructor, mailoutbox):
    request = _request(filed, instructor)
    filed.refresh_from_db()
    assert filed.status == DossierStatus.COMPLEMENTS_REQUESTED
    assert filed.complements_parts == ["pieces"]
    assert request.round == 1
    transitions = list(filed.events.filter(kind=EventKind.TRANSITION).values_list("transition", flat=True))
    assert transitions[-2:] == ["start_review", "request_complements"]
    event = filed.events.get(transition="request_complements")
    assert event.actor == instructor and "DUERP" in event.reason and event.data["round"] == 1
    assert len(mailoutbox) == 1 and "Compléments demandés" in mailoutbox[0].subject
    assert "DUERP joint date de 2019" in mailoutbox[0].body


def test_complements_request_refuses_a_due_date_not_in_the_future(filed, instructor):
    with pytest.raises(DossierError, match="postérieure"):
        _request(filed, instructor, days=0)
    filed.refresh_from_db()
    assert filed.status == DossierStatus.SUBMITTED


@pytest.mark.parametrize("days", [181, 2_900_000])
def test_complements_request_refuses_a_due_date_beyond_the_window(filed, instructor, settings, days):
    settings.QVCT_COMPLEMENTS_DUE_MAX_DAYS = 180
    with pytest.raises(DossierError, match="Date limite des compléments : indiquez une date comprise entre"):
        _request(filed, instructor, days=days)
    filed.refresh_from_db()
    assert filed.status == DossierStatus.SUBMITTED


def test_complements_request_refuses_an_empty_list(filed, instructor):
    with pytest.raises(DossierError, match="Cochez"):
        _request(filed, instructor, parts=())


def test_porteur_may_change_only_the_requested_parts(filed, instructor, porteur):
    _request(filed, instructor, parts=("pieces",))
    filed.refresh_from_db()
    dossier_services.document_add(dossier=filed, user=porteur, kind="duerp", upload=pdf_upload("duerp.pdf"))
    with pytest.raises(DossierError, match="Seuls les éléments demandés"):
        dossier_services.dossier_update(
            dossier=filed, user=porteur, section="Projet", values={"scope": "Tout"}
        )
    with pytest.raises(DossierError, match="Seuls les éléments demandés"):
        dossier_services.action_update(
            action=filed.actions.first(), user=porteur, values=dossier_services.ActionValues(title="Autre")
        )


def test_one_requested_action_is_editable_but_not_the_others(filed, instructor, porteur):
    first = filed.actions.first()
    _request(filed, instructor, parts=(f"action:{first.pk}",))
    filed.refresh_from_db()
    assert filed.can_edit(f"action:{first.pk}")
    assert not filed.can_edit("actions")
    assert not filed.can_edit("piece:duerp")
    with pytest.raises(DossierError):
        dossier_services.action_add(
            dossier=filed, user=porteur, values=dossier_services.ActionValues(title="x")
        )


def test_nothing_is_editable_once_the_due_date_has_passed(filed, instructor, porteur):
    _request(filed, instructor, parts=("projet",))
    Dossier.objects.filter(pk=filed.pk).update(complements_due=timezone.localdate() - dt.timedelta(days=1))
    filed.refresh_from_db()
    assert not filed.is_editable
    with pytest.raises(DossierError, match="délai des compléments a expiré"):
        dossier_services.dossier_update(
            dossier=filed, user=porteur, section="Projet", values={"scope": "Tout"}
        )
    with pytest.raises(DossierError, match="expiré"):
        dossier_services.dossier_resubmit(dossier=filed, user=porteur)


def test_resubmit_closes_the_round_and_tells_the_instructor(filed, instructor, porteur, mailoutbox):
    _request(filed, instructor, parts=("projet",))
    filed.refresh_from_db()
    dossier_services.dossier_update(dossier=filed, user=porteur, section="Projet", values={"scope": "Tout"})
    mailoutbox.clear()
    dossier = dossier_services.dossier_resubmit(dossier=filed, user=porteur)
    assert dossier.status == DossierStatus.IN_REVIEW
    assert dossier.complements_parts == []
    assert dossier.complement_requests.get().answered_at is not None
    event = dossier.events.get(transition="resubmit")
    assert event.data["round"] == 1 and event.actor == porteur
    assert [m.to for m in mailoutbox] == [[instructor.email]]
    assert not dossier.can_edit("projet")


def test_a_second_round_is_numbered_two(filed, instructor, porteur):
    _request(filed, instructor)
    dossier = dossier_services.dossier_resubmit(dossier=Dossier.objects.get(pk=filed.pk), user=porteur)
    second = _request(dossier, instructor, parts=("projet",))
    assert second.round == 2
    assert Dossier.objects.get(pk=filed.pk).complements_parts == ["projet"]


def test_reminder_goes_two_days_before_the_due_date_and_only_once(filed, instructor, mailoutbox):
    request = _request(filed, instructor, days=5)
    mailoutbox.clear()
    due = request.due_date
    assert services.reminders_send(today=due - dt.timedelta(days=3)) == 0
    assert services.reminders_send(today=due - dt.timedelta(days=2)) == 1
    assert services.reminders_send(today=due - dt.timedelta(days=2)) == 0
    assert len(mailoutbox) == 1 and "Rappel" in mailoutbox[0].subject
    assert filed.events.filter(kind=EventKind.REMINDER).count() == 1


def test_the_complements_reminder_days_are_a_setting(filed, instructor, settings):
    settings.QVCT_COMPLEMENTS_REMINDER_DAYS = 4
    request = _request(filed, instructor, days=10)
    assert services.reminders_send(today=request.due_date - dt.timedelta(days=5)) == 0
    assert services.reminders_send(today=request.due_date - dt.timedelta(days=4)) == 1


def test_no_reminder_once_the_dossier_is_resubmitted(filed, instructor, porteur):
    request = _request(filed, instructor, days=2)
    dossier_services.dossier_resubmit(dossier=Dossier.objects.get(pk=filed.pk), user=porteur)
    assert services.reminders_send(today=request.due_date - dt.timedelta(days=2)) == 0


def _with_blocking(dossier):
    finding = {
        "code": "COFINANCING_TOO_LOW",
        "severity": "blocking",
        "action": 1,
        "message": "Trop peu.",
        "source": "Appel, point 3",
    }
    dossier_services.findings_store(dossier, [finding])
    return dossier


def test_override_needs_a_justification(filed, instructor):
    _with_blocking(filed)
    with pytest.raises(DossierError, match="Justifiez"):
        services.finding_override(
            dossier=filed, user=instructor, code="COFINANCING_TOO_LOW", action=1, justification="non"
        )
    assert not filed.overrides.exists()


def test_override_lifts_the_finding_and_stays_in_history(filed, instructor):
    _with_blocking(filed)
    assert Dossier.objects.get(pk=filed.pk).has_blocking
    services.finding_override(
        dossier=filed,
        user=instructor,
        code="COFINANCING_TOO_LOW",
        action=1,
        justification="Le CSE finance le complément : attestation jointe par message.",
    )
    stored = Dossier.objects.get(pk=filed.pk)
    assert not stored.has_blocking and stored.finding_codes == ""
    assert stored.findings[0]["code"] == "COFINANCING_TOO_LOW"  # the finding itself is kept
    event = filed.events.get(kind=EventKind.FINDING_OVERRIDDEN)
    assert "CSE finance" in event.reason and event.actor == instructor
    assert services.blocking_reasons(stored) == ""


def test_override_of_an_unknown_finding_is_refused(filed, instructor):
    with pytest.raises(DossierError, match="ne figure pas"):
        services.finding_override(
            dossier=filed, user=instructor, code="NO_ACTION", action=None, justification="x" * 20
        )


def test_blocking_reasons_prefill_the_decision(filed):
    _with_blocking(filed)
    assert services.blocking_reasons(filed) == "- Trop peu. (Appel, point 3)"


def test_inadmissible_needs_reasons(filed, instructor):
    with pytest.raises(DossierError, match="motifs"):
        services.dossier_decide(dossier=filed, user=instructor, admissible=False, reason="  ")
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.SUBMITTED


def test_admissible_goes_through_review_and_tells_the_establishment(filed, instructor, porteur, mailoutbox):
    services.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    stored = Dossier.objects.get(pk=filed.pk)
    assert stored.status == DossierStatus.ADMISSIBLE and stored.decided_at
    transitions = [e.transition for e in stored.events.filter(kind=EventKind.TRANSITION)]
    assert transitions == ["submit", "start_review", "declare_admissible"]
    assert porteur.email in mailoutbox[0].to and "recevable" in mailoutbox[0].subject
    assert "conditions de recevabilité" in mailoutbox[0].body


def test_a_decided_dossier_cannot_be_decided_again(filed, instructor):
    services.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    with pytest.raises(TransitionError):
        services.dossier_decide(
            dossier=Dossier.objects.get(pk=filed.pk), user=instructor, admissible=False, reason="Non."
        )


def test_a_stale_copy_cannot_decide_after_another_instructor(filed, instructor):
    stale = Dossier.objects.get(pk=filed.pk)
    services.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    stale.status = DossierStatus.IN_REVIEW
    with pytest.raises(TransitionError, match="vient de changer"):
        services.dossier_decide(dossier=stale, user=instructor, admissible=False, reason="Non.")
    assert DossierEvent.objects.filter(dossier=filed, transition__startswith="declare").count() == 1


def test_inadmissible_when_the_complements_never_came(filed, instructor):
    _request(filed, instructor)
    services.dossier_decide(
        dossier=Dossier.objects.get(pk=filed.pk), user=instructor, admissible=False, reason="Aucune réponse."
    )
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.INADMISSIBLE


def test_assign_refuses_an_instructor_of_another_region(filed, instructor):
    stranger = UserFactory(instructor=True, regions=["28"])
    with pytest.raises(DossierError, match="n'instruit pas"):
        services.dossiers_assign(dossiers=[filed], assignee=stranger, user=instructor)
    assert services.dossiers_assign(dossiers=[filed], assignee=instructor, user=instructor) == 1
    assert services.dossiers_assign(dossiers=[filed], assignee=instructor, user=instructor) == 0
    assert filed.events.filter(kind=EventKind.ASSIGNED).count() == 1


def test_start_review_assigns_the_instructor(filed, instructor):
    services.review_start(dossier=filed, user=instructor)
    assert Dossier.objects.get(pk=filed.pk).assigned_to == instructor
