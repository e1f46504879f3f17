"""The FINESS import into the database: streaming, idempotent, never stopped by a bad line."""

import io

import pytest
from django.core.management import call_command

from referential.models import Establishment
from referential.sample import SAMPLE_PATH
from referential.services import finess_import
from tests.referential.test_finess import HEADER, structure_line

pytestmark = pytest.mark.django_db


def sample_structure_lines() -> int:
    return sum(
        1 for line in SAMPLE_PATH.read_text(encoding="utf-8").splitlines() if line.startswith("structureet;")
    )


def import_bytes(data: bytes):
    return finess_import(stream=io.BytesIO(data))


def test_the_shipped_sample_imports_every_line():
    with SAMPLE_PATH.open("rb") as stream:
        report = finess_import(stream=stream)
    assert report.rejected == []
    assert report.created == sample_structure_lines() == Establishment.objects.count()
    assert report.located == report.created
    assert 300 <= report.created <= 400


def test_importing_the_sample_twice_changes_nothing():
    with SAMPLE_PATH.open("rb") as stream:
        finess_import(stream=stream)
    before = list(Establishment.objects.order_by("finess").values())
    with SAMPLE_PATH.open("rb") as stream:
        report = finess_import(stream=stream)
    assert (report.created, report.updated, report.located) == (0, 0, 0)
    assert report.unchanged == sample_structure_lines()
    assert list(Establishment.objects.order_by("finess").values()) == before


def test_a_file_with_bad_lines_imports_the_good_ones_and_reports_the_others():
    data = (
        HEADER.encode()
        + structure_line().encode()
        + structure_line(finess="670000273").encode()  # bad Luhn key
        + b"structureet;670000280;670780014;CH COURT\n"  # short line
        + structure_line(finess="670000280", name="EHPAD SAINTE-HÉLÈNE").encode("cp1252")
    )
    report = import_bytes(data)
    assert report.created == 2
    assert [
        (rejected.line, "clé" in rejected.reason or "incomplète" in rejected.reason)
        for rejected in report.rejected
    ] == [
        (3, True),
        (4, True),
    ]
    assert Establishment.objects.get(finess="670000280").name == "EHPAD SAINTE-HÉLÈNE"


def test_a_changed_line_updates_the_establishment():
    import_bytes((HEADER + structure_line()).encode())
    report = import_bytes((HEADER + structure_line(name="CH DE SELESTAT-OBERNAI")).encode())
    assert report.updated == 1
    assert Establishment.objects.get(finess="670000272").name == "CH DE SELESTAT-OBERNAI"


def test_a_legal_group_set_by_hand_survives_a_reimport():
    import_bytes((HEADER + structure_line()).encode())
    Establishment.objects.filter(finess="670000272").update(legal_group="prive_non_lucratif")
    import_bytes((HEADER + structure_line()).encode())
    assert Establishment.objects.get(finess="670000272").legal_group == "prive_non_lucratif"


def test_an_unknown_department_is_rejected():
    report = import_bytes((HEADER + structure_line(department="99")).encode())
    assert report.created == 0
    assert "département" in report.rejected[0].reason


def test_the_command_reports_rejected_lines_with_their_numbers(tmp_path, capsys):
    path = tmp_path / "extrait.csv"
    path.write_bytes((HEADER + structure_line() + structure_line(finess="670000273")).encode())
    call_command("import_finess", str(path), "--quiet")
    out, err = capsys.readouterr()
    assert "1 établissement(s) créé(s)" in out
    assert f"{path}:3 : ligne rejetée" in err


def test_the_command_refuses_a_missing_file_clearly(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_finess", str(tmp_path / "absent.csv"))


def test_the_command_exits_2_when_every_line_is_rejected(tmp_path, capsys):
    path = tmp_path / "extrait.csv"
    path.write_bytes((HEADER + structure_line(department="99")).encode())
    with pytest.raises(SystemExit) as exit_:
        call_command("import_finess", str(path), "--quiet")
    assert exit_.value.code == 2
    assert f"{path} : aucun établissement lu, toutes les lignes ont été rejetées." in capsys.readouterr().err


def test_the_command_exits_2_on_a_file_without_establishments(tmp_path, capsys):
    path = tmp_path / "vide.csv"
    path.write_bytes(HEADER.encode())
    with pytest.raises(SystemExit) as exit_:
        call_command("import_finess", str(path), "--quiet")
    assert exit_.value.code == 2
    assert "aucune ligne d'établissement trouvée" in capsys.readouterr().err
