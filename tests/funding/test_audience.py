"""Letters and conventions: the establishment's users and the region's instructors and managers, nobody else."""

import datetime as dt

import pytest
from django.urls import reverse

from agreements import services as agreements
from dossiers.models import Dossier
from funding import notifications, services
from review import committee
from tests.accounts.factories import UserFactory
from tests.dossiers.files import pdf_upload

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 11)  # after both the notification and the convention dates
PAGES = ("funding:letter", "agreements:file")


@pytest.fixture
def notified(clact, chosen, campaign, manager):
    """The campaign notified (letters) and conventioned; the first dossier is the funded one."""
    services.decisions_prepare(scenario=chosen, user=manager)
    services.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    agreements.conventions_generate(call=clact, user=manager, today=AFTER)
    return Dossier.objects.get(pk=campaign[0].pk)


def _status(client, user, name: str, dossier) -> int:
    client.force_login(user)
    response = client.get(reverse(name, args=[dossier.reference]))
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("name", PAGES)
def test_the_porteur_reads_the_letter_and_the_convention(client, notified, porteur, name):
    assert _status(client, porteur, name, notified) == 200


@pytest.mark.parametrize("name", PAGES)
def test_another_establishment_gets_not_found(client, notified, name):
    assert _status(client, UserFactory(), name, notified) == 404


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["instructor", "manager"])
def test_the_region_s_instructors_and_managers_read_them(client, notified, role, name):
    assert _status(client, UserFactory(role=role, regions=["44"]), name, notified) == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["instructor", "manager"])
def test_an_agent_of_another_region_gets_not_found(client, notified, role, name):
    assert _status(client, UserFactory(role=role, regions=["28"]), name, notified) == 404


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["committee", "viewer", "admin", "aract"])
def test_other_roles_are_refused(client, notified, role, name):
    assert _status(client, UserFactory(role=role, regions=["44"]), name, notified) == 403


@pytest.mark.parametrize("name", PAGES)
def test_a_member_with_a_declared_link_sees_nothing(client, notified, name):
    member = UserFactory(role="committee", regions=["44"])
    committee.conflict_declare(member=member, dossier=notified, note="Administrateur de l'établissement")
    assert _status(client, member, name, notified) == 403
    assert client.get(reverse("review:score", args=[notified.reference])).status_code == 404


def test_only_the_porteur_and_the_manager_sign(client, notified, porteur):
    url = reverse("agreements:sign", args=[notified.reference])
    client.force_login(UserFactory(role="instructor", regions=["44"]))
    assert client.post(url, {"signed_on": "2024-10-20", "scan": pdf_upload()}).status_code == 403
