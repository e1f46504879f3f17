"""The committee's writes and reads: assignments, conflicts of interest, scores, ranking."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from calls.enums import CallKind
from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.errors import text_checked
from dossiers.models import Action, Dossier
from dossiers.services import DossierError
from qvct.limits import COMMENT_TEXT

from .grid import ActionFacts, DossierFacts, GridCriterion, Prescore, agreement, prescore, total_on_20
from .models import CommitteeAssignment, ConflictOfInterest, CriterionScore, Interview
from .ranking_query import RANKED, ranked, unscored

SCORABLE = (DossierStatus.ADMISSIBLE,)


def member_roles(call: Call) -> frozenset[Role]:
    """Who may sit on the call's committee: its members, and for a support programme the ARACT too
    (« Le Comité de Sélection … sera composé de représentants de l'Agence Régionale de Santé et de l'ARACT »)."""
    if call.kind == CallKind.SUPPORT_PROGRAM:
        return frozenset({Role.COMMITTEE, Role.ARACT})
    return frozenset({Role.COMMITTEE})


def committee_members(call: Call) -> list[User]:
    return list(
        User.objects.filter(role__in=member_roles(call), regions=call.region_id, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def has_conflict(member, dossier: Dossier) -> bool:
    return ConflictOfInterest.objects.filter(member=member, establishment=dossier.establishment_id).exists()


def committee_assign(*, dossiers: list[Dossier], members: list[User], user) -> int:
    """Assigns each dossier to each member, except where the member declared a link; returns how many."""
    conflicts = set(
        ConflictOfInterest.objects.filter(member__in=members).values_list("member_id", "establishment_id")
    )
    regions = {member.pk: set(member.regions.values_list("pk", flat=True)) for member in members}
    created = 0
    with transaction.atomic():
        for dossier in dossiers:
            if dossier.status not in SCORABLE:
                raise DossierError(
                    f"Le dossier {dossier.reference} n'est pas recevable : il ne va pas au comité."
                )
            for member in members:
                if (
                    member.role not in member_roles(dossier.call)
                    or dossier.call.region_id not in regions[member.pk]
                ):
                    raise DossierError(f"{member.email} n'est pas membre du comité de cette région.")
                if (member.pk, dossier.establishment_id) in conflicts:
                    continue
                _, new = CommitteeAssignment.objects.get_or_create(
                    dossier=dossier, member=member, defaults={"assigned_by": user}
                )
                created += new
    return created


def conflict_declare(*, member, dossier: Dossier, note: str) -> None:
    """The member declares a link with the dossier's establishment: their assignment and scores go away."""
    note = note.strip()
    if not note:
        raise DossierError(
            "Précisez le lien avec l'établissement (par exemple : administrateur, ancien salarié)."
        )
    with transaction.atomic():
        ConflictOfInterest.objects.get_or_create(
            member=member, establishment=dossier.establishment, defaults={"note": note}
        )
        CommitteeAssignment.objects.filter(
            member=member, dossier__establishment=dossier.establishment
        ).delete()


def grid_of(call: Call) -> list[GridCriterion]:
    return [GridCriterion(c.code, c.weight, c.max_score) for c in call.spec.criteria]


def dossier_facts(dossier: Dossier) -> DossierFacts:
    calendar = dossier.call.spec.calendar
    return DossierFacts(
        headcount=dossier.headcount,
        actions=tuple(
            ActionFacts(action.mutualized, action.agents_concerned, action.end)
            for action in dossier.actions.all()
        ),
        granted_from=calendar.notification_from,
    )


def prescores(dossier: Dossier) -> dict[str, Prescore]:
    spec = dossier.call.spec
    months = spec.funding.realisation_max_months if spec.funding else None
    facts = dossier_facts(dossier)
    found = {}
    for criterion in spec.criteria:
        value = prescore(criterion.signal, criterion.max_score, facts, months)
        if value is not None:
            found[criterion.code] = value
    return found


def score_save(*, assignment: CommitteeAssignment, criterion: str, score: int | None, comment: str) -> None:
    if assignment.submitted_at:
        raise DossierError("La notation est remise : elle ne se modifie plus.")
    spec = assignment.dossier.call.spec
    known = {c.code: c for c in spec.criteria}
    if criterion not in known:
        raise DossierError(f"Critère inconnu : {criterion}.")
    if score is not None and not 0 <= score <= known[criterion].max_score:
        raise DossierError(f"La note de « {known[criterion].title} » va de 0 à {known[criterion].max_score}.")
    comment = text_checked(
        comment.strip(), limit=COMMENT_TEXT, label=f"Commentaire — {known[criterion].title}"
    )
    CriterionScore.objects.update_or_create(
        assignment=assignment, criterion=criterion, defaults={"score": score, "comment": comment}
    )


def scores_submit(*, assignment: CommitteeAssignment) -> None:
    scores = {s.criterion: s.score for s in assignment.scores.all() if s.score is not None}
    missing = [c.title for c in assignment.dossier.call.spec.criteria if c.code not in scores]
    if missing:
        raise DossierError(f"Notez chaque critère avant de remettre la notation : {', '.join(missing)}.")
    CommitteeAssignment.objects.filter(pk=assignment.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now()
    )


@dataclass
class MemberScore:
    member: User
    total: Decimal | None
    submitted: bool
    comments: list[str]


@dataclass
class RankingRow:
    dossier: Dossier
    mean: Decimal | None
    spread: Decimal | None
    disagree: bool
    missing: int
    expected: int
    requested: Decimal
    members: list[MemberScore]
    interview: object = None
    rank: int | None = None

    @property
    def assignable(self) -> bool:
        """Only a dossier still awaiting the funding decision goes to more members."""
        return self.dossier.status in SCORABLE


RANKING_PAGE = 100
UNSCORED_SHOWN = 30  # references of dossiers without a mean named on the simulation page


def ranking_means(call: Call) -> dict[int, Decimal | None]:
    """Every examined dossier's mean of its members' submitted totals, computed by the database
    (`ranking_query`, exactly the grid's `total_on_20` and `agreement`): no score value read in Python."""
    return {row.dossier_id: row.mean for row in ranked(call)}


def ranking_order(call: Call) -> list[tuple[int, Decimal | None]]:
    """(dossier id, mean) of every examined dossier, best mean first, then by reference."""
    return [(row.dossier_id, row.mean) for row in ranked(call)]


@dataclass
class Unscored:
    """The examined dossiers without any submitted total yet: how many, and the first references."""

    count: int
    references: list[str]

    @property
    def others(self) -> int:
        return self.count - len(self.references)


def unscored_references(call: Call, first: int = UNSCORED_SHOWN) -> Unscored:
    """The examined dossiers without any submitted total yet, the first `first` by reference."""
    return Unscored(*unscored(call, first))


@dataclass
class RankingPage:
    rows: list["RankingRow"]
    number: int
    has_next: bool
    count: int


def ranking_page(call: Call, page: int = 1) -> RankingPage:
    """One page of the ranking, each row with its members' detail; the page number is kept in range.

    The order and the page are chosen by the database (LIMIT/OFFSET on the computed means); only the page's
    dossiers are read with their assignments and scores."""
    count = Dossier.objects.filter(call=call, status__in=RANKED).count()
    last = max(1, -(-count // RANKING_PAGE))
    page = min(max(page, 1), last)
    start = (page - 1) * RANKING_PAGE
    chosen = ranked(call, limit=RANKING_PAGE, offset=start)
    position = {row.dossier_id: n for n, row in enumerate(chosen)}
    rows = sorted(ranking(call, ids=list(position)), key=lambda row: position[row.dossier.pk])
    for rank, row in enumerate(rows, start=start + 1):
        row.rank = rank if row.mean is not None else None
    return RankingPage(rows, page, start + RANKING_PAGE < count, count)


def ranking(call: Call, ids: list[int] | None = None) -> list[RankingRow]:
    """The call's dossiers examined by the committee (admissible, then decided and notified) with their
    members' submitted totals, best mean first; only the dossiers `ids` when given (one page).

    Five queries whatever the size; the scores and the amounts are read as values, not model objects."""
    grid = grid_of(call)
    alert = Decimal(str(settings.QVCT_COMMITTEE_SPREAD_ALERT))
    scope = Dossier.objects.filter(call=call, status__in=RANKED)
    if ids is not None:
        scope = scope.filter(pk__in=ids)
    dossiers = list(
        scope.select_related("establishment").defer(
            "findings", "motivation", "scope", "diagnostic", "objectives", "schedule", "follow_up"
        )
    )
    chosen = scope.values("pk")
    assignments: dict[int, list[CommitteeAssignment]] = {}
    for assignment in (
        CommitteeAssignment.objects.filter(dossier__in=chosen).select_related("member").order_by("pk")
    ):
        assignments.setdefault(assignment.dossier_id, []).append(assignment)
    scores: dict[int, list[tuple[str, int | None, str]]] = {}
    for assignment_id, criterion, score, comment in (
        CriterionScore.objects.filter(assignment__dossier__in=chosen)
        .order_by("pk")
        .values_list("assignment_id", "criterion", "score", "comment")
    ):
        scores.setdefault(assignment_id, []).append((criterion, score, comment))
    requested = dict(
        Action.objects.filter(dossier__in=chosen)
        .order_by()
        .values("dossier")
        .annotate(total=Sum("requested"))
        .values_list("dossier", "total")
    )
    interviews = {i.dossier_id: i for i in Interview.objects.filter(dossier__in=chosen)}
    titles = {c.code: c.title for c in call.spec.criteria}
    rows = []
    for dossier in dossiers:
        totals, members = [], []
        for assignment in assignments.get(dossier.pk, []):
            given = scores.get(assignment.pk, [])
            total = total_on_20(grid, {code: value for code, value, _ in given if value is not None})
            if assignment.submitted_at and total is not None:
                totals.append(total)
            members.append(
                MemberScore(
                    assignment.member,
                    total if assignment.submitted_at else None,
                    bool(assignment.submitted_at),
                    [f"{titles.get(code, code)} : {comment}" for code, _, comment in given if comment],
                )
            )
        result = agreement(totals, len(members), alert)
        rows.append(
            RankingRow(
                dossier,
                result.mean,
                result.spread,
                result.disagree,
                result.missing,
                result.expected,
                requested.get(dossier.pk) or Decimal(0),
                members,
                interviews.get(dossier.pk),
            )
        )
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.dossier.reference))
    return rows
