"""Loading call definitions into the database: all files are validated first, then all or nothing is written."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from referential.models import Region

from .definition import CallDefinition
from .definition_files import DefinitionFileError, load_definition_file, shipped_definition_files
from .models import EDITABLE_FIELDS, Call


@dataclass
class CallsLoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_overrides: dict[str, list[str]] = field(default_factory=dict)


class CallsLoadError(Exception):
    def __init__(self, errors: list[DefinitionFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(line for error in errors for line in error.lines()))


def _column_values(definition: CallDefinition) -> dict:
    calendar = definition.calendar
    return {
        "opens_at": calendar.opens_at,
        "deadline": calendar.deadline,
        "instruction_start": calendar.instruction_start,
        "instruction_end": calendar.instruction_end,
        "notification_from": calendar.notification_from,
        "convention_from": calendar.convention_from,
        "consumption_deadline": calendar.consumption_deadline,
        "program_start": calendar.program_start,
        "program_end": calendar.program_end,
        "envelope": definition.envelope,
        "summary": definition.summary,
        "contact_email": definition.contact.email or "",
        "contact_text": definition.contact.text,
        "payment_terms": definition.documents.payment_terms,
        "communication_mention": definition.documents.communication_mention,
        "signatory_name": definition.documents.signatory.name,
        "signatory_title": definition.documents.signatory.title,
    }


def calls_load(*, paths: list[Path] | None = None) -> CallsLoadReport:
    """Validates every definition file, then creates or updates their calls in one transaction.

    When any file is wrong nothing is written and CallsLoadError lists every problem. A value changed by a
    campaign manager in the back office is kept when the file is loaded again.
    """
    paths = [Path(path) for path in paths] if paths else shipped_definition_files()
    loaded: list[tuple[Path, CallDefinition, str]] = []
    errors: list[DefinitionFileError] = []
    seen_codes: dict[str, Path] = {}
    for path in paths:
        try:
            definition = load_definition_file(path)
        except DefinitionFileError as error:
            errors.append(error)
            continue
        if definition.code in seen_codes:
            errors.append(
                DefinitionFileError(
                    str(path),
                    [("code", f"« {definition.code} » est déjà défini par {seen_codes[definition.code]}")],
                )
            )
            continue
        seen_codes[definition.code] = path
        loaded.append((path, definition, hashlib.sha256(path.read_bytes()).hexdigest()))
    if errors:
        raise CallsLoadError(errors)

    report = CallsLoadReport()
    regions = set(Region.objects.values_list("code", flat=True))
    with transaction.atomic():
        existing = Call.objects.select_for_update().in_bulk(
            [definition.code for _, definition, _ in loaded], field_name="code"
        )
        for path, definition, sha in loaded:
            if definition.region not in regions:
                raise CallsLoadError(
                    [DefinitionFileError(str(path), [("region", "région absente du référentiel")])]
                )
            call = existing.get(definition.code)
            if call is not None and call.content_sha256 == sha:
                report.unchanged.append(definition.code)
                continue
            if call is not None and definition.version < call.version:
                raise CallsLoadError(
                    [
                        DefinitionFileError(
                            str(path),
                            [
                                (
                                    "version",
                                    f"version {definition.version} plus ancienne que la version chargée ({call.version})",
                                )
                            ],
                        )
                    ]
                )
            values = {
                "version": definition.version,
                "kind": definition.kind.value,
                "year": definition.year,
                "title": definition.title,
                "short_title": definition.short_title,
                "region_id": definition.region,
                "definition": definition.model_dump(mode="json"),
                "source_file": path.name,
                "content_sha256": sha,
                "loaded_at": timezone.now(),
            }
            columns = _column_values(definition)
            if call is None:
                Call.objects.create(code=definition.code, **values, **columns)
                report.created.append(definition.code)
                continue
            kept = [name for name in call.overridden_fields if name in EDITABLE_FIELDS]
            for name, value in {**values, **columns}.items():
                if name not in kept:
                    setattr(call, name, value)
            call.save()
            report.updated.append(definition.code)
            if kept:
                report.kept_overrides[definition.code] = kept
    return report
