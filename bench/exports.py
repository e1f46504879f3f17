"""Benchmark of the exporter: 20,000 dossiers of the instruction list written as XLSX by the background worker.

`python -m bench.exports` (or `make bench-exports`): a throw-away SQLite database, 20,000 filed dossiers with one
action each, then the export queued as an agent would and run by `manage.py db_worker --batch` in its own process,
whose peak memory (maximum resident set) is measured. The figure goes into docs/benchmarks.md.
"""

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.run import _setup

DOSSIERS = 20_000
LIMIT_MB = 300


def _fill(count: int):
    # Not a cycle: models can only be imported once `_setup()` has configured Django.
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from calls.models import Call
    from calls.services import calls_load
    from dossiers.enums import DossierStatus
    from dossiers.models import Action, Dossier
    from referential.models import Department, Establishment, Region

    calls_load()
    call = Call.objects.get(code="clact-grand-est-2024")
    agent = User.objects.create_user(
        email="bench@example.org", password="bench-bench-bench", role=Role.INSTRUCTOR
    )
    agent.regions.add(Region.objects.get(code="44"))
    department = Department.objects.get(code="67")
    Establishment.objects.bulk_create(
        [
            Establishment(
                finess=f"67{n:07d}", name=f"CH DU BANC {n}", department=department, sector="sanitaire"
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    establishments = (
        Establishment.objects.filter(finess__startswith="67").order_by("finess").values_list("pk", flat=True)
    )
    now = timezone.now()
    Dossier.objects.bulk_create(
        [
            Dossier(
                call=call,
                establishment_id=pk,
                number=n + 1,
                reference=f"BANC-{n + 1:06d}",
                status=DossierStatus.SUBMITTED,
                submitted_at=now,
                created_by=agent,
            )
            for n, pk in enumerate(establishments)
        ],
        batch_size=2000,
    )
    Action.objects.bulk_create(
        [
            Action(
                dossier_id=pk,
                position=1,
                title="Lève-personnes",
                axis="1",
                theme="tms",
                cost=Decimal(24000),
                requested=Decimal(12000),
            )
            for pk in Dossier.objects.filter(call=call).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    return agent


def main() -> int:
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="qvct-bench-media-"))
    _setup()
    from qvct.exports.jobs import export_launch
    from qvct.exports.lists import REGISTRY
    from qvct.exports.models import ExportJob

    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()}")
    start = time.perf_counter()
    agent = _fill(DOSSIERS)
    print(f"{DOSSIERS} dossiers créés en {time.perf_counter() - start:.1f} s")
    from django.db import transaction

    with transaction.atomic():
        job = export_launch(
            export=REGISTRY["dossiers"], user=agent, params={"query": ["tab=tous"]}, fmt="xlsx", columns=[]
        )
    env = dict(os.environ)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    job = ExportJob.objects.get(pk=job.pk)
    size = job.file.size / 1024 / 1024 if job.file else 0
    print(
        f"export XLSX de {job.done} dossiers par le worker : {elapsed:.1f} s ({cpu:.1f} s de CPU), "
        f"fichier de {size:.1f} Mo, charge {' / '.join(f'{v:.1f}' for v in os.getloadavg())}"
    )
    print(f"mémoire maximale du worker : {peak_mb:.0f} Mo (limite {LIMIT_MB} Mo)")
    return 0 if job.done == DOSSIERS and not job.error and peak_mb < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
