"""What a deadline-day request costs (bench/rush_profile.py): a write loads the dossier's related rows at most
once, the history rules do not build the SQL of whole calls, and the autosave's queries stay flat."""

import runpy
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, get_resolver, reverse

from bench.rush_client import PROJECT
from bench.rush_forms import filled, form_where
from dossiers import selectors
from dossiers.views import sections
from monitoring.history import _earlier
from tests.dossiers.files import pdf_upload

pytestmark = pytest.mark.django_db
AUTOSAVE = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def full_loads(monkeypatch):
    """How many times a view loads the dossier with all its related rows (`selectors.dossier_queryset`)."""
    calls = []
    original = selectors.dossier_queryset

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(selectors, "dossier_queryset", counted)
    monkeypatch.setattr(sections, "dossier_queryset", counted)
    return calls


def _url(dossier, section="identification"):
    return reverse("dossiers:section", args=[dossier.reference, section])


def test_an_autosave_loads_the_dossier_with_its_related_rows_once(client, dossier, porteur, full_loads):
    client.force_login(porteur)
    response = client.post(_url(dossier), {"contact_name": "Claire Martin"}, **AUTOSAVE)
    assert response.status_code == 200
    assert len(full_loads) == 1
    dossier.refresh_from_db()
    assert dossier.contact_name == "Claire Martin"


def test_a_section_page_checks_the_dossier_it_has_just_loaded(client, dossier, porteur, full_loads):
    client.force_login(porteur)
    assert client.get(_url(dossier)).status_code == 200
    assert len(full_loads) == 1


def test_a_section_saved_with_its_button_loads_no_related_rows_before_redirecting(
    client, dossier, porteur, full_loads
):
    client.force_login(porteur)
    form = form_where(client.get(_url(dossier, "projet")).content.decode(), hx_post=_url(dossier, "projet"))
    full_loads.clear()
    typed = {key: value for values in PROJECT for key, value in values.items()}
    response = client.post(_url(dossier, "projet"), filled(form, typed))
    assert response.status_code == 302
    assert full_loads == []


def test_an_upload_loads_no_related_rows_before_redirecting(client, dossier, porteur, full_loads):
    client.force_login(porteur)
    url = reverse("dossiers:document_upload", args=[dossier.reference])
    response = client.post(url, {"kind": "rib", "file": pdf_upload("rib.pdf")})
    assert response.status_code == 302
    assert full_loads == []
    assert dossier.documents.filter(kind="rib").exists()


def test_the_pieces_page_reads_the_pieces_only_and_stays_flat_as_they_grow(
    client, dossier, porteur, full_loads
):
    client.force_login(porteur)
    url = _url(dossier, "pieces")

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    empty, _ = page()
    for kind in ("rib", "duerp", "other"):
        upload = reverse("dossiers:document_upload", args=[dossier.reference])
        client.post(upload, {"kind": kind, "file": pdf_upload(f"{kind}.pdf")})
    client.get(url)  # shows (and forgets) the uploads' messages
    grown, text = page()
    assert grown == empty and full_loads == []
    assert "rib.pdf" in text and "duerp.pdf" in text and "other.pdf" in text


def test_the_autosave_queries_stay_flat_as_the_dossier_grows(client, dossier, porteur):
    client.force_login(porteur)

    def autosave(value):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(_url(dossier), {"contact_name": value}, **AUTOSAVE).status_code == 200
        return len(queries)

    first = autosave("Claire Martin")
    for n in range(3):
        url = reverse("dossiers:document_upload", args=[dossier.reference])
        client.post(url, {"kind": "other", "file": pdf_upload(f"autre-{n}.pdf")})
        autosave(f"Claire Martin {n}")
    assert autosave("Claire Martin, directrice") == first


def test_the_history_rules_read_no_call_definition(dossier):
    sql = str(_earlier(dossier.establishment_id, dossier.call_id).query)
    assert '"definition"' not in sql and '"findings"' not in sql


def test_gunicorn_loads_the_urlconf_in_the_master_before_forking():
    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "qvct" / "gunicorn.conf.py"))
    clear_url_caches()
    settings["when_ready"](None)
    assert "url_patterns" in get_resolver().__dict__
