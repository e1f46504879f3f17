"""The committee, funding and convention rows of the national data set (`demo.national`), written in bulk."""

import datetime as dt
from decimal import Decimal

from accounts.enums import Role
from agreements.models import Convention
from dossiers.enums import DossierStatus as S
from funding.models import Decision, Letter, NotificationBatch, Scenario
from review.models import CommitteeAssignment, CriterionScore

SCORED = frozenset({S.ADMISSIBLE, S.SELECTED, S.NOT_SELECTED, S.NOTIFIED, S.CONVENTION_SIGNED})
DECIDED = frozenset({S.SELECTED, S.NOT_SELECTED, S.NOTIFIED, S.CONVENTION_SIGNED})
LETTERED = frozenset({S.NOTIFIED, S.CONVENTION_SIGNED})
MEMBERS_PER_DOSSIER = 3


class ReviewWriter:
    """Scores of three committee members per examined dossier; decisions, letters and conventions after."""

    def __init__(self, call, rng, staff, files, report) -> None:
        self.call, self.rng, self.staff, self.files, self.report = call, rng, staff, files, report
        self.criteria = [(c.code, c.max_score) for c in call.spec.criteria]
        self.funding = call.spec.funding is not None
        self.manager = staff[Role.MANAGER][0]
        self._scenario = None
        self._batch = None

    def write(self, dossiers, actions) -> None:
        self._scores([d for d in dossiers if d.status in SCORED])
        if self.funding:
            decided = [d for d in dossiers if d.status in DECIDED]
            granted = self._decisions(decided, actions)
            self._letters([d for d in decided if d.status in LETTERED], granted)
            self._conventions([d for d in decided if d.status == S.CONVENTION_SIGNED], granted)

    def _scores(self, dossiers) -> None:
        members = self.staff[Role.COMMITTEE]
        if not self.criteria or not dossiers:
            return
        assignments = []
        for dossier in dossiers:
            at = dossier.decided_at + dt.timedelta(days=3)
            for member in self.rng.sample(members, min(MEMBERS_PER_DOSSIER, len(members))):
                submitted = at + dt.timedelta(days=7) if self.rng.random() < 0.9 else None
                assignments.append(
                    CommitteeAssignment(
                        dossier=dossier,
                        member=member,
                        assigned_by=self.manager,
                        assigned_at=at,
                        submitted_at=submitted,
                    )
                )
        CommitteeAssignment.objects.bulk_create(assignments, batch_size=2000)
        scores = [
            CriterionScore(assignment=a, criterion=code, score=self.rng.randint(0, top))
            for a in assignments
            for code, top in self.criteria
        ]
        CriterionScore.objects.bulk_create(scores, batch_size=2000)
        self.report.add("committee assignments", len(assignments))
        self.report.add("criterion scores", len(scores))

    def scenario(self) -> Scenario:
        """The call's validated scenario, which carries every decision of the data set."""
        if self._scenario is None:
            envelope = self.call.envelope or Decimal(4_000_000)
            self._scenario = Scenario.objects.filter(call=self.call, name="Scénario national").first()
            if self._scenario is None:
                self._scenario = Scenario.objects.create(
                    call=self.call,
                    name="Scénario national",
                    envelope=envelope,
                    method="rank",
                    problem={"format": "qvct.allocation/1", "envelope": str(envelope), "items": []},
                    result={"format": "qvct.allocation/1", "granted": [], "total": "0"},
                    created_by=self.manager,
                    validated_by=self.manager,
                    validated_at=self.call.deadline,
                )
        return self._scenario

    def _decisions(self, dossiers, actions) -> dict[int, Decimal]:
        scenario, decisions, granted = self.scenario(), [], {}
        for dossier in dossiers:
            funded = dossier.status != S.NOT_SELECTED
            for action in actions.get(dossier.pk, []):
                amount = action.requested if funded else Decimal(0)
                decisions.append(
                    Decision(
                        scenario=scenario,
                        action=action,
                        dossier=dossier,
                        fundable=action.requested,
                        proposed=amount,
                        granted=amount,
                        reason="" if funded else "Action non retenue au regard du classement du comité.",
                    )
                )
                granted[dossier.pk] = granted.get(dossier.pk, Decimal(0)) + amount
        Decision.objects.bulk_create(decisions, batch_size=2000)
        self.report.add("decisions", len(decisions))
        return granted

    def _letters(self, dossiers, granted) -> None:
        if not dossiers:
            return
        if self._batch is None:
            self._batch = NotificationBatch.objects.create(
                call=self.call, launched_by=self.manager, finished_at=self.call.deadline
            )
        path = self.files["letter"][0]
        Letter.objects.bulk_create(
            [
                Letter(dossier=d, batch=self._batch, file=path, granted=granted.get(d.pk, Decimal(0)))
                for d in dossiers
            ],
            batch_size=2000,
        )
        NotificationBatch.objects.filter(pk=self._batch.pk).update(
            total=self._batch.letters.count(), done=self._batch.letters.count()
        )
        self.report.add("letters", len(dossiers))

    def _conventions(self, dossiers, granted) -> None:
        path = self.files["convention"][0]
        conventions = []
        for dossier in dossiers:
            signed = dossier.decided_at.date() + dt.timedelta(days=60)
            conventions.append(
                Convention(
                    dossier=dossier,
                    amount=granted.get(dossier.pk, Decimal(0)),
                    file=path,
                    generated_by=self.manager,
                    signed_file=path,
                    signed_uploaded_by=dossier.created_by,
                    establishment_signed_on=signed,
                    agency_signed_on=signed + dt.timedelta(days=5),
                )
            )
        Convention.objects.bulk_create(conventions, batch_size=2000)
        self.report.add("conventions", len(conventions))
