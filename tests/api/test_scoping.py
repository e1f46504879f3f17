"""Each token reaches what its user reaches on the site: a porteur its establishments, an agent its region."""

import pytest

from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from funding import services as funding_services
from review.services import annotation_add
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_clact, complete_normandie
from tests.helpers import count_queries
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_porteur(clact):
    """A porteur of another establishment of the same call, with a filed dossier."""
    user = UserFactory(establishment=EstablishmentFactory(department_code="57"))
    dossier, _ = services.dossier_start(call=clact, establishment=user.establishments.get(), user=user)
    complete_clact(dossier, user)
    services.dossier_submit(dossier=dossier, user=user)
    return user


@pytest.fixture
def normandie_filed(normandie):
    user = UserFactory(establishment=EstablishmentFactory(normandie=True))
    dossier, _ = services.dossier_start(call=normandie, establishment=user.establishments.get(), user=user)
    complete_normandie(dossier, user)
    return services.dossier_submit(dossier=dossier, user=user)[0]


def _references(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {item["reference"] for item in response.json()["items"]}


def test_a_porteurs_token_reads_only_its_establishments_dossiers(api_client, porteur, filed, other_porteur):
    theirs = Dossier.objects.get(establishment__members=other_porteur)
    client = api_client(porteur)
    assert _references(client.get("/dossiers")) == {filed.reference}
    assert client.get(f"/dossiers/{filed.reference}").status_code == 200
    refused = client.get(f"/dossiers/{theirs.reference}")
    assert refused.status_code == 404 and refused.json()["code"] == "introuvable"
    assert client.get(f"/dossiers/{theirs.reference}/decision").status_code == 404
    assert client.get(f"/dossiers/{theirs.reference}/check").status_code == 404


def test_an_instructors_token_reads_only_its_regions_filed_dossiers(
    api_client, instructor, filed, normandie_filed, clact, porteur
):
    draft_owner = UserFactory(establishment=EstablishmentFactory(department_code="68"))
    draft, _ = services.dossier_start(
        call=clact, establishment=draft_owner.establishments.get(), user=draft_owner
    )
    client = api_client(instructor)
    assert _references(client.get("/dossiers")) == {filed.reference}
    assert client.get(f"/dossiers/{normandie_filed.reference}").status_code == 404
    # Drafts belong to their porteurs alone, as in the instruction list.
    assert client.get(f"/dossiers/{draft.reference}").status_code == 404


def test_an_instructor_of_normandie_reads_normandie_only(api_client, filed, normandie_filed):
    instructor = UserFactory(instructor=True, regions=["28"])
    assert _references(api_client(instructor).get("/dossiers")) == {normandie_filed.reference}


def test_private_annotations_and_committee_scores_never_reach_a_porteur(
    api_client, campaign, instructor, porteur
):
    dossier = campaign[0]
    annotation_add(dossier=dossier, user=instructor, text="Note interne : direction fragile")
    agent = api_client(instructor).get(f"/dossiers/{dossier.reference}").json()
    assert agent["instruction"]["annotations"][0]["text"] == "Note interne : direction fragile"
    assert {score["score"] for score in agent["instruction"]["committee_scores"]} == {4}
    answer = api_client(porteur).get(f"/dossiers/{dossier.reference}")
    assert answer.status_code == 200
    assert answer.json()["instruction"] is None
    body = answer.content.decode()
    assert "direction fragile" not in body
    assert "committee_scores" not in body and "annotations" not in body


def test_a_porteur_sees_no_funding_decision_before_its_notification(
    api_client, chosen, campaign, porteur, manager
):
    funding_services.decisions_prepare(scenario=chosen, user=manager)
    funding_services.decisions_validate(scenario=chosen, user=manager)
    dossier = campaign[0]
    agent = api_client(manager).get(f"/dossiers/{dossier.reference}/decision").json()
    own = api_client(porteur).get(f"/dossiers/{dossier.reference}/decision").json()
    read = api_client(porteur).get(f"/dossiers/{dossier.reference}").json()
    assert agent["actions"] and agent["granted_total"] is not None
    assert own["actions"] == [] and own["granted_total"] is None and own["admissibility"] == "admissible"
    assert read["status"] == DossierStatus(Dossier.objects.get(pk=dossier.pk).public_status)


@pytest.mark.parametrize("role", ["committee", "aract", "viewer", "admin"])
def test_roles_without_dossier_pages_read_no_dossier_through_the_api(api_client, filed, role):
    answer = api_client(UserFactory(**{role: True})).get("/dossiers")
    assert answer.status_code == 403 and answer.json()["code"] == "role_non_autorise"


def test_a_statistics_reader_counts_its_regions_dossiers_only(api_client, filed, normandie_filed):
    answer = api_client(UserFactory(viewer=True, regions=["44"])).get("/statistics").json()
    assert answer["dossiers"] == 1 and answer["by_call"] == {filed.call.code: 1}


def test_the_administrator_counts_every_filed_dossier(api_client, filed, normandie_filed):
    assert api_client(UserFactory(admin=True)).get("/statistics").json()["dossiers"] == 2


def test_a_porteurs_statistics_count_its_own_dossiers(api_client, porteur, filed, other_porteur):
    assert api_client(porteur).get("/statistics").json()["dossiers"] == 1


def test_the_dossier_list_runs_as_many_queries_whatever_the_number_of_dossiers(
    api_client, instructor, clact, filed
):
    client = api_client(instructor)
    client.get("/dossiers")  # the token's first use is written once
    before, _ = count_queries(lambda: client.get("/dossiers"))
    for department in ("57", "68", "88"):
        user = UserFactory(establishment=EstablishmentFactory(department_code=department))
        dossier, _ = services.dossier_start(call=clact, establishment=user.establishments.get(), user=user)
        complete_clact(dossier, user)
        services.dossier_submit(dossier=dossier, user=user)
    after, response = count_queries(lambda: client.get("/dossiers"))
    assert len(response.json()["items"]) == 4
    assert after == before


def test_a_co_editor_reads_the_dossier_it_co_edits(api_client, dossier):
    editor = UserFactory(establishment=EstablishmentFactory(department_code="57"))
    dossier.editors.add(editor)
    assert _references(api_client(editor).get("/dossiers")) == {dossier.reference}
