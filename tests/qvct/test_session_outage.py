"""A session that the database cannot save at the end of a request (PostgreSQL restarting) gives the French 503
page, to try again; a session really deleted meanwhile (a logout elsewhere) still gives Django's 400."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _save_failing(database_down: bool):
    def save(self, must_create=False):
        if not database_down:
            raise UpdateError
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            # As Django's database backend does: the update error raised while handling the database's.
            raise UpdateError  # noqa: B904

    return save


@pytest.fixture
def signed_in(client, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client.force_login(UserFactory(instructor=True, regions=["44"]))
    return client


def test_a_session_the_database_cannot_save_gives_the_503_page_to_try_again(signed_in, monkeypatch):
    monkeypatch.setattr(SessionStore, "save", _save_failing(database_down=True))
    response = signed_in.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Service momentanément indisponible" in response.content.decode()


def test_a_session_deleted_meanwhile_still_gives_400(signed_in, monkeypatch):
    monkeypatch.setattr(SessionStore, "save", _save_failing(database_down=False))
    assert signed_in.get("/").status_code == 400
