"""The open data of the grants: one SCDL « Subventions » row per convention signed by both parties, valid against
the Table Schema kept in the repository; a public page and one stable address per call and year."""

import json

import pytest
from django.urls import reverse
from frictionless import Resource, Schema, validate

from agreements.models import Convention
from calls.models import Call
from demo.call import DEMO_CALL
from stats.opendata import FIELDS, SCHEMA_PATH

pytestmark = pytest.mark.django_db


def _schema() -> Schema:
    return Schema.from_descriptor(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _validated(tmp_path, content: bytes):
    path = tmp_path / "subventions.csv"
    path.write_bytes(content)
    resource = Resource(path=path.name, basepath=str(tmp_path), schema=_schema())
    report = validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return content.decode("utf-8").splitlines()


def _demo_call_with_grants() -> Call:
    """The demo call whose conventions were signed (the demo signs one per campaign)."""
    signed = Convention.objects.filter(
        establishment_signed_on__isnull=False, agency_signed_on__isnull=False
    ).exclude(signed_file="")
    return Call.objects.get(pk=signed.values("dossier__call").first()["dossier__call"])


def test_the_schema_kept_in_the_repository_lists_the_scdl_fields():
    assert tuple(field.name for field in _schema().fields) == FIELDS


def test_the_demo_campaign_file_validates_with_one_row_per_signed_convention(client, demo, tmp_path):
    call = _demo_call_with_grants()
    assert call.spec.open_data is not None
    response = client.get(reverse("opendata:grants", args=[call.year, call.code]))
    assert response.status_code == 200
    lines = _validated(tmp_path, response.content)
    signed = Convention.objects.filter(
        dossier__call=call, establishment_signed_on__isnull=False, agency_signed_on__isnull=False
    ).exclude(signed_file="")
    assert len(lines) - 1 == signed.count() >= 1
    assert lines[0].split(",") == list(FIELDS)
    assert "aide en numéraire" in lines[1] and ",non,1.00," in lines[1]


def test_the_public_page_lists_each_call_and_year_with_its_stable_address(client, demo):
    call = _demo_call_with_grants()
    page = client.get(reverse("opendata:index")).content.decode()
    assert f"/donnees-ouvertes/subventions/{call.year}/{call.code}.csv" in page
    assert client.get(reverse("opendata:grants", args=[call.year + 1, call.code])).status_code == 404


def test_a_call_without_the_agency_siret_publishes_nothing(client, clact):
    assert clact.spec.open_data is None
    assert client.get(reverse("opendata:grants", args=[clact.year, clact.code])).status_code == 404
    assert clact.title not in client.get(reverse("opendata:index")).content.decode()


def test_a_convention_signed_by_one_party_only_is_not_published(client, demo, tmp_path):
    call = _demo_call_with_grants()
    before = len(
        client.get(reverse("opendata:grants", args=[call.year, call.code])).content.decode().splitlines()
    )
    Convention.objects.filter(dossier__call=call).update(agency_signed_on=None)
    lines = _validated(tmp_path, client.get(reverse("opendata:grants", args=[call.year, call.code])).content)
    assert len(lines) == 1 < before
    assert DEMO_CALL


def test_the_validation_catches_a_row_out_of_the_format(tmp_path):
    header = ",".join(FIELDS)
    row = "ARS,123,2024-10-15,R1,CH,,,Objet,100.00,aide en numéraire,unique,2024-10-15,,peut-être,1.00,CLACT"
    path = tmp_path / "faux.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = validate(Resource(path=path.name, basepath=str(tmp_path), schema=_schema()))
    assert not report.valid
    assert {error[0] for error in report.flatten(["fieldName"])} >= {"idAttribuant", "notificationUE"}
