"""The dashboards: who reads them, within which regions, which figures, and a query count that stays flat."""

import pytest
from django.urls import reverse

from eligibility.catalog import rule_label
from tests.accounts.factories import UserFactory
from tests.helpers import assert_flat_queries
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(db):
    return UserFactory(viewer=True, regions=["44"])


def _login(client, user):
    client.force_login(user)


def test_the_dashboards_render_for_the_readers_and_refuse_the_others(
    client, clact, manager, instructor, viewer
):
    filed_dossiers(clact, manager, 3)
    urls = [
        reverse("stats:dashboard"),
        reverse("stats:dashboard_print"),
        reverse("stats:call", args=[clact.code]),
        reverse("stats:call_print", args=[clact.code]),
    ]
    for user in (viewer, manager, instructor):
        _login(client, user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.role, url)
    for user in (
        UserFactory(),
        UserFactory(committee=True, regions=["44"]),
        UserFactory(aract=True),
        UserFactory(admin=True),
    ):
        _login(client, user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_a_grand_est_reader_sees_no_normandie_figure(client, clact, normandie, manager, viewer):
    filed_dossiers(clact, manager, 2, department="57")
    filed_dossiers(normandie, manager, 7, department="14", start=100)
    _login(client, viewer)
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert normandie.short_title not in page
    assert "Calvados" not in page
    assert ">7<" not in page
    assert client.get(reverse("stats:call", args=[normandie.code])).status_code == 404
    assert client.get(reverse("stats:call_print", args=[normandie.code])).status_code == 404
    assert "Calvados" not in client.get(reverse("stats:dashboard") + "?departement=14").content.decode()


def test_the_dashboard_counts_and_sums_the_filed_dossiers(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 3, department="57")
    filed_dossiers(clact, manager, 2, department="54", start=10)
    _login(client, viewer)
    response = client.get(reverse("stats:call", args=[clact.code]) + "?vue=tableau")
    data = response.context["data"]
    assert data.filed == 5
    assert data.amounts["requested"] == 5 * 12000
    assert {group.key: group.dossiers for group in data.by_department} == {"57": 3, "54": 2}
    assert "60\u00a0000\u00a0€" in response.content.decode()


def test_the_filters_live_in_the_url(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 3, department="57")
    filed_dossiers(clact, manager, 2, department="54", start=10)
    _login(client, viewer)
    response = client.get(reverse("stats:call", args=[clact.code]) + "?departement=54&secteur=sanitaire")
    assert response.context["data"].filed == 2
    page = response.content.decode()
    # The map's tiles keep the other filters, and the print version too.
    assert "departement=57&amp;secteur=sanitaire" in page
    assert "imprimer/?departement=54&amp;secteur=sanitaire" in page


def test_finding_shares_show_their_french_names_not_their_codes(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 1, blocking=True)
    filed_dossiers(clact, manager, 3, start=10)
    _login(client, viewer)
    page = client.get(reverse("stats:call", args=[clact.code])).content.decode()
    assert rule_label("COFINANCING_TOO_LOW").capitalize()[:20] in page
    assert "25\u00a0%" in page
    assert "COFINANCING_TOO_LOW" not in page


def test_the_map_switches_to_its_table_and_the_print_version_shows_both(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 2, department="57")
    _login(client, viewer)
    url = reverse("stats:call", args=[clact.code])
    assert '<svg class="stats-map"' in client.get(url).content.decode()
    table = client.get(url + "?vue=tableau").content.decode()
    assert '<svg class="stats-map"' not in table
    assert "Dossiers et montants par département" in table
    printed = client.get(reverse("stats:call_print", args=[clact.code])).content.decode()
    assert '<svg class="stats-map"' in printed and "Dossiers et montants par département" in printed


def test_the_dashboards_run_as_many_queries_for_2000_dossiers_as_for_10(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 10, blocking=True)
    _login(client, viewer)
    for url in (reverse("stats:call", args=[clact.code]), reverse("stats:dashboard") + "?departement=57"):
        assert_flat_queries(client, url, lambda: None)
    grow = iter([1990, 10])
    for url in (reverse("stats:call", args=[clact.code]), reverse("stats:dashboard") + "?departement=57"):
        count = next(grow)
        assert_flat_queries(
            client, url, lambda count=count: filed_dossiers(clact, manager, count, start=1000 + count)
        )


def test_the_figures_shown_export_as_csv_xlsx_and_ods(client, clact, manager, viewer):
    filed_dossiers(clact, manager, 3, department="57")
    client.force_login(viewer)
    url = reverse("stats:call", args=[clact.code])
    page = client.get(url + "?departement=57").content.decode()
    assert "?departement=57&amp;format=xlsx" in page
    response = client.get(url + "?departement=57&format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Répartition;Groupe;Dossiers;Actions;Demandé (€);Accordé (€)"
    assert "Département;Moselle (57);3;3;36000,00;0,00" in lines
    for fmt in ("xlsx", "ods"):
        assert client.get(url + f"?format={fmt}").content[:2] == b"PK"
