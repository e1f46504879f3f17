"""The DS client: every document it sends validates against the real DS schema; streams page by page."""

import datetime as dt

import pytest

from integrations.ds_client import DsClient, DsError
from integrations.ds_queries import ALL_DOCUMENTS

from .fake_ds import FakeDs, ds_dossier, validation_errors

DEMARCHE = 4242


@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_every_document_the_client_sends_validates_against_the_ds_schema(name):
    assert [error.message for error in validation_errors(ALL_DOCUMENTS[name])] == []


def test_a_document_with_a_field_ds_does_not_have_fails_validation():
    assert validation_errors("query { demarche(number: 1) { nombreDeDossiers } }")


def _fake(count: int) -> FakeDs:
    return FakeDs(
        demarche=DEMARCHE,
        dossiers=[
            ds_dossier(n, siret=f"2650000000{n:04d}", updated=f"2026-03-01T10:{n % 60:02d}:00+01:00")
            for n in range(1, count + 1)
        ],
    )


def _client(fake: FakeDs) -> DsClient:
    return DsClient(token="jeton", url="https://fake-ds.invalid/api/v2/graphql", transport=fake.transport())


def test_fifty_dossiers_read_in_one_page_or_in_three_are_the_same():
    one = [
        n["number"]
        for p in _client(_fake(50)).pages("dossiers", demarche=DEMARCHE, first=50)
        for n in p.nodes
    ]
    pages = list(_client(_fake(50)).pages("dossiers", demarche=DEMARCHE, first=17))
    three = [node["number"] for page in pages for node in page.nodes]
    assert len(pages) == 3
    assert sorted(one) == sorted(three) == list(range(1, 51))
    assert one == three


def test_a_stream_restarts_from_a_saved_cursor_without_losing_or_repeating():
    fake = _fake(50)
    first = _client(fake).page("dossiers", demarche=DEMARCHE, first=20)
    rest = [
        n["number"]
        for p in _client(fake).pages("dossiers", demarche=DEMARCHE, after=first.end_cursor, first=20)
        for n in p.nodes
    ]
    assert sorted([n["number"] for n in first.nodes] + rest) == list(range(1, 51))


def test_updated_since_asks_only_for_the_dossiers_changed_since():
    fake = _fake(5)
    since = dt.datetime.fromisoformat("2026-03-01T10:03:00+01:00")
    numbers = [
        n["number"] for p in _client(fake).pages("dossiers", demarche=DEMARCHE, since=since) for n in p.nodes
    ]
    assert numbers == [3, 4, 5]
    assert fake.requests[0]["variables"]["updatedSince"] == since.isoformat()


def test_deleted_dossiers_are_a_stream_of_their_own():
    fake = FakeDs(
        demarche=DEMARCHE,
        deleted=[
            {
                "id": "x",
                "number": 7,
                "state": "en_construction",
                "dateSupression": "2026-03-02T00:00:00Z",
                "reason": "user_request",
            }
        ],
    )
    page = _client(fake).page("deleted", demarche=DEMARCHE)
    assert [node["number"] for node in page.nodes] == [7]


def test_a_ds_outage_is_a_french_error_not_a_crash():
    fake = _fake(1)
    fake.failures = 1
    with pytest.raises(DsError, match="a répondu 502"):
        _client(fake).page("dossiers", demarche=DEMARCHE)


def test_a_graphql_error_is_reported_in_french():
    with pytest.raises(DsError, match="refusé la requête"):
        _client(_fake(1)).page("dossiers", demarche=DEMARCHE + 1)


def test_no_token_is_refused_before_any_request():
    with pytest.raises(DsError, match="n'est pas configuré"):
        DsClient(token="", url="https://fake-ds.invalid/")
