"""Role workspaces: what each one shows, and query counts that stay flat as data grows."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import EstablishmentMembership
from tests.accounts.factories import UserFactory
from tests.calls.factories import open_call
from tests.helpers import assert_flat_queries
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_the_establishment_workspace_lists_the_users_establishments_and_their_calls(client, calls):
    hospital = EstablishmentFactory(name="CH DE SELESTAT")
    client.force_login(UserFactory(establishment=hospital))
    text = client.get(reverse("accounts:workspace_establishment")).content.decode()
    assert "CH DE SELESTAT" in text
    assert "CLACT Grand Est 2024" in text
    assert "Accompagnement QVCT Normandie" not in text


def test_the_establishment_workspace_queries_stay_flat(client, calls, tmp_path):
    user = UserFactory()
    client.force_login(user)

    def grow():
        for _ in range(5):
            EstablishmentMembership.objects.create(user=user, establishment=EstablishmentFactory())
        for year in range(2030, 2034):
            open_call(tmp_path, new_code=f"clact-grand-est-{year}")

    assert_flat_queries(client, reverse("accounts:workspace_establishment"), grow)


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (Role.INSTRUCTOR, "accounts:workspace_instruction"),
        (Role.MANAGER, "accounts:workspace_campaigns"),
        (Role.COMMITTEE, "accounts:workspace_committee"),
        (Role.VIEWER, "accounts:workspace_stats"),
        (Role.ADMIN, "accounts:workspace_admin"),
    ],
)
def test_agent_workspace_queries_stay_flat(client, calls, tmp_path, role, name):
    client.force_login(UserFactory(role=role))

    def grow():
        EstablishmentFactory.create_batch(5)
        UserFactory.create_batch(3, instructor=True)
        for year in range(2030, 2034):
            open_call(tmp_path, new_code=f"clact-grand-est-{year}")

    assert_flat_queries(client, reverse(name), grow)


def test_the_aract_workspace_shows_only_support_programmes(client, calls):
    client.force_login(UserFactory(aract=True, regions=["28", "44"]))
    text = client.get(reverse("accounts:workspace_support")).content.decode()
    assert "Accompagnement QVCT Normandie 2024" in text
    assert "CLACT Grand Est 2024" not in text


def test_an_agent_without_region_is_told_so(client, calls):
    client.force_login(UserFactory(instructor=True, regions=[]))
    text = client.get(reverse("accounts:workspace_instruction")).content.decode()
    assert "n'est rattaché à aucune région" in text


def test_the_stats_workspace_counts_establishments_by_department(client, calls):
    EstablishmentFactory.create_batch(3)
    client.force_login(UserFactory(viewer=True))
    response = client.get(reverse("accounts:workspace_stats"))
    counts = {
        department.code: department.establishments_count for department in response.context["departments"]
    }
    assert counts["67"] == 3
    assert set(counts) == {"08", "10", "51", "52", "54", "55", "57", "67", "68", "88"}


def test_the_manager_reaches_each_funding_call_s_consumption_board_from_the_campaigns(client, calls):
    client.force_login(UserFactory(manager=True, regions=["44"]))
    text = client.get(reverse("accounts:workspace_campaigns")).content.decode()
    assert reverse("monitoring:board", args=["clact-grand-est-2024"]) in text
    assert "Suivi de la consommation" in text
