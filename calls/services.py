"""Loading call definitions into the database: all files are validated first, then all or nothing is written."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from referential.models import Region

from .definition import CallDefinition
from .definition_files import (
    DefinitionFileError,
    parse_definition_text,
    read_definition_text,
    shipped_definition_files,
)
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


def calls_load(*, paths: list[Path] | None = None, texts: dict[str, str] | None = None) -> CallsLoadReport:
    """Validates every definition, then creates or updates their calls in one transaction.

    Definitions come from files (`paths`, by default the shipped ones) or as YAML texts by source name (`texts`,
    e.g. the demo's open call built in memory). When any is wrong nothing is written and CallsLoadError lists every
    problem. A value changed by a campaign manager in the back office is kept when the file is loaded again.
    """
    sources: dict[str, str] = dict(texts or {})
    errors: list[DefinitionFileError] = []
    if paths or not texts:
        for path in [Path(path) for path in paths] if paths else shipped_definition_files():
            try:
                sources[str(path)] = read_definition_text(path)
            except DefinitionFileError as error:
                errors.append(error)
    loaded: list[tuple[str, CallDefinition, str]] = []
    seen_codes: dict[str, str] = {}
    for source, text in sources.items():
        try:
            definition = parse_definition_text(text, source)
        except DefinitionFileError as error:
            errors.append(error)
            continue
        if definition.code in seen_codes:
            errors.append(
                DefinitionFileError(
                    source,
                    [("code", f"« {definition.code} » est déjà défini par {seen_codes[definition.code]}")],
                )
            )
            continue
        seen_codes[definition.code] = source
        loaded.append((source, definition, hashlib.sha256(text.encode("utf-8")).hexdigest()))
    if errors:
        raise CallsLoadError(errors)

    report = CallsLoadReport()
    regions = set(Region.objects.values_list("code", flat=True))
    with transaction.atomic():
        existing = Call.objects.select_for_update().in_bulk(
            [definition.code for _, definition, _ in loaded], field_name="code"
        )
        for source, definition, sha in loaded:
            if definition.region not in regions:
                raise CallsLoadError(
                    [DefinitionFileError(source, [("region", "région absente du référentiel")])]
                )
            call = existing.get(definition.code)
            if call is not None and call.content_sha256 == sha:
                report.unchanged.append(definition.code)
                continue
            if call is not None and definition.version < call.version:
                raise CallsLoadError(
                    [
                        DefinitionFileError(
                            source,
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
                "source_file": Path(source).name,
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
