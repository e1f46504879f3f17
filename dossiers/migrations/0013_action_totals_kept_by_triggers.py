"""Each dossier's total request and number of actions, kept by triggers on the actions' table (issue 16).

The instruction list sorts by the ARS request: summing every dossier's actions for each page cost 300 ms at
100,000 dossiers. The database keeps the two values itself, on SQLite and PostgreSQL alike, so that no way of
writing actions (forms, import, API, bulk inserts of the bench and demo data, test factories) can forget them:
each trigger recomputes the whole sum of the dossier it touched (never an increment, which could drift).
"""

from django.db import migrations, models

REFRESH = """
UPDATE dossiers_dossier SET
  requested_total = COALESCE((SELECT SUM(a.requested) FROM dossiers_action a WHERE a.dossier_id = {ref}), 0),
  actions_count = (SELECT COUNT(*) FROM dossiers_action a WHERE a.dossier_id = {ref})
WHERE id = {ref}
"""

SQLITE = (
    "CREATE TRIGGER dossiers_action_totals_insert AFTER INSERT ON dossiers_action BEGIN "
    + REFRESH.format(ref="NEW.dossier_id")
    + "; END",
    "CREATE TRIGGER dossiers_action_totals_delete AFTER DELETE ON dossiers_action BEGIN "
    + REFRESH.format(ref="OLD.dossier_id")
    + "; END",
    "CREATE TRIGGER dossiers_action_totals_update AFTER UPDATE OF requested, dossier_id ON dossiers_action BEGIN "
    + REFRESH.format(ref="OLD.dossier_id")
    + "; "
    + REFRESH.format(ref="NEW.dossier_id")
    + "; END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS dossiers_action_totals_insert",
    "DROP TRIGGER IF EXISTS dossiers_action_totals_delete",
    "DROP TRIGGER IF EXISTS dossiers_action_totals_update",
)

POSTGRESQL = (
    """
CREATE OR REPLACE FUNCTION dossiers_action_totals() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    """
    + REFRESH.format(ref="OLD.dossier_id")
    + """;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    """
    + REFRESH.format(ref="NEW.dossier_id")
    + """;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER dossiers_action_totals AFTER INSERT OR DELETE OR UPDATE OF requested, dossier_id "
    "ON dossiers_action FOR EACH ROW EXECUTE FUNCTION dossiers_action_totals()",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS dossiers_action_totals ON dossiers_action",
    "DROP FUNCTION IF EXISTS dossiers_action_totals()",
)

BACKFILL = """
UPDATE dossiers_dossier SET
  requested_total = COALESCE((SELECT SUM(a.requested) FROM dossiers_action a WHERE a.dossier_id = dossiers_dossier.id), 0),
  actions_count = (SELECT COUNT(*) FROM dossiers_action a WHERE a.dossier_id = dossiers_dossier.id)
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        raise RuntimeError(f"Base de données non prise en charge : {vendor}")
    schema_editor.execute(BACKFILL)
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0012_trigram_reference_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="actions_count",
            field=models.PositiveIntegerField(default=0, verbose_name="nombre d'actions"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="requested_total",
            field=models.DecimalField(
                decimal_places=2, default=0, max_digits=14, verbose_name="demande ARS totale (€)"
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["requested_total", "id"], name="dossier_requested_total"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["actions_count", "id"], name="dossier_actions_count"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
