"""The ranking computed by the database is exactly the pure grid's (`total_on_20`, `agreement`), to the cent.

Run on SQLite by default and on PostgreSQL with DATABASE_URL (.ci/run): random weights with decimals, several
members, partial and missing scores, unsubmitted notations, members absent for a conflict of interest, ties.
"""

import random
from decimal import Decimal

import pytest
from django.conf import settings

from calls.models import Call
from review import committee, ranking_query
from review.grid import agreement, total_on_20
from review.models import CommitteeAssignment, ConflictOfInterest, CriterionScore
from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db

WEIGHTS = ["0", "1", "1", "2", "3", "0.5", "1.25", "0.1", "0.333"]


def _with_grid(call: Call, weights: list[str], maxima: list[int]) -> Call:
    """The call with its criteria's weights and maximum scores replaced (as a call definition would set them)."""
    definition = dict(call.definition)
    definition["criteria"] = [
        {**criterion, "weight": weight, "max_score": top}
        for criterion, weight, top in zip(definition["criteria"], weights, maxima, strict=False)
    ]
    Call.objects.filter(pk=call.pk).update(definition=definition)
    return Call.objects.get(pk=call.pk)


def _random_committee(call: Call, rng: random.Random, dossiers: int, members: int = 4) -> None:
    manager = UserFactory(manager=True, regions=["44"])
    people = [UserFactory(committee=True, regions=["44"]) for _ in range(members)]
    criteria = call.spec.criteria
    for dossier in filed_dossiers(call, manager, dossiers, status="admissible"):
        twin = rng.random() < 0.2  # every member gives the same scores: ties between dossiers
        pattern = {c.code: rng.randint(0, c.max_score) for c in criteria}
        for member in people:
            if rng.random() < 0.15:
                ConflictOfInterest.objects.get_or_create(
                    member=member, establishment=dossier.establishment, defaults={"note": "ancien salarié"}
                )
                continue
            assignment = CommitteeAssignment.objects.create(
                dossier=dossier,
                member=member,
                assigned_by=manager,
                submitted_at=dossier.submitted_at if rng.random() < 0.8 else None,
            )
            for criterion in criteria:
                draw = rng.random()
                if draw < 0.08:
                    continue  # not scored yet
                score = None if draw < 0.12 else (pattern[criterion.code] if twin else None)
                if score is None and draw >= 0.12:
                    score = rng.randint(0, criterion.max_score)
                CriterionScore.objects.create(assignment=assignment, criterion=criterion.code, score=score)
            if rng.random() < 0.1:
                CriterionScore.objects.create(assignment=assignment, criterion="ancien_critere", score=3)


def _pure(call: Call) -> list[tuple[int, Decimal | None, Decimal | None, int, bool]]:
    """The grid's figures from every score value, sorted as the committee ranks: best mean, then reference."""
    grid = committee.grid_of(call)
    alert = Decimal(str(settings.QVCT_COMMITTEE_SPREAD_ALERT))
    rows = []
    for dossier in call.dossiers.filter(status__in=committee.RANKED).order_by("pk"):
        assignments = list(CommitteeAssignment.objects.filter(dossier=dossier).prefetch_related("scores"))
        totals = []
        for assignment in assignments:
            scores = {s.criterion: s.score for s in assignment.scores.all() if s.score is not None}
            total = total_on_20(grid, scores)
            if assignment.submitted_at and total is not None:
                totals.append(total)
        result = agreement(totals, len(assignments), alert)
        rows.append(
            (dossier.reference, dossier.pk, result.mean, result.spread, result.scored, result.disagree)
        )
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0), r[0]))
    return [row[1:] for row in rows]


def _sql(call: Call, **page) -> list[tuple[int, Decimal | None, Decimal | None, int, bool]]:
    return [
        (r.dossier_id, r.mean, r.spread, r.scored, r.disagree) for r in ranking_query.ranked(call, **page)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_the_database_ranking_is_the_pure_grid_on_random_committees(clact, seed):
    rng = random.Random(seed)
    count = len(clact.spec.criteria)
    weights = [rng.choice(WEIGHTS) for _ in range(count)]
    weights[rng.randrange(count)] = rng.choice(["1", "0.5", "1.25"])  # at least one weighted criterion
    call = _with_grid(clact, weights, [rng.choice([3, 4, 5, 8, 10, 20]) for _ in range(count)])
    _random_committee(call, rng, dossiers=25)
    pure = _pure(call)
    assert _sql(call) == pure
    # The same Decimals to the digit (« 16.00 », not « 16 »): a scenario writes them as its scores.
    assert [(str(r[1]), str(r[2])) for r in _sql(call)] == [(str(r[1]), str(r[2])) for r in pure]
    assert _sql(call, limit=7, offset=7) == pure[7:14]
    assert committee.ranking_means(call) == {row[0]: row[1] for row in pure}
    assert any(row[1] is None for row in pure) and any(row[1] is not None for row in pure)


def test_totals_and_means_round_half_up_to_the_cent_like_the_grid(clact):
    # One criterion weighing 1 out of 32: a score of 1 is 0.625 on 20, the grid says 0.63 (half up, not even).
    count = len(clact.spec.criteria)
    call = _with_grid(clact, ["1"] + ["0"] * (count - 1), [32] + [5] * (count - 1))
    manager = UserFactory(manager=True, regions=["44"])
    members = [UserFactory(committee=True, regions=["44"]) for _ in range(2)]
    (dossier,) = filed_dossiers(call, manager, 1, status="admissible")
    for member, score in zip(members, [1, 2], strict=True):
        assignment = CommitteeAssignment.objects.create(
            dossier=dossier, member=member, assigned_by=manager, submitted_at=dossier.submitted_at
        )
        CriterionScore.objects.create(
            assignment=assignment, criterion=call.spec.criteria[0].code, score=score
        )
    (row,) = ranking_query.ranked(call)
    # Totals 0.63 and 1.25 (1.25 exactly): mean 0.94 (0.94 exactly), spread 0.62.
    assert (row.mean, row.spread) == (Decimal("0.94"), Decimal("0.62"))
    assert _sql(call) == _pure(call)


def test_a_call_without_weighted_criteria_ranks_every_dossier_without_a_mean_by_reference(clact):
    count = len(clact.spec.criteria)
    call = _with_grid(clact, ["0"] * count, [5] * count)
    rng = random.Random(7)
    _random_committee(call, rng, dossiers=4)
    assert _sql(call) == _pure(call)
    assert all(row[1] is None for row in _sql(call))
    assert ranking_query.unscored(call, 30)[0] == 4


def test_unscored_counts_every_dossier_without_a_total_and_names_the_first(clact):
    rng = random.Random(3)
    _random_committee(clact, rng, dossiers=12)
    means = {pk: mean for pk, mean, *_ in _pure(clact)}
    without = sorted(d.reference for d in clact.dossiers.all() if d.pk in means and means[d.pk] is None)
    assert len(without) > 2
    count, first = ranking_query.unscored(clact, 2)
    assert count == len(without) and first == without[:2]
