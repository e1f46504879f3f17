"""A signed convention's follow-up built straight in the database (for journeys that start after it)."""

import datetime as dt

from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from monitoring.models import ActionFollowUp, FollowUp, Report
from monitoring.schedule import default_schedule


def signed_follow_up(
    dossier, *, granted_on=dt.date(2024, 10, 15), deadline=dt.date(2026, 12, 31)
) -> FollowUp:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.CONVENTION_SIGNED)
    actions = list(dossier.actions.all())
    follow_up = FollowUp.objects.create(
        dossier=dossier,
        granted=sum(a.requested for a in actions),
        subsidy_rate=50,
        granted_on=granted_on,
        consumption_deadline=deadline,
    )
    for action in actions:
        ActionFollowUp.objects.create(follow_up=follow_up, action=action, granted=action.requested)
    for due in default_schedule(granted_on=granted_on, deadline=deadline, interim_months_before=12):
        Report.objects.create(
            follow_up=follow_up,
            kind=due.kind,
            period_start=due.period_start,
            period_end=due.period_end,
            due_on=due.due_on,
        )
    return follow_up
