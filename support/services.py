"""The writes of the cohorts: built from the retained candidacies of a wave, host sites chosen among them."""

from django.db import transaction

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.services import DossierError

from .cohorts import CohortRules, MemberFacts, cohort_warnings, hosts_propose
from .enums import SelectionOutcome
from .models import Cohort, CohortMember

# Retained, before or after the letter.
RETAINED = (DossierStatus.SELECTED, DossierStatus.NOTIFIED)


def cohort_rules(call: Call) -> CohortRules:
    program = call.spec.program
    return CohortRules(
        min_size=program.cohort.min_size,
        max_size=program.cohort.max_size,
        hosts=program.host_establishments,
        departments=tuple(call.spec.departments),
    )


def member_facts(cohort: Cohort) -> list[MemberFacts]:
    """Reads `cohort.members` (prefetch it with `dossier__establishment` for a flat number of queries)."""
    return [
        MemberFacts(m.pk, m.dossier.establishment.display_name, m.dossier.establishment.department_id, m.host)
        for m in cohort.members.all()
    ]


def warnings_of(cohort: Cohort) -> list[str]:
    return cohort_warnings(member_facts(cohort), cohort_rules(cohort.call))


def retained_without_cohort(call: Call):
    return Dossier.objects.filter(
        call=call,
        status__in=RETAINED,
        selection__outcome=SelectionOutcome.RETAINED,
        cohort_membership__isnull=True,
    ).select_related("establishment")


def cohort_build(*, call: Call, user) -> Cohort:
    """One cohort per wave (the call): created with the retained establishments, or completed with the newly
    retained ones; the host sites are proposed, one per department, when none is chosen yet."""
    if call.spec.program is None:
        raise DossierError("Cet appel n'organise pas d'accompagnement collectif.")
    dossiers = list(retained_without_cohort(call))
    cohort = Cohort.objects.filter(call=call).first()
    if not dossiers and cohort is None:
        raise DossierError("Aucun établissement retenu : décidez d'abord des candidatures.")
    with transaction.atomic():
        if cohort is None:
            cohort = Cohort.objects.create(
                call=call, name=f"{call.spec.program.kind_label} {call.year}", created_by=user
            )
        CohortMember.objects.bulk_create(CohortMember(cohort=cohort, dossier=d) for d in dossiers)
        members = list(cohort.members.select_related("dossier__establishment"))
        if not any(m.host for m in members):
            proposed = hosts_propose(
                [
                    MemberFacts(
                        m.pk, m.dossier.establishment.display_name, m.dossier.establishment.department_id
                    )
                    for m in members
                ],
                cohort_rules(call),
            )
            CohortMember.objects.filter(pk__in=proposed).update(host=True)
    return cohort


def cohort_hosts_set(*, cohort: Cohort, member_ids: set[int], user) -> list[str]:
    """Sets the host sites; returns the cohort's warnings (a choice outside the call's rule is kept, and said)."""
    known = set(cohort.members.values_list("pk", flat=True))
    if not member_ids <= known:
        raise DossierError("Choisissez les sites d'accueil parmi les établissements du groupe.")
    with transaction.atomic():
        cohort.members.update(host=False)
        cohort.members.filter(pk__in=member_ids).update(host=True)
    return warnings_of(cohort)
