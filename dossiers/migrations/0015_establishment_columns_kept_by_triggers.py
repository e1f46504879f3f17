"""The establishment's name, FINESS and department copied onto each of its dossiers by triggers (issue 16).

The instruction list sorts by establishment, FINESS or department and filters by department: at 100,000 dossiers
the database joined every dossier of the scope to its establishment before showing 50 of them (PostgreSQL: 450 ms
for the department sort, 120 ms for the name). With the columns on the dossier the join is gone (40 and 26 ms).
The database keeps them itself, on SQLite and PostgreSQL alike, whoever writes a dossier (forms, import, API,
bulk inserts of the bench and demo data, test factories) or an establishment (the FINESS import).

The columns may be null (never after the copy): SQLite then adds them in place. A column that may not be null
makes Django rebuild the table on SQLite, which the triggers of migration 0013 (on the actions, naming this
table) refuse: a later migration adding such a column to the dossiers must drop and recreate them around it.
"""

from django.db import migrations, models

COPY = """
UPDATE dossiers_dossier SET
  establishment_name = (SELECT e.name FROM referential_establishment e WHERE e.id = dossiers_dossier.establishment_id),
  establishment_finess = (SELECT e.finess FROM referential_establishment e WHERE e.id = dossiers_dossier.establishment_id),
  establishment_department = COALESCE(
    (SELECT e.department_id FROM referential_establishment e WHERE e.id = dossiers_dossier.establishment_id), ''
  )
"""
PROPAGATE = """
UPDATE dossiers_dossier SET
  establishment_name = NEW.name,
  establishment_finess = NEW.finess,
  establishment_department = COALESCE(NEW.department_id, '')
WHERE establishment_id = NEW.id
"""

SQLITE = (
    "CREATE TRIGGER dossiers_dossier_establishment_insert AFTER INSERT ON dossiers_dossier BEGIN "
    + COPY
    + " WHERE id = NEW.id; END",
    "CREATE TRIGGER dossiers_dossier_establishment_update AFTER UPDATE OF establishment_id ON dossiers_dossier "
    "BEGIN " + COPY + " WHERE id = NEW.id; END",
    "CREATE TRIGGER referential_establishment_dossiers AFTER UPDATE OF name, finess, department_id "
    "ON referential_establishment WHEN OLD.name IS NOT NEW.name OR OLD.finess IS NOT NEW.finess "
    "OR OLD.department_id IS NOT NEW.department_id BEGIN " + PROPAGATE + "; END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS dossiers_dossier_establishment_insert",
    "DROP TRIGGER IF EXISTS dossiers_dossier_establishment_update",
    "DROP TRIGGER IF EXISTS referential_establishment_dossiers",
)

POSTGRESQL = (
    """
CREATE OR REPLACE FUNCTION dossiers_dossier_establishment() RETURNS trigger AS $$
BEGIN
  SELECT e.name, e.finess, COALESCE(e.department_id, '')
    INTO NEW.establishment_name, NEW.establishment_finess, NEW.establishment_department
    FROM referential_establishment e WHERE e.id = NEW.establishment_id;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER dossiers_dossier_establishment BEFORE INSERT OR UPDATE OF establishment_id "
    "ON dossiers_dossier FOR EACH ROW EXECUTE FUNCTION dossiers_dossier_establishment()",
    """
CREATE OR REPLACE FUNCTION referential_establishment_dossiers() RETURNS trigger AS $$
BEGIN
  """
    + PROPAGATE
    + """;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER referential_establishment_dossiers AFTER UPDATE OF name, finess, department_id "
    "ON referential_establishment FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name "
    "OR OLD.finess IS DISTINCT FROM NEW.finess OR OLD.department_id IS DISTINCT FROM NEW.department_id) "
    "EXECUTE FUNCTION referential_establishment_dossiers()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS dossiers_dossier_establishment ON dossiers_dossier",
    "DROP FUNCTION IF EXISTS dossiers_dossier_establishment()",
    "DROP TRIGGER IF EXISTS referential_establishment_dossiers ON referential_establishment",
    "DROP FUNCTION IF EXISTS referential_establishment_dossiers()",
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        raise RuntimeError(f"Base de données non prise en charge : {vendor}")
    schema_editor.execute(COPY)
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0014_message_attachment_scan_status"),
        ("referential", "0003_trigram_name_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="establishment_name",
            field=models.CharField(blank=True, null=True, max_length=60, verbose_name="raison sociale de l'établissement"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="establishment_finess",
            field=models.CharField(blank=True, null=True, max_length=9, verbose_name="FINESS de l'établissement"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="establishment_department",
            field=models.CharField(blank=True, null=True, max_length=3, verbose_name="département de l'établissement"),
        ),
        migrations.RunPython(create, drop, elidable=False),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["establishment_name", "id"], name="dossier_establishment_name"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["establishment_finess", "id"], name="dossier_establishment_finess"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["establishment_department", "id"], name="dossier_establishment_dept"),
        ),
    ]
