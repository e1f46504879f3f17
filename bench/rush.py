"""The deadline-day rush (`make rush`): gunicorn on loopback, N simulated establishments filing in the call's last
minutes, then the users' own logs counted against the database. Exits 1 on any server error, lost or duplicated
filing, half-saved dossier, or a p95 over the limit.

    RUSH_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/rush python -m bench.rush --establishments 500
    … --restart-postgres-at 40 --pgdata /tmp/qvct-pg.XXXX   # PostgreSQL restarted (pg_ctl -m fast) under load

The report (Markdown) and each user's log (`users.jsonl`) are written to var/rush/<date>/.
"""

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Think-time units of one journey (each pause of `Porteur` counts 1, typing counts 2, the action form 3).
JOURNEY_UNITS = 34


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--establishments", type=int, default=500)
    parser.add_argument(
        "--duration", type=float, default=300, help="the rush, in seconds (arrivals and filings)"
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "4")))
    parser.add_argument(
        "--p95",
        type=float,
        default=1.0,
        help="limit of the p95 of all requests, in seconds (0: not checked, e.g. in CI)",
    )
    parser.add_argument(
        "--restart-postgres-at", type=float, help="seconds into the rush: pg_ctl restart -m fast"
    )
    parser.add_argument("--pgdata", help="the PostgreSQL cluster's directory, for the restart")
    parser.add_argument("--conn-max-age", type=int, default=0, help="DATABASE_CONN_MAX_AGE of the server")
    parser.add_argument(
        "--cut",
        type=float,
        help="journeys still running after this many seconds are stopped (default: 3 × duration)",
    )
    parser.add_argument(
        "--logins",
        action="store_true",
        help="the users log in during the rush (password hashing measured); by default they logged in earlier "
        "in the day, and the rush starts in their workspace",
    )
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def _django(media: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "qvct.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    url = os.environ.get("RUSH_DATABASE_URL")
    if not url:
        sys.exit(
            "RUSH_DATABASE_URL est requis (une base jetable : la ruée y ajoute des centaines de dossiers)."
        )
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = str(media)
    # Not a cycle: the settings and the database are chosen above, before Django is set up.
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    return (
        ["runuser", "-u", "postgres", "--", *command]
        if os.getuid() == 0
        else ["sudo", "-u", "postgres", *command]
    )


class Server:
    """gunicorn with qvct/gunicorn.conf.py, its log in the run's folder."""

    def __init__(self, folder: Path, workers: int, conn_max_age: int) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
            "DATABASE_CONN_MAX_AGE": str(conn_max_age),
            "LOG_LEVEL": "ERROR",
        }
        self.log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "qvct/gunicorn.conf.py", "qvct.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            try:
                if httpx.get(f"{self.base}/sante/pret/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                sys.exit(f"gunicorn s'est arrêté au démarrage : voir {folder / 'gunicorn.log'}")
            time.sleep(0.2)
        sys.exit("gunicorn ne répond pas")

    def cpu(self) -> float:
        """CPU seconds of the master and its workers, living (their own time) or gone (the master's children's)."""
        tick = os.sysconf("SC_CLK_TCK")

        def times(pid: int, with_children: bool) -> float:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            used = (
                int(fields[11])
                + int(fields[12])
                + (int(fields[13]) + int(fields[14]) if with_children else 0)
            )
            return used / tick

        master = self.process.pid
        try:
            workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except OSError:
            workers = []
        return times(master, True) + sum(times(int(pid), False) for pid in workers)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def _ready(base: str) -> int:
    """The readiness probe's answer once the requests still queued are served (the same gunicorn master)."""
    status = 0
    for _ in range(30):
        try:
            status = httpx.get(f"{base}/sante/pret/", timeout=30).status_code
        except httpx.TransportError:
            status = 0
        if status == 200:
            break
        time.sleep(2)
    return status


async def _restart_postgres(at: float, pgdata: str, t0: float, outage: list) -> None:
    await asyncio.sleep(max(0.0, t0 + at - time.perf_counter()))
    begin = time.perf_counter() - t0
    command = _as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", pgdata, "-l", f"{pgdata}/server.log", "-m", "fast", "-w", "restart"
    )
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    code = await process.wait()
    # A request sent during the restart may be answered (with an error) a little after it.
    outage.extend([begin, time.perf_counter() - t0 + 2.0, code])


async def _load(
    args, base: str, code: str, emails: list[str], sessions: dict, hits: list, outcomes: list, load: list
) -> float:
    # Not a cycle: the client module needs nothing of Django, but is imported with the rush it drives.
    from bench.rush_client import Porteur
    from demo.national import PASSWORD

    arrivals = args.duration * 0.6
    think = args.duration * 0.35 / JOURNEY_UNITS
    t0 = time.perf_counter()
    outage: list = []
    extra = []
    if args.restart_postgres_at is not None:
        extra.append(
            asyncio.create_task(_restart_postgres(args.restart_postgres_at, args.pgdata, t0, outage))
        )

    async def one(n: int, porteur: Porteur) -> None:
        await asyncio.sleep(arrivals * n / len(emails) + random.uniform(0, arrivals / len(emails)))
        await porteur.run()

    async def sample_load() -> None:
        while True:
            load.append(os.getloadavg()[0])
            await asyncio.sleep(5)

    sampler = asyncio.create_task(sample_load())
    porteurs = [
        Porteur(
            base=base,
            email=email,
            password=PASSWORD,
            call_code=code,
            think=think,
            t0=t0,
            hits=hits,
            session=sessions.get(email),
        )
        for email in emails
    ]
    outcomes.extend(porteur.outcome for porteur in porteurs)
    users = [asyncio.create_task(one(n, porteur)) for n, porteur in enumerate(porteurs)]
    # It stops by itself: every journey ends (filed, refused or given up), or is cut (`--cut`).
    await asyncio.wait(users, timeout=args.cut)
    for task in users:
        task.cancel()
    await asyncio.gather(*users, return_exceptions=True)
    sampler.cancel()
    for task in extra:
        await task
    args.outage = (outage[0], outage[1]) if outage else None
    args.restart_code = outage[2] if outage else None
    return time.perf_counter() - t0


def main() -> int:
    args = _arguments()
    args.cut = args.cut or args.duration * 3
    random.seed(args.seed)
    if args.restart_postgres_at is not None and not args.pgdata:
        sys.exit("--restart-postgres-at demande --pgdata (le répertoire du cluster PostgreSQL jetable)")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = ROOT / "var" / "rush" / stamp
    folder.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix="qvct-rush-media-"))
    _django(media)
    # Not a cycle: these need the settings that `_django()` has just chosen.
    from django.db import connection
    from django.utils import timezone

    from bench.rush_report import Verdict, request_table, submissions_check
    from bench.rush_setup import rush_call, rush_porteurs, rush_sessions

    code = f"ruee-{stamp}"
    setup_start = time.perf_counter()
    # After the rush is cut: a slow machine slows the users down, the deadline never refuses them.
    deadline = timezone.now() + dt.timedelta(seconds=args.cut + 120)
    call = rush_call(code, deadline)
    emails = rush_porteurs(call, args.establishments, args.seed)
    # Outside the measured window: the sessions of the morning's logins (unless `--logins`).
    sessions = {} if args.logins else rush_sessions(emails)
    setup = time.perf_counter() - setup_start
    connection.close()
    server = Server(folder, args.workers, args.conn_max_age)
    hits, outcomes, load = [], [], []
    client_cpu = time.process_time()
    server_cpu = server.cpu()
    try:
        wall = asyncio.run(_load(args, server.base, code, emails, sessions, hits, outcomes, load))
        server_cpu = server.cpu() - server_cpu
        alive = server.process.poll() is None
        # The same master after the outage: the service came back without restarting gunicorn.
        after = _ready(server.base) if alive else 0
    finally:
        server.stop()
    client_cpu = time.process_time() - client_cpu
    with open(folder / "users.jsonl", "w", encoding="utf-8") as log:
        for outcome in outcomes:
            log.write(json.dumps(dataclasses.asdict(outcome), ensure_ascii=False) + "\n")

    verdict = Verdict()
    verdict.lines += [
        f"## Ruée du {stamp} — {len(emails)} établissements, {connection.vendor}, {args.workers} workers gunicorn",
        "",
        "Connexions : pendant la ruée (mot de passe vérifié, `--logins`)."
        if args.logins
        else "Connexions : faites plus tôt dans la journée, hors de la fenêtre mesurée (sessions ouvertes avant "
        "la ruée ; `--logins` pour les mesurer).",
        "",
        f"Préparation (appel, comptes) : {setup:.1f} s. Ruée : {wall:.1f} s réelles (arrivées étalées sur "
        f"{args.duration * 0.6:.0f} s), {len(hits)} requêtes, soit {len(hits) / wall:.1f} par seconde. "
        f"Temps CPU pendant la ruée : serveur (gunicorn, tous workers, démarrage exclu) {server_cpu:.1f} s, "
        f"soit {server_cpu / max(len(hits), 1) * 1000:.0f} ms par requête ; client simulé {client_cpu:.1f} s. Charge (`uptime`, 1 min) pendant la ruée : "
        f"{min(load or [0]):.1f} à {max(load or [0]):.1f} sur {os.cpu_count()} cœurs.",
        "",
    ]
    if args.outage:
        verdict.lines += [
            f"PostgreSQL redémarré (`pg_ctl restart -m fast`, code {args.restart_code}) à "
            f"{args.outage[0]:.1f} s ; gunicorn n'a pas été redémarré (`/sante/pret/` après la ruée : HTTP {after}).",
            "",
        ]
        if args.restart_code != 0:
            verdict.fail("le redémarrage de PostgreSQL a échoué")
    if after != 200:
        verdict.fail(f"le service ne répond plus après la ruée (HTTP {after})")
    request_table(hits, args.outage, verdict, args.p95)
    submissions_check(call, outcomes, verdict)
    verdict.lines += ["**Verdict : " + ("tenu" if not verdict.failures else "NON TENU") + "**", ""]
    verdict.lines += [f"- {failure}" for failure in verdict.failures]
    report = "\n".join(verdict.lines) + "\n"
    (folder / "report.md").write_text(report, encoding="utf-8")
    print(report)
    print(f"Journaux : {folder}")
    shutil.rmtree(media, ignore_errors=True)
    return 1 if verdict.failures else 0


if __name__ == "__main__":
    sys.exit(main())
