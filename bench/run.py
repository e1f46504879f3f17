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
    # Measured as served: cached templates, no query log.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    # Never the operator's DATABASE_URL: the benchmarks add tens of thousands of dossiers to the database they use.
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    # Not a cycle: the settings and the database are chosen above, before Django is imported and set up.
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def load() -> str:
    """The load averages (1, 5, 15 minutes), as `uptime` shows them."""
    return " / ".join(f"{value:.1f}".replace(".", ",") for value in os.getloadavg())


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
    if os.environ.get("BENCH_PAGES_ONLY") == "1":
        # The pages alone, on a database already filled (BENCH_DATABASE_URL, e.g. a copy of a national set).
        pages_bench([int(n) for n in os.environ.get("BENCH_SIZES", "0").split(",") if n.strip()])
        return 0
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
    pages_bench([int(n) for n in os.environ.get("BENCH_SIZES", "1000,20000").split(",") if n.strip()])
    return 0


def pages_bench(sizes: list[int]) -> None:
    """For each size, `qvct bench-data` up to that many dossiers, then the heavy pages timed (bench/pages.py)."""
    # Not a cycle: imported once `_setup()` has configured Django.
    from django.db import connection
    from django.test.utils import override_settings

    from bench.pages import HEADER, page_timings
    from demo.national import bench_data_load
    from dossiers.models import Dossier

    lines = []
    for size in sizes:
        missing = size - Dossier.objects.count()
        if missing > 0:
            with override_settings(DEBUG=False):
                timed(
                    f"qvct bench-data, {missing} dossiers de plus",
                    lambda m=missing: bench_data_load(dossiers=m),
                )
        # Measured on a maintained database: the planner's statistics up to date, as `bench-data` leaves them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        header = [
            "",
            f"### {Dossier.objects.count():,} dossiers".replace(",", " ")
            + f" · {connection.vendor} · charge {load()}",
            "",
            *HEADER,
        ]
        print("\n".join(header))
        lines += header
        with override_settings(DEBUG=False):
            for timing in page_timings(int(os.environ.get("BENCH_RUNS", "9"))):
                print(timing.line())
                lines.append(timing.line())
        lines.append(f"\nCharge après les mesures : {load()}")
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"pages-{time.strftime('%Y-%m-%d-%H%M')}.md"
    target.write_text(
        f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()} · "
        f"charge {os.getloadavg()[0]:.1f}\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"Mesures écrites dans {target}")


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
