"""What the exports leave unread at scale: the call's definition (tens of kilobytes of JSON) and the dossiers'
texts are never read once per row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from qvct.exports.lists import REGISTRY
from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers


def _sql(action) -> str:
    with CaptureQueriesContext(connection) as context:
        action()
    return "\n".join(query["sql"] for query in context.captured_queries)


def test_the_dossiers_export_reads_neither_the_call_definition_nor_the_dossier_texts(instructor, clact):
    filed_dossiers(clact, UserFactory(), 3)
    export = REGISTRY["dossiers"]
    sql = _sql(lambda: list(export.table(instructor, {"query": ["tab=tous"]}, [])[1]))
    (rows,) = [query for query in sql.split("\n") if 'FROM "dossiers_dossier"' in query]
    assert '"definition"' not in rows
    assert '"diagnostic"' not in rows and '"motivation"' not in rows


def test_the_actions_export_reads_each_call_definition_once(instructor, clact):
    filed_dossiers(clact, UserFactory(), 4)
    export = REGISTRY["actions"]
    with CaptureQueriesContext(connection) as context:
        rows = list(export.table(instructor, {"query": ["tab=tous"]}, [])[1])
    assert len(rows) == 4
    (actions,) = [q["sql"] for q in context.captured_queries if 'FROM "dossiers_action"' in q["sql"]]
    assert '"definition"' not in actions
    # The catalog's names: the call read once for all its actions (the other read is the filter form's calls).
    assert sum('"definition"' in query["sql"] for query in context.captured_queries) == 2
