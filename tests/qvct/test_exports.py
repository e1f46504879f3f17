"""The one exporter of every list: the three formats hold the same rows, the whole filtered list or the checked rows,
the columns chosen, formulas neutralised, in the background with a download link for its owner only."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import load_workbook

from accounts.models import User
from dossiers.models import Action
from qvct.exports.jobs import exports_purge
from qvct.exports.models import ExportJob
from tests.accounts.factories import UserFactory
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


def _launch(client, name: str, fmt: str, query: str = "tab=tous", **extra) -> ExportJob:
    response = client.post(
        reverse("exports:launch", args=[name]),
        {"format": fmt, "query": query, "portee": "liste", "back": "/instruction/", **extra},
    )
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    return job


def _download(client, job: ExportJob) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _text(value) -> str:
    """A spreadsheet cell as the CSV writes it (French decimals and dates)."""
    import datetime as dt
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{Decimal(str(value)):.2f}".replace(".", ",") if isinstance(value, float) else str(value)
    return str(value)


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _ods_rows(content: bytes) -> list[list[str]]:
    document = load_ods(io.BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in table.getElementsByType(TableRow):
        rows.append(
            ["".join(str(p) for p in cell.getElementsByType(P)) for cell in row.getElementsByType(TableCell)]
        )
    return rows


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """The export task is queued on commit; the tests' immediate backend then runs it at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_demo_exports_read_back_from_xlsx_and_ods_with_the_csv_rows(client, demo, capture):
    client.force_login(User.objects.get(email="instructeur@example.org"))
    files = {}
    for fmt in ("csv", "xlsx", "ods"):
        with capture():
            job = _launch(
                client, "dossiers", fmt, colonnes=["reference", "establishment", "submitted_at", "requested"]
            )
        files[fmt] = _download(client, job)
    rows = _csv_rows(files["csv"])
    assert len(rows) > 3
    assert _ods_rows(files["ods"]) == [[cell for cell in row] for row in rows]
    xlsx = _xlsx_rows(files["xlsx"])
    assert [[_text(cell) for cell in row] for row in xlsx] == [
        [cell.replace(",00", "") if cell.endswith(",00") else cell for cell in row] for row in rows
    ]


def test_the_filtered_list_export_equals_the_list_rows(client, clact, instructor, capture):
    filed_dossiers(clact, instructor, 4, department="57")
    filed_dossiers(clact, instructor, 3, department="54", start=10)
    client.force_login(instructor)
    query = "tab=tous&department=54&sort=-submitted_at"
    listed = [
        dossier.reference for dossier in client.get(reverse("review:list") + "?" + query).context["rows"]
    ]
    assert len(listed) == 3
    with capture():
        job = _launch(client, "dossiers", "csv", query=query, colonnes=["reference"])
    assert [row[0] for row in _csv_rows(_download(client, job))[1:]] == listed


def test_the_checked_rows_are_exported_at_once_with_the_chosen_columns(client, clact, instructor):
    dossiers = filed_dossiers(clact, instructor, 5)
    client.force_login(instructor)
    response = client.post(
        reverse("exports:launch", args=["dossiers"]),
        {
            "format": "csv",
            "portee": "cochees",
            "dossiers": [dossiers[0].pk, dossiers[2].pk],
            "colonnes": ["reference", "department"],
        },
    )
    rows = _csv_rows(response.content)
    assert rows[0] == ["Dossier", "Département"]
    assert sorted(row[0] for row in rows[1:]) == sorted([dossiers[0].reference, dossiers[2].reference])


def test_the_actions_export_has_one_row_per_action_with_its_catalog_names(client, clact, instructor, capture):
    dossiers = filed_dossiers(clact, instructor, 2)
    Action.objects.create(
        dossier=dossiers[0], position=2, title="Seconde", axis="1", theme="tms", requested=500
    )
    client.force_login(instructor)
    with capture():
        job = _launch(client, "actions", "csv", colonnes=["reference", "title", "axis", "theme", "requested"])
    rows = _csv_rows(_download(client, job))
    assert rows[0] == ["Dossier", "Intitulé", "Axe", "Thématique", "Demande ARS (€)"]
    assert len(rows) == 4
    theme = clact.spec.theme("tms").title
    assert all(row[3] == theme and row[2].startswith("Axe 1 : ") for row in rows[1:])
    assert ["Seconde", "500,00"] in [[row[1], row[4]] for row in rows]


def test_cells_that_would_start_a_formula_are_neutralised(client, clact, instructor, capture):
    dossier = filed_dossiers(clact, instructor, 1)[0]
    dossier.establishment.name = '=HYPERLINK("http://x")'
    dossier.establishment.save()
    client.force_login(instructor)
    for fmt in ("csv", "xlsx", "ods"):
        with capture():
            job = _launch(client, "dossiers", fmt, colonnes=["establishment"])
        content = _download(client, job)
        rows = {"csv": _csv_rows, "xlsx": _xlsx_rows, "ods": _ods_rows}[fmt](content)
        assert rows[1][0] == '\'=HYPERLINK("http://x")', fmt


def test_the_job_page_shows_the_progress_then_the_link_to_its_owner_only(client, clact, instructor, capture):
    filed_dossiers(clact, instructor, 3)
    client.force_login(instructor)
    with capture():
        job = _launch(client, "dossiers", "xlsx")
    job.refresh_from_db()
    assert job.done == 3 and job.finished_at is not None
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "Le fichier est prêt : 3 lignes" in page
    assert reverse("exports:download", args=[job.pk]) in page
    client.force_login(UserFactory(instructor=True, regions=["44"]))
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_an_export_file_is_removed_after_the_kept_days_and_its_page_says_so(
    client, clact, instructor, capture, settings
):
    filed_dossiers(clact, instructor, 2)
    client.force_login(instructor)
    with capture():
        job = _launch(client, "dossiers", "csv")
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    settings.QVCT_EXPORT_KEEP_DAYS = 7
    assert exports_purge(now=job.finished_at + dt.timedelta(days=6)) == 0
    assert storage.exists(name)

    assert exports_purge(now=job.finished_at + dt.timedelta(days=8)) == 1

    assert not storage.exists(name)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "Ce fichier a été supprimé le" in page and "les exports sont gardés 7 jours" in page
    assert "Télécharger" not in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert exports_purge(now=job.finished_at + dt.timedelta(days=9)) == 0


def test_each_export_run_removes_the_expired_files_first(client, clact, instructor, capture, settings):
    filed_dossiers(clact, instructor, 2)
    client.force_login(instructor)
    with capture():
        old = _launch(client, "dossiers", "csv")
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=30))
    with capture():
        _launch(client, "dossiers", "csv")
    old.refresh_from_db()
    assert old.purged_at is not None and not old.file


def test_a_porteur_or_an_unknown_format_exports_nothing(client, clact, instructor, porteur):
    filed_dossiers(clact, instructor, 1)
    client.force_login(porteur)
    assert client.post(reverse("exports:launch", args=["dossiers"]), {"format": "csv"}).status_code == 404
    client.force_login(instructor)
    response = client.post(
        reverse("exports:launch", args=["dossiers"]), {"format": "pdf", "back": "/instruction/"}, follow=True
    )
    assert "Choisissez le format du fichier" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_list_offers_the_whole_filtered_list_the_checked_rows_and_tout_cocher(client, clact, instructor):
    filed_dossiers(clact, instructor, 2)
    client.force_login(instructor)
    page = client.get(reverse("review:list") + "?tab=tous").content.decode()
    assert "Exporter la liste filtrée" in page and "Exporter les lignes cochées" in page
    assert 'data-check-all="dossiers"' in page
    assert reverse("exports:launch", args=["actions"]) in page


def test_an_ods_file_starts_with_its_uncompressed_mimetype(client, clact, instructor, capture):
    filed_dossiers(clact, instructor, 1)
    client.force_login(instructor)
    with capture():
        job = _launch(client, "dossiers", "ods")
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job)))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_decisions_letters_and_conventions_of_a_call_export_from_their_pages(
    client, clact, chosen, manager, instructor, capture
):
    import datetime as dt

    from agreements import services as agreements
    from funding import notifications
    from funding import services as funding

    day = dt.date(2024, 10, 11)
    with capture():
        funding.decisions_prepare(scenario=chosen, user=manager)
        funding.decisions_validate(scenario=chosen, user=manager)
        notifications.notifications_launch(call=clact, user=manager, today=day)
    with capture():
        agreements.conventions_generate(call=clact, user=manager, today=day)
    client.force_login(manager)
    pages = {
        "decisions": reverse("funding:decisions", args=[clact.code]),
        "lettres": reverse("funding:notifications", args=[clact.code]),
        "conventions": reverse("agreements:call", args=[clact.code]),
    }
    for name, page in pages.items():
        assert reverse("exports:launch", args=[name]) in client.get(page).content.decode(), name
        with capture():
            job = _launch(client, name, "csv", query="", appel=clact.code)
        rows = _csv_rows(_download(client, job))
        assert rows[0][0] == "Dossier"
        assert len(rows) > 1, name
    # An instructor reads the conventions, not the decisions; another region's call exports nothing.
    client.force_login(instructor)
    assert client.post(reverse("exports:launch", args=["decisions"]), {"format": "csv"}).status_code == 404
    client.force_login(UserFactory(manager=True, regions=["28"]))
    with capture():
        job = _launch(client, "conventions", "csv", query="", appel=clact.code)
    assert len(_csv_rows(_download(client, job))) == 1
