"""The rush's verdict: the users' own logs counted against the database, request times by kind, CPU and load."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import Count

from dossiers.enums import DossierStatus
from dossiers.models import Document, Dossier, DossierEvent


@dataclass
class Verdict:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fail(self, text: str) -> None:
        self.failures.append(text)


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def request_table(hits, outage: tuple[float, float] | None, verdict: Verdict, p95_limit: float) -> None:
    """p50/p95 per kind of request; server errors outside the outage fail the run, and so does any 5xx page that
    is not the French error page."""
    by_kind = defaultdict(list)
    errors, during, unclean = Counter(), 0, 0
    for hit in hits:
        # In flight while the database was down: sent before its end, answered after its start.
        in_outage = outage is not None and hit.at <= outage[1] and hit.at + hit.seconds >= outage[0]
        if hit.status == 0 or hit.status >= 500:
            if in_outage:
                during += 1
            else:
                errors[hit.kind] += 1
        else:
            by_kind[hit.kind].append(hit.seconds)
        unclean += not hit.clean
    ok = [hit.seconds for hit in hits if 0 < hit.status < 500]
    verdict.lines += [
        "| requête | nombre | p50 | p95 | max | erreurs serveur |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, times in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        verdict.lines.append(
            f"| {kind} | {len(times)} | {_ms(_quantile(times, 0.5))} | {_ms(_quantile(times, 0.95))} "
            f"| {_ms(max(times))} | {errors[kind]} |"
        )
    p95 = _quantile(ok, 0.95)
    verdict.lines += [
        f"| **toutes** | {len(ok)} | {_ms(_quantile(ok, 0.5))} | **{_ms(p95)}** | {_ms(max(ok or [0]))} "
        f"| {sum(errors.values())} |",
        "",
    ]
    if outage is not None:
        verdict.lines.append(
            f"Pendant la coupure de PostgreSQL ({outage[0]:.1f} s → {outage[1]:.1f} s, marge comprise) : "
            f"{during} requêtes en cours ou envoyées ont échoué (HTTP 5xx ou pas de réponse) et ont été refaites "
            "par les utilisateurs."
        )
        verdict.lines.append("")
    if sum(errors.values()):
        verdict.fail(f"{sum(errors.values())} erreurs serveur hors coupure : {dict(errors)}")
    if unclean:
        verdict.fail(f"{unclean} pages d'erreur sans le message français ou avec une trace technique")
    if p95_limit and p95 > p95_limit:
        verdict.fail(f"p95 de {_ms(p95)} au-dessus de {_ms(p95_limit)}")


def submissions_check(call, outcomes, verdict: Verdict) -> None:
    """What the users believe, against the database: no filing lost, none duplicated, nothing half saved."""
    believed = {o.reference for o in outcomes if o.believed == "submitted"}
    dossiers = Dossier.objects.filter(call=call)
    filed = set(dossiers.exclude(submitted_at=None).values_list("reference", flat=True))
    statuses = Counter(dossiers.values_list("status", flat=True))
    events = Counter(
        DossierEvent.objects.filter(dossier__call=call, transition="submit").values_list(
            "dossier__reference", flat=True
        )
    )
    twice = {reference: n for reference, n in events.items() if n > 1}
    per_establishment = dossiers.values("establishment").annotate(n=Count("pk")).filter(n__gt=1).count()
    pieces = Counter(
        Document.objects.filter(dossier__call=call, action=None).values_list("dossier_id", "kind")
    )
    doubled_pieces = sum(1 for n in pieces.values() if n > 1)
    documents = list(Document.objects.filter(dossier__call=call).values_list("file", flat=True))
    missing_files = sum(1 for name in documents if not default_storage.exists(name))
    filed_without_event = filed - set(events)
    lost = believed - filed
    unaware = filed - believed
    kinds = Counter(o.believed for o in outcomes)
    verdict.lines += [
        "| compté | valeur |",
        "| --- | ---: |",
        f"| utilisateurs simulés | {len(outcomes)} |",
        f"| selon leurs journaux : dépôts réussis | {kinds['submitted']} |",
        f"| selon leurs journaux : dépôts refusés / abandons / coupés à la fin / issue inconnue | "
        f"{kinds['refused']} / {kinds['gave_up']} / {kinds['cut'] + kinds['not_started']} / {kinds['unknown']} |",
        f"| en base : dossiers de l'appel | {dossiers.count()} "
        f"({', '.join(f'{DossierStatus(k).label.lower()} : {n}' for k, n in statuses.items())}) |",
        f"| en base : dossiers déposés (date de dépôt) | {len(filed)} |",
        f"| en base : événements « dépôt » | {sum(events.values())} |",
        f"| dépôts perdus (cru déposé, pas en base) | {len(lost)} |",
        f"| dépôts en double (deux événements pour un dossier) | {len(twice)} |",
        f"| déposés en base sans que l'utilisateur le sache | {len(unaware)} |",
        f"| établissements à deux dossiers | {per_establishment} |",
        f"| pièces en double (même nature, même dossier) | {doubled_pieces} |",
        f"| pièces sans leur fichier | {missing_files} |",
        f"| tentatives de dépôt (clics) | {sum(o.submit_attempts for o in outcomes)} |",
        f"| requêtes refaites par les utilisateurs | {sum(o.retries for o in outcomes)} |",
        "",
    ]
    if lost:
        verdict.fail(f"{len(lost)} dépôts perdus : {sorted(lost)[:5]}")
    if twice or per_establishment:
        verdict.fail(f"dépôts en double : {twice or per_establishment}")
    drafts = set(dossiers.filter(status=DossierStatus.DRAFT).values_list("reference", flat=True))
    if filed_without_event or filed & drafts or set(events) - filed:
        verdict.fail("dossier déposé à moitié (date de dépôt sans événement ou état brouillon)")
    if doubled_pieces or missing_files:
        verdict.fail(f"{doubled_pieces} pièces en double, {missing_files} pièces sans fichier")
    refused = [o for o in outcomes if o.believed != "submitted"]
    if refused:
        sample = "; ".join(f"{o.email} : {o.believed} ({o.message})" for o in refused[:3])
        verdict.fail(f"{len(refused)} utilisateurs n'ont pas déposé : {sample}")
