"""« ni les formations relevant classiquement du plan de formation »: declared on the action, then excluded."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse

from dossiers import services
from dossiers.forms import ActionForm
from dossiers.models import Dossier
from dossiers.services import dossier_check
from tests.dossiers.builders import complete_action
from tests.eligibility.dossiers import clact_action, clact_dossier
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/schemas/qvct.dossier-1.schema.json").read_text()
)


def test_the_action_form_asks_whether_the_training_belongs_to_the_training_plan(client, dossier, porteur):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    page = client.get(reverse("dossiers:action", args=[dossier.reference, action.pk])).content.decode()
    assert "formation relevant classiquement du plan de formation" in page


def test_declaring_a_training_plan_action_makes_it_an_excluded_expense(client, dossier, porteur):
    action = complete_action(dossier, porteur, expense_nature="training")
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    client.post(url, {"training_plan": "on"}, HTTP_HX_REQUEST="true")
    action.refresh_from_db()
    assert action.training_plan is True
    result = dossier_check(dossier)
    assert [f.action for f in result.findings if f.code == "EXCLUDED_EXPENSE"] == [1]
    assert result.actions[0].fundable == 0


def test_the_json_export_carries_the_training_plan_flag_and_stays_valid(client, dossier, porteur):
    complete_action(dossier, porteur, training_plan=True)
    client.force_login(porteur)
    data = json.loads(client.get(reverse("dossiers:export_json", args=[dossier.reference])).content)
    jsonschema.validate(data, SCHEMA)
    assert data["actions"][0]["training_plan"] is True


def test_an_imported_dossier_keeps_the_training_plan_flag(calls, tmp_path):
    EstablishmentFactory(finess="670000272", name="CH DE SELESTAT")
    path = tmp_path / "dossier.json"
    data = clact_dossier(actions=[clact_action(training_plan=True)])
    jsonschema.validate(data, SCHEMA)
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_dossiers", str(path))
    action = Dossier.objects.get(reference="DS-123456").actions.get()
    assert action.training_plan is True


def test_the_flag_is_optional_in_the_interchange_format():
    data = clact_dossier()
    assert "training_plan" not in data["actions"][0]
    jsonschema.validate(data, SCHEMA)


def test_a_call_that_does_not_exclude_the_training_plan_does_not_ask(client, normandie, porteur):
    assert "training_plan" not in ActionForm(spec=normandie.spec).fields
    assert services.ActionValues(title="x").training_plan is False
