"""The « échange » export and its import: whole qvct.dossier/1 documents through XLSX, ODS and CSV, and back."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from dossiers.enums import DossierStatus
from dossiers.interchange import dossier_to_data
from dossiers.models import Dossier, DossierEvent
from dossiers.selectors import dossier_queryset
from dossiers.sheet import HEADERS, rows_of
from dossiers.sheet_import import read_sheet, vocabularies
from qvct.exports import writers
from qvct.exports.models import ExportJob
from tests.eligibility.dossiers import clact_action, clact_dossier
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(calls):
    EstablishmentFactory(finess="670000272", name="CH DE SELESTAT")


def _export(client, fmt: str, capture) -> bytes:
    with capture(execute=True):
        response = client.post(
            reverse("exports:launch", args=["echange"]),
            {"echange-format": fmt, "query": "tab=tous", "portee": "liste", "back": "/instruction/"},
        )
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    download = client.get(reverse("exports:download", args=[job.pk]))
    return b"".join(download.streaming_content)


def _sheet(tmp_path, documents, fmt="xlsx", name="echange"):
    path = tmp_path / f"{name}.{fmt}"
    rows = [row for document in documents for row in rows_of(document, vocabularies())]
    with path.open("wb") as binary:
        writers.write(fmt, binary, "Échange", HEADERS, rows)
    return path


def _run(*args):
    try:
        call_command("import_dossiers", *[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_demo_dossiers_come_back_from_the_exchange_export_as_their_documents(
    client, demo, django_capture_on_commit_callbacks, tmp_path, fmt
):
    client.force_login(User.objects.get(email="instructeur@example.org"))
    path = tmp_path / f"echange.{fmt}"
    path.write_bytes(_export(client, fmt, django_capture_on_commit_callbacks))

    documents = read_sheet(path)

    references = [document["reference"] for document in documents]
    expected = {d.reference: dossier_to_data(d) for d in dossier_queryset().filter(reference__in=references)}
    assert len(documents) > 3 and any(document["actions"] for document in documents)
    assert documents == [expected[reference] for reference in references]


def test_an_exchange_file_imports_its_dossiers_like_their_json(setup, tmp_path, capsys):
    assert _run(_sheet(tmp_path, [clact_dossier()], "ods")) == 0

    dossier = Dossier.objects.get(reference="DS-123456")
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.actions.get().indicators.count() == 1
    assert "créé DS-123456" in capsys.readouterr().out


def test_a_bad_cell_is_named_by_its_row_and_column_and_nothing_is_imported(setup, tmp_path, capsys):
    path = _sheet(tmp_path, [clact_dossier()], "csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    rows[2][HEADERS.index("Coût total (€)")] = "vingt mille"
    rows[1][HEADERS.index("Effectif")] = "beaucoup"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")

    assert _run(path) == 2

    err = capsys.readouterr().err
    assert "Feuille « CSV », ligne 2, colonne « Effectif » : nombre entier attendu, pas « beaucoup »" in err
    assert "Feuille « CSV », ligne 3, colonne « Coût total (€) » : nombre attendu, pas « vingt mille »" in err
    assert "Traceback" not in err
    assert not Dossier.objects.exists()


def test_a_dossier_that_cannot_be_imported_undoes_the_whole_file(setup, tmp_path, capsys):
    unknown = clact_dossier(reference="DS-999")
    unknown["establishment"] = dict(unknown["establishment"], finess="670999999")

    assert _run(_sheet(tmp_path, [clact_dossier(), unknown])) == 2

    assert not Dossier.objects.exists()
    assert "aucun dossier du fichier n'a été importé" in capsys.readouterr().err


def test_a_missing_column_is_named(setup, tmp_path, capsys):
    path = tmp_path / "echange.csv"
    path.write_text("Ligne;Dossier\nDossier;DS-1\n", encoding="utf-8")

    assert _run(path) == 2

    assert "ligne 1 : colonne(s) absente(s) : Appel, État" in capsys.readouterr().err


def test_reimporting_a_decided_dossier_from_a_sheet_keeps_its_decision(setup, tmp_path, capsys):
    _run(_sheet(tmp_path, [clact_dossier()]))
    dossier = Dossier.objects.get()
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.SELECTED)
    changed = clact_dossier(actions=[clact_action(), clact_action(title="Verticalisateur", priority=2)])
    events = DossierEvent.objects.count()

    assert _run(_sheet(tmp_path, [changed])) == 0

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SELECTED
    assert dossier.actions.count() == 1
    assert DossierEvent.objects.count() == events + 1
    assert "ignoré" in DossierEvent.objects.latest("pk").summary


def test_the_instruction_list_offers_the_exchange_export_without_column_chooser(client, clact, instructor):
    client.force_login(instructor)
    page = client.get(reverse("review:list")).content.decode()
    assert "Exporter : échange" in page
    assert 'name="echange-colonnes"' not in page


def test_the_file_writes_states_and_natures_in_words_and_refuses_an_unknown_one(setup, tmp_path, capsys):
    path = _sheet(tmp_path, [clact_dossier(status="submitted")], "csv")
    content = path.read_bytes().decode("utf-8-sig")
    assert ";Déposé;" in content and ";Équipement;" in content and ";equipment;" not in content
    path.write_text(content.replace(";Équipement;", ";Achats;"), encoding="utf-8-sig")

    assert _run(path) == 2

    err = capsys.readouterr().err
    assert (
        "ligne 3, colonne « Nature de la dépense » : « Achats » inconnu (attendu : Équipement, Formation"
        in err
    )
    assert not Dossier.objects.exists()
