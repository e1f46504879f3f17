"""The communication kit: the call's mention and the logos an administrator uploaded, for retained establishments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import Logo
from support.selection import selection_decide
from support.services import cohort_build

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def member(candidacies, manager):
    for dossier in candidacies[:5]:
        selection_decide(dossier=dossier, user=manager, outcome="retained")
    return cohort_build(call=candidacies[0].call, user=manager).members.select_related("dossier").first()


def test_the_retained_establishment_reads_the_mention_and_downloads_the_logos(client, member):
    logo = Logo.objects.create(
        call=member.cohort.call, name="Logo de l'ARS Normandie", file=SimpleUploadedFile("ars.png", PNG)
    )
    client.force_login(member.dossier.created_by)
    page = client.get(reverse("support:kit", args=[member.dossier.reference])).content.decode()
    assert (
        "avec le soutien de l&#x27;ARS Normandie et de l&#x27;ARACT" in page
        and "Logo de l&#x27;ARS Normandie" in page
    )
    response = client.get(reverse("support:logo", args=[member.dossier.reference, logo.pk]))
    assert response["Content-Type"] == "image/png" and b"".join(response.streaming_content) == PNG


def test_an_administrator_uploads_a_logo_in_the_back_office(client, normandie):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:support_logo_add"),
        {"call": normandie.pk, "name": "Logo de l'ARACT", "file": SimpleUploadedFile("aract.png", PNG)},
    )
    assert response.status_code == 302 and Logo.objects.get().name == "Logo de l'ARACT"


def test_a_logo_of_another_type_is_refused_in_french(client, normandie):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:support_logo_add"),
        {"call": normandie.pk, "name": "Script", "file": SimpleUploadedFile("x.html", b"<script>")},
    )
    assert "Le logo doit être un fichier PNG, JPEG, SVG ou PDF." in response.content.decode()
    assert not Logo.objects.exists()
