"""Helpers shared by the tests: query counting that must stay flat as data grows."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        result = action()
    return len(context.captured_queries), result


def assert_flat_queries(client, url: str, grow: Callable[[], None]) -> int:
    """Asserts a page runs as many queries after `grow()` added rows as before; returns that number."""
    before, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200, response.status_code
    grow()
    after, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200, response.status_code
    assert after == before, f"{url} : {before} requêtes avant, {after} après ajout de lignes"
    return after
