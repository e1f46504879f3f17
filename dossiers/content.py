"""The porteur's writes to the sections of a dossier: identification, project, motivation, trinôme, partners.

Each refuses a text over its limit before writing anything, then re-checks editability on the locked row in
the transaction of the write, and records what changed in French.
"""

from django.db import transaction

from qvct.limits import CRITERION_TEXT
from referential.models import Establishment

from .editing import ensure_editable, lock_for_edit
from .enums import EventKind
from .errors import text_checked
from .history import change, event_record, field_label
from .models import Dossier, Partner, TrinomeMember

PROJECT_FIELDS = frozenset({"scope", "diagnostic", "objectives", "schedule", "follow_up"})


def _part_of(values: dict) -> str:
    """The section key the fields belong to, for the complements check."""
    if "motivation" in values:
        return "motivation"
    return "projet" if PROJECT_FIELDS & set(values) else "identification"


def _checked(dossier: Dossier, name: str, value):
    if name == "motivation":
        titles = {criterion.code: criterion.title for criterion in dossier.call.spec.criteria}
        for code, text in value.items():
            text_checked(text or "", limit=CRITERION_TEXT, label=titles.get(code, "Motivation"))
        return value
    limit = Dossier._meta.get_field(name).max_length
    if isinstance(value, str) and limit:
        text_checked(value, limit=limit, label=field_label(Dossier, name))
    return value


def _motivation_changes(dossier: Dossier, old: dict, new: dict) -> list[dict]:
    titles = {criterion.code: criterion.title for criterion in dossier.call.spec.criteria}
    return [
        change(f"Motivation — {titles.get(code, code)}", old.get(code), new.get(code))
        for code in dict.fromkeys([*old, *new])
        if (old.get(code) or "") != (new.get(code) or "")
    ]


def dossier_update(*, dossier: Dossier, user, section: str, values: dict) -> list[str]:
    """Saves the fields of one section; returns the names of those that changed (recorded in history)."""
    part = _part_of(values)
    ensure_editable(dossier, part)
    values = {name: _checked(dossier, name, value) for name, value in values.items()}
    with transaction.atomic():
        # Compared with what is stored now, not with the request's copy: a co-editor may have saved meanwhile.
        lock_for_edit(dossier, part, refresh=tuple(values))
        changed, changes = [], []
        for name, value in values.items():
            old = getattr(dossier, name)
            if old == value:
                continue
            changed.append(name)
            if name == "motivation":
                changes += _motivation_changes(dossier, old or {}, value or {})
            else:
                changes.append(change(field_label(Dossier, name), old, value))
            setattr(dossier, name, value)
        if changed:
            dossier.save(update_fields=[*changed, "updated_at"])
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Section « {section} » modifiée",
                data={"section": section, "target": f"section:{part}", "changes": changes},
            )
    return changed


def trinome_update(*, dossier: Dossier, user, members: dict[str, tuple[str, str]]) -> None:
    ensure_editable(dossier, "trinome")
    for name, email in members.values():
        text_checked(name, limit=TrinomeMember._meta.get_field("name").max_length, label="Nom")
        text_checked(email, limit=TrinomeMember._meta.get_field("email").max_length, label="Adresse")
    roles = dict(TrinomeMember._meta.get_field("role").choices)
    with transaction.atomic():
        lock_for_edit(dossier, "trinome")
        current = {member.role: member for member in TrinomeMember.objects.filter(dossier=dossier)}
        changes = []
        for role, (name, email) in members.items():
            member = current.get(role)
            if not name:
                if member:
                    member.delete()
                    changes.append(change(roles.get(role, role), member.name, ""))
                continue
            if member is None:
                TrinomeMember.objects.create(dossier=dossier, role=role, name=name, email=email)
                changes.append(change(roles.get(role, role), "", name))
            elif (member.name, member.email) != (name, email):
                changes.append(change(roles.get(role, role), member.name, name))
                member.name, member.email = name, email
                member.save()
        if changes:
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary="Trinôme modifié",
                data={"section": "Trinôme", "target": "section:trinome", "changes": changes},
            )


def partners_set(*, dossier: Dossier, user, establishments: list[Establishment]) -> None:
    ensure_editable(dossier, "partenaires")
    with transaction.atomic():
        lock_for_edit(dossier, "partenaires")
        wanted = {
            establishment.pk
            for establishment in establishments
            if establishment.pk != dossier.establishment_id
        }
        current = set(Partner.objects.filter(dossier=dossier).values_list("establishment_id", flat=True))
        Partner.objects.filter(dossier=dossier).exclude(establishment_id__in=wanted).delete()
        Partner.objects.bulk_create(
            [Partner(dossier=dossier, establishment_id=pk) for pk in wanted - current], ignore_conflicts=True
        )
        if wanted != current:
            names = dict(Establishment.objects.filter(pk__in=wanted | current).values_list("pk", "name"))
            finess = Establishment.objects.filter(pk__in=wanted).values_list("finess", flat=True)
            before, after = sorted(names[pk] for pk in current), sorted(names[pk] for pk in wanted)
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary="Établissements partenaires modifiés",
                data={
                    "partners": list(finess),
                    "target": "section:partenaires",
                    "changes": [change("Établissements partenaires", before, after)],
                },
            )
