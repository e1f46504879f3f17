"""Timings of the heavy pages on a `qvct bench-data` data set: median and p95 of each page, and of its own SQL.

A page's own SQL is the queries the page ran, replayed alone on the same connection: the ratio page / SQL says
how much of a page is Python (templates, objects) and how much the database.
"""

import os
import statistics
import time
from dataclasses import dataclass


@dataclass
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    sql_ms: float
    queries: int
    cpu_ms: float = 0.0

    @property
    def ratio(self) -> float:
        return self.median_ms / self.sql_ms if self.sql_ms else 0.0

    def line(self) -> str:
        def ms(value: float) -> str:
            return f"{value:,.0f}".replace(",", " ") if value >= 10 else f"{value:.1f}".replace(".", ",")

        ratio = f"{self.ratio:.1f}".replace(".", ",")
        return (
            f"| {self.label} | {ms(self.median_ms)} | {ms(self.p95_ms)} | {ms(self.sql_ms)} | {ratio} | "
            f"{self.queries} | {ms(self.cpu_ms)} |"
        )


HEADER = (
    "| page | médiane (ms) | p95 (ms) | son SQL (ms) | rapport | requêtes | CPU médian (ms) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _own_sql(captured: list[dict], runs: int) -> float:
    # Not a cycle: imported once Django is set up by bench.run.
    from django.db import connection

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for query in captured:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(label: str, action, runs: int = 9) -> Timing:
    """Runs `action` (a request of the test client, or a service) `runs` times after one warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        result = action()
    captured = list(context.captured_queries)
    status = getattr(result, "status_code", 200)
    if status not in (200, 302):
        raise RuntimeError(f"{label} : réponse {status}")
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - start) * 1000)
        # The process's CPU time (Python and SQLite, not a PostgreSQL server's): what the load does not inflate.
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(
        label,
        statistics.median(times),
        _percentile(times, 0.95),
        _own_sql(captured, max(3, runs // 3)),
        len(captured),
        statistics.median(cpu),
    )


def page_timings(runs: int = 9) -> list[Timing]:
    """The instruction list (first, deep, each sort, searched, filtered, its tab counts), the dossier page, the
    committee ranking, the simulation, the dashboards, the API's lists and the reading of a call for a scenario,
    as an instructor and a campaign manager of Grand Est."""
    from django.conf import settings
    from django.core import signals
    from django.db import close_old_connections, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    # One connection kept for the whole run, as CONN_MAX_AGE keeps it in production: the queries a page ran can
    # then be read back and replayed.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)

    from accounts.models import User
    from api.services import token_create
    from calls.models import Call
    from dossiers.models import Dossier
    from funding.services import campaign_data
    from review.selectors import COLUMNS, ListQuery, tab_counts
    from stats.figures import figures_refresh
    from stats.selectors import scope_calls

    call = Call.objects.get(code="clact-grand-est-2024")
    instructor = User.objects.get(email="bench-instructor-1-44@bench.qvct.invalid")
    manager = User.objects.get(email="bench-manager-1-44@bench.qvct.invalid")
    agent = Client(HTTP_HOST="127.0.0.1")
    agent.force_login(instructor)
    boss = Client(HTTP_HOST="127.0.0.1")
    boss.force_login(manager)
    _, secret = token_create(user=instructor, name="banc d'essai", days=min(settings.API_TOKEN_VALIDITY_DAYS))
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    filed = Dossier.objects.filter(call=call).exclude(status="draft")
    count = filed.count()
    deep = max(1, min(200, count // 50 // 2))
    reference = filed.order_by("number").values_list("reference", flat=True)[count // 2]
    name = Dossier.objects.filter(
        pk=filed.order_by("number").values_list("pk", flat=True)[count // 3]
    ).values_list("establishment__name", flat=True)[0]
    term = name.split()[-1][:12]
    pages = [
        ("liste d'instruction, page 1", agent, "/instruction/?tab=tous"),
        (f"liste, page {deep}", agent, f"/instruction/?tab=tous&page={deep}"),
        *[
            (f"liste triée par « {column.label} »", agent, f"/instruction/?tab=tous&sort=-{key}&cols={key}")
            for key, column in COLUMNS.items()
        ],
        (f"liste, recherche « {term} »", agent, f"/instruction/?tab=tous&q={term}"),
        ("liste, recherche « EHPAD »", agent, "/instruction/?tab=tous&q=EHPAD"),
        ("liste, recherche d'une référence", agent, f"/instruction/?tab=tous&q={reference}"),
        ("liste, onglet recevables, filtre département", agent, "/instruction/?tab=recevables&department=57"),
        ("page du dossier (instruction)", agent, f"/instruction/{reference}/"),
        ("classement du comité, page 1", boss, f"/instruction/comite/{call.code}/"),
        ("page de simulation", boss, f"/financement/{call.code}/"),
        ("tableau de bord de la région", boss, "/statistiques/"),
        ("tableau de bord de l'appel", boss, f"/statistiques/appel/{call.code}/"),
        ("API : liste des dossiers (50)", api, "/api/v1/dossiers?limit=50"),
        ("API : liste des dossiers (200)", api, "/api/v1/dossiers?limit=200"),
        ("API : statistiques", api, "/api/v1/statistics"),
        ("API : appels", api, "/api/v1/calls"),
    ]
    # BENCH_SKIP: words of the labels of pages to leave out (e.g. « classement,simulation »), for a quick series.
    skipped = [word for word in os.environ.get("BENCH_SKIP", "").split(",") if word]
    pages = [page for page in pages if not any(word in page[0] for word in skipped)]
    timings = []
    # The dashboards read each call's kept figures (stats/figures.py): the worker computes them first, timed here.
    for other in scope_calls(manager):
        figures_refresh(call=other)
    timings.append(
        measure("calcul des chiffres de l'appel (travailleur)", lambda: figures_refresh(call=call), 3)
    )
    with override_settings(API_RATE_LIMIT="1000000/m"):
        for label, client, url in pages:
            timings.append(measure(label, lambda client=client, url=url: client.get(url), runs))
    timings.append(measure("nombres des onglets (seuls)", lambda: tab_counts(instructor, ListQuery()), runs))
    if os.environ.get("BENCH_SCENARIO", "1") != "0":
        timings.append(
            measure("lecture de l'appel pour un scénario", lambda: campaign_data(call), max(1, runs // 3))
        )
    return timings
