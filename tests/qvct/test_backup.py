"""`qvct backup` / `qvct restore`: the demo goes out and comes back identical, and a damaged archive changes nothing."""

import hashlib
import io
import re
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from qvct.backup import MANIFEST

pytestmark = pytest.mark.usefixtures("transactional_db")

SKIPPED = {"contenttypes", "sessions"}


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in SKIPPED and model._meta.label != "auth.Permission"
    }


def _media(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _dump(tmp_path: Path, name: str) -> str:
    archive_path = tmp_path / name
    call_command("backup", str(archive_path), verbosity=0)
    with tarfile.open(archive_path) as archive:
        dump = archive.extractfile("database.jsonl").read().decode()
    # Django's JSON keeps times to the millisecond: « 16.000Z » comes back as « 16Z », the same instant.
    return re.sub(r"(:\d\d)\.000(Z|[+-]\d\d:\d\d)\"", r'\1\2"', dump)


def _emptied(settings) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_the_demo_comes_back_identical_after_a_backup_and_a_restore_into_an_emptied_database(
    demo, settings, tmp_path, capsys
):
    counts, media = _counts(), _media(Path(settings.MEDIA_ROOT))
    assert counts["dossiers.Dossier"] > 0 and media
    before = _dump(tmp_path, "avant.tar.gz")
    _emptied(settings)
    assert _counts()["dossiers.Dossier"] == 0 and _media(Path(settings.MEDIA_ROOT)) == {}

    call_command("restore", str(tmp_path / "avant.tar.gz"))

    assert _counts() == counts
    assert _media(Path(settings.MEDIA_ROOT)) == media
    assert _dump(tmp_path, "apres.tar.gz") == before
    assert "restaurée" in capsys.readouterr().out


def _altered(source: Path, destination: Path) -> None:
    """The same archive with one uploaded file changed and its manifest left as it was."""
    with tarfile.open(source) as original, tarfile.open(destination, "w:gz") as copy:
        changed = False
        for member in original:
            data = original.extractfile(member).read()
            if member.name.startswith("media/") and not changed:
                data, changed = data + b"!", True
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    assert changed


def test_an_altered_archive_is_refused_in_french_and_nothing_changes(demo, settings, tmp_path):
    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    _altered(tmp_path / "sauvegarde.tar.gz", tmp_path / "modifiee.tar.gz")
    counts, media = _counts(), _media(Path(settings.MEDIA_ROOT))

    with pytest.raises(CommandError, match=r"modifié ou abîmé .*rien n'a été changé"):
        call_command("restore", str(tmp_path / "modifiee.tar.gz"), force=True)

    assert _counts() == counts
    assert _media(Path(settings.MEDIA_ROOT)) == media


def test_an_archive_missing_a_file_of_its_manifest_is_refused(demo, tmp_path):
    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    with (
        tarfile.open(tmp_path / "sauvegarde.tar.gz") as original,
        tarfile.open(tmp_path / "incomplete.tar.gz", "w:gz") as copy,
    ):
        for member in original:
            if member.name != "database.jsonl":
                copy.addfile(member, original.extractfile(member))

    with pytest.raises(CommandError, match="Il manque 1 fichier"):
        call_command("restore", str(tmp_path / "incomplete.tar.gz"), force=True)


def test_a_database_that_holds_data_is_refused_without_force(demo, tmp_path):
    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    counts = _counts()

    with pytest.raises(CommandError, match=r"contient déjà des données .*--force"):
        call_command("restore", str(tmp_path / "sauvegarde.tar.gz"))

    assert _counts() == counts


def test_force_replaces_the_data_of_the_database_with_the_backup(demo, tmp_path):
    from accounts.models import User

    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    counts = _counts()
    User.objects.create_user(email="ajout@exemple.fr", password="x")

    call_command("restore", str(tmp_path / "sauvegarde.tar.gz"), force=True, verbosity=0)

    assert _counts() == counts
    assert not User.objects.filter(email="ajout@exemple.fr").exists()


def test_the_manifest_names_every_member_with_its_sha256(demo, tmp_path):
    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    with tarfile.open(tmp_path / "sauvegarde.tar.gz") as archive:
        lines = archive.extractfile(MANIFEST).read().decode().splitlines()
        members = {m.name: hashlib.sha256(archive.extractfile(m).read()).hexdigest() for m in archive}
    manifest = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
    del members[MANIFEST]
    assert manifest == members
    assert {"backup.json", "database.jsonl"} <= set(manifest)


def test_a_file_that_is_not_a_backup_is_refused_in_french(db, tmp_path):
    (tmp_path / "notes.tar.gz").write_bytes(b"pas une archive")

    with pytest.raises(CommandError, match="n'est pas une sauvegarde lisible"):
        call_command("restore", str(tmp_path / "notes.tar.gz"))


def test_qvct_backup_and_restore_are_operator_commands(demo, tmp_path, capsys):
    from qvct.cli import OPERATOR_COMMANDS, USAGE, main

    assert OPERATOR_COMMANDS["backup"] == "backup" and OPERATOR_COMMANDS["restore"] == "restore"
    assert "  backup FICHIER" in USAGE and "  restore FICHIER [--force]" in USAGE
    assert main(["qvct", "backup", str(tmp_path / "sauvegarde.tar.gz")]) == 0
    assert "Sauvegarde écrite" in capsys.readouterr().out
    assert main(["qvct", "restore", str(tmp_path / "sauvegarde.tar.gz")]) == 1


def test_data_that_cannot_be_loaded_leave_the_database_as_it_was(demo, tmp_path):
    """A consistent manifest over broken data (written by hand): the load fails in its transaction."""
    call_command("backup", str(tmp_path / "sauvegarde.tar.gz"), verbosity=0)
    with (
        tarfile.open(tmp_path / "sauvegarde.tar.gz") as original,
        tarfile.open(tmp_path / "cassee.tar.gz", "w:gz") as copy,
    ):
        data = {member.name: original.extractfile(member).read() for member in original}
        data["database.jsonl"] += b'{"model": "dossiers.dossier", "pk": 1, "fields": {"call": 999999}}\n'
        data[MANIFEST] = "".join(
            f"{hashlib.sha256(content).hexdigest()}  {name}\n"
            for name, content in data.items()
            if name != MANIFEST
        ).encode()
        for name, content in data.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))
    counts = _counts()

    with pytest.raises(CommandError, match="n'ont pas pu être chargées"):
        call_command("restore", str(tmp_path / "cassee.tar.gz"), force=True)

    assert _counts() == counts
