"""The transition table is the one path of a dossier's state: every transition from every source writes its event,
every other state refuses it, and no project module writes `status` but `transition_apply`."""

import ast
from pathlib import Path

import pytest

from dossiers.enums import DossierStatus, EventKind
from dossiers.models import Dossier
from dossiers.models import DossierEvent as Event
from dossiers.services import DossierError, transition_apply
from dossiers.workflow import TRANSITIONS, TransitionError

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [(name, source) for name, transition in TRANSITIONS.items() for source in sorted(transition.source)]
REFUSED = [
    (name, state)
    for name, transition in TRANSITIONS.items()
    for state in DossierStatus
    if state not in transition.source
]


def _at(dossier: Dossier, status: DossierStatus) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(status=status)  # test set-up only
    return Dossier.objects.get(pk=dossier.pk)


def test_each_transition_moves_from_each_source_to_its_target_and_writes_its_event(dossier, porteur):
    for name, source in PAIRS:
        dossier = _at(dossier, source)
        transition_apply(dossier, porteur, name, "Étape du test", reason="Motif du test")
        assert Dossier.objects.get(pk=dossier.pk).status == TRANSITIONS[name].target, name
        event = Event.objects.filter(dossier=dossier, kind=EventKind.TRANSITION).latest("pk")
        assert (event.transition, event.from_status, event.to_status) == (
            name,
            source,
            TRANSITIONS[name].target,
        )
        assert event.actor == porteur and event.reason == "Motif du test"


def test_each_transition_is_refused_from_every_other_state_and_changes_nothing(dossier, porteur):
    events = Event.objects.filter(dossier=dossier).count()
    for name, state in REFUSED:
        dossier = _at(dossier, state)
        with pytest.raises(TransitionError):
            transition_apply(dossier, porteur, name, "Étape du test", reason="Motif du test")
        assert Dossier.objects.get(pk=dossier.pk).status == state, name
    assert Event.objects.filter(dossier=dossier).count() == events


def test_every_state_is_reached_by_some_transition_or_is_the_draft():
    assert {t.target for t in TRANSITIONS.values()} | {DossierStatus.DRAFT} == set(DossierStatus)


def test_a_transition_that_needs_a_reason_refuses_none(dossier, porteur):
    for name in [n for n, t in TRANSITIONS.items() if t.needs_reason]:
        dossier = _at(dossier, sorted(TRANSITIONS[name].source)[0])
        with pytest.raises(DossierError):
            transition_apply(dossier, porteur, name, "Étape du test", reason="  ")


def test_a_stale_state_loses_to_the_change_made_meanwhile(dossier, porteur):
    stale = _at(dossier, DossierStatus.SUBMITTED)
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.WITHDRAWN)
    with pytest.raises(TransitionError):
        transition_apply(stale, porteur, "start_review", "Instruction commencée")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WITHDRAWN


WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_update"}


def _status_writers(path: Path) -> list[str]:
    """Places writing a dossier's `status`: `x.status = …`, `update(status=…)`, `create(status=…)`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
            and any(keyword.arg == "status" for keyword in node.keywords)
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_module_writes_a_dossier_status_but_the_transition_table():
    writers = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "bench"} or "migrations" in parts:
            continue
        writers += _status_writers(path)
    # Statuses of other things (outbox messages; spending lines and reports of the follow-up, through
    # monitoring/workflow.py) are their own workflows.
    allowed = {"dossiers/services.py", "mailing/services.py", "monitoring/services.py"}
    assert [w for w in writers if w.split(":")[0] not in allowed] == []
    assert len([w for w in writers if w.startswith("dossiers/services.py")]) == 2  # the update and its echo
