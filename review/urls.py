"""URLs of the instruction, under /instruction/."""

from django.urls import path

from .views import committee, decision, dossier, instruction_list, interview

app_name = "review"

urlpatterns = [
    path("", instruction_list.dossier_list, name="list"),
    path("lot/", instruction_list.bulk, name="bulk"),
    path("filtres/", instruction_list.saved_filter_add, name="saved_filter_add"),
    path("filtres/<int:pk>/supprimer/", instruction_list.saved_filter_remove, name="saved_filter_remove"),
    path("entretiens/", interview.interviews, name="interviews"),
    path("entretiens/<str:reference>/", interview.interview, name="interview"),
    path("comite/<slug:code>/", committee.committee_call, name="committee_call"),
    path("notation/", committee.my_assignments, name="my_assignments"),
    path("notation/<str:reference>/", committee.score, name="score"),
    path("notation/<str:reference>/conflit/", committee.conflict, name="conflict"),
    path("<str:reference>/", dossier.dossier_detail, name="dossier"),
    path("<str:reference>/commencer/", dossier.start_review, name="start"),
    path("<str:reference>/attribuer/", dossier.assign_me, name="assign_me"),
    path("<str:reference>/constats/", dossier.override, name="override"),
    path("<str:reference>/annotations/", dossier.annotate, name="annotate"),
    path("<str:reference>/messages/", dossier.message, name="message"),
    path("<str:reference>/messages/<int:pk>/piece/", dossier.message_attachment, name="message_attachment"),
    path("<str:reference>/pieces/<int:pk>/", dossier.document_file, name="document"),
    path("<str:reference>/pieces/<int:pk>/apercu/", dossier.document_preview, name="document_preview"),
    path("<str:reference>/complements/", decision.complements, name="complements"),
    path("<str:reference>/decision/", decision.decision, name="decision"),
]
