"""`qvct backup` / `qvct restore`: the database and the uploaded files in one archive, with a SHA-256 manifest.

One portable path, Django's own serialisation (`dumpdata` / `loaddata`, JSON lines): a backup taken on SQLite
restores into PostgreSQL and back. The archive holds `backup.json` (date, versions, migration heads),
`database.jsonl`, every file under MEDIA_ROOT under `media/`, and `manifest-sha256.txt` (the SHA-256 and path of
every other member), written last. The restore checks every hash before it touches anything.
Secrets and settings (environment, SECRET_KEY, passwords of services) are not in the archive.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader

from qvct import formats

MANIFEST = "manifest-sha256.txt"
INFO = "backup.json"
DATABASE = "database.jsonl"
MEDIA = "media"
FORMAT = "qvct.backup/1"
# Rebuilt by `migrate` on every database (content types, permissions) or short-lived (sessions): not saved.
# Foreign keys to content types are written as natural keys, so they hold whatever ids the new database gives.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Rows the migrations themselves put in a new database: they do not make it « non vide ».
SEEDED = {"referential.region", "referential.department", "referential.legalstatus"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal, in French, for the operator: nothing has been changed."""


@dataclass(frozen=True)
class Restored:
    records: int
    files: int
    taken_at: str


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def migration_heads(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    """The last migration of each app in the code (the schema the data of a backup fits)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.graph.leaf_nodes())


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _add(archive: tarfile.TarFile, name: str, source: Path | bytes, manifest: list[str]) -> None:
    if isinstance(source, bytes):
        info = tarfile.TarInfo(name)
        info.size = len(source)
        info.mtime = int(dt.datetime.now().timestamp())
        archive.addfile(info, io.BytesIO(source))
        digest = hashlib.sha256(source).hexdigest()
    else:
        with source.open("rb") as stream:
            digest = _sha256(stream)
        archive.add(str(source), arcname=name, recursive=False)
    manifest.append(f"{digest}  {name}")


def _dump(dump: Path, using: str) -> None:
    call_command(
        "dumpdata",
        format="jsonl",
        output=str(dump),
        natural_foreign=True,
        exclude=EXCLUDED,
        use_base_manager=True,
        database=using,
        verbosity=0,
    )


def backup(destination: Path, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Writes the archive (through a temporary name, so a failed backup leaves no partial archive).

    Returns the number of records and of files saved."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    info = {
        "format": FORMAT,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "database": connections[using].vendor,
        "migrations": migration_heads(using),
    }
    partial = destination.with_name(destination.name + ".partiel")
    manifest: list[str] = []
    files = 0
    with tempfile.TemporaryDirectory(prefix="qvct-backup-") as work:
        dump = Path(work) / DATABASE
        # One snapshot for every table: a backup taken while the service runs is consistent (PostgreSQL's
        # default isolation would let each table be read at a different moment; SQLite reads in one transaction).
        with transaction.atomic(using=using):
            if connections[using].vendor == "postgresql":
                with connections[using].cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _dump(dump, using)
        with dump.open("rb") as stream:
            records = sum(1 for line in stream if line.strip())
        info["records"] = records
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, INFO, json.dumps(info, indent=2, ensure_ascii=False).encode(), manifest)
            _add(archive, DATABASE, dump, manifest)
            for path, relative in _media_files(Path(settings.MEDIA_ROOT)):
                _add(archive, f"{MEDIA}/{relative}", path, manifest)
                files += 1
            _add(archive, MANIFEST, ("\n".join(manifest) + "\n").encode(), [])
    os.replace(partial, destination)
    return records, files


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_manifest(archive: tarfile.TarFile) -> dict[str, str]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(
            "L'archive ne contient pas de manifeste (manifest-sha256.txt) : restauration refusée."
        ) from None
    expected = {}
    for line in archive.extractfile(member).read().decode("utf-8").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not _safe_name(name):
            raise BackupError("Le manifeste de l'archive est illisible : restauration refusée.")
        expected[name] = digest
    return expected


def verify(source: Path) -> dict:
    """Checks every member against the manifest; returns the backup's description. Raises BackupError."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Le fichier de sauvegarde « {source} » est introuvable.")
    try:
        with tarfile.open(source, "r:*") as archive:
            expected = _read_manifest(archive)
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or member.name not in expected:
                    raise BackupError(
                        f"L'archive contient « {member.name} », absent du manifeste : restauration refusée."
                    )
                if _sha256(archive.extractfile(member)) != expected[member.name]:
                    raise BackupError(
                        f"Le fichier « {member.name} » de l'archive a été modifié ou abîmé (empreinte SHA-256 "
                        "différente) : restauration refusée, rien n'a été changé."
                    )
                seen.add(member.name)
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupError(
                    f"Il manque {len(missing)} fichier(s) à l'archive, dont « {missing[0]} » : "
                    "restauration refusée, rien n'a été changé."
                )
            if INFO not in seen or DATABASE not in seen:
                raise BackupError("L'archive ne contient pas de base de données : restauration refusée.")
            info = json.loads(archive.extractfile(INFO).read().decode("utf-8"))
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(
            f"Le fichier « {source.name} » n'est pas une sauvegarde lisible : restauration refusée."
        ) from error
    if info.get("format") != FORMAT:
        raise BackupError("Ce fichier n'est pas une sauvegarde de Guichet QVCT : restauration refusée.")
    return info


def holds_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds anything besides what `migrate` puts there (content types, reference data)."""
    tables = set(connections[using].introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if (
            model._meta.app_label in {"contenttypes", "sessions"}
            or label == "auth.permission"
            or label in SEEDED
        ):
            continue
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            return True
    return False


def restore(source: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Verifies the archive, migrates, replaces the data in one transaction, then writes the files."""
    info = verify(source)
    heads = migration_heads(using)
    if info.get("migrations") != heads:
        raise BackupError(
            "Cette sauvegarde a été faite avec une autre version de Guichet QVCT (migrations différentes) : "
            "restaurez-la avec la version qui l'a produite, puis mettez à jour."
        )
    if not force and holds_data(using):
        raise BackupError(
            "La base de données contient déjà des données : restauration refusée. Relancez avec --force pour "
            "les effacer et les remplacer par celles de la sauvegarde."
        )
    call_command("migrate", interactive=False, verbosity=0, database=using)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="qvct-restore-") as work, tarfile.open(source, "r:*") as archive:
        dump = Path(work) / DATABASE
        with archive.extractfile(DATABASE) as stream, dump.open("wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        try:
            with transaction.atomic(using=using):
                call_command("flush", interactive=False, verbosity=0, database=using)
                call_command("loaddata", str(dump), verbosity=0, database=using)
        except (DatabaseError, DeserializationError) as error:
            raise BackupError(
                "Les données de la sauvegarde n'ont pas pu être chargées : la base est restée telle qu'elle était."
            ) from error
        files = 0
        for member in archive:
            if not member.name.startswith(f"{MEDIA}/"):
                continue
            target = media_root / member.name.removeprefix(f"{MEDIA}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as stream, target.open("wb") as out:
                while chunk := stream.read(CHUNK):
                    out.write(chunk)
            files += 1
    taken_at = dt.datetime.fromisoformat(info["taken_at"]).astimezone()
    return Restored(records=info.get("records", 0), files=files, taken_at=formats.date(taken_at.date()))
