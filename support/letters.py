"""The selection letters of a support programme: one PDF per decided candidacy, e-mailed, in a background batch."""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.notifications import dossier_recipients
from dossiers.services import DossierError, transition_apply
from funding.models import Letter, NotificationBatch
from mailing.services import Attachment, outbox_enqueue
from qvct.pdf import render_pdf

from .models import Selection

DECIDED = (DossierStatus.SELECTED, DossierStatus.WAITLISTED, DossierStatus.NOT_SELECTED)


def letter_html(dossier: Dossier, selection: Selection, today: dt.date) -> str:
    return render_to_string(
        "support/pdf/letter.html",
        {
            "dossier": dossier,
            "call": dossier.call,
            "program": dossier.call.spec.program,
            "establishment": dossier.establishment,
            "selection": selection,
            "today": today,
            "generated_at": timezone.localtime(),
        },
    )


def selection_letters_launch(*, call: Call, user) -> NotificationBatch:
    """Starts the batch of letters of every decided candidacy not yet notified."""
    if NotificationBatch.objects.filter(call=call, finished_at__isnull=True).exists():
        raise DossierError("Un lot de lettres est déjà en cours.")
    total = Dossier.objects.filter(call=call, status__in=DECIDED).count()
    if not total:
        raise DossierError("Aucune candidature à notifier : décidez d'abord, ou toutes sont déjà notifiées.")
    with transaction.atomic():
        batch = NotificationBatch.objects.create(call=call, launched_by=user, total=total)
        transaction.on_commit(lambda: selection_letters_run.enqueue(batch.pk))
    return batch


@task()
def selection_letters_run(batch_id: int) -> int:
    """Writes, stores and sends each letter, then marks the candidacy notified; counts progress as it goes."""
    batch = NotificationBatch.objects.select_related("call", "launched_by").get(pk=batch_id)
    dossiers = (
        Dossier.objects.filter(call=batch.call, status__in=DECIDED)
        .select_related("call", "establishment", "created_by", "selection")
        .prefetch_related("editors", "establishment__members")
        .order_by("number")
    )
    today = timezone.localdate()
    sent = 0
    try:
        for dossier in dossiers:
            selection = dossier.selection
            pdf = render_pdf(letter_html(dossier, selection, today))
            with transaction.atomic():
                letter = Letter(dossier=dossier, batch=batch, granted=0)
                letter.file.save(f"{dossier.reference}.pdf", ContentFile(pdf), save=False)
                letter.save()
                transition_apply(
                    dossier,
                    batch.launched_by,
                    "notify",
                    f"Décision notifiée : {selection.get_outcome_display().lower()}",
                )
                NotificationBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
                outbox_enqueue(
                    subject=f"Votre candidature {dossier.reference} — {dossier.call.short_title}",
                    body=render_to_string(
                        "support/emails/letter.txt",
                        {"dossier": dossier, "selection": selection, "site_url": settings.SITE_URL},
                    ),
                    to=dossier_recipients(dossier),
                    attachments=[
                        Attachment(f"decision-{dossier.reference}.pdf", "application/pdf", content=pdf)
                    ],
                )
            sent += 1
    except Exception as error:  # the batch page must say what stopped it
        NotificationBatch.objects.filter(pk=batch.pk).update(
            error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    NotificationBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())
    return sent
