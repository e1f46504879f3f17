"""Content-Security-Policy on every page: scripts, styles, images and frames come from the site itself only."""

from urllib.parse import urlsplit

from django.conf import settings

# No inline script, style attribute or eval anywhere: the DSFR, htmx and qvct.js are static files, and htmx
# is told not to evaluate code (meta htmx-config in base.html). Forms are sent to the site only: an injected
# form cannot post what a person types to another site (`form-action`, which `default-src` does not cover).
PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
# A stored upload shown in the browser (PDF preview) is a sandboxed document of its own: no script, no
# same-origin access, nothing loaded. Browsers' PDF viewers still render it (an iframe `sandbox` attribute
# would make Chromium refuse to show any PDF at all).
STORED_FILE_POLICY = (
    "sandbox; default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
)


def page_policy() -> str:
    """The page policy; with ProConnect, its logout endpoint may receive the logout form's redirection."""
    logout = urlsplit(getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "") or "")
    if logout.scheme == "https" and logout.netloc:
        return PAGE_POLICY.replace("form-action 'self'", f"form-action 'self' https://{logout.netloc}")
    return PAGE_POLICY


class ContentSecurityPolicyMiddleware:
    """Adds the page policy to every response that does not carry its own (stored files carry theirs)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "QVCT_CONTENT_SECURITY_POLICY", page_policy())

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
