"""Public call pages: the list by status, and one page per call that lays out all of its rules."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.enums import CallStatus
from tests.calls.factories import open_call
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_clact_page_shows_every_axis_theme_and_example_action(client, calls):
    call = calls["clact-grand-est-2024"]
    text = page_text(client.get(call.get_absolute_url()))
    spec = call.spec
    assert len(spec.catalog.axes) == 3
    for axis in spec.catalog.axes:
        assert f"Axe {axis.code} — {axis.title}" in text
        themes = spec.axis_themes(axis.code)
        assert themes
        for theme in themes:
            assert theme.title in text
            assert theme.items
            for item in theme.items:
                assert item.title in text
                if item.description:
                    assert item.description in text
    assert text.count("sur projet motivé</p>") == 6


def test_the_clact_page_shows_the_limits_rates_envelope_and_every_date(client, calls):
    text = page_text(client.get(calls["clact-grand-est-2024"].get_absolute_url()))
    assert "5 actions" in text and "au plus par dossier" in text
    assert f"50{NBSP}%" in text
    assert f"4{NBSP}000{NBSP}000{NBSP}€" in text
    for date in (
        "10 mai 2024",
        "14 mai 2024",
        "31 août 2024",
        "9 octobre 2024",
        "11 octobre 2024",
        "31 décembre 2026",
    ):
        assert date in text, date
    assert "23h59" in text


def test_the_clact_page_lists_required_documents_and_contact(client, calls):
    text = page_text(client.get(calls["clact-grand-est-2024"].get_absolute_url()))
    for label in (
        "Contrat négocié et signé",
        "Avis des instances (a minima l'avis du CSE)",
        "RIB à jour",
        "Fiche récapitulative",
    ):
        assert label in text
    assert "Une lettre d'engagement en ce sens sera déclarée irrecevable." in text
    assert "ARS-GRANDEST-RHS-AAC@ars.sante.fr" in text


def test_the_normandie_page_shows_the_programme_criteria_and_wave(client, calls):
    text = page_text(client.get(calls["aac-normandie-2024"].get_absolute_url()))
    for expected in (
        "6 temps collectifs",
        "5,5 journées",
        "4 temps individuels",
        "4 à 6",
        "Calvados (14)",
        "Manche (50)",
        "Orne (61)",
        "Capacité à collaborer efficacement avec les autres établissements du groupe",
        "Avis ou courrier favorable du CSE",
        "avec le soutien de l'ARS Normandie et de l'ARACT",
        "Entretien préalable avec l'ARACT",
    ):
        assert expected in text, expected
    assert "Eure (27)" not in text


def test_an_unknown_call_is_a_404(client, calls):
    assert client.get(reverse("calls:detail", kwargs={"code": "inconnu"})).status_code == 404


def test_the_list_groups_calls_by_status(client, calls, tmp_path):
    open_call(tmp_path, new_code="clact-grand-est-2027")
    response = client.get(reverse("calls:list"))
    sections = {
        section["status"]: [call.code for call in section["calls"]]
        for section in response.context["sections"]
    }
    assert sections[CallStatus.OPEN] == ["clact-grand-est-2027"]
    assert set(sections[CallStatus.CLOSED]) == set(calls)


def test_home_links_to_the_calls(client, calls):
    text = page_text(client.get("/"))
    for call in calls.values():
        assert call.get_absolute_url() in text


def test_a_call_without_deadline_is_open_until_its_programme_ends(calls):
    call = calls["aac-normandie-2025"]
    assert call.status(dt.datetime(2024, 6, 1, tzinfo=dt.UTC)) == CallStatus.OPEN
    assert call.status(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == CallStatus.CLOSED


def test_the_deadline_second_is_still_open_and_the_next_is_closed(calls):
    call = calls["clact-grand-est-2024"]
    assert call.status(call.deadline) == CallStatus.OPEN
    assert call.status(call.deadline + dt.timedelta(seconds=1)) == CallStatus.CLOSED
    assert timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M:%S") == "2024-05-10 23:59:59"


def test_the_list_page_queries_stay_flat_as_calls_grow(client, calls, tmp_path):
    def grow():
        for year in range(2030, 2036):
            open_call(tmp_path, new_code=f"clact-grand-est-{year}")

    assert_flat_queries(client, reverse("calls:list"), grow)


def test_the_call_page_queries_stay_flat_as_calls_grow(client, calls, tmp_path):
    url = calls["clact-grand-est-2024"].get_absolute_url()
    assert_flat_queries(client, url, lambda: open_call(tmp_path, new_code="clact-grand-est-2031"))


def test_the_home_page_queries_stay_flat_as_calls_grow(client, calls, tmp_path):
    assert_flat_queries(client, "/", lambda: [open_call(tmp_path, new_code=f"c-{n}") for n in range(5)])
