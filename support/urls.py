"""URLs of the support programmes, under /accompagnement/."""

from django.urls import path

from .views import attendance, bilans, cohorts, journal, kit, selection, sessions

app_name = "support"

urlpatterns = [
    path("<slug:code>/selection/", selection.selection, name="selection"),
    path("<slug:code>/selection/<str:reference>/", selection.decide, name="decide"),
    path("<slug:code>/lettres/", selection.letters, name="letters"),
    path("<slug:code>/lettres/<int:pk>/relancer/", selection.letters_resume, name="letters_resume"),
    path("<slug:code>/groupes/", cohorts.cohorts, name="cohorts"),
    path("<slug:code>/bilans/<int:index>.<str:kind>", bilans.bilan, name="bilan"),
    path("<slug:code>/groupes/constituer/", cohorts.build, name="build"),
    path("<slug:code>/groupes/<int:pk>/sites/", cohorts.hosts, name="hosts"),
    path("<slug:code>/groupes/<int:pk>/seances/", sessions.plan, name="plan"),
    path("<slug:code>/groupes/<int:pk>/seances/generer/", sessions.generate, name="generate"),
    path("<slug:code>/groupes/<int:pk>/seances/inviter/", sessions.invite, name="invite"),
    path("<slug:code>/groupes/<int:pk>/seances/<int:session>/", sessions.session_edit, name="session_edit"),
    path(
        "<slug:code>/groupes/<int:pk>/seances/<int:session>/presences/",
        attendance.attendance,
        name="attendance",
    ),
    path(
        "<slug:code>/groupes/<int:pk>/seances/<int:session>/emargement.pdf",
        attendance.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path("<slug:code>/groupes/<int:pk>/calendrier.ics", sessions.cohort_ics, name="cohort_ics"),
    path("dossiers/<str:reference>/intersessions/", journal.log, name="log"),
    path("dossiers/<str:reference>/intersessions/reunion/", journal.meeting, name="log_meeting"),
    path(
        "dossiers/<str:reference>/intersessions/experimentation/", journal.experiment, name="log_experiment"
    ),
    path(
        "dossiers/<str:reference>/intersessions/indicateurs/<int:pk>/",
        journal.measurement,
        name="log_measurement",
    ),
    path(
        "dossiers/<str:reference>/intersessions/experimentations/<int:pk>/", journal.adjust, name="log_adjust"
    ),
    path("dossiers/<str:reference>/intersessions/note/", journal.note, name="log_note"),
    path("dossiers/<str:reference>/intersessions/evaluation/", journal.evaluation, name="log_evaluation"),
    path("dossiers/<str:reference>/communication/", kit.kit, name="kit"),
    path("dossiers/<str:reference>/communication/logos/<int:pk>/", kit.logo, name="logo"),
    path("dossiers/<str:reference>/calendrier/", sessions.establishment_calendar, name="calendar"),
    path("dossiers/<str:reference>/calendrier.ics", sessions.establishment_ics, name="establishment_ics"),
]
