"""Trigram indexes (pg_trgm) for the search by reference of the instruction list, on PostgreSQL only.

The list searches with `icontains`, which PostgreSQL runs as `UPPER(column) LIKE UPPER('%term%')`: a GIN trigram
index on `UPPER(column)` serves it without reading every row. SQLite has no such index; the migration does
nothing there (its search holds by sorting and paging on ids first, review/selectors.py).
"""

from django.db import migrations

INDEXES = (
    ("dossiers_dossier", "reference", "dossiers_dossier_reference_trgm"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Also created by referential's 0003; pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0011_normandie_selection"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
