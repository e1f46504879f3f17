"""The demo's open call: a copy of CLACT Grand Est 2024 whose whole calendar is moved to start from today."""

import datetime as dt
import re

import yaml
from django.utils import timezone

from calls.calendar_shift import calendar_moved_to_deadline
from calls.definition_files import load_definition_file, shipped_definition_files, validate_definition
from calls.models import Call
from calls.services import calls_load
from qvct.formats import date as french_date

DEMO_CALL = "clact-grand-est-demo"
SOURCE_FILE = "clact-grand-est-2024.yaml"
# A SIRET made up for the demo (fourteen zeros, no real agency's), so that the open data of the grants can be
# tried; the shipped calls have no `open_data` until their agency gives its SIRET (docs/call-definition.md).
DEMO_OPEN_DATA = {
    "attributor": "Agence régionale de santé Grand Est (démonstration)",
    "siret": "00000000000000",
}
# The demo gives the porteur two months to try the filing: the rest of the calendar follows the deadline.
OPEN_FOR = dt.timedelta(days=60)


# Texts that cite the source call as it is (its provenance, the summary that says the demo is a copy of it);
# the calendar is moved on its own.
KEPT_AS_WRITTEN = {"source", "summary", "title", "short_title", "code"}


def _dated_texts(source_calendar, calendar) -> dict[str, str]:
    """Each calendar date of the source as its texts write it (« 31/12/2026 », « 10 mai 2024 ») → the moved one."""
    moves = {}
    for name in type(calendar).model_fields:
        before, after = getattr(source_calendar, name), getattr(calendar, name)
        if isinstance(before, dt.datetime):
            before, after = before.date(), after.date()
        if isinstance(before, dt.date) and before != after:
            moves[f"{before:%d/%m/%Y}"] = f"{after:%d/%m/%Y}"
            moves[french_date(before)] = french_date(after)
    return moves


def _retimed(value, moves: dict[str, str], years: dict[str, str], top: bool = False):
    """The call's texts told in the demo's time: moved dates, and the source's year (and the one before) moved."""
    if isinstance(value, dict):
        kept = KEPT_AS_WRITTEN | {"calendar"} if top else set()
        return {key: item if key in kept else _retimed(item, moves, years) for key, item in value.items()}
    if isinstance(value, list):
        return [_retimed(item, moves, years) for item in value]
    if not isinstance(value, str):
        return value
    for before, after in moves.items():
        value = value.replace(before, after)
    return re.sub(
        r"(?<![\d/])(\d{4})(?![\d/])", lambda match: years.get(match.group(1), match.group(1)), value
    )


def demo_call_definition(today: dt.date):
    """CLACT 2024 as if it had been published today: same rules, every date moved by the same number of days.

    Its texts follow: « En 2024, l'ARS oriente… » reads « En 2026 » when the demo is loaded in 2026, and a rule
    quoting the consumption deadline quotes the moved one.
    """
    source = next(path for path in shipped_definition_files() if path.name == SOURCE_FILE)
    definition = load_definition_file(source)
    calendar = calendar_moved_to_deadline(definition.calendar, today + OPEN_FOR)
    years = {str(definition.year): str(today.year), str(definition.year - 1): str(today.year - 1)}
    data = _retimed(
        definition.model_dump(mode="json"), _dated_texts(definition.calendar, calendar), years, top=True
    )
    data.update(
        code=DEMO_CALL,
        title="CLACT Grand Est — campagne de démonstration",
        short_title="CLACT Grand Est (démonstration)",
        summary="Copie de l'appel CLACT 2024 dont tout le calendrier part d'aujourd'hui, pour essayer le dépôt "
        "d'un dossier. " + data["summary"],
        year=today.year,
        calendar=calendar.model_dump(mode="json"),
        open_data=DEMO_OPEN_DATA,
    )
    return validate_definition(data)


def demo_call() -> Call:
    """Loads (or moves to today) the demo's open call."""
    definition = demo_call_definition(timezone.localdate())
    text = yaml.safe_dump(definition.model_dump(mode="json"), allow_unicode=True)
    calls_load(texts={f"{DEMO_CALL}.yaml": text})
    return Call.objects.get(code=DEMO_CALL)


def demo_open_data(code: str) -> None:
    """Gives a loaded call the demo's made-up granting agency, so that its signed conventions are published."""
    call = Call.objects.get(code=code)
    call.definition = {**call.definition, "open_data": DEMO_OPEN_DATA}
    call.save(update_fields=["definition"])
