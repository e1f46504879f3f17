"""Every page carries a Content-Security-Policy, and no template needs an inline script or style to work."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Templates rendered by WeasyPrint into PDFs, never by a browser: inline styles are theirs to keep.
PDF_TEMPLATES = ("/pdf/", "agreements/default_body.html")
# Inline scripts, event handlers, style attributes and elements, and htmx code (hx-on, event filters `[…]`,
# evaluated as code): all refused by the policy.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=|<style|hx-on|javascript:|hx-trigger=\"[^\"]*\[", re.I
)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/compte/connexion/", "/page-introuvable/"])
def test_every_page_carries_the_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_forms_are_sent_to_the_site_only(client):
    assert "form-action 'self';" in client.get("/")["Content-Security-Policy"]


def test_with_proconnect_its_logout_endpoint_may_receive_the_logout_form(settings):
    from qvct.csp import page_policy

    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://auth.agentconnect.gouv.fr/api/v2/session/end"
    assert "form-action 'self' https://auth.agentconnect.gouv.fr;" in page_policy()


def test_no_browser_template_has_inline_script_style_or_handler():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in template.parts or any(part in str(template) for part in PDF_TEMPLATES):
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if INLINE.search(line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}")
    assert offenders == []
