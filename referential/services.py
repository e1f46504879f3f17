"""Writes to the reference data: the idempotent import of a FINESS extract."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import transaction

from .finess import (
    EstablishmentRecord,
    ExtractHeader,
    GeolocationRecord,
    RejectedLine,
    read_extract,
)
from .models import Department, Establishment

BATCH_SIZE = 500

# Fields the extract owns: a re-import overwrites them, and only them, when they changed.
EXTRACT_FIELDS = (
    "finess_ej",
    "siret",
    "name",
    "long_name",
    "address",
    "postal_code",
    "city",
    "department_id",
    "phone",
    "category_code",
    "category_label",
    "category_group_code",
    "category_group_label",
    "sector",
    "pricing_code",
    "sph_code",
    "opened_on",
    "finess_updated_on",
)


@dataclass
class FinessImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    located: int = 0
    rejected: list[RejectedLine] = field(default_factory=list)
    warnings: list[RejectedLine] = field(default_factory=list)
    header: ExtractHeader = field(default_factory=ExtractHeader)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged


def _values(record: EstablishmentRecord) -> dict:
    values = {name: getattr(record, name) for name in EXTRACT_FIELDS if name != "department_id"}
    values["department_id"] = record.department
    return values


def _flush(
    establishments: list[EstablishmentRecord],
    locations: list[GeolocationRecord],
    report: FinessImportReport,
    departments: set[str],
) -> None:
    with transaction.atomic():
        by_finess: dict[str, EstablishmentRecord] = {}
        for record in establishments:
            if record.department not in departments:
                report.rejected.append(
                    RejectedLine(record.line, f"département « {record.department} » inconnu du référentiel")
                )
                continue
            by_finess[record.finess] = record
        existing = Establishment.objects.in_bulk(list(by_finess), field_name="finess")
        to_create, to_update, changed_fields = [], [], set()
        for finess, record in by_finess.items():
            for warning in record.warnings:
                report.warnings.append(RejectedLine(record.line, warning))
            values = _values(record)
            current = existing.get(finess)
            if current is None:
                to_create.append(Establishment(finess=finess, legal_group=record.legal_group, **values))
                continue
            changes = {name: value for name, value in values.items() if getattr(current, name) != value}
            # A legal group set by hand is kept; the extract only fills one it can infer.
            if record.legal_group and not current.legal_group:
                changes["legal_group"] = record.legal_group
            if not changes:
                report.unchanged += 1
                continue
            for name, value in changes.items():
                setattr(current, name, value)
            changed_fields.update(changes)
            to_update.append(current)
        Establishment.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            Establishment.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
        report.created += len(to_create)
        report.updated += len(to_update)

        if locations:
            located = Establishment.objects.in_bulk([loc.finess for loc in locations], field_name="finess")
            moved = []
            for location in locations:
                establishment = located.get(location.finess)
                if establishment is None:
                    report.warnings.append(
                        RejectedLine(
                            location.line, f"coordonnées d'un établissement inconnu ({location.finess})"
                        )
                    )
                    continue
                if (establishment.x, establishment.y) != (location.x, location.y):
                    establishment.x, establishment.y = location.x, location.y
                    moved.append(establishment)
            if moved:
                Establishment.objects.bulk_update(moved, ["x", "y"], batch_size=BATCH_SIZE)
            report.located += len(moved)


def finess_import(*, stream: BinaryIO, on_bytes: Callable[[int], None] | None = None) -> FinessImportReport:
    """Creates or updates the establishments of a FINESS extract; a rerun of the same file changes nothing.

    Lines that cannot be read are reported with their line number and never stop the import.
    """
    report = FinessImportReport()
    departments = set(Department.objects.values_list("code", flat=True))
    establishments: list[EstablishmentRecord] = []
    locations: list[GeolocationRecord] = []
    for item in read_extract(stream, header=report.header, on_bytes=on_bytes):
        if isinstance(item, RejectedLine):
            report.rejected.append(item)
        elif isinstance(item, EstablishmentRecord):
            establishments.append(item)
        else:
            locations.append(item)
        if len(establishments) + len(locations) >= BATCH_SIZE:
            _flush(establishments, locations, report, departments)
            establishments, locations = [], []
    _flush(establishments, locations, report, departments)
    report.rejected.sort(key=lambda rejected: rejected.line)
    report.warnings.sort(key=lambda warning: warning.line)
    return report
