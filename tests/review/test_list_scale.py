"""The instruction list at scale: a page reads only what its columns show, and a deep page costs what page 1 does."""

from django.urls import reverse

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
    url = reverse("review:list") + "?tab=tous&sort=-requested&cols=reference&cols=requested&cols=assigned&cols=call"
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
