"""Reads of the instruction: the dossiers an agent may instruct, the list's filters, tabs, sort and columns.

The list runs a fixed number of queries whatever the number of rows: one for the page (one row more than
shown, to know whether a next page exists, instead of counting), one for the counts of the tabs.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from calls.enums import CallKind
from dossiers.enums import DossierStatus as S
from dossiers.models import Action, Dossier, FindingOverride, Message
from dossiers.selectors import dossier_queryset
from referential.models import Establishment

PAGE_SIZE = 50
# Beyond it a page number is a typing or forged value (an offset the database cannot hold): the list shows page 1.
MAX_PAGE = 10_000

TABS = {
    "a-instruire": ("À instruire", (S.SUBMITTED, S.IN_REVIEW)),
    "complements": ("En attente de complément", (S.COMPLEMENTS_REQUESTED,)),
    "recevables": ("Recevables", (S.ADMISSIBLE,)),
    "irrecevables": ("Irrecevables", (S.INADMISSIBLE,)),
    "tous": ("Tous", None),
}
DEFAULT_TAB = "a-instruire"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    order_by: str | None = None


COLUMNS = {
    column.key: column
    for column in (
        Column("reference", "Dossier", "number"),
        # The establishment's columns as copied on the dossier (migration dossiers 0015): no join to sort.
        Column("establishment", "Établissement", "establishment_name"),
        Column("finess", "FINESS", "establishment_finess"),
        Column("department", "Département", "establishment_department"),
        Column("call", "Appel", "call__short_title"),
        Column("status", "État", "status"),
        Column("submitted_at", "Déposé le", "submitted_at"),
        Column("requested", "Demande ARS", "requested_total"),
        Column("actions", "Actions", "actions_count"),
        Column("findings", "Constats retenus", "has_blocking"),
        Column("assigned", "Instructeur·rice", "assigned_to__last_name"),
        Column("due", "Compléments avant le", "complements_due"),
    )
}
DEFAULT_COLUMNS = (
    "reference",
    "establishment",
    "department",
    "status",
    "submitted_at",
    "requested",
    "findings",
)
DEFAULT_SORT = "submitted_at"


def instruction_scope(user) -> QuerySet[Dossier]:
    """The filed dossiers of the calls of the agent's regions; drafts belong to their porteurs alone."""
    return Dossier.objects.filter(call__region__agents=user).exclude(status=S.DRAFT)


def dossier_for_agent(user, reference: str) -> Dossier:
    """The dossier with everything its page needs, or 404 if it is not in the agent's regions."""
    return get_object_or_404(
        dossier_queryset()
        .select_related("assigned_to")
        .prefetch_related(
            Prefetch("overrides", queryset=FindingOverride.objects.select_related("by")),
            "complement_requests",
            Prefetch("messages", queryset=Message.objects.select_related("author")),
        )
        # The scope as a join (one membership per user and region: no duplicate row), not as a subquery of ids,
        # which the databases run over the whole scope before finding the one reference.
        .filter(call__region__agents=user)
        .exclude(status=S.DRAFT),
        reference=reference,
    )


def candidacy_for_aract(user, reference: str) -> Dossier:
    """A filed candidacy to a support programme of the ARACT officer's regions, with what its reading needs."""
    return get_object_or_404(
        dossier_queryset()
        .filter(pk__in=instruction_scope(user).values("pk"))
        .filter(call__kind=CallKind.SUPPORT_PROGRAM),
        reference=reference,
    )


@dataclass
class ListQuery:
    """What the list shows: filters, tab, sort, columns and page, read from the query string."""

    call: int | None = None
    department: str = ""
    sector: str = ""
    legal_group: str = ""
    axis: str = ""
    theme: str = ""
    finding: str = ""
    assigned: str = ""
    mutualized: str = ""
    q: str = ""
    tab: str = DEFAULT_TAB
    sort: str = DEFAULT_SORT
    columns: list[str] = field(default_factory=lambda: list(DEFAULT_COLUMNS))
    page: int = 1
    # The calls of the agent's regions, when the caller has read them (the list's page does, for its filter): the
    # scope is then a list of calls, which the databases read along an index of the sort (100,000 dossiers: a
    # sort by dossier or establishment in under a millisecond on SQLite) instead of a join to the agent's regions.
    scope_calls: tuple[int, ...] | None = None


def _scope(user, query: ListQuery) -> QuerySet[Dossier]:
    if query.scope_calls is None:
        return instruction_scope(user)
    return Dossier.objects.filter(call_id__in=query.scope_calls).exclude(status=S.DRAFT)


def _filtered(queryset: QuerySet[Dossier], query: ListQuery, user) -> QuerySet[Dossier]:
    if query.call:
        queryset = queryset.filter(call_id=query.call)
    if query.department:
        queryset = queryset.filter(establishment_department=query.department)
    if query.sector:
        queryset = queryset.filter(establishment__sector=query.sector)
    if query.legal_group:
        queryset = queryset.filter(establishment__legal_group=query.legal_group)
    if query.axis:
        queryset = queryset.filter(Exists(Action.objects.filter(dossier=OuterRef("pk"), axis=query.axis)))
    if query.theme:
        queryset = queryset.filter(Exists(Action.objects.filter(dossier=OuterRef("pk"), theme=query.theme)))
    if query.mutualized == "oui":
        queryset = queryset.filter(Exists(Action.objects.filter(dossier=OuterRef("pk"), mutualized=True)))
    elif query.mutualized == "non":
        queryset = queryset.exclude(Exists(Action.objects.filter(dossier=OuterRef("pk"), mutualized=True)))
    if query.finding == "bloquant":
        queryset = queryset.filter(has_blocking=True)
    elif query.finding == "aucun":
        queryset = queryset.filter(finding_codes="")
    elif query.finding:
        queryset = queryset.filter(finding_codes__contains=f" {query.finding} ")
    if query.assigned == "moi":
        queryset = queryset.filter(assigned_to=user)
    elif query.assigned == "personne":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif query.assigned.isdigit():
        queryset = queryset.filter(assigned_to_id=int(query.assigned))
    if query.q:
        queryset = queryset.filter(_search(query.q.strip()))
    return queryset


def _search(term: str) -> Q:
    """Dossiers whose establishment's name or FINESS, or whose reference, holds `term`.

    The establishments are searched first, alone (110,000 short rows; trigram indexes on PostgreSQL), and the
    dossiers found through their establishment's index: the join of every dossier with its establishment under
    an `OR` made SQLite read the whole scope. A reference is searched only for a term with a digit: every
    reference has one, and a word of a name (« EHPAD ») never singles a reference out.
    """
    establishments = Establishment.objects.filter(
        Q(name__icontains=term) | Q(long_name__icontains=term) | Q(finess__startswith=term)
    ).values("pk")
    found = Q(establishment_id__in=establishments)
    if any(character.isdigit() for character in term):
        found |= Q(reference__icontains=term)
    return found


def tab_counts(user, query: ListQuery) -> dict[str, int]:
    """The number of dossiers under each tab, for the current filters: one query."""
    queryset = _filtered(_scope(user, query), query, user)
    aggregates = {
        key.replace("-", "_"): Count("pk", filter=Q(status__in=statuses)) if statuses else Count("pk")
        for key, (_, statuses) in TABS.items()
    }
    counts = queryset.aggregate(**aggregates)
    return {key: counts[key.replace("-", "_")] for key in TABS}


def _sorted_scope(user, query: ListQuery):
    """The list's dossiers under its filters and tab, with the sort's order: its column, then the id the same way
    (an index on (column, id) then serves both directions; `-column, id` would have to sort the whole scope)."""
    queryset = _filtered(_scope(user, query), query, user)
    statuses = TABS.get(query.tab, TABS[DEFAULT_TAB])[1]
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    descending = query.sort.startswith("-")
    column = COLUMNS.get(query.sort.lstrip("-")) or COLUMNS[DEFAULT_SORT]
    order = (f"-{column.order_by}", "-pk") if descending else (column.order_by, "pk")
    return queryset, column, order


def list_queryset(user, query: ListQuery) -> QuerySet[Dossier]:
    """Every dossier of the list under its filters, tab and sort, all pages together (the export reads it)."""
    queryset, _, order = _sorted_scope(user, query)
    # Never the call's definition (tens of kilobytes of JSON read and parsed again for every row).
    return (
        queryset.select_related("call", "establishment__department", "assigned_to")
        .defer("call__definition")
        .order_by(*order)
    )


# What a row of the list shows: the dossier's own columns and a few of its call, establishment and instructor,
# never the call's definition (a JSON document of tens of kilobytes) nor the dossier's texts.
ROW_FIELDS = (
    "reference",
    "number",
    "status",
    "submitted_at",
    "has_blocking",
    "finding_codes",
    "complements_due",
    "requested_total",
    "actions_count",
    "call__short_title",
    "establishment__name",
    "establishment__long_name",
    "establishment__finess",
    "establishment__department_id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)


def dossier_rows(user, query: ListQuery) -> tuple[list[Dossier], bool]:
    """The page of dossiers and whether another page follows.

    Two queries: the ids of the page, sorted and sliced on the narrowest join the sort needs, then those rows
    with what the columns show. Sorting the full rows would sort the whole scope's wide rows for one page.
    """
    queryset, _, order = _sorted_scope(user, query)
    start = (query.page - 1) * PAGE_SIZE
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[start : start + PAGE_SIZE + 1])
    page = ids[:PAGE_SIZE]
    found = (
        Dossier.objects.filter(pk__in=page)
        .select_related("call", "establishment", "assigned_to")
        .only(*ROW_FIELDS)
        .in_bulk()
    )
    return [found[pk] for pk in page if pk in found], len(ids) > PAGE_SIZE


def selection(user, ids: list[int]) -> list[Dossier]:
    """The selected dossiers among those the agent may instruct (others are silently left out)."""
    return list(
        instruction_scope(user)
        .filter(pk__in=ids)
        .select_related("call__region", "establishment__department", "assigned_to")
        .defer("call__definition")
        .order_by("number", "pk")
    )
