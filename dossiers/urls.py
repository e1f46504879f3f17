"""URLs of a porteur's dossier."""

from django.urls import path, re_path

from .views import actions, coeditors, documents, exchanges, sections, start, submit

app_name = "dossiers"


def _section(key: str, view):
    """The page of one section of the dossier; all are named `section`, so `{% url 'dossiers:section' reference
    'actions' %}` finds the one of its key."""
    return re_path(rf"^dossiers/(?P<reference>[^/]+)/(?P<section>{key})/$", view, name="section")


urlpatterns = [
    path("appels/<slug:code>/candidater/", start.start, name="start"),
    path("dossiers/<str:reference>/", sections.detail, name="detail"),
    path("dossiers/<str:reference>/actions/ajouter/", actions.action_add, name="action_add"),
    path("dossiers/<str:reference>/actions/<int:pk>/", actions.action_edit, name="action"),
    path("dossiers/<str:reference>/actions/<int:pk>/supprimer/", actions.action_remove, name="action_remove"),
    path(
        "dossiers/<str:reference>/actions/<int:pk>/monter/",
        actions.action_move,
        {"direction": "monter"},
        name="action_up",
    ),
    path(
        "dossiers/<str:reference>/actions/<int:pk>/descendre/",
        actions.action_move,
        {"direction": "descendre"},
        name="action_down",
    ),
    path("dossiers/<str:reference>/pieces/ajouter/", documents.document_upload, name="document_upload"),
    path("dossiers/<str:reference>/pieces/<int:pk>/", documents.document_download, name="document"),
    path(
        "dossiers/<str:reference>/pieces/<int:pk>/retirer/", documents.document_remove, name="document_remove"
    ),
    path("dossiers/<str:reference>/deposer/", submit.confirm, name="confirm"),
    path("dossiers/<str:reference>/accuse-de-reception.pdf", submit.receipt, name="receipt"),
    path("dossiers/<str:reference>/dossier.pdf", submit.export_pdf, name="export_pdf"),
    path("dossiers/<str:reference>/dossier.json", submit.export_json, name="export_json"),
    path("dossiers/<str:reference>/desistement/", submit.withdraw, name="withdraw"),
    path("dossiers/<str:reference>/co-redacteurs/", coeditors.invite, name="invite"),
    path(
        "dossiers/<str:reference>/co-redacteurs/<int:pk>/retirer/",
        coeditors.coeditor_remove,
        name="coeditor_remove",
    ),
    path(
        "dossiers/<str:reference>/invitations/<int:pk>/revoquer/",
        coeditors.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", coeditors.accept, name="invitation"),
    path("dossiers/<str:reference>/messages/", exchanges.conversation, name="messages"),
    path(
        "dossiers/<str:reference>/messages/<int:pk>/piece/",
        exchanges.message_attachment,
        name="message_attachment",
    ),
    path("dossiers/<str:reference>/renvoyer/", exchanges.resubmit, name="resubmit"),
    _section("identification", sections.section),
    _section("projet", sections.section),
    _section("partenaires", sections.section),
    _section("trinome", sections.section),
    _section("motivation", sections.section),
    _section("actions", actions.action_list),
    _section("pieces", documents.document_list),
]
