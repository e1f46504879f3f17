"""Every page, PDF, export and e-mail of the demo, as each demo account reaches them, speaks French to users.

The demo (`qvct demo`) is built once for the module; each account then follows every link of the site from its
workspace, and the URLs that can be filled from the demo's dossiers and calls are tried too. Any rule code,
model field name, enum value, call code, English word or number written the English way fails the test.
"""

import datetime as dt
import importlib
import logging
import re
from collections import defaultdict, deque
from decimal import Decimal
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.mail.backends.dummy import EmailBackend as DummyBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.test import Client, TestCase
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from calls.models import Call
from demo import dossiers as dossiers_demo
from demo.accounts import DEMO_ACCOUNTS, demo_load
from demo.call import DEMO_CALL
from dossiers import invitations, services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from funding.models import Scenario
from review import services as review
from tests.qvct.french import Checker, call_codes, html_text_and_links, identifiers, pdf_text

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = (
    "/static/",
    "/fichiers/",
    "/compte/deconnexion/",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/r/",
    # django-dsfr's own settings page, not ours (and its form warns about Django 6).
    "/admin/dsfr/",
)
# Past this many visits of one kind of URL per account, further ones teach nothing new.
VISITS_PER_SHAPE = 2
DOSSIER_ROUTES = [
    "dossiers:detail",
    "dossiers:confirm",
    "dossiers:receipt",
    "dossiers:export_pdf",
    "dossiers:withdraw",
    "dossiers:invite",
    "dossiers:messages",
    "review:dossier",
    "review:complements",
    "review:decision",
    "review:interview",
    "review:score",
    "review:conflict",
    "funding:letter",
    "agreements:file",
    "agreements:sign",
]
CALL_ROUTES = [
    "calls:detail",
    "review:committee_call",
    "funding:simulation",
    "funding:decisions",
    "funding:notifications",
    "agreements:call",
    "stats:call",
    "stats:call_print",
    "integrations:sync",
]


def _shape(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"[A-Z]+\d*-\d+-\d{4}-\d{4}", "REF", parts.path)
    path = re.sub(r"\d+", "N", path)
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return f"{path}?{'&'.join(keys)}"


def _internal(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme not in {"", "http", "https"} or (parts.netloc and parts.netloc != "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    if parts.path.startswith("/admin/") and parts.path.endswith(("/history/", "/delete/")):
        return None  # Django's generic pages around an object: the object's own page is visited.
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _filled_urls() -> list[str]:
    """One dossier per call and state (and its action, documents), and every call: the URLs they fill."""
    urls = []
    seen_states = set()
    for dossier in Dossier.objects.select_related("call").order_by("pk"):
        if (dossier.call_id, dossier.status) in seen_states:
            continue
        seen_states.add((dossier.call_id, dossier.status))
        for name in DOSSIER_ROUTES:
            urls.append(reverse(name, kwargs={"reference": dossier.reference}))
        for action in dossier.actions.all()[:1]:
            urls.append(reverse("dossiers:action", kwargs={"reference": dossier.reference, "pk": action.pk}))
        for document in dossier.documents.all()[:1]:
            urls.append(
                reverse("review:document_preview", kwargs={"reference": dossier.reference, "pk": document.pk})
            )
    for call in Call.objects.all():
        for name in CALL_ROUTES:
            try:
                urls.append(reverse(name, kwargs={"code": call.code}))
            except NoReverseMatch:
                continue
        # Two scenarios side by side: the comparison only shows when two are picked.
        picked = list(Scenario.objects.filter(call=call).order_by("pk").values_list("pk", flat=True)[:2])
        if len(picked) == 2:
            urls.append(
                f"{reverse('funding:simulation', kwargs={'code': call.code})}?a={picked[0]}&b={picked[1]}"
            )
    return urls


class Sweep:
    """Visits the site as one account and keeps every text it reads, by the URL it came from."""

    def __init__(self, texts: dict, binary_seen: set) -> None:
        self.texts = texts
        self.binary_seen = binary_seen

    def run(self, user: User | None, filled: list[str]) -> None:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        visits: dict[str, int] = defaultdict(int)
        queue = deque(["/", reverse("accounts:landing"), *filled])
        done: set[str] = set()
        explicit = set(filled)
        while queue:
            url = queue.popleft()
            if url in done:
                continue
            done.add(url)
            shape = _shape(url)
            if url not in explicit:
                if visits[shape] >= VISITS_PER_SHAPE:
                    continue
                visits[shape] += 1
            if url in self.binary_seen:
                continue
            response = client.get(url)
            source = f"{user.email if user else 'anonyme'} {url}"
            if response.status_code >= 500:
                self.texts[source] = f"ERREUR {response.status_code}"
            if response.status_code in {301, 302} and (link := _internal(response["Location"])):
                # A workspace is reached through the landing page's redirect: follow it.
                queue.append(link)
            if response.status_code != 200:
                continue
            kind = response.get("Content-Type", "")
            if kind.startswith("text/html"):
                text, links = html_text_and_links(response.content.decode())
                self.texts[source] = text
                queue.extend(link for href in links if (link := _internal(href)) and link not in done)
                continue
            self.binary_seen.add(url)
            content = b"".join(response) if response.streaming else response.content
            if kind.startswith("application/pdf"):
                try:
                    self.texts[source] = pdf_text(content)
                except Exception:  # an upload of the demo (an empty PDF) has no text to read
                    continue
            elif kind.startswith(("text/csv", "text/plain")):
                self.texts[source] = content.decode("utf-8-sig", errors="replace")


def _journeys(mails: list) -> None:
    """The main journeys beyond the demo: a filing on the open call, answers, messages, reminders, invitations."""
    porteur = User.objects.get(email="porteur@example.org")
    instructor = User.objects.get(email="instructeur@example.org")
    draft = Dossier.objects.get(call__code=DEMO_CALL, establishment__members=porteur)
    today = timezone.localdate()
    start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    dossiers_demo._fill_clact(
        draft,
        porteur,
        [{**dossiers_demo.TMS, "start": start, "end": start + dt.timedelta(days=240)}],
    )
    services.dossier_submit(dossier=draft, user=porteur)
    selestat = Dossier.objects.get(reference="CLACT-44-2024-0001")
    services.message_post(dossier=selestat, user=porteur, body="Voici le DUERP.", from_agency=False)
    services.message_post(dossier=selestat, user=instructor, body="Bien reçu, merci.", from_agency=True)
    invitations.invitation_create(dossier=selestat, user=porteur, email="qualite@example.org")
    request = selestat.complement_requests.order_by("-round").first()
    review.reminders_send(today=request.due_date - dt.timedelta(days=2))
    services.dossier_resubmit(dossier=selestat, user=porteur)
    Client().post(reverse("accounts:password_reset"), {"email": "porteur@example.org"})


@pytest.fixture(scope="module")
def swept(django_db_setup, django_db_blocker):
    """(texts by source, e-mails): the demo built once, then visited by each of its accounts."""
    mails: list = []

    def keep(backend, messages):
        mails.extend(messages)
        return len(messages)

    # Refusals are expected by the hundred (each account tries every URL): their logged tracebacks cost time.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from django.apps import apps

            from referential.models import Region

            if not Region.objects.exists():
                importlib.import_module("referential.migrations.0002_territories_and_legal_statuses").load(
                    apps, None
                )
            with (
                mock.patch.object(DummyBackend, "send_messages", keep),
                mock.patch.object(LocmemBackend, "send_messages", keep),
                TestCase.captureOnCommitCallbacks(execute=True),
            ):
                demo_load()
            with (
                mock.patch.object(LocmemBackend, "send_messages", keep),
                TestCase.captureOnCommitCallbacks(execute=True),
            ):
                _journeys(mails)
            texts: dict[str, str] = {}
            binary_seen: set[str] = set()
            filled = _filled_urls()
            sweep = Sweep(texts, binary_seen)
            for account in DEMO_ACCOUNTS:
                sweep.run(User.objects.get(email=account.email), filled)
            # The invitation link of the journeys, as its recipient (no account yet) opens it.
            invited = [
                link
                for mail in mails
                for link in re.findall(r"https?://[^\s]+(/invitations/[^\s/]+/)", mail.body)
            ]
            assert invited, "the journeys send an invitation"
            sweep.run(
                None,
                [
                    reverse("calls:list"),
                    reverse("accounts:login"),
                    reverse("accounts:password_reset"),
                    *invited,
                ],
            )
            checker = Checker(identifiers() | call_codes(Call.objects.all()))
            yield texts, mails, checker
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_logger.setLevel(level)


def _report(problems: dict[str, list[str]]) -> str:
    lines = []
    for source, found in sorted(problems.items()):
        lines.append(source)
        lines.extend(f"    {problem}" for problem in sorted(set(found))[:8])
    return "\n".join(lines)


def test_the_sweep_reaches_pages_pdfs_and_emails_of_every_account(swept):
    texts, mails, _ = swept
    for account in DEMO_ACCOUNTS:
        assert any(source.startswith(account.email + " ") for source in texts), account.email
    assert any(source.endswith((".pdf", "accuse-de-reception.pdf")) for source in texts)
    assert any("/admin/" in source for source in texts)
    assert any("/demarches-simplifiees/" in source for source in texts)
    assert len(mails) >= 6


def test_no_page_shows_a_code_a_field_name_or_english(swept):
    texts, _, checker = swept
    problems = {
        source: found
        for source, text in texts.items()
        if not source.split(" ", 1)[1].endswith(".pdf")
        # The empty choice of a select is Django's own in its admin, where it is an accepted convention.
        and (found := checker.problems(text, skip=("option vide de Django",) if " /admin/" in source else ()))
    }
    assert not problems, "\n" + _report(problems)


def test_no_pdf_shows_a_code_a_field_name_or_english(swept):
    texts, _, checker = swept
    problems = {
        source: found
        for source, text in texts.items()
        if source.split(" ", 1)[1].endswith(".pdf") and (found := checker.problems(text))
    }
    assert not problems, "\n" + _report(problems)


def test_no_email_shows_a_code_a_field_name_or_english(swept):
    _, mails, checker = swept
    problems = {
        f"courriel « {mail.subject} » à {', '.join(mail.to)}": found
        for mail in mails
        if (found := checker.problems(f"{mail.subject}\n{mail.body}"))
    }
    assert not problems, "\n" + _report(problems)


def test_the_checker_finds_what_the_issue_found():
    checker = Checker({"own_funding", "catalog_item", "signed_contract", "cost"})
    for text in [
        "NO_ACTION",
        "Pièce « signed_contract »",
        "{'cost': '4200.00'}",
        "4200.00 €",
        "Task Result",
        "---------",
        "le 1 avril 2025",
        "Optimum prouvé : non",
    ]:
        assert checker.problems(text), text
    assert not checker.problems("4 200,00 € le 1er avril 2025, coûts éligibles ; DUERP")


def test_the_demo_call_filing_is_fine(swept):
    """A filing on the open demo call has no finding left: its dates fit the call's calendar."""
    dossier = Dossier.objects.get(call__code=DEMO_CALL, establishment__members__email="porteur@example.org")
    assert dossier.status == DossierStatus.SUBMITTED
    # The only note is the demo establishment's own past (its CLACT 2022 action never started, unexplained).
    assert dossier.finding_codes == " PRIOR_NOT_IMPLEMENTED_2Y "
    assert all(action.requested == action.cost / 2 for action in dossier.actions.all())
    assert Decimal(0) not in [action.cost for action in dossier.actions.all()]
