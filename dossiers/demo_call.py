"""The demo's open call: a copy of CLACT Grand Est 2024 whose whole calendar is moved to start from today."""

import datetime as dt

import yaml
from django.utils import timezone

from calls.calendar_shift import calendar_moved_to_deadline
from calls.definition_files import load_definition_file, shipped_definition_files, validate_definition
from calls.models import Call
from calls.services import calls_load

DEMO_CALL = "clact-grand-est-demo"
SOURCE_FILE = "clact-grand-est-2024.yaml"
# The demo gives the porteur two months to try the filing: the rest of the calendar follows the deadline.
OPEN_FOR = dt.timedelta(days=60)


def demo_call_definition(today: dt.date):
    """CLACT 2024 as if it had been published today: same rules, every date moved by the same number of days."""
    source = next(path for path in shipped_definition_files() if path.name == SOURCE_FILE)
    definition = load_definition_file(source)
    calendar = calendar_moved_to_deadline(definition.calendar, today + OPEN_FOR)
    data = definition.model_dump(mode="json")
    data.update(
        code=DEMO_CALL,
        title="CLACT Grand Est — campagne de démonstration",
        short_title="CLACT Grand Est (démonstration)",
        summary="Copie de l'appel CLACT 2024 dont tout le calendrier part d'aujourd'hui, pour essayer le dépôt "
        "d'un dossier. " + data["summary"],
        year=today.year,
        calendar=calendar.model_dump(mode="json"),
    )
    return validate_definition(data)


def demo_call() -> Call:
    """Loads (or moves to today) the demo's open call."""
    definition = demo_call_definition(timezone.localdate())
    text = yaml.safe_dump(definition.model_dump(mode="json"), allow_unicode=True)
    calls_load(texts={f"{DEMO_CALL}.yaml": text})
    return Call.objects.get(code=DEMO_CALL)
