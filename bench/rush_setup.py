"""The rush's data, written in-process before the server starts: establishments of Grand Est, one porteur account
each (`porteur-<FINESS>@bench.qvct.invalid`, as `qvct bench-data` names them), and a copy of CLACT Grand Est whose
deadline falls right after the rush, so that every simulated user files during the call's last minutes."""

import datetime as dt
import io
import math

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.utils import timezone

from calls.models import Call
from calls.services import calls_load
from demo.call import demo_call_definition
from demo.national import PASSWORD, _porteurs
from referential.models import Establishment
from referential.sample import generate_extract
from referential.services import finess_import


def rush_call(code: str, deadline: dt.datetime) -> Call:
    """CLACT Grand Est as the demo publishes it, whose deadline is `deadline` and which is open from now."""
    definition = demo_call_definition(timezone.localdate())
    calendar = definition.calendar.model_copy(update={"opens_at": None, "deadline": deadline})
    data = definition.model_dump(mode="json")
    data.update(
        code=code,
        title=f"CLACT Grand Est — ruée de la date limite ({code})",
        short_title=f"Ruée {code}",
        calendar=calendar.model_dump(mode="json"),
    )
    calls_load(texts={f"{code}.yaml": yaml.safe_dump(data, allow_unicode=True)})
    return Call.objects.get(code=code)


def rush_porteurs(call: Call, count: int, seed: int) -> list[str]:
    """`count` porteur e-mail addresses, each the only member of an establishment of the call without a dossier."""
    departments = call.spec.departments
    free = (
        Establishment.objects.filter(department__in=departments)
        .annotate(
            dossiers_here=Count("dossiers", filter=Q(dossiers__call=call)), members_here=Count("members")
        )
        .filter(dossiers_here=0, members_here__lte=1)
        .order_by("finess")
    )
    if free.count() < count:
        extract = generate_extract(
            per_department=math.ceil(count * 1.2 / len(departments)) + 5,
            seed=seed + Establishment.objects.count(),
            departments=list(departments),
        )
        finess_import(stream=io.BytesIO(extract.encode("utf-8")))
    chosen = list(free[:count])
    users = _porteurs(chosen, make_password(PASSWORD))
    return [users[establishment.pk].email for establishment in chosen]


def rush_sessions(emails: list[str]) -> dict[str, dict[str, str]]:
    """Each user's session cookie (name: value), as if they had logged in earlier in the day (the session an earlier login left):
    the rush measures editing, uploading and filing, not the password hashing of the morning's logins."""
    # Not a cycle: the test client is only Django's way of opening a session for a user, here outside any test.
    from django.test import Client

    users = get_user_model().objects.in_bulk(emails, field_name="email")
    cookies = {}
    for email in emails:
        client = Client()
        client.force_login(users[email], backend="django.contrib.auth.backends.ModelBackend")
        name = settings.SESSION_COOKIE_NAME
        cookies[email] = {name: client.cookies[name].value}
    return cookies
