"""The instruction list's sorts, search and cells at scale: each sort reads one indexed column (never the sum of
every dossier's actions), the search reads the establishments first, and the cells come ready from Python."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.models import Action
from review.list_cells import list_rows
from review.selectors import COLUMNS, ListQuery, dossier_rows
from tests.accounts.factories import UserFactory
from tests.helpers import count_queries
from tests.review.factories import filed_dossiers


def _page_ids_query(user, query: ListQuery) -> str:
    with CaptureQueriesContext(connection) as context:
        dossier_rows(user, query)
    return context.captured_queries[0]["sql"]


@pytest.mark.parametrize("sort", ["-requested", "requested", "-actions", "actions"])
def test_sorting_by_the_request_or_the_actions_reads_no_action(instructor, clact, sort):
    filed_dossiers(clact, UserFactory(), 3)
    sql = _page_ids_query(instructor, ListQuery(tab="tous", sort=sort))
    assert "dossiers_action" not in sql
    assert "SUM(" not in sql.upper()


def test_the_list_sorted_by_request_follows_the_sum_of_the_actions(instructor, clact):
    dossiers = filed_dossiers(clact, UserFactory(), 4)
    for extra, dossier in zip(
        (Decimal("50000"), Decimal("10"), Decimal("900"), Decimal(0)), dossiers, strict=True
    ):
        Action.objects.create(dossier=dossier, position=2, title="Formation", requested=extra)
    rows, _ = dossier_rows(instructor, ListQuery(tab="tous", sort="-requested"))
    totals = [row.requested_total for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0].pk == dossiers[0].pk


def test_every_sort_of_the_list_runs_as_many_queries_as_the_default(client, instructor, clact):
    filed_dossiers(clact, UserFactory(), 60)
    client.force_login(instructor)
    base = reverse("review:list") + "?tab=tous"
    default, _ = count_queries(lambda: client.get(base))
    for key in COLUMNS:
        for sort in (key, f"-{key}"):
            queries, response = count_queries(lambda sort=sort: client.get(f"{base}&sort={sort}&page=2"))
            assert response.status_code == 200
            assert queries == default, sort


def test_a_search_finds_the_establishments_first_and_leaves_references_to_terms_with_a_digit(
    instructor, clact
):
    filed_dossiers(clact, UserFactory(), 3)
    by_name = _page_ids_query(instructor, ListQuery(tab="tous", q="LISTE"))
    assert '"referential_establishment"' in by_name and '"reference"' not in by_name.split("ORDER BY")[0]
    by_reference = _page_ids_query(instructor, ListQuery(tab="tous", q="2024-0"))
    assert '"reference"' in by_reference


def test_a_search_by_name_lists_the_dossiers_of_the_matching_establishments(instructor, clact):
    dossiers = filed_dossiers(clact, UserFactory(), 12)
    rows, _ = dossier_rows(instructor, ListQuery(tab="tous", q="liste 1"))
    assert {row.pk for row in rows} == {
        d.pk for d in dossiers if d.establishment.name.startswith("CH DE LA LISTE 1")
    }


def test_the_list_cells_are_escaped_and_written_the_french_way(instructor, clact):
    dossier = filed_dossiers(clact, UserFactory(), 1)[0]
    dossier.establishment.long_name = "<script>alert(1)</script>"
    dossier.establishment.save()
    Action.objects.create(dossier=dossier, position=2, title="Formation", requested=Decimal("4200"))
    rows, _ = dossier_rows(instructor, ListQuery(tab="tous"))
    (row,) = list_rows(rows, ["reference", "establishment", "requested", "status"])
    html = [str(cell.html) for cell in row.cells]
    assert (
        html[0] == f'<a href="{reverse("review:dossier", args=[dossier.reference])}">{dossier.reference}</a>'
    )
    assert html[1] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html[2] == "16\u00a0200\u00a0€"  # the factory's 12 000 € and this 4 200 €
    assert html[3].startswith('<p class="fr-badge')
