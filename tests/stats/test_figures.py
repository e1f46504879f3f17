"""Each call's figures are computed once and kept: the dashboards read them, dated, and ask the task worker for new
ones when they are too old (QVCT_FIGURES_MAX_AGE)."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stats import figures
from stats.models import CallFigures
from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.QVCT_FIGURES_MAX_AGE = 300


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(viewer=True, regions=["44"]))
    return client


def _shown(client, clact, query: str = ""):
    response = client.get(reverse("stats:call", args=[clact.code]) + query)
    assert response.status_code == 200
    return response


def test_the_first_reading_computes_and_keeps_the_figures_of_the_call(kept, reader, clact, manager):
    filed_dossiers(clact, manager, 3)
    assert _shown(reader, clact).context["data"].filed == 3
    kept_rows = CallFigures.objects.get(call=clact).rows
    assert sum(row["dossiers"] for row in kept_rows["counts"]) == 3


def test_fresh_kept_figures_are_shown_with_their_time_without_computing_again(kept, reader, clact, manager):
    filed_dossiers(clact, manager, 3)
    _shown(reader, clact)
    filed_dossiers(clact, manager, 2, start=10)
    with mock.patch.object(figures, "figures_compute") as compute:
        response = _shown(reader, clact)
    compute.assert_not_called()
    assert response.context["data"].filed == 3
    assert "Chiffres calculés le " in response.content.decode()
    assert "un nouveau calcul est en cours" not in response.content.decode()


def test_a_reading_of_kept_figures_never_aggregates_the_actions(kept, reader, clact, manager):
    filed_dossiers(clact, manager, 3)
    _shown(reader, clact)
    with CaptureQueriesContext(connection) as context:
        _shown(reader, clact, "?departement=57&secteur=sanitaire")
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "dossiers_action" not in tables and "funding_decision" not in tables
    assert "dossiers_dossier" not in tables


def test_old_figures_are_shown_while_the_worker_is_asked_once_for_new_ones(
    kept, reader, clact, manager, on_commit_now
):
    filed_dossiers(clact, manager, 3)
    _shown(reader, clact)
    CallFigures.objects.update(computed_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC))
    filed_dossiers(clact, manager, 2, start=10)
    with mock.patch.object(figures, "figures_refresh_task") as task:
        first = _shown(reader, clact)
        second = _shown(reader, clact)
    task.enqueue.assert_called_once_with(clact.pk)
    for response in (first, second):
        assert response.context["data"].filed == 3
        page = response.content.decode()
        assert "Chiffres calculés le 5 janvier 2026 à 10h30" in page
        assert "un nouveau calcul est en cours" in page


def test_the_worker_refreshes_old_figures_and_the_next_reading_shows_them(
    kept, reader, clact, manager, on_commit_now
):
    filed_dossiers(clact, manager, 3)
    _shown(reader, clact)
    CallFigures.objects.update(computed_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC))
    filed_dossiers(clact, manager, 2, start=10)
    _shown(reader, clact)  # asks the worker, which runs at once here
    kept_figures = CallFigures.objects.get(call=clact)
    assert kept_figures.refresh_requested_at is None
    response = _shown(reader, clact)
    assert response.context["data"].filed == 5
    assert "un nouveau calcul est en cours" not in response.content.decode()


def test_a_refresh_asked_long_ago_and_never_done_is_asked_again(kept, reader, clact, manager, on_commit_now):
    filed_dossiers(clact, manager, 1)
    _shown(reader, clact)
    long_ago = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
    CallFigures.objects.update(computed_at=long_ago, refresh_requested_at=long_ago)
    with mock.patch.object(figures, "figures_refresh_task") as task:
        _shown(reader, clact)
    task.enqueue.assert_called_once_with(clact.pk)


def test_with_no_maximum_age_the_figures_are_computed_at_each_reading_and_kept_nowhere(
    reader, clact, manager, settings
):
    settings.QVCT_FIGURES_MAX_AGE = 0
    filed_dossiers(clact, manager, 2)
    assert _shown(reader, clact).context["data"].filed == 2
    filed_dossiers(clact, manager, 1, start=10)
    assert _shown(reader, clact).context["data"].filed == 3
    assert not CallFigures.objects.exists()
