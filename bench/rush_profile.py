"""Server CPU per kind of request of the rush, in one process (Django test client, no gunicorn, no network): each
simulated establishment's journey as `bench/rush_client.py` sends it, logged in beforehand. With `--profile KIND`,
the cProfile of that kind of request (cumulative time, top 40).

    DATABASE_URL=sqlite:////tmp/rush-profile.sqlite3 python -m bench.rush_profile --establishments 5
"""

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--establishments", type=int, default=5)
    parser.add_argument("--profile", help="a kind of request, e.g. « enregistrement automatique »")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qvct.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="qvct-rush-profile-"))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Not a cycle: these need the settings chosen above.
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.rush_client import ACTION, IDENTIFICATION, PDF, PIECES, PROJECT
    from bench.rush_forms import filled, form_where
    from bench.rush_setup import rush_call, rush_porteurs

    code = f"profil-{dt.datetime.now():%Y%m%d%H%M%S}"
    call = rush_call(code, timezone.now() + dt.timedelta(hours=2))
    emails = rush_porteurs(call, args.establishments, args.seed)
    cpu, counts, queries = defaultdict(float), defaultdict(int), defaultdict(int)
    profiler = cProfile.Profile()
    from django.core.files.uploadedfile import SimpleUploadedFile

    def send(client, kind, method, url, **options):
        profiling = args.profile == kind
        with CaptureQueriesContext(connection) as captured:
            start = time.process_time()
            if profiling:
                profiler.enable()
            response = getattr(client, method)(url, **options)
            if profiling:
                profiler.disable()
            cpu[kind] += time.process_time() - start
        queries[kind] += len(captured)
        counts[kind] += 1
        assert response.status_code < 400, (kind, url, response.status_code)
        return response

    # As gunicorn's master does before forking (qvct/gunicorn.conf.py): the URLconf and the views loaded.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — loading is the point
    warm = Client()
    warm.force_login(get_user_model().objects.get(email=emails[0]))
    warm.get("/espace/etablissement/")
    for email in emails:
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        send(client, "espace établissement", "get", "/espace/etablissement/")
        space = send(client, "espace établissement", "get", "/espace/etablissement/")
        start = f"/appels/{code}/candidater/"
        response = send(
            client,
            "candidater",
            "post",
            start,
            data=filled(form_where(space.content.decode(), action=start), {}),
        )
        detail = response["Location"]
        send(client, "dossier", "get", detail)
        for section, typing in (("identification", IDENTIFICATION), ("projet", PROJECT)):
            url = f"{detail}{section}/"
            page = send(client, "section (page)", "get", url)
            form = form_where(page.content.decode(), hx_post=url)
            typed = {}
            for values in typing:
                typed.update(values)
                send(
                    client,
                    "enregistrement automatique",
                    "post",
                    url,
                    data=filled(form, typed),
                    headers={
                        "HX-Request": "true",
                        "HX-Current-URL": "http://testserver" + url,
                        "HX-Target": "etat-enregistrement",
                    },
                )
            send(client, "section (enregistrer)", "post", url, data=filled(form, typed))
            send(client, "dossier", "get", detail)
        send(client, "actions (liste)", "get", f"{detail}actions/")
        url = f"{detail}actions/ajouter/"
        page = send(client, "action (page)", "get", url)
        data = filled(
            form_where(page.content.decode(), action=url),
            {
                **ACTION,
                "operation": "add_quote",
                "devis-supplier": "Médical Équipement",
                "devis-amount": "24 000",
            },
        )
        data["devis-file"] = SimpleUploadedFile("devis.pdf", PDF, "application/pdf")
        response = send(client, "action et devis (envoi)", "post", url, data=data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = send(client, "pièces (page)", "get", f"{detail}pieces/")
        for kind in PIECES:
            url = f"{detail}pieces/ajouter/"
            data = filled(form_where(page.content.decode(), action=url), {"kind": kind})
            data["file"] = SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf")
            response = send(client, "pièce (envoi)", "post", url, data=data)
            page = send(client, "pièces (page)", "get", response["Location"])
        send(client, "dépôt (vérification)", "get", f"{detail}deposer/")
        response = send(client, "dépôt", "post", f"{detail}deposer/")
        assert response.status_code == 302
        shown = send(client, "dossier", "get", response["Location"])
        assert "Votre dossier est déposé" in shown.content.decode(), "not filed"
    total = sum(cpu.values())
    n = sum(counts.values())
    print("| requête | nombre | CPU par requête | requêtes SQL par requête |\n| --- | ---: | ---: | ---: |")
    for kind in sorted(cpu, key=lambda k: -cpu[k]):
        each = counts[kind]
        print(f"| {kind} | {each} | {cpu[kind] / each * 1000:.0f} ms | {queries[kind] / each:.1f} |")
    print(f"| **toutes** | {n} | **{total / n * 1000:.0f} ms** | {sum(queries.values()) / n:.1f} |")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            r"^(?!.*(\.venv|importlib|<frozen)).*wt-rush", 40
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
