"""Writing a dossier: start, sections, actions, documents, submission and withdrawal, with their history."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from dossiers import services
from dossiers.enums import DossierStatus, EventKind
from dossiers.models import Dossier, DossierEvent
from dossiers.uploads import UploadRefused
from tests.dossiers.builders import action_values, complete_action, complete_clact, complete_normandie
from tests.dossiers.files import PDF, docx, odt, pdf_upload

pytestmark = pytest.mark.django_db


def test_starting_a_second_dossier_returns_the_first(clact, porteur, dossier):
    again, created = services.dossier_start(call=clact, establishment=dossier.establishment, user=porteur)
    assert (again.pk, created) == (dossier.pk, False)
    assert Dossier.objects.count() == 1


def test_a_new_dossier_is_numbered_in_its_call_and_prefilled(dossier, porteur):
    assert dossier.reference == f"CLACT-44-2024-{dossier.number:04d}"
    assert dossier.contact_email == porteur.email
    assert dossier.events.get().kind == EventKind.CREATED


def test_a_section_change_is_recorded_with_who_and_what(dossier, porteur):
    changed = services.dossier_update(
        dossier=dossier, user=porteur, section="Identification", values={"headcount": 950}
    )
    assert changed == ["headcount"]
    event = dossier.events.latest("pk")
    assert (event.actor, event.kind, event.data["changes"]) == (
        porteur,
        EventKind.EDITED,
        [{"label": "Effectif total", "before": "—", "after": "950"}],
    )


def test_saving_the_same_values_records_nothing(dossier, porteur):
    services.dossier_update(
        dossier=dossier, user=porteur, section="Identification", values={"headcount": 950}
    )
    count = dossier.events.count()
    services.dossier_update(
        dossier=dossier, user=porteur, section="Identification", values={"headcount": 950}
    )
    assert dossier.events.count() == count


def test_a_sixth_action_is_refused_with_the_reason(dossier, porteur):
    for _ in range(5):
        services.action_add(dossier=dossier, user=porteur, values=action_values())
    with pytest.raises(services.DossierError, match="5 actions au plus"):
        services.action_add(dossier=dossier, user=porteur, values=action_values())
    assert dossier.actions.count() == 5


def test_actions_are_reordered_and_renumbered_on_removal(dossier, porteur):
    first, _second, third = (
        services.action_add(dossier=dossier, user=porteur, values=action_values(title=t)) for t in "ABC"
    )
    services.action_move(action=third, user=porteur, offset=-1)
    assert list(dossier.actions.values_list("title", flat=True)) == ["A", "C", "B"]
    services.action_remove(action=first, user=porteur)
    assert list(dossier.actions.values_list("title", "position")) == [("C", 1), ("B", 2)]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("piece.pdf", PDF, "application/pdf"),
        ("note.odt", odt(), "application/vnd.oasis.opendocument.text"),
        ("note.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_files_are_stored_with_their_real_type_and_hash(
    dossier, porteur, name, content, content_type
):
    document = services.document_add(
        dossier=dossier, user=porteur, kind="rib", upload=pdf_upload(name, content)
    )
    assert document.content_type == content_type
    assert len(document.sha256) == 64
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert "media" in document.file.path and "static" not in document.file.path


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(dossier, porteur):
    with pytest.raises(UploadRefused, match="n'est pas d'un type accepté"):
        services.document_add(
            dossier=dossier, user=porteur, kind="rib", upload=pdf_upload("rib.pdf", b"MZ\x90\x00 exe")
        )
    assert dossier.documents.count() == 0


def test_a_file_over_the_limit_is_refused(dossier, porteur, settings):
    settings.QVCT_UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadRefused, match="la limite est de"):
        services.document_add(
            dossier=dossier, user=porteur, kind="rib", upload=pdf_upload(content=PDF + b" " * 200)
        )
    assert dossier.documents.count() == 0


def test_submission_files_a_complete_dossier_and_sends_the_receipt(
    dossier, porteur, django_capture_on_commit_callbacks
):
    complete_clact(dossier, porteur)
    with django_capture_on_commit_callbacks(execute=True):
        filed, now = services.dossier_submit(dossier=dossier, user=porteur)
    assert now and filed.status == DossierStatus.SUBMITTED
    assert filed.submitted_at is not None
    [message] = mail.outbox
    assert message.to == [porteur.email]
    assert message.attachments[0][0] == f"accuse-reception-{dossier.reference}.pdf"
    assert message.attachments[0][1].startswith(b"%PDF")


def test_submission_is_refused_after_the_deadline_with_the_deadline_shown(dossier, porteur):
    complete_clact(dossier, porteur)
    late = dossier.call.deadline + dt.timedelta(seconds=1)
    with pytest.raises(services.SubmissionRefused, match="La date limite de dépôt était le"):
        services.dossier_submit(dossier=dossier, user=porteur, now=late)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_the_engine_judges_the_deadline_of_a_web_filing(dossier, porteur):
    complete_clact(dossier, porteur)
    late = dossier.call.deadline + dt.timedelta(seconds=1)
    with pytest.raises(services.SubmissionRefused) as refusal:
        services.dossier_submit(dossier=dossier, user=porteur, now=late)
    assert [finding.code for finding in refusal.value.findings] == ["DEADLINE_PASSED"]
    on_time = services.dossier_check(dossier, now=dossier.call.deadline, filing=True)
    assert "DEADLINE_PASSED" not in [finding.code for finding in on_time.findings]


def test_submission_is_refused_when_a_required_document_is_missing(dossier, porteur):
    complete_clact(
        dossier, porteur, attachments=["signed_contract", "cse_opinion", "duerp", "prevention_plan", "rib"]
    )
    with pytest.raises(services.SubmissionRefused) as refusal:
        services.dossier_submit(dossier=dossier, user=porteur)
    assert [f.code for f in refusal.value.findings] == ["MISSING_ATTACHMENT"]
    assert "Fiche récapitulative" in refusal.value.findings[0].message
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.submitted_at is None


def test_submission_is_refused_while_a_section_is_incomplete(dossier, porteur):
    complete_clact(dossier, porteur)
    services.dossier_update(dossier=dossier, user=porteur, section="Projet", values={"diagnostic": ""})
    with pytest.raises(services.SubmissionRefused, match="Présentation du projet"):
        services.dossier_submit(dossier=dossier, user=porteur)


def test_a_second_submission_changes_nothing(dossier, porteur):
    complete_clact(dossier, porteur)
    first, _ = services.dossier_submit(dossier=dossier, user=porteur)
    again, filed_now = services.dossier_submit(dossier=dossier, user=porteur)
    assert filed_now is False
    assert again.submitted_at == first.submitted_at
    assert DossierEvent.objects.filter(dossier=dossier, transition="submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_make_exactly_one_submission_event(clact, porteur):
    dossier = services.dossier_start(call=clact, establishment=porteur.establishments.get(), user=porteur)[0]
    complete_clact(dossier, porteur)
    barrier, results, errors = threading.Barrier(2), [], []

    def submit():
        try:
            barrier.wait()
            results.append(services.dossier_submit(dossier=dossier, user=porteur)[1])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, True]
    assert DossierEvent.objects.filter(dossier=dossier, transition="submit").count() == 1


def test_a_submitted_dossier_is_read_only(dossier, porteur):
    complete_clact(dossier, porteur)
    services.dossier_submit(dossier=dossier, user=porteur)
    dossier.refresh_from_db()
    with pytest.raises(services.DossierError, match="ne peut plus être modifié"):
        services.dossier_update(dossier=dossier, user=porteur, section="Projet", values={"scope": "autre"})
    with pytest.raises(services.DossierError):
        complete_action(dossier, porteur)


def test_withdrawal_needs_a_reason_and_is_recorded(dossier, porteur):
    with pytest.raises(services.DossierError, match="motif"):
        services.dossier_withdraw(dossier=dossier, user=porteur, reason=" ")
    services.dossier_withdraw(dossier=dossier, user=porteur, reason="Projet reporté à l'an prochain")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    event = dossier.events.latest("pk")
    assert (event.transition, event.reason) == ("withdraw", "Projet reporté à l'an prochain")


def test_history_cannot_be_changed_or_deleted(dossier):
    event = dossier.events.get()
    event.summary = "autre"
    with pytest.raises(ValueError, match="ne se modifie pas"):
        event.save()
    with pytest.raises(ValueError, match="ne s'efface pas"):
        event.delete()


def test_a_normandie_candidacy_is_filed(normandie, porteur):
    from tests.referential.factories import EstablishmentFactory

    ehpad = EstablishmentFactory(normandie=True, ehpad=True)
    porteur.establishments.add(ehpad)
    dossier = services.dossier_start(call=normandie, establishment=ehpad, user=porteur)[0]
    complete_normandie(dossier, porteur)
    filed, now = services.dossier_submit(dossier=dossier, user=porteur)
    assert now and filed.findings == []


def test_the_findings_are_stored_at_submission(dossier, porteur):
    complete_clact(dossier, porteur)
    services.dossier_update(
        dossier=dossier, user=porteur, section="Identification", values={"headcount": 951}
    )
    filed, _ = services.dossier_submit(dossier=dossier, user=porteur, now=timezone.now())
    assert filed.findings == []
