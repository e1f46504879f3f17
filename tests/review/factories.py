"""Filed dossiers in bulk, straight into the tables: for lists that must stay flat with hundreds of rows."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from referential.models import Department, Establishment
from tests.referential.factories import valid_finess


def filed_dossiers(
    call,
    author,
    count: int,
    *,
    department: str = "57",
    status: DossierStatus = DossierStatus.SUBMITTED,
    blocking: bool = False,
    start: int = 0,
) -> list[Dossier]:
    """`count` filed dossiers of new establishments of `department`, each with one mutualised action."""
    dept = Department.objects.get(code=department)
    establishments = Establishment.objects.bulk_create(
        [
            Establishment(
                finess=valid_finess(department, 700000 + start + n),
                name=f"CH DE LA LISTE {start + n}",
                department=dept,
                sector="sanitaire",
                legal_group="public",
            )
            for n in range(count)
        ]
    )
    establishments = list(
        Establishment.objects.filter(finess__in=[e.finess for e in establishments]).order_by("finess")
    )
    top = Dossier.objects.filter(call=call).count()
    codes = " COFINANCING_TOO_LOW " if blocking else ""
    findings = (
        [
            {
                "code": "COFINANCING_TOO_LOW",
                "severity": "blocking",
                "action": 1,
                "message": "Trop peu.",
                "source": "",
            }
        ]
        if blocking
        else []
    )
    Dossier.objects.bulk_create(
        [
            Dossier(
                call=call,
                establishment=establishment,
                number=top + n + 1,
                reference=f"LISTE-{call.pk}-{top + n + 1:04d}",
                status=status,
                submitted_at=timezone.now() - dt.timedelta(minutes=n),
                created_by=author,
                findings=findings,
                finding_codes=codes,
                has_blocking=blocking,
            )
            for n, establishment in enumerate(establishments)
        ]
    )
    dossiers = list(Dossier.objects.filter(establishment__in=establishments))
    Action.objects.bulk_create(
        [
            Action(
                dossier=dossier,
                position=1,
                title="Lève-personnes",
                axis="1",
                theme="tms",
                mutualized=True,
                cost=Decimal(24000),
                requested=Decimal(12000),
                own_funding=Decimal(12000),
            )
            for dossier in dossiers
        ]
    )
    return dossiers
