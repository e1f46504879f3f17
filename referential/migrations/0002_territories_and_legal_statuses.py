"""Loads the regions, departments (INSEE) and FINESS legal statuses shipped in referential/data."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

GROUPS = {
    "public_etat_collectivites": "public",
    "public_etablissement_public": "public",
    "prive_non_lucratif": "prive_non_lucratif",
    "prive_commercial": "prive_lucratif",
}


def load(apps, schema_editor):
    Region = apps.get_model("referential", "Region")
    Department = apps.get_model("referential", "Department")
    LegalStatus = apps.get_model("referential", "LegalStatus")
    with (DATA / "departements_regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for row in rows:
        Region.objects.update_or_create(code=row["reg_code"], defaults={"name": row["reg_nom"]})
    for row in rows:
        Department.objects.update_or_create(
            code=row["dep_code"], defaults={"name": row["dep_nom"], "region_id": row["reg_code"]}
        )
    with (DATA / "finess_statut_juridique.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            LegalStatus.objects.update_or_create(
                code=row["code"],
                defaults={"label": row["libelle"], "group": GROUPS.get(row["groupe_infere"], "")},
            )


class Migration(migrations.Migration):
    dependencies = [("referential", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
