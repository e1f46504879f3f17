import pytest

from dossiers.services import dossier_start
from tests.accounts.factories import UserFactory
from tests.calls.factories import open_call
from tests.referential.factories import EstablishmentFactory


@pytest.fixture
def clact(db, tmp_path):
    """The CLACT call, open for another 30 days."""
    return open_call(tmp_path / "clact", code="clact-grand-est-2024")


@pytest.fixture
def normandie(db, tmp_path):
    return open_call(tmp_path / "normandie", code="aac-normandie-2024")


@pytest.fixture
def porteur(db):
    return UserFactory(establishment=EstablishmentFactory(finess="670000272", name="CH DE SELESTAT"))


@pytest.fixture
def dossier(clact, porteur):
    return dossier_start(call=clact, establishment=porteur.establishments.get(), user=porteur)[0]
