"""Conventions: generated from the call's template for each notified, funded dossier; signatures tracked."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.services import DossierError, transition_apply
from dossiers.uploads import check_upload
from qvct.dates import date_problem
from qvct.formats import date as french_date
from qvct.formats import euros
from qvct.pdf import render_pdf
from qvct.storage import file_save, files_atomic

from .convention_template import (
    ConventionTemplateError,
    check_convention_template,
    render_convention_template,
)
from .models import Convention, ConventionTemplate
from .signals import convention_signed


def default_body() -> str:
    return get_template("agreements/default_body.html").template.source


def template_of(call: Call) -> str:
    custom = ConventionTemplate.objects.filter(call=call).first()
    return custom.body if custom else default_body()


def _context(dossier: Dossier, decisions) -> dict:
    spec = dossier.call.spec
    establishment = dossier.establishment
    actions = []
    for decision in decisions:
        action = decision.action
        actions.append(
            {
                "titre": f"{action.position}. {action.title}",
                "cout": euros(action.cost, cents=True),
                "montant": euros(decision.granted, cents=True),
                "indicateurs": [
                    f"{i.name} ({i.unit}) : {i.baseline} → {i.target}" for i in action.indicators.all()
                ],
            }
        )
    deadline = spec.calendar.consumption_deadline
    fund = spec.funding.fund if spec.funding else ""
    documents = spec.documents
    return {
        "appel": spec.title,
        "dossier": dossier.reference,
        "organisateurs": ", ".join(spec.organisers),
        "etablissement": establishment.display_name,
        "finess": establishment.finess,
        "siret": establishment.siret,
        "adresse": f"{establishment.address} {establishment.postal_code} {establishment.city}".strip(),
        "montant": euros(sum((d.granted for d in decisions), Decimal(0)), cents=True),
        "fonds": fund,
        "actions": actions,
        "date_limite_consommation": french_date(deadline) if deadline else "la date fixée par l'ARS",
        "modalites_versement": documents.payment_terms,
        "mention_communication": documents.communication_mention,
        "mention_financement": documents.communication_mention,
        "signataire": documents.signatory.name,
        "qualite_signataire": documents.signatory.title,
    }


def _invalid(error: ConventionTemplateError) -> DossierError:
    return DossierError(f"Le modèle de convention de l'appel est invalide : {error}.")


def convention_html(dossier: Dossier, decisions, body: str) -> str:
    try:
        rendered = render_convention_template(body, _context(dossier, decisions))
    except ConventionTemplateError as error:
        raise _invalid(error) from None
    # Sandboxed and autoescaped (convention_template.py), and the PDF fetcher reads nothing but static files.
    return render_to_string("agreements/pdf.html", {"dossier": dossier, "body": mark_safe(rendered)})


def convention_pdf(dossier: Dossier, decisions, body: str) -> bytes:
    return render_pdf(convention_html(dossier, decisions, body))


def conventions_generate(*, call: Call, user, today: dt.date | None = None) -> int:
    """One convention per notified dossier granted something and without one yet; not before the call's date."""
    today = today or timezone.localdate()
    start = call.spec.calendar.convention_from
    if start and today < start:
        raise DossierError(f"Le conventionnement commence le {french_date(start)} (calendrier de l'appel).")
    body = template_of(call)
    try:
        check_convention_template(body)  # before the first convention, so that a bad text makes none
    except ConventionTemplateError as error:
        raise _invalid(error) from None
    dossiers = (
        Dossier.objects.filter(call=call, status=DossierStatus.NOTIFIED, convention__isnull=True)
        .select_related("call", "establishment")
        .prefetch_related("decisions__action__indicators")
    )
    made = 0
    for dossier in dossiers:
        decisions = sorted(
            (d for d in dossier.decisions.all() if d.granted > 0), key=lambda d: d.action.position
        )
        if not decisions:
            continue
        pdf = convention_pdf(dossier, decisions, body)
        with files_atomic():
            convention = Convention(
                dossier=dossier, amount=sum((d.granted for d in decisions), Decimal(0)), generated_by=user
            )
            file_save(convention.file, f"{dossier.reference}.pdf", ContentFile(pdf))
            convention.save()
        made += 1
    return made


def convention_sign(*, convention: Convention, user, side: str, signed_on: dt.date, upload=None) -> None:
    """Records one side's signature (the signed scan is uploaded by either side); both → convention signed."""
    if side not in {"establishment", "agency"}:
        raise DossierError("Partie inconnue.")
    if signed_on > timezone.localdate():
        raise DossierError("La date de signature ne peut pas être dans le futur.")
    # The other side may have uploaded the scan meanwhile.
    convention = Convention.objects.select_related("dossier__call").get(pk=convention.pk)
    opens = convention.dossier.call.spec.calendar.convention_from
    if opens and signed_on < opens:
        raise DossierError(
            f"La date de signature ne peut pas précéder l'ouverture du conventionnement, le {french_date(opens)}."
        )
    problem = date_problem(signed_on, latest=timezone.localdate())
    if problem:
        raise DossierError(f"Date de signature : {problem[0].lower()}{problem[1:]}")
    if upload is None and not convention.signed_file:
        raise DossierError("Joignez le scan de la convention signée (PDF).")
    checked = check_upload(upload) if upload else None
    if checked and checked.content_type != "application/pdf":
        raise DossierError("Le scan de la convention signée doit être un PDF.")
    with files_atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        if checked:
            replaced = convention.signed_file.name
            file_save(
                convention.signed_file,
                f"{convention.dossier.reference}-signee.pdf",
                ContentFile(checked.data),
            )
            if replaced:
                storage = convention.signed_file.storage
                transaction.on_commit(lambda: storage.delete(replaced))
            convention.signed_uploaded_by = user
        setattr(
            convention,
            "establishment_signed_on" if side == "establishment" else "agency_signed_on",
            signed_on,
        )
        convention.save()
        dossier = convention.dossier
        if convention.fully_signed and dossier.status == DossierStatus.NOTIFIED:
            transition_apply(
                dossier, user, "sign_convention", f"Convention signée ({euros(convention.amount)})"
            )
            convention_signed.send(sender=Convention, dossier=dossier, user=user)
