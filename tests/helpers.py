"""Helpers shared by the tests: query counting that must stay flat as data grows; fixtures filed without drawing
their receipts."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

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


# The smallest file a PDF reader opens: what a fixture's receipt carries instead of the real one.
PLACEHOLDER_PDF = b"%PDF-1.4\n%%EOF\n"


@contextmanager
def receipts_undrawn() -> Iterator[None]:
    """Dossiers filed by a fixture get their receipt e-mail with a placeholder PDF: WeasyPrint draws a receipt in
    0.4 s, hundreds of times a run, for e-mails the fixtures clear. tests/dossiers reads the real receipts."""
    with mock.patch("dossiers.notifications.receipt_pdf", lambda dossier: PLACEHOLDER_PDF):
        yield
