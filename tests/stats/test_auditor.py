"""The auditor's archive of a dossier: every file of it, and a manifest whose SHA-256 match the files."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from dossiers import services as dossier_services
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """The letters and conventions are written on commit: at once here."""


def _archive(client, reference: str) -> zipfile.ZipFile:
    response = client.get(reverse("stats:auditor_archive", args=[reference]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_archive_holds_the_dossier_and_a_manifest_of_every_file(client, follow_up, instructor, porteur):
    dossier = follow_up.dossier
    dossier_services.message_post(dossier=dossier, user=instructor, body="=SOMME(A1)", from_agency=True)
    client.force_login(instructor)
    archive = _archive(client, dossier.reference)
    names = {name.removeprefix(f"{dossier.reference}/") for name in archive.namelist()}
    assert {
        f"dossier-{dossier.reference}.pdf",
        "messages/messages.csv",
        "constats.csv",
        "constats-leves.csv",
        "decisions.csv",
        "lettre-de-notification.pdf",
        "convention.pdf",
        "convention-signee.pdf",
        "historique.csv",
        "manifeste-sha256.txt",
    } <= names
    assert any(name.startswith("pieces/") for name in names)
    manifest = archive.read(f"{dossier.reference}/manifeste-sha256.txt").decode()
    listed = dict(reversed(line.split("  ", 1)) for line in manifest.splitlines() if not line.startswith("#"))
    assert set(listed) == names - {"manifeste-sha256.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(f"{dossier.reference}/{name}")).hexdigest() == digest, name
    messages = archive.read(f"{dossier.reference}/messages/messages.csv").decode("utf-8-sig")
    assert "'=SOMME(A1)" in messages
    decisions = archive.read(f"{dossier.reference}/decisions.csv").decode("utf-8-sig")
    assert decisions.splitlines()[0].startswith("Action n°;Action;")


def test_the_archive_is_for_the_region_s_instructors_and_managers_only(
    client, filed, instructor, manager, porteur
):
    for user in (instructor, manager):
        client.force_login(user)
        assert client.get(reverse("stats:auditor_archive", args=[filed.reference])).status_code == 200
    client.force_login(UserFactory(instructor=True, regions=["28"]))
    assert client.get(reverse("stats:auditor_archive", args=[filed.reference])).status_code == 404
    for user in (porteur, UserFactory(viewer=True, regions=["44"])):
        client.force_login(user)
        assert client.get(reverse("stats:auditor_archive", args=[filed.reference])).status_code == 403


def test_the_instruction_page_links_to_the_archive(client, filed, instructor):
    client.force_login(instructor)
    page = client.get(reverse("review:dossier", args=[filed.reference])).content.decode()
    assert reverse("stats:auditor_archive", args=[filed.reference]) in page
