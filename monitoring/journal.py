"""The follow-up's refusals and its append-only history, shared by its services, its closing and its reminders."""

from dossiers.errors import DossierError

from .enums import EventKind
from .models import FollowUp, MonitoringEvent


class MonitoringError(DossierError):
    """A refused write of the follow-up, with the French message shown to the user."""


def event_write(follow_up: FollowUp, actor, kind: EventKind, summary: str, **extra) -> MonitoringEvent:
    return MonitoringEvent.objects.create(
        follow_up=follow_up, actor=actor, kind=kind, summary=summary[:300], **extra
    )
