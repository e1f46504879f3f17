"""`qvct load-calls`: all or nothing, exit 2 with located messages, manager's edits kept."""

import copy
import datetime as dt

import pytest
import yaml
from django.core.management import call_command

from calls.models import Call
from calls.services import calls_load
from tests.calls.factories import shipped_definition_data, write_definition

pytestmark = pytest.mark.django_db


def run(*files):
    with pytest.raises(SystemExit) as exit_:
        call_command("load_calls", *[str(file) for file in files])
    return exit_.value.code


def test_loading_the_shipped_calls_twice_changes_nothing(capsys):
    call_command("load_calls")
    first = list(Call.objects.order_by("code").values())
    call_command("load_calls")
    assert list(Call.objects.order_by("code").values()) == first
    assert capsys.readouterr().out.count("inchangé") == 3


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["calendar"].__setitem__("colour", "bleu"), "calendar.colour: champ inconnu"),
        (
            lambda d: d["calendar"].__setitem__("deadline", "10 mai 2024"),
            "calendar.deadline: date et heure invalides",
        ),
        (
            lambda d: d["catalog"]["themes"][0].pop("axis"),
            "catalog.themes[0].axis: champ obligatoire manquant",
        ),
    ],
    ids=["unknown-field", "bad-date", "theme-without-axis"],
)
def test_a_wrong_definition_exits_2_names_file_and_field_and_loads_nothing(
    tmp_path, capsys, change, expected
):
    call_command("load_calls")
    before = list(Call.objects.order_by("code").values())
    good = copy.deepcopy(shipped_definition_data("aac-normandie-2024"))
    good["version"] = 2
    good["summary"] = "Un résumé modifié qui ne doit pas être chargé."
    bad = copy.deepcopy(shipped_definition_data("clact-grand-est-2024"))
    change(bad)
    bad_path = write_definition(tmp_path, bad)
    assert run(write_definition(tmp_path, good), bad_path) == 2
    err = capsys.readouterr().err
    assert f"{bad_path}: {expected}" in err
    assert "Aucun appel n'a été chargé." in err
    assert list(Call.objects.order_by("code").values()) == before


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert run(tmp_path / "absent.yaml") == 2
    assert "fichier introuvable" in capsys.readouterr().err
    assert Call.objects.count() == 0


def test_two_files_with_the_same_code_are_refused(tmp_path):
    data = shipped_definition_data("aac-normandie-2024")
    assert run(write_definition(tmp_path, data, "a.yaml"), write_definition(tmp_path, data, "b.yaml")) == 2
    assert Call.objects.count() == 0


def test_an_older_version_does_not_replace_a_newer_one(tmp_path):
    data = shipped_definition_data("aac-normandie-2024")
    data["version"] = 3
    call_command("load_calls", str(write_definition(tmp_path, data)))
    data["version"] = 2
    assert run(write_definition(tmp_path, data)) == 2
    assert Call.objects.get(code="aac-normandie-2024").version == 3


def test_a_new_version_updates_the_call_but_keeps_what_the_manager_changed(tmp_path, capsys):
    call_command("load_calls")
    call = Call.objects.get(code="aac-normandie-2024")
    call.deadline = dt.datetime(2023, 11, 30, 23, 59, tzinfo=dt.UTC)
    call.overridden_fields = ["deadline"]
    call.save()
    data = shipped_definition_data("aac-normandie-2024")
    data["version"] = 2
    data["summary"] = "Résumé de la version 2."
    call_command("load_calls", str(write_definition(tmp_path, data)))
    call.refresh_from_db()
    assert (call.version, call.summary) == (2, "Résumé de la version 2.")
    assert call.deadline == dt.datetime(2023, 11, 30, 23, 59, tzinfo=dt.UTC)
    assert "valeurs du gestionnaire conservées : deadline" in capsys.readouterr().out


def test_the_spec_applies_the_managers_values(calls):
    call = calls["aac-normandie-2025"]
    call.deadline = dt.datetime(2024, 11, 15, 12, 0, tzinfo=dt.UTC)
    call.envelope = 120000
    call.save()
    call = Call.objects.get(pk=call.pk)
    assert call.spec.calendar.deadline == dt.datetime(2024, 11, 15, 12, 0, tzinfo=dt.UTC)
    assert call.spec.envelope == 120000


def test_a_definition_given_as_text_loads_like_its_file(db):
    data = shipped_definition_data("clact-grand-est-2024")
    report = calls_load(texts={"en-memoire.yaml": yaml.safe_dump(data, allow_unicode=True)})
    assert report.created == ["clact-grand-est-2024"]
    assert Call.objects.get(code="clact-grand-est-2024").source_file == "en-memoire.yaml"
