"""URLs of the instruction, under /instruction/."""

from django.urls import path

from . import views, views_committee, views_interview

app_name = "review"

urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("lot/", views.bulk, name="bulk"),
    path("filtres/", views.saved_filter_add, name="saved_filter_add"),
    path("filtres/<int:pk>/supprimer/", views.saved_filter_remove, name="saved_filter_remove"),
    path("entretiens/", views_interview.interviews, name="interviews"),
    path("entretiens/<str:reference>/", views_interview.interview, name="interview"),
    path("comite/<slug:code>/", views_committee.committee_call, name="committee_call"),
    path("notation/", views_committee.my_assignments, name="my_assignments"),
    path("notation/<str:reference>/", views_committee.score, name="score"),
    path("notation/<str:reference>/conflit/", views_committee.conflict, name="conflict"),
    path("<str:reference>/", views.dossier_detail, name="dossier"),
    path("<str:reference>/commencer/", views.start_review, name="start"),
    path("<str:reference>/attribuer/", views.assign_me, name="assign_me"),
    path("<str:reference>/constats/", views.override, name="override"),
    path("<str:reference>/annotations/", views.annotate, name="annotate"),
    path("<str:reference>/messages/", views.message, name="message"),
    path("<str:reference>/messages/<int:pk>/piece/", views.message_attachment, name="message_attachment"),
    path("<str:reference>/pieces/<int:pk>/", views.document_file, name="document"),
    path("<str:reference>/pieces/<int:pk>/apercu/", views.document_preview, name="document_preview"),
    path("<str:reference>/complements/", views.complements, name="complements"),
    path("<str:reference>/decision/", views.decision, name="decision"),
]
