"""Each dossier carries its establishment's name, FINESS and department as the database copied them (the
instruction list sorts and filters on them without a join), whoever writes the dossier or the establishment."""

from dossiers.models import Dossier
from referential.models import Department, Establishment
from tests.review.factories import filed_dossiers


def copied(dossier: Dossier) -> tuple[str, str, str]:
    return Dossier.objects.values_list(
        "establishment_name", "establishment_finess", "establishment_department"
    ).get(pk=dossier.pk)


def test_a_new_dossier_carries_its_establishments_columns(dossier):
    establishment = dossier.establishment
    assert copied(dossier) == (establishment.name, establishment.finess, establishment.department_id)


def test_dossiers_inserted_in_bulk_carry_them_too(clact, instructor):
    for dossier in filed_dossiers(clact, instructor, 3):
        assert copied(dossier) == (dossier.establishment.name, dossier.establishment.finess, "57")


def test_renaming_or_moving_an_establishment_reaches_its_dossiers(dossier):
    establishment = Establishment.objects.get(pk=dossier.establishment_id)
    establishment.name = "CH RENOMMÉ"
    establishment.department = Department.objects.get(code="57")
    establishment.save()
    assert copied(dossier) == ("CH RENOMMÉ", establishment.finess, "57")
    Establishment.objects.filter(pk=establishment.pk).update(name="CH ENCORE RENOMMÉ")
    assert copied(dossier)[0] == "CH ENCORE RENOMMÉ"


def test_a_dossier_read_before_the_rename_never_writes_the_old_name_back(dossier):
    stale = Dossier.objects.get(pk=dossier.pk)
    Establishment.objects.filter(pk=dossier.establishment_id).update(name="CH RENOMMÉ")
    stale.contact_name = "Jeanne Martin"
    stale.save()
    assert copied(dossier)[0] == "CH RENOMMÉ"


def test_a_dossier_moved_to_another_establishment_takes_its_columns(clact, instructor):
    first, second = filed_dossiers(clact, instructor, 2)
    Dossier.objects.filter(pk=first.pk).delete()
    Dossier.objects.filter(pk=second.pk).update(establishment=first.establishment)
    assert copied(second) == (first.establishment.name, first.establishment.finess, "57")
