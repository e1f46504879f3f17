"""Every e-mail the product writes, as its reader gets it, against a reviewed snapshot (tests/mailing/snapshots/).

The clock is frozen and the people named, so the text is the same on every run; a change of wording shows up as
a diff to review. After an intended change: `UPDATE_SNAPSHOTS=1 make test PYTEST_ARGS=tests/mailing`, then read
the diff of the snapshot files before committing them.
"""

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.invitations import invitation_create
from mailing.models import OutboxMessage
from monitoring import reminders
from monitoring import services as monitoring_services
from monitoring.enums import ReportKind
from monitoring.models import Report
from review import services as review_services
from review.services import Part
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_clact
from tests.dossiers.files import pdf_upload
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
FROZEN = dt.datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Every `timezone.now()` and `timezone.localdate()` of the product reads this instant."""
    monkeypatch.setattr(timezone, "now", lambda: FROZEN.astimezone(dt.UTC))


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """E-mails written on commit (invitations, letters, the follow-up's opening) are written at once."""


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://guichet-qvct.example.org"


# The people of the snapshots, with names and addresses fixed (the shared fixtures number theirs).
@pytest.fixture
def porteur(db):
    return UserFactory(
        email="claire.martin@example.org",
        first_name="Claire",
        last_name="Martin",
        establishment=EstablishmentFactory(finess="670000272", name="CH DE SELESTAT"),
    )


@pytest.fixture
def instructor(db):
    return UserFactory(
        instructor=True, regions=["44"], email="ines.truc@example.org", first_name="Inès", last_name="Truc"
    )


@pytest.fixture
def manager(db):
    return UserFactory(
        manager=True, regions=["44"], email="paul.durand@example.org", first_name="Paul", last_name="Durand"
    )


def _written(subject_starts: str) -> OutboxMessage:
    found = [m for m in OutboxMessage.objects.order_by("pk") if m.subject.startswith(subject_starts)]
    assert found, f"no e-mail « {subject_starts} … » in {[m.subject for m in OutboxMessage.objects.all()]}"
    return found[-1]


def assert_snapshot(name: str, message: OutboxMessage) -> None:
    text = f"Objet : {message.subject}\n\n{message.body.rstrip()}\n"
    # One-time tokens of links (invitation, password reset) differ on every run: a mark stands for them.
    text = re.sub(r"/[A-Za-z0-9_-]{20,}/", "/<jeton>/", text)
    assert not re.search(r"\{\{|\{%", text), "a template tag was left unrendered"
    assert not re.search(r"&(#\w+|amp|quot|lt|gt|apos);", text), "HTML escaping in a plain-text e-mail"
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {path.name} written: review it and commit it")
    assert text == path.read_text(encoding="utf-8")


def test_receipt_email(dossier, porteur):
    complete_clact(dossier, porteur)
    dossier_services.dossier_submit(dossier=dossier, user=porteur)
    assert_snapshot("receipt", _written("Accusé de réception"))


def test_invitation_email(dossier, porteur):
    invitation_create(dossier=dossier, user=porteur, email="jean.dupont@example.org")
    assert_snapshot("invitation", _written("Invitation à co-rédiger"))


def test_complements_request_email(filed, instructor):
    review_services.complements_request(
        dossier=filed,
        user=instructor,
        parts=[Part("pieces", "Pièces jointes")],
        message="Le devis de l'action 1 est illisible : joignez-le de nouveau.",
        due_date=dt.date(2026, 12, 4),
    )
    assert_snapshot("complements", _written("Compléments demandés"))


def test_complements_reminder_email(filed, instructor):
    review_services.complements_request(
        dossier=filed,
        user=instructor,
        parts=[Part("pieces", "Pièces jointes")],
        message="Joignez le devis.",
        due_date=dt.date(2026, 11, 25),
    )
    review_services.reminders_send(today=dt.date(2026, 11, 23))
    assert_snapshot("complements_reminder", _written("Rappel : compléments attendus"))


def test_complements_received_email(filed, instructor, porteur):
    review_services.complements_request(
        dossier=filed,
        user=instructor,
        parts=[Part("pieces", "Pièces jointes")],
        message="Joignez le devis.",
        due_date=dt.date(2026, 12, 4),
    )
    dossier_services.dossier_resubmit(dossier=filed, user=porteur)
    assert_snapshot("complements_received", _written("Compléments reçus"))


def test_message_to_the_porteur_email(filed, instructor):
    dossier_services.message_post(
        dossier=filed,
        user=instructor,
        body="Pouvez-vous préciser le calendrier de l'action 1 ?",
        from_agency=True,
    )
    assert_snapshot("message_to_porteur", _written("Nouveau message"))


def test_inadmissibility_decision_email(filed, instructor):
    review_services.review_start(dossier=filed, user=instructor)
    review_services.dossier_decide(
        dossier=filed,
        user=instructor,
        admissible=False,
        reason="Le dossier ne comporte aucune action finançable.",
    )
    message = OutboxMessage.objects.order_by("pk").last()
    assert_snapshot("inadmissibility_decision", message)


def test_funding_letter_email(follow_up):
    assert_snapshot(
        "funding_letter_retained", _written("Décision de financement — dossier CLACT-44-2024-0001")
    )
    assert_snapshot(
        "funding_letter_not_retained", _written("Décision de financement — dossier CLACT-44-2024-0002")
    )


def test_spending_line_decided_email(follow_up, porteur, instructor):
    line = monitoring_services.line_add(
        action=follow_up.actions.get(),
        user=porteur,
        invoice_date=dt.date(2025, 3, 1),
        supplier="Ergonomia",
        amount=Decimal("10000"),
        nature="equipment",
        upload=pdf_upload("facture.pdf"),
    )
    monitoring_services.line_decide(
        line=line, user=instructor, decision="reject", reason="Facture illisible."
    )
    assert_snapshot("spending_line_decided", _written("Dépense"))


def test_report_submitted_email(follow_up, porteur):
    report = Report.objects.get(follow_up=follow_up, kind=ReportKind.INTERIM)
    monitoring_services.report_submit(report=report, user=porteur, comment="Achats faits.")
    assert_snapshot("report_submitted", OutboxMessage.objects.order_by("pk").last())


def test_report_reminder_email(follow_up):
    reminders.reminders_send(today=dt.date(2025, 12, 26))
    assert_snapshot("report_reminder", _written("Rappel : compte rendu attendu"))


def test_closing_email(follow_up, porteur, manager):
    final = Report.objects.get(follow_up=follow_up, kind=ReportKind.FINAL)
    monitoring_services.report_submit(report=final, user=porteur)
    monitoring_services.report_validate(report=Report.objects.get(pk=final.pk), user=manager)
    assert_snapshot("closing", _written("Clôture du suivi"))


def test_password_reset_email(client, porteur):
    from django.urls import reverse

    response = client.post(reverse("accounts:password_reset"), {"email": porteur.email})
    assert response.status_code == 302, response.content.decode()[:3000]
    message = _written("Guichet QVCT : choisir")
    # The link names the account by its database id, which differs from one database to another.
    message.body = re.sub(r"/mot-de-passe/\w+/", "/mot-de-passe/<compte>/", message.body)
    assert_snapshot("password_reset", message)


def test_every_email_template_has_a_snapshot():
    templates = {
        path.stem
        for path in Path(__file__).resolve().parents[2].glob("*/templates/*/emails/*.txt")
        if not path.stem.endswith("_subject")
    }
    # Template name → snapshot(s) that render it.
    covered = {
        "receipt": "receipt",
        "invitation": "invitation",
        "complements": "complements",
        "reminder": "complements_reminder",
        "resubmitted": "complements_received",
        "message": "message_to_porteur",
        "decision": "inadmissibility_decision",
        "letter": "funding_letter_retained",
        "line_decided": "spending_line_decided",
        "report_submitted": "report_submitted",
        "closing": "closing",
        "password_reset": "password_reset",
    }
    assert templates <= set(covered), templates - set(covered)
    assert all((SNAPSHOTS / f"{name}.txt").exists() for name in covered.values())
