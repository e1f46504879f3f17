"""The dossier's append-only history: events written with compact, French changes, and read back as sessions.

Every write stores its own event and none is ever updated. What the history shows groups, at display time,
the consecutive edits of one author on one part of the dossier into one editing session.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst

from eligibility.wording import french_date
from qvct.limits import EDITING_SESSION_GAP, HISTORY_VALUE
from qvct.templatetags.qvct_format import format_number

from .enums import EventKind
from .models import Action, Dossier, DossierEvent, TrinomeMember

EXCERPT = 120


def event_record(
    *, dossier: Dossier, actor, kind: EventKind, summary: str, reason: str = "", data=None, **extra
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        kind=kind,
        summary=summary[:300],
        reason=reason,
        data=data or {},
        **extra,
    )


def shown(value) -> str:
    """A value as the porteur reads it: « — » when empty, « oui », « 4 200,50 », « 1er avril 2025 »."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal | int | float):
        return format_number(value)
    if isinstance(value, dt.date):
        return french_date(value)
    if isinstance(value, list | tuple):
        return " ; ".join(shown(item) for item in value)
    return str(value)


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}…"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def change(label: str, before, after) -> dict:
    """One changed field as an event keeps it: its French label, and the values themselves when short.

    A long text is kept as a compact diff instead: the changed span only (cut to an excerpt), where it starts,
    both lengths and both SHA-256 fingerprints, so that twenty autosaves of a long text stay small.
    """
    before, after = shown(before), shown(after)
    if len(before) <= HISTORY_VALUE and len(after) <= HISTORY_VALUE:
        return {"label": label, "before": before, "after": after}
    before, after = ("" if text == "—" else text for text in (before, after))
    prefix = 0
    for old, new in zip(before, after, strict=False):
        if old != new:
            break
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return {
        "label": label,
        "text": True,
        "at": prefix,
        "removed": _excerpt(before[prefix : len(before) - suffix]),
        "added": _excerpt(after[prefix : len(after) - suffix]),
        "lengths": [len(before), len(after)],
        "sha256": [_fingerprint(before), _fingerprint(after)],
    }


def field_label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


# Events written before changes carried their label: the field names they used, in French.
LEGACY_LABELS = {
    **{f.name: capfirst(f.verbose_name) for f in Dossier._meta.fields},
    **{f.name: capfirst(f.verbose_name) for f in Action._meta.fields},
    **dict(TrinomeMember._meta.get_field("role").choices),
    "motivation": "Motivation",
}


def _changes_of(event: DossierEvent) -> list[dict]:
    changes = event.data.get("changes") if isinstance(event.data, dict) else None
    if isinstance(changes, list):
        return changes
    if isinstance(changes, dict):
        return [
            {"label": LEGACY_LABELS.get(name, "Autre champ"), "before": str(old), "after": str(new)}
            for name, (old, new) in changes.items()
        ]
    return []


def _target(event: DossierEvent) -> str:
    data = event.data if isinstance(event.data, dict) else {}
    if data.get("target"):
        return data["target"]
    if data.get("action"):
        return f"action:{data['action']}"
    return f"section:{data.get('section') or event.summary}"


@dataclass
class ChangedField:
    label: str
    before: str = ""
    after: str = ""
    text: bool = False
    lengths: list = field(default_factory=list)

    @property
    def description(self) -> str:
        # Older events kept whole values: a dict (the motivations) or a long text reads as « texte modifié ».
        legacy = any(
            value.startswith("{") or len(value) > HISTORY_VALUE for value in (self.before, self.after)
        )
        if self.text or legacy:
            if len(self.lengths) == 2:
                return (
                    f"texte modifié ({format_number(self.lengths[0])} → "
                    f"{format_number(self.lengths[1])} caractères)"
                )
            return "texte modifié"
        return f"{self.before} → {self.after}"


@dataclass
class Entry:
    """One line of the history as shown: an event, or an editing session of several autosaves."""

    at: dt.datetime
    actor: object
    summary: str
    reason: str = ""
    started_at: dt.datetime | None = None
    saves: int = 1
    changes: list[ChangedField] = field(default_factory=list)
    target: str = ""

    def merge(self, label: str, item: dict) -> None:
        current = next((c for c in self.changes if c.label == label), None)
        lengths = list(item.get("lengths") or [])
        if current is None:
            self.changes.append(
                ChangedField(
                    label,
                    str(item.get("before", "")),
                    str(item.get("after", "")),
                    bool(item.get("text")),
                    lengths,
                )
            )
            return
        # The session goes from the first value to the last one.
        current.after = str(item.get("after", ""))
        if item.get("text") or current.text:
            first = current.lengths[0] if current.lengths else len(current.before)
            last = lengths[1] if lengths else len(current.after)
            current.text, current.lengths = True, [first, last]


def _is_session(entry: Entry | None, event: DossierEvent, gap: dt.timedelta) -> bool:
    return (
        entry is not None
        and entry.target
        and entry.target == _target(event)
        and getattr(entry.actor, "pk", None) == event.actor_id
        and event.at - entry.at <= gap
    )


def timeline(events, gap: dt.timedelta = EDITING_SESSION_GAP) -> list[Entry]:
    """The history, newest first; edits follow each other from one author on one part within `gap` → one entry.

    Any other event in between (another author, a document, a change of state) closes the session.
    """
    entries: list[Entry] = []
    for event in sorted(events, key=lambda e: (e.at, e.pk)):
        last = entries[-1] if entries else None
        if event.kind == EventKind.EDITED and _is_session(last, event, gap):
            last.at, last.saves, last.summary = event.at, last.saves + 1, event.summary
        else:
            last = Entry(
                at=event.at,
                actor=event.actor,
                summary=event.summary,
                reason=event.reason,
                started_at=event.at,
                target=_target(event) if event.kind == EventKind.EDITED else "",
            )
            entries.append(last)
        for item in _changes_of(event):
            last.merge(item.get("label") or "Autre champ", item)
    return entries[::-1]
