"""Every PDF of the project is rendered here: WeasyPrint that reads only the project's own static files.

HTML given to WeasyPrint may hold text written by users or a campaign manager's convention template. Its
default fetcher would read any `file://` path (secrets, database) and call any host, and `rel="attachment"`
would embed what it read into the PDF. So the fetcher below answers only for files of the project's static
directories, under a base URL that no real host answers to; everything else fails, and no attachment is kept.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs of the PDF templates (`url("qvct/fonts/DejaVuSans.ttf")`) resolve under this base.
STATIC_BASE_URL = "https://static.guichet-qvct.invalid/"


class PdfResourceRefused(ValueError):
    """A resource outside the project's static files: WeasyPrint logs it and renders without it."""


def static_file(url: str) -> str:
    """The path on disk of the static file named by `url`, or PdfResourceRefused."""
    base = urlsplit(STATIC_BASE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query or parts.fragment:
        raise PdfResourceRefused(f"ressource refusée : {url[:200]}")
    name = unquote(parts.path).lstrip("/")
    if not name or "\\" in name or "\x00" in name or ".." in name.split("/") or posixpath.isabs(name):
        raise PdfResourceRefused(f"ressource refusée : {url[:200]}")
    found = finders.find(name)
    if not found:
        raise PdfResourceRefused(f"fichier statique introuvable : {name[:200]}")
    return str(found)


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's static files and refuses every other scheme, host and path."""

    def fetch(self, url, headers=None):
        path = static_file(url)
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """The PDF of `html`, fetching only static files and embedding no attachment."""
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    # `<link rel="attachment">` and `<a rel="attachment">` would put files inside the PDF: none is kept.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document.write_pdf()
