"""The simulation's reading of a call at scale: a fixed number of queries per chunk, never one per dossier."""

import pytest

from funding import services
from funding.services import campaign_data
from tests.accounts.factories import UserFactory
from tests.helpers import count_queries
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


def test_reading_the_call_for_a_scenario_runs_as_many_queries_for_4_and_for_40_dossiers(clact):
    author = UserFactory()
    filed_dossiers(clact, author, 4, status="admissible")
    few, data = count_queries(lambda: campaign_data(clact))
    assert len({item["dossier"] for item in data.items}) == 4
    filed_dossiers(clact, author, 36, status="admissible", start=50)
    many, data = count_queries(lambda: campaign_data(clact))
    assert len({item["dossier"] for item in data.items}) == 40
    assert many == few


def test_a_call_larger_than_a_chunk_is_read_whole_in_order(clact, monkeypatch):
    monkeypatch.setattr(services, "CAMPAIGN_CHUNK", 3)
    filed_dossiers(clact, UserFactory(), 8, status="admissible")
    read = []
    data = campaign_data(clact, on_progress=read.append)
    dossiers = list(dict.fromkeys(item["dossier"] for item in data.items))
    assert len(dossiers) == 8 and dossiers == sorted(dossiers)


def test_each_chunk_of_the_call_costs_the_same_few_queries_whatever_its_dossiers(clact, monkeypatch):
    monkeypatch.setattr(services, "CAMPAIGN_CHUNK", 5)
    author = UserFactory()
    counts = []
    for step in range(3):
        filed_dossiers(clact, author, 5, status="admissible", start=10 * step)
        counts.append(count_queries(lambda: campaign_data(clact))[0])
    per_chunk = counts[1] - counts[0]
    assert counts[2] - counts[1] == per_chunk
    # The dossiers, their actions, other funding, indicators, pieces, partners and trinome, then their history.
    assert per_chunk <= 10
