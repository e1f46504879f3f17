"""Benchmark of the scenario run at scale and of `qvct check` (`make bench-scenario`, issue 16).

`python -m bench.scenario [--admissible N] [--files N] [--generate-only]`, on a throw-away SQLite database or on
`BENCH_DATABASE_URL` (a copy of a national data set, a throw-away PostgreSQL 15 cluster):

1. tops up the clact-grand-est-2024 call to N admissible dossiers (`qvct bench-data` restricted to that call and
   that state) when it has fewer;
2. reads the call for a scenario in this process (`campaign_data`): wall time, CPU time, queries;
3. launches a scenario as the manager would (`scenario_launch`, queued for the worker) and runs it with
   `manage.py db_worker --batch` in its own process: wall and CPU time of the worker, progress steps seen by
   polling the run as the page does;
4. writes N `qvct.dossier/1` files of that call and times `qvct check` over them in its own process.

Every figure is printed with the load (`os.getloadavg`) next to it; they go into docs/benchmarks.md.
"""

import argparse
import json
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

CALL = "clact-grand-est-2024"
ROOT = Path(__file__).resolve().parents[1]


def _load() -> str:
    return " ".join(f"{n:.1f}".replace(".", ",") for n in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _top_up(call, admissible: int, seed: int) -> None:
    # Not a cycle: models can only be imported once `_setup()` has configured Django.
    from demo.national import bench_data_load
    from dossiers.enums import DossierStatus
    from dossiers.models import Dossier

    have = Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE).count()
    if have >= admissible:
        print(f"{have} dossiers recevables déjà en base")
        return
    start, cpu = time.perf_counter(), time.process_time()
    bench_data_load(
        dossiers=admissible - have,
        seed=seed,
        call_shares={CALL: 1},
        states=((DossierStatus.ADMISSIBLE, 1),),
        on_progress=lambda done, total: print(f"  {done} / {total} ({time.perf_counter() - start:.0f} s)"),
    )
    print(
        f"{admissible - have} dossiers recevables ajoutés : {time.perf_counter() - start:.0f} s, "
        f"CPU {time.process_time() - cpu:.0f} s, charge {_load()}"
    )


def _reading(call) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from funding.services import campaign_data

    start, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        data = campaign_data(call)
    print(
        f"lecture de l'appel (dans ce processus) : {time.perf_counter() - start:.1f} s, "
        f"CPU {time.process_time() - cpu:.1f} s, {len(queries)} requêtes, {len(data.items)} actions finançables, "
        f"charge {_load()}"
    )


def _worker_run(call) -> bool:
    from django.db import transaction
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from funding.background import scenario_launch
    from funding.models import ScenarioRun

    manager, _ = User.objects.get_or_create(
        email="bench-scenario@bench.qvct.invalid", defaults={"role": Role.MANAGER}
    )
    # A run left unfinished by an interrupted benchmark would refuse the new one.
    ScenarioRun.objects.filter(call=call, finished_at__isnull=True).update(
        error="Banc d'essai interrompu.", finished_at=timezone.now()
    )
    with transaction.atomic():
        run = scenario_launch(
            call=call,
            user=manager,
            name="Banc d'essai",
            envelope=Decimal(4_000_000),
            method="rank",
            partial=False,
            floors={},
        )
    assert isinstance(run, ScenarioRun), "le scénario aurait dû partir au travailleur"
    cpu = _children_cpu()
    start = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=dict(os.environ),
        cwd=ROOT,
    )
    steps = set()
    while worker.poll() is None:
        steps.add(ScenarioRun.objects.get(pk=run.pk).done)
        time.sleep(0.5)
    elapsed = time.perf_counter() - start
    run.refresh_from_db()
    print(
        f"scénario au travailleur : {elapsed:.1f} s (démarrage de Django compris), "
        f"CPU {_children_cpu() - cpu:.1f} s, {run.total} dossiers, {len(steps)} étapes de progression vues, "
        f"charge {_load()}" + (f" — ERREUR : {run.error}" if run.error else "")
    )
    return worker.returncode == 0 and not run.error and run.scenario_id is not None


def check_files(call, count: int, folder: Path) -> list[str]:
    """`count` dossiers of the call written as `qvct.dossier/1` files (what the JSON export writes)."""
    from dossiers.bulk import documents_of
    from dossiers.models import Dossier

    folder.mkdir(parents=True, exist_ok=True)
    ids = list(Dossier.objects.filter(call=call).order_by("number").values_list("pk", flat=True)[:count])
    names = []
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        documents = documents_of(call, chunk)
        for pk in chunk:
            name = folder / f"{documents[pk]['reference']}.json"
            name.write_text(json.dumps(documents[pk], ensure_ascii=False), encoding="utf-8")
            names.append(str(name))
    return names


def _check(call, count: int) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="qvct-bench-check-"))
    names = check_files(call, count, folder)
    cpu = _children_cpu()
    start = time.perf_counter()
    with open(folder / "results.jsonl", "wb") as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "qvct"), "check", *names], stdout=out, cwd=ROOT
        )
    elapsed = time.perf_counter() - start
    with open(folder / "results.jsonl", encoding="utf-8") as results:
        lines = sum(1 for _ in results)
    print(
        f"qvct check de {len(names)} fichiers : {elapsed:.2f} s, CPU {_children_cpu() - cpu:.2f} s, "
        f"{lines} résultats, charge {_load()} (fichiers dans {folder})"
    )
    return done.returncode == 0 and lines == len(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario")
    parser.add_argument("--admissible", type=int, default=13_000, help="dossiers recevables de l'appel")
    parser.add_argument("--files", type=int, default=10_000, help="fichiers passés à qvct check")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    from django.db import connection

    from calls.models import Call
    from calls.services import calls_load

    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()}")
    print(f"Base : {connection.vendor} · charge {_load()}")
    calls_load()
    call = Call.objects.get(code=CALL)
    _top_up(call, args.admissible, args.seed)
    if args.generate_only:
        return 0
    _reading(call)
    ok = _worker_run(call)
    ok = _check(call, args.files) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
