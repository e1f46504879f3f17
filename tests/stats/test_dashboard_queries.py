"""The dashboards read the actions in two grouped queries, whatever the number of breakdowns."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers


def test_the_dashboard_reads_the_actions_in_two_grouped_queries(client, clact):
    filed_dossiers(clact, UserFactory(), 3)
    client.force_login(UserFactory(manager=True, regions=["44"]))
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("stats:call", args=[clact.code])).status_code == 200
    reading_actions = [q for q in context.captured_queries if 'FROM "dossiers_action"' in q["sql"]]
    assert len(reading_actions) == 2  # every breakdown at once, and the catalog
