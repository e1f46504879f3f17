"""`qvct bench-data`: every state of the workflow, the rows each state implies, the same data for the same seed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from agreements.models import Convention
from demo.national import bench_data_load
from dossiers.enums import DossierStatus
from dossiers.models import Action, Document, Dossier, DossierEvent
from dossiers.workflow import TRANSITIONS
from funding.models import Decision, Letter
from review.models import CriterionScore
from tests.conftest import _reference_data_load


def _snapshot() -> list[tuple]:
    return list(
        Dossier.objects.order_by("reference").values_list(
            "reference",
            "establishment__finess",
            "status",
            "submitted_at",
            "finding_codes",
            "assigned_to__email",
        )
    )


def test_bench_data_spreads_the_dossiers_over_every_state_of_the_workflow(db):
    report = bench_data_load(dossiers=300, seed=1)
    assert report.dossiers == Dossier.objects.count() == 300
    assert set(Dossier.objects.values_list("status", flat=True)) == set(DossierStatus.values)


def test_bench_data_writes_the_rows_each_state_implies(db):
    bench_data_load(dossiers=300, seed=1)
    signed = Dossier.objects.filter(status=DossierStatus.CONVENTION_SIGNED, call__code__startswith="clact")
    assert Convention.objects.count() == signed.count() > 0
    assert Letter.objects.filter(dossier__in=signed).count() == signed.count()
    assert (
        Decision.objects.filter(dossier__in=signed).count()
        == Action.objects.filter(dossier__in=signed).count()
    )
    assert CriterionScore.objects.filter(assignment__dossier__status=DossierStatus.ADMISSIBLE).exists()
    assert Document.objects.filter(kind="quote").count() == Action.objects.count()
    assert not Dossier.objects.filter(status=DossierStatus.DRAFT, submitted_at__isnull=False).exists()


def test_every_bench_event_follows_a_transition_of_the_workflow(db):
    bench_data_load(dossiers=200, seed=1)
    for name, source, target in DossierEvent.objects.exclude(transition="").values_list(
        "transition", "from_status", "to_status"
    ):
        assert source in TRANSITIONS[name].source and target == TRANSITIONS[name].target


def test_bench_data_gives_the_same_dossiers_for_the_same_seed(transactional_db):
    # `flush` empties every table: on PostgreSQL it cannot run inside the test's transaction.
    bench_data_load(dossiers=150, seed=7)
    first = _snapshot()
    call_command("flush", "--noinput", verbosity=0)
    _reference_data_load()
    bench_data_load(dossiers=150, seed=7)
    assert _snapshot() == first


def test_bench_data_adds_to_what_is_there_without_touching_it(db):
    bench_data_load(dossiers=100, seed=1)
    before = _snapshot()
    bench_data_load(dossiers=100, seed=2)
    after = _snapshot()
    assert set(before) <= set(after) and len(after) == 200


def test_bench_data_can_put_every_dossier_in_one_call(db):
    bench_data_load(dossiers=60, seed=1, only_call="clact-grand-est-2024")
    assert set(Dossier.objects.values_list("call__code", flat=True)) == {"clact-grand-est-2024"}
    assert Dossier.objects.count() == 60


def test_bench_data_refuses_a_call_it_does_not_know(db):
    with pytest.raises(CommandError, match="Appel inconnu"):
        call_command("bench_data", dossiers=10, appel="inconnu")
    assert not Dossier.objects.exists()


def test_bench_data_leaves_the_planner_statistics_up_to_date(db):
    bench_data_load(dossiers=40, seed=1)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'dossiers_dossier'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'dossiers_dossier'")
        assert cursor.fetchone()[0] > 0
