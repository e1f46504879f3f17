"""The dossiers of the national data set (`demo.national`): each state with the rows it implies, in bulk."""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.enums import Role
from accounts.models import User
from calls.models import Call
from dossiers.enums import DossierStatus as S
from dossiers.enums import EventKind, ScanStatus
from dossiers.models import Action, Document, Dossier, DossierEvent, Indicator
from eligibility.catalog import SEVERITIES
from referential.models import Establishment

from .national_review import ReviewWriter

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Share of the dossiers in each state: every state of the workflow is present.
STATES = (
    (S.DRAFT, 15),
    (S.SUBMITTED, 9),
    (S.IN_REVIEW, 10),
    (S.COMPLEMENTS_REQUESTED, 5),
    (S.ADMISSIBLE, 20),
    (S.INADMISSIBLE, 5),
    (S.WITHDRAWN, 3),
    (S.SELECTED, 7),
    (S.NOT_SELECTED, 7),
    (S.WAITLISTED, 2),
    (S.NOTIFIED, 8),
    (S.CONVENTION_SIGNED, 11),
)
# The transitions that lead to each state, as the workflow writes them (name, from, to).
PATHS = {
    S.DRAFT: (),
    S.SUBMITTED: (("submit", S.DRAFT, S.SUBMITTED),),
    S.IN_REVIEW: (("submit", S.DRAFT, S.SUBMITTED), ("start_review", S.SUBMITTED, S.IN_REVIEW)),
    S.COMPLEMENTS_REQUESTED: (
        ("submit", S.DRAFT, S.SUBMITTED),
        ("request_complements", S.SUBMITTED, S.COMPLEMENTS_REQUESTED),
    ),
    S.ADMISSIBLE: (("submit", S.DRAFT, S.SUBMITTED), ("declare_admissible", S.SUBMITTED, S.ADMISSIBLE)),
    S.INADMISSIBLE: (("submit", S.DRAFT, S.SUBMITTED), ("declare_inadmissible", S.SUBMITTED, S.INADMISSIBLE)),
    S.WITHDRAWN: (("submit", S.DRAFT, S.SUBMITTED), ("withdraw", S.SUBMITTED, S.WITHDRAWN)),
}
PATHS[S.SELECTED] = (*PATHS[S.ADMISSIBLE], ("select", S.ADMISSIBLE, S.SELECTED))
PATHS[S.NOT_SELECTED] = (*PATHS[S.ADMISSIBLE], ("reject_selection", S.ADMISSIBLE, S.NOT_SELECTED))
# The waiting list of the support programmes (Normandie).
PATHS[S.WAITLISTED] = (*PATHS[S.ADMISSIBLE], ("waitlist_candidacy", S.ADMISSIBLE, S.WAITLISTED))
PATHS[S.NOTIFIED] = (*PATHS[S.SELECTED], ("notify", S.SELECTED, S.NOTIFIED))
PATHS[S.CONVENTION_SIGNED] = (*PATHS[S.NOTIFIED], ("sign_convention", S.NOTIFIED, S.CONVENTION_SIGNED))

# Findings as the engine stores them at filing: a few warnings and, on inadmissible dossiers, a blocking one.
WARNINGS = ("DUPLICATE_DOSSIER", "ENDS_AFTER_CONSUMPTION_DEADLINE", "STARTS_TOO_LATE")
BLOCKING = "DEADLINE_PASSED"


@dataclass
class Report:
    establishments: int = 0
    dossiers: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count


class DossierWriter:
    """Writes the dossiers of one call, a chunk at a time, with the rows each state implies."""

    def __init__(self, call: Call, rng: random.Random, staff, files, report: Report, states=None) -> None:
        self.call, self.rng, self.staff, self.files, self.report = call, rng, staff, files, report
        spec = call.spec
        self.funding = spec.funding is not None
        self.themes = [(t.axis, t.code, [i.code for i in t.items]) for t in spec.catalog.themes]
        self.attachments = [a.kind for a in spec.attachments if a.required and a.kind != "quote"][:3]
        self.max_actions = spec.funding.max_actions if spec.funding else 0
        deadline = spec.calendar.deadline or dt.datetime(call.year, 6, 30, tzinfo=PARIS)
        self.deadline = deadline
        self.review = ReviewWriter(call, rng, staff, files, report)
        self.states = [state for state, weight in (states or STATES) for _ in range(weight)]

    def write(self, establishments: list[Establishment], porteurs: dict[int, User], first: int) -> None:
        rng, call = self.rng, self.call
        prefix = call.code.split("-")[0].upper()
        dossiers = []
        for n, establishment in enumerate(establishments, start=first):
            status = rng.choice(self.states)
            filed = status != S.DRAFT
            submitted = self.deadline - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 40)) if filed else None
            codes = rng.sample(WARNINGS, rng.choice((0, 0, 0, 1, 2))) if filed else []
            blocking = status == S.INADMISSIBLE and rng.random() < 0.6
            findings = [self._finding(code) for code in codes] + (
                [self._finding(BLOCKING)] if blocking else []
            )
            kept = sorted(f["code"] for f in findings)
            porteur = porteurs[establishment.pk]
            dossiers.append(
                Dossier(
                    call=call,
                    establishment=establishment,
                    number=n,
                    reference=f"{prefix}-{call.region_id}-{call.year}-{n:04d}",
                    status=status,
                    submitted_at=submitted,
                    created_by=porteur,
                    contact_name=f"Porteur {establishment.finess}",
                    contact_email=porteur.email,
                    ght=establishment.ght,
                    headcount=rng.randint(20, 4000),
                    fte_medical=Decimal(rng.randint(0, 4000)) / 10,
                    fte_non_medical=Decimal(rng.randint(100, 30000)) / 10,
                    beds_and_places=rng.randint(10, 1500),
                    absenteeism_rate=Decimal(rng.randint(30, 160)) / 10,
                    turnover_rate=Decimal(rng.randint(20, 250)) / 10,
                    scope="L'ensemble des services de soins et médico-techniques.",
                    diagnostic="Diagnostic conduit avec le CSE : troubles musculo-squelettiques en hausse.",
                    objectives="Réduire les accidents du travail liés aux manutentions.",
                    schedule="Déploiement sur douze mois à compter de la notification.",
                    follow_up="Comité de suivi trimestriel avec les représentants du personnel.",
                    findings=findings,
                    finding_codes=f" {' '.join(kept)} " if kept else "",
                    has_blocking=blocking,
                    assigned_to=rng.choice(self.staff[Role.INSTRUCTOR])
                    if filed and rng.random() < 0.7
                    else None,
                    complements_due=(submitted + dt.timedelta(days=15)).date()
                    if status == S.COMPLEMENTS_REQUESTED
                    else None,
                    complements_parts=["pieces"] if status == S.COMPLEMENTS_REQUESTED else [],
                    decided_at=submitted + dt.timedelta(days=20)
                    if filed
                    and status not in (S.SUBMITTED, S.IN_REVIEW, S.COMPLEMENTS_REQUESTED, S.WITHDRAWN)
                    else None,
                    withdrawn_reason="Projet reporté à l'an prochain." if status == S.WITHDRAWN else "",
                )
            )
        Dossier.objects.bulk_create(dossiers, batch_size=500)
        self.report.add("dossiers", len(dossiers))
        actions = self._actions(dossiers)
        self._documents(dossiers, actions)
        self._events(dossiers)
        self.review.write(dossiers, actions)

    @staticmethod
    def _finding(code: str) -> dict:
        return {"code": code, "severity": SEVERITIES[code].value, "action": None, "message": "", "source": ""}

    def _actions(self, dossiers: list[Dossier]) -> dict[int, list[Action]]:
        rng, actions = self.rng, []
        for dossier in dossiers:
            for position in range(1, rng.randint(1, self.max_actions) + 1 if self.max_actions else 1):
                axis, theme, items = rng.choice(self.themes)
                cost = Decimal(rng.randint(300, 12000) * 10)
                requested = (cost / 2).quantize(Decimal("0.01"))
                start = self.deadline.date() + dt.timedelta(days=rng.randint(60, 200))
                actions.append(
                    Action(
                        dossier=dossier,
                        position=position,
                        title=f"Action {position} : équipement et formation des équipes",
                        axis=axis,
                        theme=theme,
                        catalog_item=rng.choice(items) if items else "",
                        description="Achat, installation et formation des équipes concernées.",
                        start=start,
                        end=start + dt.timedelta(days=rng.randint(90, 360)),
                        agents_concerned=rng.randint(5, 400),
                        mutualized=rng.random() < 0.2,
                        expense_nature="equipment",
                        cost=cost,
                        requested=requested,
                        own_funding=cost - requested,
                    )
                )
        Action.objects.bulk_create(actions, batch_size=1000)
        Indicator.objects.bulk_create(
            [
                Indicator(
                    action=a,
                    name="Accidents du travail liés à l'action",
                    unit="AT/an",
                    baseline="12",
                    target="6",
                )
                for a in actions
            ],
            batch_size=2000,
        )
        self.report.add("actions", len(actions))
        self.report.add("indicators", len(actions))
        by_dossier: dict[int, list[Action]] = {}
        for action in actions:
            by_dossier.setdefault(action.dossier_id, []).append(action)
        return by_dossier

    def _documents(self, dossiers: list[Dossier], actions: dict[int, list[Action]]) -> None:
        piece, piece_sha = self.files["piece"]
        quote, quote_sha = self.files["quote"]
        documents = []
        for dossier in dossiers:
            uploader = dossier.created_by
            for kind in self.attachments:
                documents.append(self._document(dossier, None, kind, piece, piece_sha, uploader))
            for action in actions.get(dossier.pk, []):
                documents.append(self._document(dossier, action, "quote", quote, quote_sha, uploader))
        Document.objects.bulk_create(documents, batch_size=1000)
        self.report.add("documents", len(documents))

    @staticmethod
    def _document(dossier, action, kind, path, sha, uploader) -> Document:
        return Document(
            dossier=dossier,
            action=action,
            kind=kind,
            file=path,
            original_name=f"{kind.replace('_', '-')}.pdf",
            size=len(PDF) + 16,
            sha256=sha,
            content_type="application/pdf",
            scan_status=ScanStatus.SAFE,
            supplier="Fournisseur régional" if action else "",
            amount=action.cost if action else None,
            uploaded_by=uploader,
        )

    def _events(self, dossiers: list[Dossier]) -> None:
        events = []
        for dossier in dossiers:
            at = (dossier.submitted_at or self.deadline) - dt.timedelta(days=30)
            events.append(
                DossierEvent(
                    dossier=dossier,
                    actor=dossier.created_by,
                    at=at,
                    kind=EventKind.CREATED,
                    summary="Dossier créé",
                )
            )
            for step, (name, source, target) in enumerate(PATHS[dossier.status]):
                actor = (
                    dossier.created_by if name in ("submit", "withdraw") else self.staff[Role.INSTRUCTOR][0]
                )
                events.append(
                    DossierEvent(
                        dossier=dossier,
                        actor=actor,
                        at=(dossier.submitted_at or at) + dt.timedelta(days=step * 10),
                        kind=EventKind.TRANSITION,
                        transition=name,
                        from_status=source,
                        to_status=target,
                        summary=S(target).label,
                        data={"codes": [f["code"] for f in dossier.findings]} if name == "submit" else {},
                    )
                )
        DossierEvent.objects.bulk_create(events, batch_size=2000)
        self.report.add("events", len(events))
