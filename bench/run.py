"""Benchmarks of Guichet QVCT at national scale, on a throw-away database (`make bench`).

Figures go, with the machine and the date, into docs/benchmarks.md.
"""

import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench.allocation import national_problem
from funding.allocation import allocate


def _setup() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="qvct-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    # Not a cycle: the settings and the database are chosen above, before Django is imported and set up.
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed:8.2f} s")
    return result, elapsed


def main() -> int:
    _setup()
    # Not a cycle: models and the test client can only be imported once `_setup()` has configured Django.
    from django.db import connection
    from django.test import Client

    from calls.services import calls_load
    from referential.models import Establishment
    from referential.sample import generate_extract
    from referential.services import finess_import

    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()}")
    print(f"Base : {connection.vendor}")
    extract, _ = timed(
        "génération d'un extrait de 21 000 établissements", lambda: generate_extract(per_department=1400)
    )
    data = extract.encode("utf-8")
    report, _ = timed("import FINESS, premier passage", lambda: finess_import(stream=io.BytesIO(data)))
    print(f"  {report.created} créés, {len(report.rejected)} rejets, {Establishment.objects.count()} en base")
    report, _ = timed(
        "import FINESS, second passage (rien ne change)", lambda: finess_import(stream=io.BytesIO(data))
    )
    print(f"  {report.unchanged} inchangés, {report.updated} mis à jour")
    timed("chargement des trois appels", calls_load)
    client = Client(HTTP_HOST="127.0.0.1")
    for url in ("/", "/appels/", "/appels/clact-grand-est-2024/"):
        assert client.get(url).status_code == 200, url
        timed(f"GET {url} (×20)", lambda url=url: [client.get(url) for _ in range(20)])
    allocation_bench()
    return 0


def allocation_bench() -> None:

    for partial in (False, True):
        problem = national_problem(partial=partial)
        for method in ("rank", "optimal"):
            label = f"allocation {method}, 2 000 actions, {'partiel' if partial else 'tout ou rien'}"
            result, _ = timed(label, lambda problem=problem, method=method: allocate(problem, method))
            print(
                f"  {len(result.granted)} accordées, {result.total / 100:,.2f} € sur 4 M€, "
                f"valeur {result.value:,.0f}, optimum prouvé : {'oui' if result.optimal else 'non'}"
            )


if __name__ == "__main__":
    sys.exit(main())
