"""The instruction list at scale: a page reads only what its columns show, and a deep page costs what page 1 does."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from review.selectors import ListQuery, dossier_rows
from tests.accounts.factories import UserFactory
from tests.helpers import count_queries
from tests.review.factories import filed_dossiers


def test_list_rows_leave_the_call_definition_and_the_dossier_texts_unread(instructor, clact):
    filed_dossiers(clact, UserFactory(), 3)
    rows, _ = dossier_rows(instructor, ListQuery(tab="tous"))
    deferred = rows[0].get_deferred_fields()
    assert {"diagnostic", "objectives", "findings", "motivation"} <= deferred
    assert "definition" in rows[0].call.get_deferred_fields()


def test_a_deep_page_of_the_list_runs_as_many_queries_as_the_first(client, instructor, clact):
    filed_dossiers(clact, UserFactory(), 120)
    client.force_login(instructor)
    url = (
        reverse("review:list")
        + "?tab=tous&sort=-requested&cols=reference&cols=requested&cols=assigned&cols=call"
    )
    first, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    deep, response = count_queries(lambda: client.get(url + "&page=3"))
    assert response.status_code == 200
    assert deep == first


def test_a_list_page_keeps_the_order_of_its_sort(instructor, clact):
    filed_dossiers(clact, UserFactory(), 12)
    rows, _ = dossier_rows(instructor, ListQuery(tab="tous", sort="-reference"))
    numbers = [row.number for row in rows]
    assert numbers == sorted(numbers, reverse=True)


def test_the_dossier_page_finds_its_dossier_by_a_join_not_a_scope_subquery(client, instructor, clact):
    dossier = filed_dossiers(clact, UserFactory(), 1)[0]
    client.force_login(instructor)
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("review:dossier", args=[dossier.reference])).status_code == 200
    lookup = next(q["sql"] for q in context.captured_queries if '"reference" =' in q["sql"])
    assert "IN (SELECT" not in lookup.upper()


def test_a_draft_stays_out_of_the_agents_dossier_page(client, instructor, clact):
    dossier = filed_dossiers(clact, UserFactory(), 1)[0]
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.DRAFT)
    client.force_login(instructor)
    assert client.get(reverse("review:dossier", args=[dossier.reference])).status_code == 404
