"""Each dossier's total request and number of actions always equal the sum and count of its actions, whoever
writes the actions (the services, bulk inserts, queryset updates, deletions): the database keeps them."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from dossiers import services
from dossiers.models import Action, Dossier
from tests.dossiers.builders import action_values, complete_action
from tests.helpers import count_queries
from tests.review.factories import filed_dossiers


def assert_totals_are_the_sums():
    expected = Dossier.objects.annotate(
        sum=Coalesce(Sum("actions__requested"), Decimal(0)), n=Count("actions")
    ).values_list("pk", "sum", "n")
    kept = dict(
        (pk, (Decimal(total).quantize(Decimal("0.01")), count))
        for pk, total, count in Dossier.objects.values_list("pk", "requested_total", "actions_count")
    )
    for pk, total, count in expected:
        assert kept[pk] == (Decimal(total).quantize(Decimal("0.01")), count), pk


def test_adding_updating_and_removing_actions_through_the_services_keeps_the_totals(dossier, porteur):
    first = complete_action(dossier, porteur, requested=Decimal("1200.50"))
    complete_action(dossier, porteur, requested=Decimal("300.25"))
    dossier.refresh_from_db()
    assert (dossier.requested_total, dossier.actions_count) == (Decimal("1500.75"), 2)
    services.action_update(action=first, user=porteur, values=action_values(requested=Decimal("200")))
    dossier.refresh_from_db()
    assert dossier.requested_total == Decimal("500.25")
    services.action_remove(action=first, user=porteur)
    dossier.refresh_from_db()
    assert (dossier.requested_total, dossier.actions_count) == (Decimal("300.25"), 1)
    assert_totals_are_the_sums()


def test_bulk_inserts_queryset_updates_and_deletions_keep_the_totals(clact, porteur):
    one, two = filed_dossiers(clact, porteur, 2)
    Action.objects.bulk_create(
        [Action(dossier=one, position=n + 2, title="Formation", requested=Decimal("99.99")) for n in range(3)]
    )
    assert_totals_are_the_sums()
    Action.objects.filter(dossier=one).update(requested=Decimal("10.10"))
    assert_totals_are_the_sums()
    Action.objects.filter(dossier=one, position=2).update(dossier=two, position=9)
    assert_totals_are_the_sums()
    Action.objects.filter(dossier=two).delete()
    assert_totals_are_the_sums()
    assert Dossier.objects.get(pk=two.pk).actions_count == 0


def test_saving_a_dossier_read_before_its_actions_changed_keeps_the_new_totals(dossier, porteur):
    stale = Dossier.objects.get(pk=dossier.pk)
    complete_action(dossier, porteur, requested=Decimal("4200"))
    stale.contact_name = "Nouveau contact"
    stale.save()
    stale.refresh_from_db()
    assert (stale.requested_total, stale.actions_count, stale.contact_name) == (
        Decimal("4200"),
        1,
        "Nouveau contact",
    )


def test_saving_a_partly_loaded_dossier_writes_only_its_loaded_columns(dossier):
    partial = Dossier.objects.only("pk", "contact_name").get(pk=dossier.pk)
    partial.contact_name = "Autre contact"
    queries, _ = count_queries(partial.save)
    assert queries == 1
    assert Dossier.objects.get(pk=dossier.pk).contact_name == "Autre contact"
