"""The call's mandatory mention on the dossier's receipt and PDF — for a call that defines one, on no other."""

import io

import pytest
from pypdf import PdfReader

from dossiers.documents_pdf import dossier_pdf, receipt_pdf
from dossiers.services import dossier_start
from tests.accounts.factories import UserFactory
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_normandie_receipt_and_dossier_pdf_carry_the_calls_mention(normandie):
    user = UserFactory(establishment=EstablishmentFactory(normandie=True))
    dossier, _ = dossier_start(call=normandie, establishment=user.establishments.get(), user=user)
    for pdf in (receipt_pdf(dossier), dossier_pdf(dossier)):
        assert "Avec le soutien de l'ARS Normandie et de l'ARACT" in _text(pdf)


def test_the_clact_receipt_carries_no_mention(dossier):
    assert "Avec le soutien" not in _text(receipt_pdf(dossier))
