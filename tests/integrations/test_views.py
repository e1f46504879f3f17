"""The campaign manager launches the DS sync from its page and follows it there."""

import pytest
from django.urls import reverse

from integrations.models import DsSync
from integrations.sync import ds_sync
from tests.accounts.factories import UserFactory
from tests.helpers import assert_flat_queries

from .test_sync import _client

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(UserFactory(manager=True, regions=["44"]))
    return client


def test_the_campaigns_page_links_to_the_sync_of_a_call_that_declares_its_demarche(manager_client, ds_call):
    page = manager_client.get(reverse("accounts:workspace_campaigns")).content.decode()
    assert reverse("integrations:sync", args=[ds_call.code]) in page


def test_the_button_queues_the_sync_and_the_page_follows_it(
    manager_client, ds_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager_client.post(reverse("integrations:launch", args=[ds_call.code]), follow=True)
    assert "La synchronisation est lancée" in response.content.decode()
    assert len(callbacks) == 1
    assert 'hx-trigger="every 2s"' in response.content.decode()
    again = manager_client.post(reverse("integrations:launch", args=[ds_call.code]), follow=True)
    assert "déjà en cours" in again.content.decode()


def test_the_page_shows_the_report_of_the_last_sync(manager_client, ds_call, fake_ds):
    del fake_ds.dossiers[3:]
    ds_sync(call=ds_call, client=_client(fake_ds))
    page = manager_client.get(reverse("integrations:sync", args=[ds_call.code])).content.decode()
    assert "Terminée le" in page and "3 repris dans le guichet" in page and "n° 2 : créé" in page
    assert "every 2s" not in page


def test_a_call_without_a_demarche_says_so_and_offers_no_button(manager_client, clact):
    page = manager_client.get(reverse("integrations:sync", args=[clact.code])).content.decode()
    assert "ne déclare pas de démarche" in page and "Synchroniser maintenant" not in page


def test_the_page_runs_as_many_queries_whatever_the_number_of_dossiers(manager_client, ds_call, fake_ds):
    del fake_ds.dossiers[4:]
    small = fake_ds.dossiers[:2]
    rest = fake_ds.dossiers[2:]
    fake_ds.dossiers = small
    ds_sync(call=ds_call, client=_client(fake_ds))

    def grow():
        fake_ds.dossiers = small + rest
        DsSync.objects.filter(call=ds_call).update(since=None)
        ds_sync(call=ds_call, client=_client(fake_ds))

    assert_flat_queries(manager_client, reverse("integrations:sync", args=[ds_call.code]), grow)
