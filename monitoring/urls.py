"""URLs of the follow-up of funded actions, under /suivi/."""

from django.urls import path

from .views import agency, establishment, history

app_name = "monitoring"

urlpatterns = [
    path("appel/<slug:code>/", agency.board, name="board"),
    path("appel/<slug:code>/cloturer/", agency.close_due, name="close_due"),
    path("etablissement/<str:finess>/", history.establishment_history, name="history"),
    path("<str:reference>/", establishment.follow_up_page, name="dossier"),
    path("<str:reference>/action/<int:pk>/avancement/", establishment.progress, name="progress"),
    path("<str:reference>/action/<int:pk>/mesure/", establishment.measurement, name="measurement"),
    path("<str:reference>/action/<int:pk>/depense/", establishment.line_add, name="line_add"),
    path("<str:reference>/depense/<int:pk>/facture.pdf", establishment.line_file, name="line_file"),
    path("<str:reference>/depense/<int:pk>/piece/", establishment.line_document, name="line_document"),
    path("<str:reference>/depense/<int:pk>/decision/", agency.line_decide, name="line_decide"),
    path(
        "<str:reference>/compte-rendu/<int:pk>/transmettre/",
        establishment.report_submit,
        name="report_submit",
    ),
    path("<str:reference>/compte-rendu/<int:pk>/valider/", agency.report_validate, name="report_validate"),
    path(
        "<str:reference>/compte-rendu/<int:pk>/echeance/", agency.report_reschedule, name="report_reschedule"
    ),
    path("<str:reference>/lettre-de-cloture.pdf", establishment.closing_letter, name="closing_letter"),
]
