"""`qvct bench-data`: a national-scale data set, deterministic by seed, written by bulk inserts.

The rows are those the services store (dossier, actions, indicators, pieces and quotes, append-only events,
findings and their filterable columns, committee scores, decisions, letters, conventions), written a chunk of
dossiers at a time so that 100,000 dossiers take minutes and bounded memory. The pieces' bytes are a handful of
small files shared by every row of the same nature: the pages and exports measured read rows, never bytes.
"""

import hashlib
import io
import math
import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count

from accounts.enums import Role
from accounts.models import EstablishmentMembership, RegionMembership, User
from calls.models import Call
from calls.services import calls_load
from dossiers.models import Dossier
from referential.models import Establishment
from referential.sample import generate_extract
from referential.services import finess_import

from .national_dossiers import PDF, DossierWriter, Report

PASSWORD = "bench-qvct-2026"
CHUNK = 2000

CALL_SHARES = {"clact-grand-est-2024": 6, "aac-normandie-2024": 2, "aac-normandie-2025": 2}


def _shares(total: int, calls: list[Call], call_shares: dict[str, int]) -> dict[Call, int]:
    weights = [call_shares.get(call.code, 1) for call in calls]
    counts = [total * w // sum(weights) for w in weights]
    counts[0] += total - sum(counts)
    return dict(zip(calls, counts, strict=True))


def _establishments(shares: dict[Call, int], seed: int, report: Report) -> None:
    """A generated FINESS extract per region short of free establishments, imported as an operator would."""
    have = dict(
        Establishment.objects.values_list("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    for call, count in shares.items():
        taken = dict(
            Dossier.objects.filter(call=call)
            .values_list("establishment__department_id")
            .annotate(n=Count("pk"))
            .values_list("establishment__department_id", "n")
        )
        departments = call.spec.departments
        short = {}
        for department in departments:
            needed = math.ceil(count / len(departments) * 1.1) + 5 + taken.get(department, 0)
            if have.get(department, 0) < needed:
                short[department] = needed - have.get(department, 0)
        if short:
            # Drawn afresh (the seed moves with what is there), so that a second run adds new establishments.
            extract = generate_extract(
                per_department=max(short.values()), seed=seed + sum(have.values()), departments=sorted(short)
            )
            finess_import(stream=io.BytesIO(extract.encode("utf-8")))
            have = dict(
                Establishment.objects.values_list("department_id")
                .annotate(n=Count("pk"))
                .values_list("department_id", "n")
            )
    report.establishments = Establishment.objects.count()


def _users(calls: list[Call], password: str) -> dict[str, dict[str, list[User]]]:
    """Agents of each region: instructors, a campaign manager, committee members."""
    staff = {Role.INSTRUCTOR: 6, Role.MANAGER: 1, Role.COMMITTEE: 5}
    by_region: dict[str, dict[str, list[User]]] = {}
    for region in sorted({call.region_id for call in calls}):
        by_region[region] = {}
        for role, count in staff.items():
            users = []
            for n in range(1, count + 1):
                email = f"bench-{role}-{n}-{region}@bench.qvct.invalid"
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={
                        "role": role,
                        "first_name": f"{Role(role).label.split()[0]} {n}",
                        "last_name": f"Région {region}",
                        "password": password,
                    },
                )
                if created:
                    RegionMembership.objects.create(user=user, region_id=region)
                users.append(user)
            by_region[region][role] = users
    return by_region


def _porteurs(establishments: list[Establishment], password: str) -> dict[int, User]:
    """One porteur per establishment, member of it: the account that created and filed its dossiers."""
    emails = {e.pk: f"porteur-{e.finess}@bench.qvct.invalid" for e in establishments}
    existing = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    new = [
        User(
            email=email,
            role=Role.ESTABLISHMENT,
            first_name="Porteur",
            last_name=email[8:17],
            password=password,
        )
        for email in emails.values()
        if email not in existing
    ]
    User.objects.bulk_create(new, batch_size=1000)
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    members = set(
        EstablishmentMembership.objects.filter(establishment__in=establishments).values_list(
            "user_id", "establishment_id"
        )
    )
    EstablishmentMembership.objects.bulk_create(
        [
            EstablishmentMembership(user=users[email], establishment_id=pk)
            for pk, email in emails.items()
            if (users[email].pk, pk) not in members
        ],
        batch_size=1000,
    )
    return {pk: users[email] for pk, email in emails.items()}


def _shared_files() -> dict[str, tuple[str, str]]:
    """One small stored PDF per kind of piece: (storage path, SHA-256)."""
    files = {}
    for kind in ("piece", "quote", "letter", "convention"):
        body = PDF + f"% bench {kind}\n".encode()
        path = f"bench/{kind}.pdf"
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(body))
        files[kind] = (path, hashlib.sha256(body).hexdigest())
    return files


def bench_data_load(
    *,
    dossiers: int,
    seed: int = 2026,
    on_progress: Callable[[int, int], None] | None = None,
    call_shares: dict[str, int] | None = None,
    states: tuple | None = None,
    only_call: str | None = None,
) -> Report:
    """Adds `dossiers` dossiers spread over the shipped calls and every state; the same seed, the same data.

    `call_shares` and `states` narrow the set (the scenario benchmark: one call, admissible dossiers only); with
    `only_call` (a code of CALL_SHARES), every dossier goes to that call: a committee of national size in one call
    (about a third of a call's dossiers are examined by its committee).
    """
    report = Report()
    calls_load()
    call_shares = {only_call: 1} if only_call else (call_shares or CALL_SHARES)
    calls = list(Call.objects.filter(code__in=call_shares).order_by("code"))
    shares = _shares(dossiers, calls, call_shares)
    _establishments(shares, seed, report)
    password = make_password(PASSWORD)
    staff = _users(calls, password)
    files = _shared_files()
    done = 0
    for call in calls:
        rng = random.Random(f"{seed}-{call.code}")
        taken = set(Dossier.objects.filter(call=call).values_list("establishment_id", flat=True))
        candidates = [
            e
            for e in Establishment.objects.filter(department__in=call.spec.departments).order_by("finess")
            if e.pk not in taken
        ]
        rng.shuffle(candidates)
        chosen = candidates[: shares[call]]
        start = (
            Dossier.objects.filter(call=call).order_by("-number").values_list("number", flat=True).first()
            or 0
        )
        writer = DossierWriter(call, rng, staff[call.region_id], files, report, states=states)
        for offset in range(0, len(chosen), CHUNK):
            chunk = chosen[offset : offset + CHUNK]
            with transaction.atomic():
                writer.write(chunk, _porteurs(chunk, password), start + offset + 1)
            done += len(chunk)
            if on_progress:
                on_progress(done, dossiers)
    report.dossiers = done
    # The planner's statistics, as after any bulk load: PostgreSQL's autovacuum would gather them later, SQLite
    # never does by itself, and without them it sorts a whole region to show 50 rows (API list: 233 → 13 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return report
