"""What the follow-up tells of an establishment's past, for the rule engine and the action form.

Earlier funded actions are those of the establishment's dossiers of other calls whose convention opened a
follow-up; each is known by a stable reference « <dossier>/<position> » (the engine's `renews_action`).
"""

from eligibility.results import PriorAction

from .enums import Progress
from .models import ActionFollowUp


def prior_reference(action) -> str:
    return f"{action.dossier.reference}/{action.position}"


# The columns read below: the SQL of all the columns of two dossiers and a call (its whole definition) costs
# milliseconds to build, on every autosave (the engine's history rules), for an establishment with no past.
_READ = (
    "progress",
    "abandon_reason",
    "follow_up__granted_on",
    "follow_up__dossier__establishment__finess",
    "action__position",
    "action__title",
    "action__dossier__reference",
    "action__dossier__call__code",
    "action__dossier__call__short_title",
)


def _earlier(establishment_id: int, call_id: int):
    return (
        ActionFollowUp.objects.filter(follow_up__dossier__establishment_id=establishment_id)
        .exclude(follow_up__dossier__call_id=call_id)
        .select_related("action__dossier__call", "follow_up__dossier__establishment")
        .only(*_READ)
        .order_by("-follow_up__granted_on", "action__position")
    )


def _prior(item) -> PriorAction:
    return PriorAction(
        reference=prior_reference(item.action),
        finess=item.follow_up.dossier.establishment.finess,
        campaign=item.action.dossier.call.code,
        title=item.action.title,
        granted_on=item.follow_up.granted_on,
        implemented=item.progress in {Progress.STARTED, Progress.DONE},
        # Abandoned with its reason: the establishment explained it (« sans demande et explication »).
        explained=item.progress == Progress.ABANDONED and bool(item.abandon_reason),
    )


def prior_actions_for(dossier) -> tuple[PriorAction, ...]:
    """The establishment's actions funded by other calls, implemented or not, explained or not."""
    return tuple(_prior(item) for item in _earlier(dossier.establishment_id, dossier.call_id))


def prior_actions_of_many(establishment_ids, call_id: int) -> dict[int, tuple[PriorAction, ...]]:
    """`prior_actions_for` of many establishments of one call in one query (the simulation reads thousands)."""
    found: dict[int, list[PriorAction]] = {}
    items = (
        ActionFollowUp.objects.filter(follow_up__dossier__establishment_id__in=list(establishment_ids))
        .exclude(follow_up__dossier__call_id=call_id)
        .select_related("action__dossier__call", "follow_up__dossier__establishment")
        .only(*_READ)
        .order_by("-follow_up__granted_on", "action__position")
    )
    for item in items:
        found.setdefault(item.follow_up.dossier.establishment_id, []).append(_prior(item))
    return {pk: tuple(found.get(pk, ())) for pk in establishment_ids}


def renewable_choices(dossier) -> list[tuple[str, str]]:
    """The picker of the action form: the establishment's earlier funded actions, never a free reference."""
    choices = []
    for item in _earlier(dossier.establishment_id, dossier.call_id):
        call = item.action.dossier.call
        choices.append(
            (
                prior_reference(item.action),
                f"{call.short_title} — {item.action.title} ({item.get_progress_display().lower()})",
            )
        )
    return choices


def earlier_conventions(dossier) -> list[dict]:
    """For the instructor's page: the establishment's earlier funded actions and what became of them."""
    rows = []
    for item in _earlier(dossier.establishment_id, dossier.call_id):
        if item.progress in {Progress.STARTED, Progress.DONE}:
            state = "mise en œuvre"
        elif item.progress == Progress.ABANDONED and item.abandon_reason:
            state = f"abandonnée : {item.abandon_reason}"
        else:
            state = "non mise en œuvre, sans explication"
        rows.append(
            {
                "call": item.action.dossier.call.short_title,
                "reference": item.action.dossier.reference,
                "title": item.action.title,
                "granted_on": item.follow_up.granted_on,
                "state": state,
                "alert": state.startswith("non"),
            }
        )
    return rows
