"""Stored copies of the former shipped text: the communication article now prints the call's mention, if any.

The former text computed the mention in code (« Action financée par l'ARS … au titre du FIR »), which no call
says; it now comes from the call (`documents.communication_mention`, empty by default), so the article is shown
only when the call has one rather than as an empty quotation.
"""

from django.db import migrations

FORMER = (
    "<h2>Article 6 — Communication</h2>\n"
    "<p>Toute communication relative aux actions financées mentionne : « {{ mention_financement }} ».</p>"
)
CONDITIONAL = "{% if mention_financement %}" + FORMER + "{% endif %}"


def forwards(apps, schema_editor):
    ConventionTemplate = apps.get_model("agreements", "ConventionTemplate")
    for template in ConventionTemplate.objects.filter(body__contains="{{ mention_financement }}"):
        if FORMER in template.body and CONDITIONAL not in template.body:
            template.body = template.body.replace(FORMER, CONDITIONAL)
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_convention_template_help")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
