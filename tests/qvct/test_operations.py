"""Operations: health and readiness probes, the request id on responses and log lines, the WSGI start-up."""

import gc
import importlib
import json
import logging

from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from qvct import health
from qvct.requestid import REQUEST_ID, JsonFormatter, RequestIdFilter


def test_health_answers_without_login_or_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"etat": "ok"}


def test_readiness_is_ok_when_the_database_answers_and_is_migrated(client, db):
    response = client.get(reverse("readiness"))
    assert response.status_code == 200 and response.json() == {"etat": "ok"}


def test_readiness_says_503_with_the_reason_while_migrations_are_pending(client, db):
    MigrationRecorder.Migration.objects.filter(
        app="dossiers", name="0013_action_totals_kept_by_triggers"
    ).delete()
    response = client.get(reverse("readiness"))
    assert response.status_code == 503 and response.json()["raison"].startswith("1 migration(s)")


def test_readiness_reads_the_migrations_on_disk_once_and_the_database_in_three_queries(
    client, db, django_assert_num_queries
):
    client.get(reverse("readiness"))
    health.migrations_on_disk.cache_clear()
    client.get(reverse("readiness"))
    assert health.migrations_on_disk.cache_info().misses == 1
    with django_assert_num_queries(3):  # SELECT 1, whether the migration table exists, its rows
        response = client.get(reverse("readiness"))
    assert response.status_code == 200 and health.migrations_on_disk.cache_info().misses == 1


def test_readiness_says_503_while_the_database_is_unreachable(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get(reverse("readiness"))
    assert response.status_code == 503 and response.json()["raison"] == "base de données injoignable"


def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("health"))["X-Request-ID"]
    second = client.get(reverse("health"))["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_set_by_the_proxy_is_kept_and_a_forged_one_replaced(client):
    assert (
        client.get(reverse("health"), HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"]
        == "proxy-abc-12345"
    )
    forged = client.get(reverse("health"), HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert forged != "<script>\n" and len(forged) == 32


def test_a_json_log_line_carries_the_request_id(client):
    token = REQUEST_ID.set("abcdef123456")
    try:
        record = logging.LogRecord("qvct", logging.WARNING, __file__, 1, "pièce refusée", (), None)
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abcdef123456" and line["message"] == "pièce refusée"


def test_the_wsgi_start_up_freezes_what_it_loaded():
    try:
        importlib.import_module("qvct.wsgi")
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_gunicorn_settings_cut_a_request_that_runs_too_long(monkeypatch):
    monkeypatch.setenv("GUNICORN_TIMEOUT", "25")
    namespace: dict = {}
    with open("qvct/gunicorn.conf.py", encoding="utf-8") as settings_file:
        exec(settings_file.read(), namespace)
    assert namespace["timeout"] == 25 and namespace["preload_app"] is True
