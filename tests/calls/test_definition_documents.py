"""The `documents` part of a call: payment terms, communication mention and signatory, editable per call."""

import copy

import pytest
from django.urls import reverse

from calls.definition_files import DefinitionFileError, validate_definition
from calls.models import Call
from calls.services import calls_load
from tests.accounts.factories import UserFactory
from tests.calls.factories import shipped_definition_data, write_definition


def test_payment_terms_and_communication_mention_are_empty_by_default():
    data = copy.deepcopy(shipped_definition_data("clact-grand-est-2024"))
    del data["documents"]
    documents = validate_definition(data).documents
    assert (documents.payment_terms, documents.communication_mention, documents.signatory.name) == (
        "",
        "",
        "",
    )


def test_the_shipped_clact_call_names_its_signatory_but_no_payment_clause():
    documents = validate_definition(shipped_definition_data("clact-grand-est-2024")).documents
    assert documents.signatory.title == "Le directeur général de l'Agence régionale de santé Grand Est"
    assert (documents.payment_terms, documents.communication_mention) == ("", "")


def test_an_unknown_documents_field_is_refused_in_french():
    data = copy.deepcopy(shipped_definition_data("clact-grand-est-2024"))
    data["documents"]["versement"] = "en une fois"
    with pytest.raises(DefinitionFileError, match=r"documents\.versement: champ inconnu"):
        validate_definition(data)


@pytest.mark.django_db
def test_the_managers_documents_values_apply_and_survive_a_new_version(tmp_path):
    calls_load()
    call = Call.objects.get(code="clact-grand-est-2024")
    call.payment_terms = "Versement en deux fois."
    call.signatory_name = "Camille Martin"
    call.overridden_fields = ["payment_terms", "signatory_name"]
    call.save()
    data = shipped_definition_data("clact-grand-est-2024")
    data["version"] += 1
    data["documents"]["communication_mention"] = "Avec le soutien de l'ARS Grand Est"
    calls_load(paths=[write_definition(tmp_path, data)])
    documents = Call.objects.get(pk=call.pk).spec.documents
    assert documents.payment_terms == "Versement en deux fois."
    assert documents.signatory.name == "Camille Martin"
    assert documents.communication_mention == "Avec le soutien de l'ARS Grand Est"


@pytest.mark.django_db
def test_the_back_office_offers_the_documents_values_to_the_manager(client, calls):
    client.force_login(UserFactory(manager=True, regions=["44"]))
    page = client.get(reverse("admin:calls_call_change", args=[calls["clact-grand-est-2024"].pk]))
    text = page.content.decode()
    assert "Lettres de notification et conventions" in text
    for name in ("payment_terms", "communication_mention", "signatory_name", "signatory_title"):
        assert f'name="{name}"' in text, name
