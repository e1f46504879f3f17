"""Every e-mail of the site leaves through the outbox and its worker (retries), never from inside a request."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from mailing.models import OutboxMessage
from tests.dossiers.builders import complete_clact

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SENDERS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "mailing", "bench"} or "migrations" in parts:
            continue
        yield path


def _senders(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
            found += [f"{path}:{node.lineno} {alias.name}" for alias in node.names if alias.name in SENDERS]
        elif isinstance(node, ast.Import):
            found += [
                f"{path}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("django.core.mail")
            ]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in SENDERS
            and getattr(node.value, "id", "") == "mail"
        ):
            found.append(f"{path}:{node.lineno} mail.{node.attr}")
    return found


def test_no_module_outside_mailing_sends_mail_itself():
    offenders = [hit for path in _project_modules() for hit in _senders(path)]
    assert offenders == [], "Écrivez le courriel par mailing.services.outbox_enqueue : " + ", ".join(
        offenders
    )


def test_the_scan_would_see_a_direct_send(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.core.mail import send_mail\nfrom django.core import mail\nmail.send_mail()\n"
    )
    assert len(_senders(module)) == 2


# The test transaction never commits: an e-mail in `mailoutbox` after a request was sent by the request itself.


def test_filing_a_dossier_queues_its_receipt_without_sending_it(client, dossier, porteur, mailoutbox):
    complete_clact(dossier, porteur)
    client.force_login(porteur)
    client.post(reverse("dossiers:confirm", args=[dossier.reference]))
    assert OutboxMessage.objects.filter(subject__icontains=dossier.reference).exists() and mailoutbox == []


def test_a_message_to_the_agency_is_queued_not_sent(client, filed, porteur, mailoutbox):
    client.force_login(porteur)
    client.post(reverse("dossiers:messages", args=[filed.reference]), {"body": "Question sur l'action 1."})
    assert OutboxMessage.objects.exists() and mailoutbox == []


def test_a_password_reset_is_queued_not_sent(client, porteur, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": porteur.email})
    assert OutboxMessage.objects.filter(to=[porteur.email]).exists() and mailoutbox == []
