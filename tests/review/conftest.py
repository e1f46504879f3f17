import pytest

from dossiers import services
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import complete_clact
from tests.dossiers.conftest import clact, dossier, normandie, porteur  # noqa: F401


@pytest.fixture
def instructor(db):
    return UserFactory(instructor=True, regions=["44"], first_name="Inès", last_name="Truc")


@pytest.fixture
def filed(dossier, porteur, mailoutbox):  # noqa: F811 (fixtures shared with tests/dossiers)
    """A complete CLACT dossier, filed; the receipt e-mail is cleared."""
    complete_clact(dossier, porteur)
    filed, _ = services.dossier_submit(dossier=dossier, user=porteur)
    mailoutbox.clear()
    return filed


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Tests run inside a transaction that never commits: the e-mails sent on commit go out at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
