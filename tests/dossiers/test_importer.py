"""`qvct import`: dossiers from qvct.dossier/1 files, by reference, idempotent, with a report per file."""

import json

import pytest
from django.core.management import call_command

from dossiers.enums import DossierStatus
from dossiers.models import Action, Document, Dossier, DossierEvent
from tests.dossiers.files import PDF
from tests.eligibility.dossiers import clact_action, clact_dossier
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(calls):
    EstablishmentFactory(finess="670000272", name="CH DE SELESTAT")


def write(tmp_path, data, name="dossier.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def attachments_folder(tmp_path):
    folder = tmp_path / "pieces"
    folder.mkdir()
    for kind in ("signed_contract", "cse_opinion", "duerp", "prevention_plan", "rib", "summary_sheet"):
        (folder / f"{kind}.pdf").write_bytes(PDF)
    (folder / "devis-leve-personne.pdf").write_bytes(PDF)
    return folder


def run(*args):
    try:
        call_command("import_dossiers", *[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def snapshot():
    return (
        list(Dossier.objects.order_by("pk").values()),
        list(Action.objects.order_by("pk").values()),
        list(Document.objects.order_by("pk").values("pk", "kind", "sha256", "action_id")),
        DossierEvent.objects.count(),
    )


def test_importing_twice_leaves_the_database_as_after_the_first_run(setup, tmp_path, capsys):
    path = write(tmp_path, clact_dossier())
    folder = attachments_folder(tmp_path)
    assert run(path, "--attachments", folder) == 0
    first = snapshot()
    assert run(path, "--attachments", folder) == 0
    assert snapshot() == first
    out = capsys.readouterr().out
    assert f"{path} : créé DS-123456" in out and f"{path} : inchangé DS-123456" in out


def test_an_imported_dossier_carries_the_file_and_its_verdict(setup, tmp_path):
    run(write(tmp_path, clact_dossier()), "--attachments", attachments_folder(tmp_path))
    dossier = Dossier.objects.get(reference="DS-123456")
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.submitted_at.isoformat() == "2024-05-10T15:45:00+00:00"
    assert dossier.headcount == 950
    action = dossier.actions.get()
    assert (action.theme, action.cost, action.quotes.count(), action.indicators.count()) == (
        "tms",
        24000,
        1,
        1,
    )
    assert dossier.documents.filter(action=None).count() == 6
    assert dossier.findings == []
    assert dossier.events.filter(transition="submit").count() == 1


def test_a_changed_file_updates_the_dossier(setup, tmp_path):
    path = write(tmp_path, clact_dossier())
    run(path)
    write(tmp_path, clact_dossier(actions=[clact_action(), clact_action(title="Verticalisateur")]))
    assert run(path) == 0
    assert Dossier.objects.get().actions.count() == 2
    assert Dossier.objects.count() == 1


def test_without_the_attachments_folder_the_report_warns(setup, tmp_path, capsys):
    assert run(write(tmp_path, clact_dossier())) == 0
    assert "non importée : donnez le dossier des pièces" in capsys.readouterr().out
    assert [f["code"] for f in Dossier.objects.get().findings].count("MISSING_ATTACHMENT") == 6


def test_a_bad_file_is_reported_and_changes_nothing(setup, tmp_path, capsys):
    good = write(tmp_path, clact_dossier(), "bon.json")
    bad = write(tmp_path, {"format": "qvct.dossier/1"}, "mauvais.json")
    unknown = write(
        tmp_path,
        clact_dossier(reference="DS-2", establishment={"finess": "510000029", "name": "CHU"}),
        "inconnu.json",
    )
    notjson = tmp_path / "pasjson.json"
    notjson.write_text("{", encoding="utf-8")
    assert run(good, bad, unknown, notjson) == 2
    err = capsys.readouterr().err
    assert f"{bad} : erreur — campaign : champ obligatoire manquant" in err
    assert f"{unknown} : erreur — établissement FINESS « 510000029 » absent du référentiel" in err
    assert f"{notjson} : erreur — ce n'est pas du JSON valide" in err
    assert list(Dossier.objects.values_list("reference", flat=True)) == ["DS-123456"]


def test_a_second_dossier_for_the_same_establishment_and_call_is_refused(setup, tmp_path, capsys):
    run(write(tmp_path, clact_dossier(), "a.json"))
    assert run(write(tmp_path, clact_dossier(reference="DS-999"), "b.json")) == 2
    assert "a déjà le dossier DS-123456 pour cet appel" in capsys.readouterr().err


def test_the_qvct_command_maps_import(setup, tmp_path, capsys):
    from qvct.cli import main

    assert main(["qvct", "import", str(write(tmp_path, clact_dossier()))]) == 0
    assert "créé DS-123456" in capsys.readouterr().out


def test_reimporting_a_decided_dossier_keeps_its_decision_and_writes_an_event(setup, tmp_path, capsys):
    path = write(tmp_path, clact_dossier())
    run(path)
    dossier = Dossier.objects.get()
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.INADMISSIBLE)
    write(tmp_path, clact_dossier(actions=[clact_action(), clact_action(title="Verticalisateur")]))
    events = DossierEvent.objects.count()

    assert run(path) == 0

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.INADMISSIBLE
    assert dossier.actions.count() == 1
    assert DossierEvent.objects.count() == events + 1
    assert "ignoré" in DossierEvent.objects.latest("pk").summary
    assert "l'import ne modifie plus un dossier que l'ARS a pris en charge" in capsys.readouterr().out


def test_an_imported_filing_goes_through_the_transition_table(setup, tmp_path):
    draft = clact_dossier()
    draft["submitted_at"] = None
    path = write(tmp_path, draft)
    run(path)
    assert Dossier.objects.get().status == DossierStatus.DRAFT
    write(tmp_path, clact_dossier())

    assert run(path) == 0

    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUBMITTED
    event = dossier.events.get(transition="submit")
    assert (event.from_status, event.to_status) == (DossierStatus.DRAFT, DossierStatus.SUBMITTED)


def test_a_file_without_filing_date_cannot_bring_a_filed_dossier_back_to_draft(setup, tmp_path, capsys):
    path = write(tmp_path, clact_dossier())
    run(path)
    draft = clact_dossier()
    draft["submitted_at"] = None
    write(tmp_path, draft)

    assert run(path) == 2

    assert Dossier.objects.get().status == DossierStatus.SUBMITTED
    assert "ne peut pas le ramener au brouillon" in capsys.readouterr().err


def test_a_file_with_more_actions_than_the_call_allows_is_refused(setup, tmp_path, capsys):
    path = write(tmp_path, clact_dossier(actions=[clact_action() for _ in range(500)]))
    assert run(path) == 2
    assert "le fichier compte 500 actions ; l'appel en autorise 5 au plus" in capsys.readouterr().err
    assert not Dossier.objects.exists() and not Action.objects.exists()


def test_a_text_longer_than_its_column_is_refused_with_its_place(setup, tmp_path, capsys):
    assert run(write(tmp_path, clact_dossier(actions=[clact_action(title="x" * 5000)]))) == 2
    assert "actions[1] : « intitulé » dépasse 200 caractères" in capsys.readouterr().err
    assert not Dossier.objects.exists()


def test_an_endless_list_of_indicators_is_refused(setup, tmp_path, capsys):
    action = clact_action(indicators=[{"name": f"i{n}"} for n in range(5000)])
    assert run(write(tmp_path, clact_dossier(actions=[action]))) == 2
    assert "actions[1].indicators : 5000 éléments, 100 au plus" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "qvct.dossier/1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "imbriqué"),
        (json.dumps(clact_dossier(actions=[clact_action(cost="1e400")])), "nombre trop grand"),
    ],
    ids=["deeply-nested", "1e400"],
)
def test_hostile_json_is_reported_in_french_and_imports_nothing(setup, tmp_path, capsys, text, message):
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    assert run(path) == 2
    err = capsys.readouterr().err
    assert f"{path} : erreur — " in err and message in err and "Traceback" not in err
    assert not Dossier.objects.exists()


def test_a_changed_file_replaces_the_pieces_of_a_filed_dossier_not_yet_taken_up(setup, tmp_path):
    path = write(tmp_path, clact_dossier())
    folder = attachments_folder(tmp_path)
    run(path, "--attachments", folder)
    write(tmp_path, clact_dossier(actions=[clact_action(), clact_action(title="Verticalisateur")]))

    assert run(path, "--attachments", folder) == 0

    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.actions.count() == 2
    assert dossier.documents.filter(action=None).count() == 6
    assert dossier.events.filter(transition="submit").count() == 1
