"""Computing a call's figures reads its actions in one grouped query, whatever the number of breakdowns: the counts
and requests come from the dossiers' own totals, the amounts decided from the decisions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers


def test_computing_the_figures_reads_the_actions_in_one_grouped_query(client, clact):
    filed_dossiers(clact, UserFactory(), 3)
    client.force_login(UserFactory(manager=True, regions=["44"]))
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("stats:call", args=[clact.code])).status_code == 200
    reading_actions = [q for q in context.captured_queries if 'FROM "dossiers_action"' in q["sql"]]
    assert len(reading_actions) == 1  # the catalog
