"""Every URL of the site answers anonymous visitors and each role as the table below declares.

The table has one row per URL name: how to build its arguments from the world (tests/qvct/world.py), the
method it is called with (POST for the views that only accept POST: the request is rolled back), and the
status each column expects. A URL added without its row fails `test_every_url_has_a_row`.

Columns: `anon` anonymous visitor; `est` the porteur of the world's dossiers; `oest` a porteur of another
establishment (who has a dossier in the same call); `ins` instructor, `man` campaign manager,
`com` committee member, `view` statistics reader, `adm` administrator, all of Grand Est (the world's region);
`omgr` a campaign manager of another region; `arac` the ARACT facilitator of Normandie.
The committee member has declared a link with the porteur's establishment: they see nothing of its dossiers.

Refusals: 403 when the role may never use the page, 404 when the object is outside the user's reach
(another establishment, another region, a declared link), 302 towards the login page for anonymous visitors.
"""

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.enums import Role
from api.models import ApiToken
from api.services import token_create
from dossiers.invitations import token_hash
from dossiers.models import Invitation
from referential.models import Region
from tests.accounts.factories import UserFactory
from tests.referential.factories import EstablishmentFactory

from .world import World, build_world

COLUMNS = ("anon", "est", "oest", "ins", "man", "omgr", "com", "arac", "view", "adm")
PERSONAS = {
    "est": {"role": Role.ESTABLISHMENT},
    "oest": {"role": Role.ESTABLISHMENT},
    "ins": {"role": Role.INSTRUCTOR, "regions": ["44"]},
    "man": {"role": Role.MANAGER, "regions": ["44"]},
    "omgr": {"role": Role.MANAGER, "regions": ["11"]},
    "com": {"role": Role.COMMITTEE, "regions": ["44"]},
    "arac": {"role": Role.ARACT, "regions": ["28"]},
    "view": {"role": Role.VIEWER, "regions": ["44"]},
    "adm": {"role": Role.ADMIN},
}


def none(w: World) -> dict:
    return {}


def clact(w: World) -> dict:
    return {"code": w.clact.code}


def draft(w: World) -> dict:
    return {"reference": w.draft.reference}


def draft_action(w: World) -> dict:
    return {"reference": w.draft.reference, "pk": w.action.pk}


def draft_document(w: World) -> dict:
    return {"reference": w.draft.reference, "pk": w.document.pk}


def draft_section(w: World) -> dict:
    return {"reference": w.draft.reference, "section": "identification"}


def notified(w: World) -> dict:
    return {"reference": w.notified.reference}


def notified_message(w: World) -> dict:
    return {"reference": w.notified.reference, "pk": w.porteur_message.pk}


def filed(w: World) -> dict:
    return {"reference": w.filed.reference}


def filed_document(w: World) -> dict:
    return {"reference": w.filed.reference, "pk": w.filed_document.pk}


def filed_message(w: World) -> dict:
    return {"reference": w.filed.reference, "pk": w.filed_message.pk}


def refused(w: World) -> dict:
    """The dossier the committee member still has (they declared a link with the other one)."""
    return {"reference": w.refused.reference}


def candidate(w: World) -> dict:
    return {"reference": w.candidate.reference}


def normandie(w: World) -> dict:
    return {"code": w.candidate.call.code}


def normandie_candidate(w: World) -> dict:
    return {"code": w.candidate.call.code, "reference": w.candidate.reference}


def normandie_cohort(w: World) -> dict:
    """No cohort in the world: the role is checked first, then the cohort is looked up (404)."""
    return {"code": w.candidate.call.code, "pk": 0}


def normandie_session(w: World) -> dict:
    return {"code": w.candidate.call.code, "pk": 0, "session": 0}


def normandie_indicator(w: World) -> dict:
    return {"reference": w.candidate.reference, "pk": 0}


def normandie_bilan(w: World) -> dict:
    return {"code": w.candidate.call.code, "index": 0, "kind": "pdf"}


def normandie_batch(w: World) -> dict:
    """No batch of letters in Normandie: the role is checked first, then the batch is looked up (404)."""
    return {"code": w.candidate.call.code, "pk": 0}


def clact_batch(w: World) -> dict:
    """The world's batch of notifications (finished: « Relancer » is refused with a message)."""
    from funding.models import NotificationBatch

    return {"code": w.clact.code, "pk": NotificationBatch.objects.filter(call=w.clact).first().pk}


def saved_filter(w: World) -> dict:
    return {"pk": w.saved_filter.pk}


def scenario(w: World) -> dict:
    return {"code": w.clact.code, "pk": w.scenario.pk}


def decision(w: World) -> dict:
    return {"code": w.clact.code, "pk": w.decision.pk}


def follow_up_action(w: World) -> dict:
    return {"reference": w.notified.reference, "pk": w.follow_up.actions.first().pk}


def follow_up_line(w: World) -> dict:
    return {"reference": w.notified.reference, "pk": w.line.pk}


def follow_up_report(w: World) -> dict:
    return {"reference": w.notified.reference, "pk": w.report.pk}


def establishment(w: World) -> dict:
    return {"finess": w.notified.establishment.finess}


def export_list(w: World) -> dict:
    return {"name": "dossiers"}


def export_job(w: World) -> dict:
    """A finished export of the instructor's: only its owner opens it."""
    from django.core.files.base import ContentFile

    from qvct.exports.models import ExportJob

    job = ExportJob.objects.filter(user=w.users["ins"]).first()
    if job is None:
        job = ExportJob(
            user=w.users["ins"], name="dossiers", title="Dossiers", fmt="csv", finished_at=timezone.now()
        )
        job.file.save("dossiers.csv", ContentFile("\ufeffDossier\n".encode()), save=True)
    return {"pk": job.pk}


def grants_file(w: World) -> dict:
    """The world's call gives no SIRET of its agency: nothing is published for it."""
    return {"year": w.clact.year, "code": w.clact.code}


def reset_link(w: World) -> dict:
    return {"uidb64": "MQ", "token": "lien-perime"}


INVITATION_TOKEN = "jeton-de-la-matrice"


def _invitation(w: World) -> Invitation:
    """A pending invitation to the porteur's draft whose link is known (the service only e-mails it)."""
    return Invitation.objects.get_or_create(
        token_hash=token_hash(INVITATION_TOKEN),
        defaults={
            "dossier": w.draft,
            "email": "invitee@example.org",
            "invited_by": w.users["est"],
            "expires_at": timezone.now() + dt.timedelta(days=1),
        },
    )[0]


def invitation_link(w: World) -> dict:
    _invitation(w)
    return {"token": INVITATION_TOKEN}


def draft_invitation(w: World) -> dict:
    return {"reference": w.draft.reference, "pk": _invitation(w).pk}


def draft_coeditor(w: World) -> dict:
    editor = w.draft.editors.first()
    if editor is None:
        editor = UserFactory(establishment=EstablishmentFactory(), email="coeditor@example.org")
        w.draft.editors.add(editor)
    return {"reference": w.draft.reference, "pk": editor.pk}


def api_token(w: World) -> dict:
    """A token of the porteur: revoking another user's token is refused with a message, back to one's own page."""
    token = ApiToken.objects.filter(user=w.users["est"]).first()
    return {"pk": (token or token_create(user=w.users["est"], name="Matrice", days=30)[0]).pk}


G, P = "GET", "POST"

# fmt: off
TABLE = [
    # URL name                             arguments       how anon   est  oest   ins   man  omgr   com  arac  view   adm
    ("home",                               none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("accessibility",                      none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("legal",                              none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("health",                             none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("readiness",                          none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("calls:list",                         none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("calls:detail",                       clact,            G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("accounts:login",                     none,             G,  200,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    ("accounts:logout",                    none,             P,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    ("accounts:password_reset",            none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("accounts:password_reset_done",       none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("accounts:password_reset_confirm",    reset_link,       G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("accounts:password_reset_complete",   none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("integrations:sync",                  clact,            G,  302,  403,  403,  403,  200,  404,  403,  403,  403,  403),
    ("integrations:launch",                clact,            P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("api:tokens",                         none,             G,  302,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("api:token_revoke",                   api_token,        P,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    ("accounts:landing",                   none,             G,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    ("accounts:workspace_establishment",   none,             G,  302,  200,  200,  403,  403,  403,  403,  403,  403,  403),
    ("accounts:workspace_instruction",     none,             G,  302,  403,  403,  200,  403,  403,  403,  403,  403,  403),
    ("accounts:workspace_campaigns",       none,             G,  302,  403,  403,  403,  200,  200,  403,  403,  403,  403),
    ("accounts:workspace_committee",       none,             G,  302,  403,  403,  403,  403,  403,  200,  403,  403,  403),
    ("accounts:workspace_support",         none,             G,  302,  403,  403,  403,  403,  403,  403,  200,  403,  403),
    ("accounts:workspace_stats",           none,             G,  302,  403,  403,  403,  403,  403,  403,  403,  200,  403),
    ("accounts:workspace_admin",           none,             G,  302,  403,  403,  403,  403,  403,  403,  403,  403,  200),
    ("dossiers:start",                     clact,            P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:detail",                    draft,            G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:section",                   draft_section,    G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:action_add",                draft,            G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:action",                    draft_action,     G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:action_remove",             draft_action,     G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:action_up",                 draft_action,     P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:action_down",               draft_action,     P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:document_upload",           draft,            P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:document",                  draft_document,   G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:document_remove",           draft_document,   P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:confirm",                   draft,            G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:receipt",                   notified,         G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:export_pdf",                notified,         G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:export_json",               notified,         G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:withdraw",                  draft,            P,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:invite",                    draft,            P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:invitation_revoke",         draft_invitation, P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:coeditor_remove",           draft_coeditor,   P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:invitation",                invitation_link,  G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("dossiers:messages",                  notified,         G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:message_attachment",        notified_message, G,  302,  200,  404,  403,  403,  403,  403,  403,  403,  403),
    ("dossiers:resubmit",                  draft,            P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("review:list",                        none,             G,  302,  403,  403,  200,  200,  200,  403,  403,  403,  403),
    ("review:bulk",                        none,             P,  302,  403,  403,  302,  302,  302,  403,  403,  403,  403),
    ("review:saved_filter_add",            none,             P,  302,  403,  403,  302,  302,  302,  403,  403,  403,  403),
    ("review:saved_filter_remove",         saved_filter,     P,  302,  403,  403,  302,  404,  404,  403,  403,  403,  403),
    ("review:dossier",                     filed,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("review:start",                       filed,            P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("review:assign_me",                   filed,            P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("review:override",                    filed,            P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("review:annotate",                    filed,            P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("review:message",                     filed,            P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("review:message_attachment",          filed_message,    G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("review:document",                    filed_document,   G,  302,  403,  403,  200,  200,  404,  403,  404,  403,  403),
    ("review:document_preview",            filed_document,   G,  302,  403,  403,  200,  200,  404,  403,  404,  403,  403),
    ("review:complements",                 filed,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("review:decision",                    filed,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("review:interviews",                  none,             G,  302,  403,  403,  403,  403,  403,  403,  200,  403,  403),
    ("review:interview",                   candidate,        G,  302,  403,  403,  403,  403,  403,  403,  200,  403,  403),
    ("review:committee_call",              clact,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("review:my_assignments",              none,             G,  302,  403,  403,  403,  403,  403,  200,  200,  403,  403),
    ("review:score",                       refused,          G,  302,  403,  403,  403,  403,  403,  200,  404,  403,  403),
    ("review:conflict",                    refused,          P,  302,  403,  403,  403,  403,  403,  302,  404,  403,  403),
    ("support:selection",                  normandie,        G,  302,  403,  403,  403,  404,  404,  403,  403,  403,  403),
    ("support:decide",                     normandie_candidate, P, 302, 403,  403,  403,  404,  404,  403,  403,  403,  403),
    ("support:letters",                    normandie,        G,  302,  403,  403,  403,  404,  404,  403,  403,  403,  403),
    ("support:letters_resume",             normandie_batch,  P,  302,  403,  403,  403,  404,  404,  403,  403,  403,  403),
    ("support:cohorts",                    normandie,        G,  302,  403,  403,  403,  404,  404,  403,  200,  403,  403),
    ("support:build",                      normandie,        P,  302,  403,  403,  403,  404,  404,  403,  302,  403,  403),
    ("support:hosts",                      normandie_cohort, P,  302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:plan",                       normandie_cohort, G,  302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:generate",                   normandie_cohort, P,  302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:invite",                     normandie_cohort, P,  302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:session_edit",               normandie_session, G, 302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:cohort_ics",                 normandie_cohort, G,  302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:calendar",                   candidate,        G,  302,  404,  404,  403,  404,  404,  403,  404,  403,  403),
    ("support:establishment_ics",          candidate,        G,  302,  404,  404,  403,  404,  404,  403,  404,  403,  403),
    ("support:attendance",                 normandie_session, G, 302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:sign_in_sheet",              normandie_session, G, 302,  403,  403,  403,  404,  404,  403,  404,  403,  403),
    ("support:log",                        candidate,        G,  302,  404,  404,  403,  404,  404,  403,  404,  403,  403),
    ("support:log_meeting",                candidate,        P,  302,  404,  404,  403,  403,  403,  403,  404,  403,  403),
    ("support:log_experiment",             candidate,        P,  302,  404,  404,  403,  403,  403,  403,  404,  403,  403),
    ("support:log_measurement",            normandie_indicator, P, 302, 404,  404,  403,  403,  403,  403,  404,  403,  403),
    ("support:log_adjust",                 normandie_indicator, P, 302, 404,  404,  403,  403,  403,  403,  404,  403,  403),
    ("support:log_note",                   candidate,        P,  302,  403,  403,  403,  403,  403,  403,  404,  403,  403),
    ("support:log_evaluation",             candidate,        P,  302,  404,  404,  403,  403,  403,  403,  404,  403,  403),
    ("support:bilan",                      normandie_bilan,  G,  302,  403,  403,  403,  404,  404,  403,  200,  403,  403),
    ("support:kit",                        candidate,        G,  302,  404,  404,  403,  404,  404,  403,  404,  403,  403),
    ("support:logo",                       normandie_indicator, G, 302, 404,  404,  403,  404,  404,  403,  404,  403,  403),
    ("funding:simulation",                 clact,            G,  302,  403,  403,  403,  200,  404,  403,  403,  403,  403),
    ("funding:choose",                     scenario,         P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("funding:decisions",                  clact,            G,  302,  403,  403,  403,  200,  404,  403,  403,  403,  403),
    ("funding:decisions_action",           clact,            P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("funding:decision_adjust",            decision,         P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("funding:notifications",              clact,            G,  302,  403,  403,  403,  200,  404,  403,  403,  403,  403),
    ("funding:notifications_resume",       clact_batch,      P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("funding:letter",                     notified,         G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("agreements:call",                    clact,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("agreements:file",                    notified,         G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("agreements:sign",                    notified,         P,  302,  302,  404,  403,  302,  404,  403,  403,  403,  403),
    ("monitoring:board",                   clact,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("monitoring:close_due",               clact,            P,  302,  403,  403,  403,  302,  404,  403,  403,  403,  403),
    ("monitoring:history",                 establishment,    G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("monitoring:dossier",                 notified,         G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("monitoring:progress",                follow_up_action, P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("monitoring:measurement",             follow_up_action, P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("monitoring:line_add",                follow_up_action, P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("monitoring:line_file",               follow_up_line,   G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("monitoring:line_document",           follow_up_line,   P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("monitoring:line_decide",             follow_up_line,   P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("monitoring:report_submit",           follow_up_report, P,  302,  302,  404,  403,  403,  403,  403,  403,  403,  403),
    ("monitoring:report_validate",         follow_up_report, P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("monitoring:report_reschedule",       follow_up_report, P,  302,  403,  403,  302,  302,  404,  403,  403,  403,  403),
    ("monitoring:closing_letter",          notified,         G,  302,  200,  404,  200,  200,  404,  403,  403,  403,  403),
    ("exports:launch",                     export_list,      P,  302,  404,  404,  302,  302,  302,  404,  404,  404,  404),
    ("exports:job",                        export_job,       G,  302,  404,  404,  200,  404,  404,  404,  404,  404,  404),
    ("exports:download",                   export_job,       G,  302,  404,  404,  200,  404,  404,  404,  404,  404,  404),
    ("opendata:index",                     none,             G,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    ("opendata:grants",                    grants_file,      G,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    ("stats:auditor_archive",              filed,            G,  302,  403,  403,  200,  200,  404,  403,  403,  403,  403),
    ("stats:dashboard",                    none,             G,  302,  403,  403,  200,  200,  200,  403,  403,  200,  403),
    ("stats:dashboard_print",              none,             G,  302,  403,  403,  200,  200,  200,  403,  403,  200,  403),
    ("stats:call",                         clact,            G,  302,  403,  403,  200,  200,  404,  403,  403,  200,  403),
    ("stats:call_print",                   clact,            G,  302,  403,  403,  200,  200,  404,  403,  403,  200,  403),
]
# fmt: on

# What a POST carries when the view needs more than its URL to reach its permission check.
POST_DATA = {"dossiers:start": lambda w: {"establishment": w.draft.establishment_id}}


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: object
    method: str
    expected: dict[str, int]


ROWS = {row[0]: Row(row[0], row[1], row[2], dict(zip(COLUMNS, row[3:], strict=True))) for row in TABLE}


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def site_names() -> set[str]:
    # The API answers tokens, not sessions: its own matrix is in tests/api/test_scoping.py.
    return {name for name in _names(get_resolver()) if not name.startswith(("admin:", "api-v1:"))}


# The marker has pytest-django create the test database; the module then manages its one transaction itself.
pytestmark = pytest.mark.django_db


@pytest.fixture
def _django_db_helper():
    """Replaces pytest-django's per-test transaction, whose teardown closes the connection (and the world's
    transaction with it): the world fixture keeps the database open and rolls back at the end."""


@pytest.fixture
def _reference_data():
    """The world fixture reloads the reference data itself when an earlier test flushed it."""


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def _media_root(settings, media):
    """The world's files stay where it stored them (this replaces the suite's per-test media folder)."""
    settings.MEDIA_ROOT = media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory, media):
    """Built once for the module inside a transaction rolled back at the end; each request runs in a savepoint.

    The database stays unblocked while the module runs.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "MEDIA_ROOT", media)
        # Inside the module's transaction nothing commits: what waits for the commit runs at once.
        patch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
        atomic = transaction.atomic()
        atomic.__enter__()
        if not Region.objects.exists():
            import_module("referential.migrations.0002_territories_and_legal_statuses").load(apps, None)
        try:
            yield build_world(tmp_path_factory.mktemp("calls"), PERSONAS)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def answer(world: World, who: str, method: str, url: str, data: dict | None = None):
    """The response to one request, whose writes are rolled back (logging out included)."""
    client = Client()
    with transaction.atomic():
        if who != "anon":
            client.force_login(world.users[who])
        response = client.post(url, data or {}) if method == P else client.get(url)
        if response.streaming:
            # Read to the end: the test client then closes the file (closing it here would close the
            # database connection too, through `request_finished`).
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


def test_every_url_has_a_row():
    missing = sorted(site_names() - set(ROWS))
    unknown = sorted(set(ROWS) - site_names())
    assert not missing, f"URL sans ligne dans la matrice des permissions : {missing}"
    assert not unknown, f"Lignes de la matrice sans URL : {unknown}"


@pytest.mark.parametrize("who", COLUMNS)
def test_each_url_answers_the_role_as_declared(world, who):
    wrong = []
    for row in ROWS.values():
        url = reverse(row.name, kwargs=row.kwargs(world))
        data = POST_DATA[row.name](world) if row.name in POST_DATA else None
        status = answer(world, who, row.method, url, data).status_code
        if status != row.expected[who]:
            wrong.append(f"{row.method} {row.name} ({url}) : {status}, attendu {row.expected[who]}")
    assert not wrong, "\n".join(wrong)


def admin_urls(world: World) -> list[str]:
    """The back office's index, each app's page, and each registered model's list, add and change pages."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for page in ("change", "history", "delete"):
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=[first.pk]))
    return sorted(set(urls))


# The back office is for managers (calls and convention templates, some actions refused) and administrators.
ADMIN_APPS_OF_MANAGERS = ("/admin/calls/", "/admin/agreements/")
REDIRECTS = ("/admin/login/", "/compte/connexion/", "/admin/")


def admin_expected(who: str, url: str) -> set[int]:
    if who in {"adm", "man", "omgr"} and url == reverse("admin:index"):
        return {200}
    if who == "adm":
        return {200, 403}  # some models refuse additions and deletions to everyone (calls come from YAML)
    if who == "omgr" and url.startswith(ADMIN_APPS_OF_MANAGERS):
        return {200, 302, 403}  # a call of another region: back to the index, « does not exist »
    if who in {"man", "omgr"}:
        return {200, 403} if url.startswith(ADMIN_APPS_OF_MANAGERS) else {403, 404}
    return {302}


# django-dsfr's configuration form warns of a Django 6 change: a warning, not a refusal.
@pytest.mark.filterwarnings("ignore:The default scheme will be changed")
@pytest.mark.parametrize("who", COLUMNS)
def test_the_back_office_answers_staff_only(world, who):
    wrong = []
    for url in admin_urls(world):
        response = answer(world, who, G, url)
        expected = admin_expected(who, url)
        if response.status_code not in expected or (
            response.status_code == 302 and not response["Location"].startswith(REDIRECTS)
        ):
            wrong.append(f"{url} : {response.status_code}, attendu {sorted(expected)}")
    assert not wrong, "\n".join(wrong)
