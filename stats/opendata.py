"""The open data of the grants: one row per convention signed by both parties, in the SCDL « Subventions » v2.1.1
format (décret n° 2017-779, arrêté du 17 novembre 2017); the agency's name and SIRET come from the call definition.
"""

import csv
import io
from pathlib import Path

from django.db.models import Prefetch

from agreements.models import Convention
from calls.models import Call
from dossiers.models import Action

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "scdl-subventions-2.1.1.json"
FIELDS = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
)
OBJECT_MAX = 256


def published_calls() -> list[Call]:
    """The published calls whose definition names the granting agency (open_data): the only ones published."""
    return [call for call in Call.objects.published().order_by("-year", "short_title") if call.spec.open_data]


def signed_conventions(call: Call):
    granted = Action.objects.filter(decision__granted__gt=0).order_by("position")
    return (
        Convention.objects.filter(
            dossier__call=call, establishment_signed_on__isnull=False, agency_signed_on__isnull=False
        )
        .exclude(signed_file="")
        .select_related("dossier__establishment")
        .prefetch_related(Prefetch("dossier__actions", queryset=granted, to_attr="granted_actions"))
        .order_by("dossier__number")
    )


def _object(call: Call, convention: Convention) -> str:
    titles = "; ".join(action.title for action in convention.dossier.granted_actions)
    text = f"{call.title} : {titles}" if titles else call.title
    return text if len(text) <= OBJECT_MAX else text[: OBJECT_MAX - 1] + "…"


def rows(call: Call):
    """The SCDL rows of the call's signed conventions, as the text each cell holds."""
    spec = call.spec
    data = spec.open_data
    for convention in signed_conventions(call):
        signed = max(convention.establishment_signed_on, convention.agency_signed_on)
        period = signed.isoformat()
        if (
            data.payment_conditions != "unique"
            and call.consumption_deadline
            and call.consumption_deadline > signed
        ):
            period = f"{period}/{call.consumption_deadline.isoformat()}"
        establishment = convention.dossier.establishment
        siret = (
            establishment.siret if len(establishment.siret) == 14 and establishment.siret.isdigit() else ""
        )
        yield {
            "nomAttribuant": data.attributor,
            "idAttribuant": data.siret,
            "dateConvention": signed.isoformat(),
            "referenceDecision": convention.dossier.reference,
            "nomBeneficiaire": establishment.display_name,
            "idBeneficiaire": siret,
            "rnaBeneficiaire": "",
            "objet": _object(call, convention),
            "montant": f"{convention.amount:.2f}",
            "nature": "aide en numéraire",
            "conditionsVersement": data.payment_conditions,
            "datesPeriodeVersement": period,
            "idRAE": "",
            "notificationUE": "non",
            # One beneficiary per convention: it receives the whole grant.
            "pourcentageSubvention": "1.00",
            "dispositifAide": call.title,
        }


def scdl_csv(call: Call) -> bytes:
    """The file as the SCDL asks: UTF-8, comma-separated, the fields in the schema's order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(call))
    return buffer.getvalue().encode("utf-8")
