"""The API's lists at scale: no call definition read per row; the statistics sum the totals kept on the dossiers."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers


def _sql(action) -> str:
    with CaptureQueriesContext(connection) as context:
        action()
    return "\n".join(query["sql"] for query in context.captured_queries)


def test_the_api_list_of_dossiers_leaves_the_call_definition_unread(api_client, instructor, clact):
    filed_dossiers(clact, UserFactory(), 3)
    client = api_client(instructor)
    sql = _sql(lambda: client.get("/dossiers"))
    assert '"dossiers_dossier"' in sql and '"definition"' not in sql


def test_the_api_statistics_sum_the_requests_kept_on_the_dossiers(api_client, instructor, clact):
    filed_dossiers(clact, UserFactory(), 3)
    body = api_client(instructor).get("/statistics").json()
    assert Decimal(str(body["requested_total"])) == Decimal(36000)
