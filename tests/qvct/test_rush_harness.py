"""The deadline-day rush (bench/rush.py) and what it relies on: forms read as a browser posts them, persistent
connections checked after a database restart, and a French 503 page while the database is down."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from bench.rush_client import FRENCH_ERROR, LEAKS
from bench.rush_forms import csrf_token, filled, form_where

pytestmark = pytest.mark.django_db


def test_persistent_database_connections_are_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_rush_posts_a_section_form_as_the_autosave_sends_it(client, dossier, porteur):
    client.force_login(porteur)
    url = reverse("dossiers:section", args=[dossier.reference, "identification"])
    page = client.get(url).content.decode()
    form = form_where(page, hx_post=url)
    data = filled(form, {"contact_name": "Claire Martin"})
    assert data["csrfmiddlewaretoken"] and csrf_token(page)
    assert data["contact_name"] == "Claire Martin" and "headcount" in data
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.contact_name == "Claire Martin"


def _failing_section(monkeypatch, error: Exception):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("dossiers.views.sections.porteur_section", fail)


def test_a_database_outage_says_the_service_is_briefly_unavailable_without_a_trace(
    dossier, porteur, monkeypatch
):
    _failing_section(
        monkeypatch, OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    )
    client = Client(raise_request_exception=False)
    client.force_login(porteur)
    response = client.get(reverse("dossiers:section", args=[dossier.reference, "identification"]))
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Service momentanément indisponible" in text and "fr-header" in text
    assert any(words in text for words in FRENCH_ERROR)
    assert not any(leak in text for leak in LEAKS)


def test_any_other_error_keeps_the_french_500_page(dossier, porteur, monkeypatch):
    _failing_section(monkeypatch, ValueError("un défaut du code"))
    client = Client(raise_request_exception=False)
    client.force_login(porteur)
    response = client.get(reverse("dossiers:section", args=[dossier.reference, "identification"]))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in text and "défaut du code" not in text


def test_the_rush_users_logged_in_earlier_open_their_workspace_without_logging_in(porteur):
    from bench.rush_setup import rush_sessions

    cookies = rush_sessions([porteur.email])[porteur.email]
    client = Client()
    client.cookies.load(cookies)
    response = client.get("/espace/etablissement/")
    assert response.status_code == 200
    assert response.wsgi_request.user == porteur
    from bench.rush_client import Porteur

    simulated = Porteur(
        base="http://127.0.0.1",
        email=porteur.email,
        password="",
        call_code="",
        think=0,
        t0=0,
        hits=[],
        session=cookies,
    )
    assert (
        simulated.logged_in
        and simulated.client.cookies[settings.SESSION_COOKIE_NAME] == cookies[settings.SESSION_COOKIE_NAME]
    )
