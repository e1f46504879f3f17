"""The committee ranking and the simulation page of one large call, and the national allocation, timed.

`python -m bench.committee` (or `make bench-committee`): on BENCH_DATABASE_URL when given (an existing
`qvct bench-data` database, PostgreSQL or SQLite), otherwise on a throw-away SQLite database; `qvct bench-data
--appel clact-grand-est-2024` first fills the CLACT call up to BENCH_COMMITTEE_DOSSIERS dossiers (15,000 by
default: about 8,000 examined by its committee). Each page: median, p95, its own SQL, ratio, queries and the
process's CPU time per request (the machine may be shared: see the load printed). Figures go into
docs/benchmarks.md.
"""

import os
import platform
import statistics
import sys
import time

from bench.run import _setup

CALL = "clact-grand-est-2024"


def _fill(size: int) -> None:
    # Not a cycle: imported once `_setup()` has configured Django.
    from django.test.utils import override_settings

    from demo.national import bench_data_load
    from dossiers.models import Dossier

    missing = size - Dossier.objects.filter(call__code=CALL).count()
    if missing > 0:
        with override_settings(DEBUG=False):
            bench_data_load(dossiers=missing, only_call=CALL)


def committee_timings(runs: int = 9) -> list:
    """The ranking's first, middle and last pages, the simulation page, and the means a scenario reads."""
    from django.core import signals
    from django.db import close_old_connections, reset_queries
    from django.test import Client

    from accounts.models import User
    from bench.pages import measure
    from calls.models import Call
    from review import committee

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)
    call = Call.objects.get(code=CALL)
    manager = User.objects.get(email="bench-manager-1-44@bench.qvct.invalid")
    boss = Client(HTTP_HOST="127.0.0.1")
    boss.force_login(manager)
    examined = committee.ranking_page(call, 1).count
    last = max(1, -(-examined // committee.RANKING_PAGE))
    url = f"/instruction/comite/{call.code}/"
    pages = [
        (f"classement du comité, page 1 ({examined} dossiers examinés)", f"{url}"),
        (f"classement, page {last // 2}", f"{url}?page={last // 2}"),
        (f"classement, dernière page ({last})", f"{url}?page={last}"),
        ("page de simulation", f"/financement/{call.code}/"),
    ]
    timings = [measure(label, lambda url=url: boss.get(url), runs) for label, url in pages]
    timings.append(
        measure("moyennes du comité pour un scénario", lambda: committee.ranking_means(call), runs)
    )
    return timings


def allocation_timing(runs: int = 5) -> str:
    """The national all-or-nothing allocation (bench/allocation.py), proven optimal: wall and CPU medians."""
    from bench.allocation import national_problem
    from funding.allocation import allocate

    problem = national_problem()
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = allocate(problem, "optimal")
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)

    def fr(seconds: float) -> str:
        return f"{seconds:.2f} s".replace(".", ",")

    value = f"{result.value:,.4f}".replace(",", " ").replace(".", ",")
    return (
        f"| `optimal`, tout ou rien, 2 000 actions | {fr(statistics.median(walls))} | {fr(max(walls))} | "
        f"{fr(statistics.median(cpus))} | {len(result.granted)} actions, valeur {value}, "
        f"optimum prouvé : {'oui' if result.optimal else 'non'} |"
    )


def main() -> int:
    _setup()
    from django.db import connection
    from django.test.utils import override_settings

    _fill(int(os.environ.get("BENCH_COMMITTEE_DOSSIERS", "15000")))
    print(f"Machine : {platform.node()} · {os.cpu_count()} cœurs · Python {platform.python_version()}")
    print(f"Base : {connection.vendor} · charge {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| page | médiane (ms) | p95 (ms) | son SQL (ms) | rapport | requêtes | CPU (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with override_settings(DEBUG=False):
        for timing in committee_timings(int(os.environ.get("BENCH_RUNS", "9"))):
            print(f"{timing.line()} {timing.cpu_ms:.0f} |")
    print("| allocation | médiane | maximum | CPU (médiane) | résultat |")
    print("| --- | --- | --- | --- | --- |")
    print(allocation_timing())
    print(f"charge en fin de mesure : {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
