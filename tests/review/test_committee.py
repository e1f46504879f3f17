"""The committee: assignment, conflicts of interest, scoring with pre-scores, ranking with disagreement."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from dossiers.models import Dossier
from dossiers.services import DossierError
from review import committee, services
from review.models import CommitteeAssignment, ConflictOfInterest
from tests.accounts.factories import UserFactory
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

CLACT_CRITERIA = [
    "mutualisation",
    "agents_concernes",
    "orientations_prioritaires",
    "innovation",
    "realisation_24_mois",
]


@pytest.fixture
def admissible(filed, instructor):
    services.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    return Dossier.objects.get(pk=filed.pk)


@pytest.fixture
def member(db):
    return UserFactory(committee=True, regions=["44"])


@pytest.fixture
def manager(db):
    return UserFactory(manager=True, regions=["44"])


def _score_all(assignment, value):
    for code in CLACT_CRITERIA:
        committee.score_save(assignment=assignment, criterion=code, score=value, comment="")


def test_only_admissible_dossiers_go_to_the_committee(filed, member, manager):
    with pytest.raises(DossierError, match="n'est pas recevable"):
        committee.committee_assign(dossiers=[filed], members=[member], user=manager)


def test_a_member_with_a_declared_link_is_never_assigned(admissible, member, manager):
    ConflictOfInterest.objects.create(
        member=member, establishment=admissible.establishment, note="administrateur"
    )
    assert committee.committee_assign(dossiers=[admissible], members=[member], user=manager) == 0


def test_a_member_with_a_conflict_cannot_open_the_scoring_page(client, admissible, member, manager):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    client.force_login(member)
    url = reverse("review:score", args=[admissible.reference])
    assert client.get(url).status_code == 200
    client.post(
        reverse("review:conflict", args=[admissible.reference]), {"note": "ancienne DRH de l'établissement"}
    )
    assert ConflictOfInterest.objects.filter(member=member).exists()
    assert not CommitteeAssignment.objects.filter(member=member).exists()
    assert client.get(url).status_code == 404
    # Even if assigned again by mistake, the page stays closed.
    CommitteeAssignment.objects.create(dossier=admissible, member=member, assigned_by=manager)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", sorted(Role))
def test_scoring_page_is_for_the_assigned_member_only(client, admissible, member, manager, role):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    client.force_login(
        UserFactory(role=role, regions=["44"]) if role != Role.ESTABLISHMENT else admissible.created_by
    )
    response = client.get(reverse("review:score", args=[admissible.reference]))
    # The ARACT may sit on a support programme's committee: an unassigned facilitator gets 404 too.
    assert response.status_code == (404 if role in (Role.COMMITTEE, Role.ARACT) else 403)
    client.force_login(member)
    assert client.get(reverse("review:score", args=[admissible.reference])).status_code == 200


def test_scoring_page_shows_the_prescores_and_autosaves(client, admissible, member, manager):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    client.force_login(member)
    url = reverse("review:score", args=[admissible.reference])
    text = client.get(url).content.decode()
    assert "Suggéré par les données" in text and "0 action(s) mutualisée(s) sur 1" in text
    response = client.post(
        url, {"score_innovation": "4", "comment_innovation": "Robotique"}, HTTP_HX_REQUEST="true"
    )
    assert "Enregistré" in response.content.decode()
    score = CommitteeAssignment.objects.get().scores.get(criterion="innovation")
    assert (score.score, score.comment) == (4, "Robotique")


def test_submission_needs_every_criterion_then_locks(client, admissible, member, manager):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    assignment = CommitteeAssignment.objects.get()
    committee.score_save(assignment=assignment, criterion="innovation", score=3, comment="")
    with pytest.raises(DossierError, match="Notez chaque critère"):
        committee.scores_submit(assignment=assignment)
    _score_all(assignment, 4)
    committee.scores_submit(assignment=assignment)
    assignment.refresh_from_db()
    with pytest.raises(DossierError, match="remise"):
        committee.score_save(assignment=assignment, criterion="innovation", score=1, comment="")


def test_a_score_above_the_criterion_maximum_is_refused(admissible, member, manager):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    with pytest.raises(DossierError, match="de 0 à 5"):
        committee.score_save(
            assignment=CommitteeAssignment.objects.get(), criterion="innovation", score=9, comment=""
        )


def test_ranking_shows_mean_disagreement_and_missing_scores(client, admissible, member, manager):
    other, third = UserFactory(committee=True, regions=["44"]), UserFactory(committee=True, regions=["44"])
    committee.committee_assign(dossiers=[admissible], members=[member, other, third], user=manager)
    for user, value in ((member, 5), (other, 2)):
        assignment = CommitteeAssignment.objects.get(member=user)
        _score_all(assignment, value)
        committee.scores_submit(assignment=assignment)
    [row] = committee.ranking(admissible.call)
    assert str(row.mean) == "14.00" and row.disagree and row.missing == 1
    client.force_login(manager)
    text = client.get(reverse("review:committee_call", args=[admissible.call.code])).content.decode()
    assert "14,00" in text and "désaccord" in text and "1 manquante(s)" in text


def test_committee_page_assigns_from_the_form(client, admissible, member, manager):
    client.force_login(manager)
    client.post(
        reverse("review:committee_call", args=[admissible.call.code]),
        {"dossiers": [admissible.pk], "members": [member.pk]},
    )
    assert CommitteeAssignment.objects.filter(member=member, dossier=admissible).exists()


@pytest.mark.parametrize("role", sorted(Role))
def test_committee_page_is_for_managers_and_instructors(client, admissible, role):
    client.force_login(
        UserFactory(role=role, regions=["44"]) if role != Role.ESTABLISHMENT else admissible.created_by
    )
    response = client.get(reverse("review:committee_call", args=[admissible.call.code]))
    assert response.status_code == (200 if role in {Role.MANAGER, Role.INSTRUCTOR} else 403)


def test_committee_page_of_another_region_is_not_found(client, admissible):
    client.force_login(UserFactory(manager=True, regions=["28"]))
    assert client.get(reverse("review:committee_call", args=[admissible.call.code])).status_code == 404


def test_my_assignments_lists_only_mine_and_stays_flat(client, admissible, member, manager, clact):
    from tests.review.factories import filed_dossiers

    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    client.force_login(member)
    url = reverse("review:my_assignments")
    assert admissible.reference in client.get(url).content.decode()

    def grow():
        more = filed_dossiers(clact, manager, 5, status="admissible", start=50)
        for dossier in more:
            CommitteeAssignment.objects.create(dossier=dossier, member=member, assigned_by=manager)

    assert_flat_queries(client, url, grow)


def test_ranking_page_stays_flat(client, admissible, manager, clact):
    from tests.review.factories import filed_dossiers

    client.force_login(manager)
    url = reverse("review:committee_call", args=[clact.code])
    assert_flat_queries(client, url, lambda: filed_dossiers(clact, manager, 8, status="admissible", start=70))


def test_ranking_details_each_members_total_and_comments(client, admissible, member, manager):
    committee.committee_assign(dossiers=[admissible], members=[member], user=manager)
    assignment = CommitteeAssignment.objects.get()
    _score_all(assignment, 4)
    committee.score_save(
        assignment=assignment, criterion="innovation", score=4, comment="Exosquelettes : une première"
    )
    committee.scores_submit(assignment=assignment)
    client.force_login(manager)
    text = client.get(reverse("review:committee_call", args=[admissible.call.code])).content.decode()
    assert "16,00/20" in text and "Exosquelettes : une première" in text
