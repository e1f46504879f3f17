"""What the instruction pages share: who may see them, the list they come back to, their breadcrumb."""

from django.urls import reverse

from accounts.enums import Role

AGENTS = (Role.INSTRUCTOR, Role.MANAGER)
LIST_URL = "review:list"


def dossier_breadcrumb(dossier, current: str | None = None) -> dict:
    links = [{"url": reverse(LIST_URL), "title": "Dossiers à instruire"}]
    if current:
        links.append({"url": reverse("review:dossier", args=[dossier.reference]), "title": dossier.reference})
    return {"links": links, "current": current or f"Dossier {dossier.reference}"}
