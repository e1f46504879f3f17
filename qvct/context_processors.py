"""Template context shared by every page: site identity for the DSFR header and footer, and the user's menu."""

from types import SimpleNamespace

from django.conf import settings

_SITE = SimpleNamespace(
    site_title=settings.SITE_TITLE,
    site_tagline=settings.SITE_TAGLINE,
    header_brand_html="République<br>française",
    footer_brand_html="République<br>française",
    footer_brand="République française",
    footer_description=(
        "Guichet QVCT accompagne les agences régionales de santé et les ARACT dans leurs appels à "
        "candidatures pour l'amélioration des conditions de travail des établissements sanitaires et "
        "médico-sociaux."
    ),
    beta_tag=True,
    mourning=False,
    notice_title="",
    notice_description="",
    operator_logo_file=None,
    operator_logo_alt="",
    accessibility_status="NOT",
)


def site(request):
    """Gives the DSFR templates their site configuration without a database query on every page."""
    return {"SITE_CONFIG": _SITE, "PROCONNECT_ENABLED": settings.PROCONNECT_ENABLED}
