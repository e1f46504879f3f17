"""Configuration from the environment, the production checks and the `qvct` console command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qvct.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "qvct.settings.prod",
    "SECRET_KEY": "x7$kq!p2-production-secret-for-the-deploy-check-0123456789abcdefghijkl",
    "ALLOWED_HOSTS": "guichet-qvct.example.org",
    "DATABASE_URL": "sqlite:////tmp/qvct-deploy-check.sqlite3",
}


def run_qvct(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "qvct.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = run_qvct("manage", "check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_manage_py_check_deploy_runs_djangos_system_checks():
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **PROD_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_dossier_check_is_check_dossiers_under_manage_py(tmp_path):
    path = tmp_path / "d.json"
    path.write_text("pas du json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "check_dossiers", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"{path} : ce n'est pas du JSON valide (ligne 1, colonne 1 : Expecting value)"
    )


def test_production_settings_refuse_a_missing_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = run_qvct("manage", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY doit être fourni" in result.stderr


def test_production_settings_refuse_missing_allowed_hosts():
    result = run_qvct("manage", "check", env={**PROD_ENV, "ALLOWED_HOSTS": ""})
    assert "ALLOWED_HOSTS doit être fourni" in result.stderr


def database_name(env: dict) -> str:
    result = run_qvct(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        env=env,
    )
    return result.stdout.strip() or result.stderr


def test_database_url_chooses_the_database():
    assert database_name({"DATABASE_URL": "sqlite:////tmp/ailleurs.sqlite3"}) == "/tmp/ailleurs.sqlite3"


def test_the_default_database_is_sqlite_in_the_project_folder():
    assert database_name({"DATABASE_URL": ""}) == str(ROOT / "db.sqlite3")


def test_qvct_help_lists_the_operator_commands(capsys):
    assert main(["qvct", "--help"]) == 0
    out = capsys.readouterr().out
    for command in ("load-calls", "import-finess", "demo"):
        assert command in out


def test_qvct_is_installed_in_the_virtual_environment():
    assert (Path(sys.executable).parent / "qvct").exists()


@pytest.mark.django_db
def test_qvct_maps_operator_commands_to_management_commands(capsys):
    assert main(["qvct", "load-calls"]) == 0
    assert "clact-grand-est-2024" in capsys.readouterr().out


@pytest.mark.django_db
def test_qvct_returns_the_exit_status_of_a_failed_command(tmp_path, capsys):
    assert main(["qvct", "load-calls", str(tmp_path / "absent.yaml")]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backup"], "qvct backup : erreur : arguments obligatoires manquants : fichier"),
        (["check", "a.json", "--jobs", "x"], "argument --jobs : valeur invalide : 'x'"),
        (["allocate", "a.json", "--method", "zz"], "choix invalide : 'zz' (au choix : 'rank', 'optimal')"),
        (["load-calls", "--nope"], "arguments inconnus : --nope"),
    ],
)
def test_a_mistyped_command_is_explained_in_french(capsys, args, message):
    assert main(["qvct", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "error" not in err and "usage :" in err


def test_no_migration_is_missing():
    result = run_qvct(
        "manage",
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "qvct.settings.test"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_proconnect_is_enabled_by_its_client_configuration():
    env = {
        "OIDC_RP_CLIENT_ID": "guichet-qvct",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://proconnect.example/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://proconnect.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://proconnect.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://proconnect.example/jwks",
    }
    result = run_qvct(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; from django.urls import reverse; "
        "print(reverse('oidc_authentication_init')); print(settings.AUTHENTICATION_BACKENDS[-1])",
        env=env,
    )
    assert result.stdout.split() == ["/oidc/authenticate/", "accounts.oidc.ProConnectBackend"], result.stderr
