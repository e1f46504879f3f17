"""`qvct check FILE…`: one JSON result per dossier, exit 0 when all were read, 2 with one clear line otherwise."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eligibility.cli import main
from tests.eligibility.dossiers import clact_action, clact_dossier, normandie_dossier

ROOT = Path(__file__).resolve().parent.parent.parent


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def results(capsys) -> tuple[list[dict], str]:
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_one_result_per_dossier_in_file_order(tmp_path, capsys):
    first = write(tmp_path, "a.json", clact_dossier(actions=[clact_action() for _ in range(6)]))
    second = write(tmp_path, "b.json", normandie_dossier())
    assert main([str(first), str(second)]) == 0
    [a, b], err = results(capsys)
    assert err == ""
    assert (a["reference"], a["admissible"], a["findings"][0]["code"]) == (
        "DS-123456",
        False,
        "TOO_MANY_ACTIONS",
    )
    assert (b["campaign"], b["admissible"], b["findings"]) == ("aac-normandie-2024", True, [])


def test_a_file_that_is_not_json_exits_2_with_one_clear_line(tmp_path, capsys):
    good = write(tmp_path, "a.json", clact_dossier())
    bad = write(tmp_path, "b.json", "{ceci n'est pas du JSON")
    assert main([str(good), str(bad)]) == 2
    [result], err = results(capsys)
    assert result["admissible"] is True
    assert err.strip().splitlines() == [
        f"{bad} : ce n'est pas du JSON valide (ligne 1, colonne 2 : Expecting property name enclosed in double quotes)"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "le document n'est pas un objet JSON de dossier"),
        ({"hello": "world"}, "ce n'est pas un dossier qvct.dossier/1 (champ « format » absent)"),
        ({"format": "qvct.dossier/1"}, "campaign : champ obligatoire manquant"),
        ({"format": "qvct.dossier/1", "campaign": "inconnu"}, "appel « inconnu » inconnu"),
        (clact_dossier(actions=[clact_action(cost="beaucoup")]), "actions[1].cost : nombre attendu"),
        (clact_dossier(actions=[clact_action(cost=-5)]), "actions[1].cost : montant négatif"),
        (clact_dossier(submitted_at="hier"), "submitted_at : date et heure invalides (ISO 8601 attendu)"),
    ],
    ids=[
        "array",
        "not-a-dossier",
        "no-campaign",
        "unknown-call",
        "text-amount",
        "negative-amount",
        "bad-date",
    ],
)
def test_json_that_is_not_a_dossier_exits_2_with_one_clear_line(tmp_path, capsys, data, message):
    path = write(tmp_path, "d.json", data)
    assert main([str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"{path} : {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "qvct.dossier/1", "project": ' + "[" * 100_000 + "]" * 100_000 + "}", "imbriqué"),
        ('{"format": "qvct.dossier/1", "headcount": ' + "9" * 5000 + "}", "nombre beaucoup trop long"),
        (
            json.dumps(clact_dossier(actions=[clact_action(cost="1e400", requested="1e400")])),
            "actions[1].cost : nombre trop grand (9\u00a0999\u00a0999\u00a0999,99 au plus)",
        ),
        (
            json.dumps(clact_dossier(actions=[clact_action(agents_concerned=10**30)])),
            "actions[1].agents_concerned : nombre trop grand",
        ),
        (json.dumps(clact_dossier(actions=[clact_action()])).replace("24000.0", "1e400"), "nombre fini"),
    ],
    ids=["deeply-nested", "endless-integer", "1e400-amount", "huge-count", "infinite-float"],
)
def test_hostile_json_exits_2_with_one_french_line(tmp_path, capsys, text, message):
    path = write(tmp_path, "d.json", text)
    assert main([str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith(f"{path} : ") and message in line


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "absent.json")]) == 2
    assert "fichier introuvable" in capsys.readouterr().err


def test_unknown_fields_are_ignored(tmp_path, capsys):
    path = write(
        tmp_path, "d.json", clact_dossier(champ_maison={"x": 1}, actions=[clact_action(note="libre")])
    )
    assert main([str(path)]) == 0
    [result], _ = results(capsys)
    assert result["admissible"] is True


def test_a_quote_without_amount_is_read(tmp_path, capsys):
    action = clact_action(
        quotes=[{"file": "devis.pdf", "amount": None}, {"file": "devis2.pdf", "amount": ""}]
    )
    assert main([str(write(tmp_path, "d.json", clact_dossier(actions=[action])))]) == 0
    [result], _ = results(capsys)
    assert result["admissible"] is True


def test_history_feeds_the_rules_that_look_back(tmp_path, capsys):
    history = write(
        tmp_path,
        "historique.json",
        {
            "submissions": [
                {
                    "reference": "DS-1",
                    "finess": "670000272",
                    "campaign": "clact-grand-est-2024",
                    "submitted_at": "2024-05-01T10:00:00",
                }
            ]
        },
    )
    path = write(tmp_path, "d.json", clact_dossier())
    assert main([str(path), "--history", str(history)]) == 0
    [result], _ = results(capsys)
    assert [finding["code"] for finding in result["findings"]] == ["DUPLICATE_DOSSIER"]


def test_a_bad_history_file_exits_2(tmp_path, capsys):
    history = write(tmp_path, "historique.json", {"submissions": [{"finess": "1"}]})
    assert main([write(tmp_path, "d.json", clact_dossier()).as_posix(), "--history", str(history)]) == 2
    assert "historique illisible" in capsys.readouterr().err


def test_it_works_with_no_database_and_no_django_settings(tmp_path):
    path = write(tmp_path, "d.json", clact_dossier())
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/absent"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "qvct"), "check", str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["admissible"] is True
    assert "Traceback" not in result.stderr


def test_not_json_gives_no_traceback_from_the_real_command(tmp_path):
    path = write(tmp_path, "d.json", "pas du json")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "qvct"), "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_many_files_checked_by_several_processes_give_the_same_output_in_file_order(
    tmp_path, capsys, monkeypatch
):
    from eligibility import cli

    files = [write(tmp_path, f"{n}.json", clact_dossier(reference=f"DS-{n}")) for n in range(7)]
    files.insert(3, write(tmp_path, "bad.json", "{ceci n'est pas du JSON"))
    files.append(write(tmp_path, "normandie.json", normandie_dossier()))
    names = [str(path) for path in files]
    assert main(["--jobs", "1", *names]) == 2
    alone = capsys.readouterr()
    monkeypatch.setattr(cli, "PARALLEL_FROM", 2)
    assert main(["--jobs", "2", *names]) == 2
    assert capsys.readouterr() == alone
    assert [json.loads(line)["reference"] for line in alone.out.splitlines()][:4] == [
        "DS-0",
        "DS-1",
        "DS-2",
        "DS-3",
    ]
