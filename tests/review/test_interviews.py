"""The ARACT's preliminary interviews: recorded by the facilitator, shown to the committee."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from dossiers import services as dossier_services
from review import committee
from review import services as review
from review.models import Interview
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_normandie
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(normandie):
    porteur = UserFactory(establishment=EstablishmentFactory(normandie=True, ehpad=True))
    dossier, _ = dossier_services.dossier_start(
        call=normandie, establishment=porteur.establishments.get(), user=porteur
    )
    complete_normandie(dossier, porteur)
    return dossier_services.dossier_submit(dossier=dossier, user=porteur)[0]


@pytest.fixture
def aract(db):
    return UserFactory(aract=True, regions=["28"])


def test_the_facilitator_records_the_interview(client, candidacy, aract):
    client.force_login(aract)
    assert candidacy.reference in client.get(reverse("review:interviews")).content.decode()
    client.post(
        reverse("review:interview", args=[candidacy.reference]),
        {
            "scheduled_on": "2024-01-15",
            "mode": "visio",
            "notes": "Trinôme très engagé.",
            "opinion": "favourable",
        },
    )
    interview = Interview.objects.get()
    assert (interview.mode, interview.opinion, interview.by) == ("visio", "favourable", aract)


def test_an_interview_dated_year_9999_is_refused_in_french(client, candidacy, aract):
    client.force_login(aract)
    response = client.post(
        reverse("review:interview", args=[candidacy.reference]),
        {"scheduled_on": "9999-12-31", "mode": "visio", "notes": "", "opinion": "favourable"},
    )
    assert "Indiquez une date comprise entre le" in response.content.decode()
    assert not Interview.objects.exists()


def test_the_interview_is_shown_to_the_committee(client, candidacy, aract):
    Interview.objects.create(
        dossier=candidacy,
        scheduled_on="2024-01-15",
        mode="on_site",
        notes="Direction présente.",
        opinion="reserved",
        by=aract,
    )
    manager = UserFactory(manager=True, regions=["28"])
    review.dossier_decide(dossier=candidacy, user=manager, admissible=True, reason="")
    member = UserFactory(committee=True, regions=["28"])
    from dossiers.models import Dossier

    committee.committee_assign(
        dossiers=[Dossier.objects.get(pk=candidacy.pk)], members=[member], user=manager
    )
    client.force_login(member)
    text = client.get(reverse("review:score", args=[candidacy.reference])).content.decode()
    assert "Entretien préalable avec l'ARACT" in text and "Réservé" in text and "Direction présente." in text
    client.force_login(manager)
    assert (
        "Entretien ARACT : Réservé"
        in client.get(reverse("review:committee_call", args=[candidacy.call.code])).content.decode()
    )


@pytest.mark.parametrize("role", sorted(Role))
def test_interviews_are_for_the_aract(client, candidacy, role):
    client.force_login(
        UserFactory(role=role, regions=["28"]) if role != Role.ESTABLISHMENT else UserFactory()
    )
    assert client.get(reverse("review:interviews")).status_code == (200 if role == Role.ARACT else 403)


def test_a_facilitator_of_another_region_sees_no_candidacy(client, candidacy):
    client.force_login(UserFactory(aract=True, regions=["44"]))
    assert candidacy.reference not in client.get(reverse("review:interviews")).content.decode()
    assert client.get(reverse("review:interview", args=[candidacy.reference])).status_code == 404


def test_interview_list_stays_flat(client, candidacy, aract, normandie):
    from tests.helpers import assert_flat_queries
    from tests.review.factories import filed_dossiers

    client.force_login(aract)
    assert_flat_queries(
        client,
        reverse("review:interviews"),
        lambda: filed_dossiers(normandie, aract, 5, department="14", start=300),
    )
