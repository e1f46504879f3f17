"""The porteur's writes to the actions and their financing plan: add, edit, fund, reorder, remove.

Each refuses a text over its limit before writing anything, then re-checks editability on the locked dossier
row and reads the action again in the transaction of the write: the request's copy may be stale.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from calls.vocabulary import EXPENSE_NATURE_LABELS
from qvct.limits import ACTION_TEXT
from qvct.templatetags.qvct_format import euros

from .editing import ensure_editable, lock_for_edit
from .enums import EventKind
from .errors import DossierError, text_checked
from .history import change, event_record, field_label, shown
from .models import Action, Dossier, Indicator, OtherFunding

GONE = "Cette action a été supprimée entre-temps : rechargez la page."


@dataclass
class ActionValues:
    title: str
    axis: str = ""
    theme: str = ""
    catalog_item: str = ""
    description: str = ""
    motivation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    agents_concerned: int | None = None
    mutualized: bool = False
    expense_nature: str = ""
    cost: object = 0
    requested: object = 0
    own_funding: object = 0
    funded_elsewhere: bool = False
    reimbursable_elsewhere: bool = False
    training_plan: bool = False
    renews_action: str = ""

    def checked(self) -> "ActionValues":
        """The values if every text fits its limit; refuses the whole write otherwise."""
        for name in ("description", "motivation"):
            text_checked(getattr(self, name) or "", limit=ACTION_TEXT, label=field_label(Action, name))
        for name in ("title", "axis", "theme", "catalog_item", "expense_nature", "renews_action"):
            limit = Action._meta.get_field(name).max_length
            text_checked(getattr(self, name) or "", limit=limit, label=field_label(Action, name))
        return self


def _fresh_action(action: Action) -> Action:
    fresh = Action.objects.filter(pk=action.pk, dossier_id=action.dossier_id).first()
    if fresh is None:
        raise DossierError(GONE)
    return fresh


def _shown(dossier: Dossier, name: str, value) -> str:
    """An action's value in the porteur's words: the catalog's titles, never its codes."""
    spec = dossier.call.spec
    if name == "theme" and value:
        theme = spec.theme(value)
        return theme.title if theme else value
    if name == "catalog_item" and value:
        items = {item.code: item.title for theme in spec.catalog.themes for item in theme.items}
        return items.get(value, value)
    if name == "expense_nature" and value:
        return str(EXPENSE_NATURE_LABELS.get(value, value))
    if name in {"cost", "requested", "own_funding"}:
        return euros(value)
    return shown(value)


def action_add(*, dossier: Dossier, user, values: ActionValues) -> Action:
    ensure_editable(dossier, "actions")
    values.checked()
    limit = dossier.call.spec.funding.max_actions if dossier.call.spec.funding else 0
    with transaction.atomic():
        # The lock also serialises two additions, so that the limit holds.
        lock_for_edit(dossier, "actions")
        count = Action.objects.filter(dossier=dossier).count()
        if count >= limit:
            raise DossierError(
                f"L'appel autorise {limit} actions au plus par dossier : une {count + 1}e action rendrait le dossier "
                "irrecevable. Supprimez ou regroupez une action existante pour en ajouter une autre."
            )
        action = Action.objects.create(dossier=dossier, position=count + 1, **values.__dict__)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.ACTION_ADDED,
            summary=f"Action ajoutée : {action.title}",
            data={"action": action.pk},
        )
        return action


def action_update(*, action: Action, user, values: ActionValues) -> list[str]:
    dossier = action.dossier
    part = f"action:{action.pk}"
    ensure_editable(dossier, part)
    values.checked()
    with transaction.atomic():
        lock_for_edit(dossier, part)
        stored = _fresh_action(action)
        changed, changes = [], []
        for name, value in values.__dict__.items():
            old = getattr(stored, name)
            if old != value:
                changed.append(name)
                if name != "axis":  # follows the theme, which says it in words
                    changes.append(
                        change(
                            field_label(Action, name),
                            _shown(dossier, name, old),
                            _shown(dossier, name, value),
                        )
                    )
            setattr(action, name, value)
        action.position = stored.position
        if changed:
            action.save(update_fields=changed)
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Action {action.position} modifiée : {action.title}",
                data={"action": action.pk, "target": part, "changes": changes},
            )
    return changed


def _funders(rows) -> list[str]:
    return [f"{funder} : {euros(amount)}" for funder, amount in rows]


def _indicators(rows) -> list[str]:
    return [
        f"{name}" + (f" ({unit})" if unit else "") + (f" : {baseline or '—'} → {target or '—'}")
        for name, unit, baseline, target in rows
    ]


def action_funding_set(
    *,
    action: Action,
    user,
    other_funding: list[tuple[str, object]],
    indicators: list[tuple[str, str, str, str]],
) -> None:
    dossier = action.dossier
    part = f"action:{action.pk}"
    ensure_editable(dossier, part)
    for funder, _ in other_funding:
        text_checked(funder, limit=OtherFunding._meta.get_field("funder").max_length, label="Financeur")
    for row in indicators:
        for name, value in zip(("name", "unit", "baseline", "target"), row, strict=True):
            limit = Indicator._meta.get_field(name).max_length
            text_checked(value or "", limit=limit, label=field_label(Indicator, name))
    with transaction.atomic():
        lock_for_edit(dossier, part)
        stored = _fresh_action(action)
        before_funding = [(f.funder, f.amount) for f in OtherFunding.objects.filter(action=stored)]
        before_indicators = [
            (i.name, i.unit, i.baseline, i.target) for i in Indicator.objects.filter(action=stored)
        ]
        OtherFunding.objects.filter(action=stored).delete()
        OtherFunding.objects.bulk_create(
            [OtherFunding(action=stored, funder=funder, amount=amount) for funder, amount in other_funding]
        )
        Indicator.objects.filter(action=stored).delete()
        Indicator.objects.bulk_create(
            [Indicator(action=stored, name=n, unit=u, baseline=b, target=t) for n, u, b, t in indicators]
        )
        changes = []
        if _funders(before_funding) != _funders(other_funding):
            changes.append(change("Autres financeurs", _funders(before_funding), _funders(other_funding)))
        if _indicators(before_indicators) != _indicators(indicators):
            changes.append(
                change("Indicateurs de suivi", _indicators(before_indicators), _indicators(indicators))
            )
        if changes:
            event_record(
                dossier=dossier,
                actor=user,
                kind=EventKind.EDITED,
                summary=f"Action {stored.position} modifiée : {stored.title}",
                data={"action": action.pk, "target": part, "changes": changes},
            )


def action_remove(*, action: Action, user) -> None:
    dossier = action.dossier
    ensure_editable(dossier, "actions")
    with transaction.atomic():
        lock_for_edit(dossier, "actions")
        stored = _fresh_action(action)
        stored.delete()
        Action.objects.filter(dossier=dossier, position__gt=stored.position).update(
            position=F("position") - 1
        )
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.ACTION_REMOVED,
            summary=f"Action supprimée : {stored.title}",
        )


def action_move(*, action: Action, user, offset: int) -> None:
    dossier = action.dossier
    ensure_editable(dossier, "actions")
    with transaction.atomic():
        lock_for_edit(dossier, "actions")
        action = _fresh_action(action)
        other = Action.objects.filter(dossier=dossier, position=action.position + offset).first()
        if other is None:
            return
        action.position, other.position = other.position, action.position
        Action.objects.filter(pk=other.pk).update(position=0)
        Action.objects.filter(pk=action.pk).update(position=action.position)
        Action.objects.filter(pk=other.pk).update(position=other.position)
        event_record(
            dossier=dossier,
            actor=user,
            kind=EventKind.ACTION_MOVED,
            summary=f"Action « {action.title} » placée en position {action.position}",
        )
