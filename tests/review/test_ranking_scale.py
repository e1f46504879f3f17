"""The committee ranking at scale: means from the score values alone, one page of rows at a time."""

import pytest
from django.urls import reverse

from review import committee
from review.models import CommitteeAssignment, CriterionScore
from tests.accounts.factories import UserFactory
from tests.helpers import assert_flat_queries, count_queries
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


def _scored(clact, count, start=0):
    manager = UserFactory(manager=True, regions=["44"])
    members = [UserFactory(committee=True, regions=["44"]) for _ in range(2)]
    dossiers = filed_dossiers(clact, manager, count, status="admissible", start=start)
    for n, dossier in enumerate(dossiers):
        for k, member in enumerate(members):
            assignment = CommitteeAssignment.objects.create(
                dossier=dossier, member=member, assigned_by=manager, submitted_at=dossier.submitted_at
            )
            for criterion in clact.spec.criteria:
                CriterionScore.objects.create(
                    assignment=assignment,
                    criterion=criterion.code,
                    score=(n + k + start) % (criterion.max_score + 1),
                )
    return manager


def test_ranking_means_are_the_means_of_the_detailed_ranking(clact):
    _scored(clact, 12)
    detailed = {row.dossier.pk: row.mean for row in committee.ranking(clact)}
    assert committee.ranking_means(clact) == detailed


def test_the_ranking_is_paginated_with_ranks_that_carry_on_across_pages(clact, monkeypatch):
    monkeypatch.setattr(committee, "RANKING_PAGE", 5)
    _scored(clact, 12)
    everything = committee.ranking(clact)
    second = committee.ranking_page(clact, 2)
    assert [row.dossier.pk for row in second.rows] == [row.dossier.pk for row in everything[5:10]]
    assert [row.rank for row in second.rows] == list(range(6, 11))
    assert second.has_next and second.count == 12


def test_a_ranking_page_beyond_the_last_shows_the_last(clact, monkeypatch):
    monkeypatch.setattr(committee, "RANKING_PAGE", 5)
    _scored(clact, 7)
    page = committee.ranking_page(clact, 99)
    assert page.number == 2 and not page.has_next and len(page.rows) == 2


def test_the_ranking_page_runs_as_many_queries_with_more_scored_dossiers(client, clact, monkeypatch):
    monkeypatch.setattr(committee, "RANKING_PAGE", 5)
    manager = _scored(clact, 6)
    client.force_login(manager)
    url = reverse("review:committee_call", args=[clact.code]) + "?page=2"
    before, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200 and "Page suivante" in response.content.decode()
    _scored(clact, 20, start=100)
    after, response = count_queries(lambda: client.get(url))
    assert after == before


def test_only_the_page_dossiers_are_read_with_their_scores(clact, monkeypatch):
    monkeypatch.setattr(committee, "RANKING_PAGE", 5)
    _scored(clact, 12)
    detailed = []
    whole = committee.ranking
    monkeypatch.setattr(
        committee, "ranking", lambda call, ids=None: detailed.append(ids) or whole(call, ids=ids)
    )
    page = committee.ranking_page(clact, 3)
    assert [len(ids) for ids in detailed] == [2] and len(page.rows) == 2


def test_the_ranking_order_and_page_come_from_one_query_with_limit_and_offset(clact, monkeypatch):
    monkeypatch.setattr(committee, "RANKING_PAGE", 5)
    _scored(clact, 12)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        committee.ranking_page(clact, 2)
    ordered = [q["sql"] for q in context.captured_queries if "LIMIT 5 OFFSET 5" in q["sql"]]
    assert len(ordered) == 1 and "GROUP BY" in ordered[0]
    # No query reads every score value: the score table is read only summed, or for the page's assignments.
    scores = [q["sql"] for q in context.captured_queries if '"review_criterionscore"."score"' in q["sql"]]
    assert all("IN (" in sql for sql in scores)


def test_the_simulation_page_runs_as_many_queries_with_more_examined_dossiers(client, clact):
    manager = _scored(clact, 4)
    client.force_login(manager)
    url = reverse("funding:simulation", args=[clact.code])
    assert_flat_queries(client, url, lambda: _scored(clact, 40, start=100))


def test_the_simulation_page_names_the_first_unscored_dossiers_and_counts_the_others(client, clact):
    manager = UserFactory(manager=True, regions=["44"])
    dossiers = filed_dossiers(clact, manager, committee.UNSCORED_SHOWN + 3, status="admissible")
    client.force_login(manager)
    text = client.get(reverse("funding:simulation", args=[clact.code])).content.decode()
    references = sorted(d.reference for d in dossiers)
    assert references[committee.UNSCORED_SHOWN - 1] in text
    assert references[committee.UNSCORED_SHOWN] not in text
    assert "et 3 autres" in text
