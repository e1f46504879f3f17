"""Closing a follow-up: the recovery computed once (recovery.py), its letter, and the deduction left for the
establishment's next notification; at the final report's validation or past the consumption deadline."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from qvct.storage import file_save, files_atomic

from . import notifications
from .documents import recovery_letter_pdf
from .enums import EventKind, LineStatus
from .journal import event_write
from .models import ActionFollowUp, Closing, FollowUp, SpendingLine
from .recovery import Line, cents, euros, rate_basis, recovery
from .recovery import SpendingLine as PureLine
from .templatetags.monitoring_format import montant


def follow_up_figures(follow_up: FollowUp, lines=None):
    """The recovery as it would be computed now (recovery.py), from the lines of the follow-up."""
    if lines is None:
        lines = SpendingLine.objects.filter(action_follow_up__follow_up=follow_up).only("amount", "status")
    states = {LineStatus.ACCEPTED: Line.ACCEPTED, LineStatus.REJECTED: Line.REJECTED}
    return recovery(
        granted=cents(follow_up.granted),
        rate=rate_basis(follow_up.subsidy_rate),
        lines=[PureLine(cents(line.amount), states.get(line.status, Line.PENDING)) for line in lines],
    )


def follow_up_close(*, follow_up: FollowUp, user=None, now: dt.datetime | None = None) -> Closing:
    """Closes the follow-up: the recovery computed once, its letter, and the deduction waiting for the
    establishment's next notification. Idempotent."""
    now = now or timezone.now()
    with files_atomic():
        locked = FollowUp.objects.select_for_update().select_related("dossier").get(pk=follow_up.pk)
        existing = Closing.objects.filter(follow_up=locked).first()
        if existing:
            return existing
        figures = follow_up_figures(locked)
        closing = Closing.objects.create(
            follow_up=locked,
            establishment_id=locked.dossier.establishment_id,
            justified=euros(figures.justified),
            non_conforming=euros(figures.non_conforming),
            due=euros(figures.due),
            to_recover=euros(figures.to_recover),
            closed_at=now,
            closed_by=user,
        )
        FollowUp.objects.filter(pk=locked.pk).update(closed_at=now)
        ActionFollowUp.objects.filter(follow_up=locked, closed_at__isnull=True).update(closed_at=now)
        file_save(
            closing.letter,
            f"reprise-{locked.dossier.reference}.pdf",
            ContentFile(recovery_letter_pdf(closing)),
        )
        closing.save(update_fields=["letter"])
        event_write(
            locked,
            user,
            EventKind.CLOSED,
            f"Suivi clôturé : part ARS due {montant(closing.due)}, à reprendre {montant(closing.to_recover)}",
            data={"justified": str(closing.justified), "to_recover": str(closing.to_recover)},
        )
        notifications.closing_send(closing)
    return closing


def follow_ups_close_due(*, call, user=None, today: dt.date | None = None) -> int:
    """Closes every follow-up of the call whose consumption deadline has passed."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(
        dossier__call=call, closed_at__isnull=True, consumption_deadline__lt=today
    ).select_related("dossier")
    made = 0
    for follow_up in due:
        follow_up_close(follow_up=follow_up, user=user)
        made += 1
    return made
