"""A client of the Démarches Simplifiées GraphQL API v2 on httpx: one query, or one stream page after page.

The token and the address are settings (`DS_API_TOKEN`, `DS_API_URL`); tests give a transport that answers
from a local fake server built from the real schema, never the network.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from .ds_queries import STREAMS

DEFAULT_PAGE_SIZE = 100


class DsError(Exception):
    """DS refused or could not answer, with the French reason (kept in the sync report)."""


@dataclass(frozen=True)
class Page:
    stream: str
    nodes: list[dict]
    end_cursor: str | None
    has_next: bool


class DsClient:
    def __init__(
        self, *, token: str, url: str, transport: httpx.BaseTransport | None = None, timeout: float = 30
    ):
        if not token:
            raise DsError(
                "Le jeton de l'API Démarches Simplifiées n'est pas configuré : voyez avec l'exploitant du guichet."
            )
        # Files are served by another host (signed object-storage addresses): the DS token never goes there.
        self._files = httpx.Client(transport=transport, timeout=timeout, follow_redirects=True)
        self._http = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            transport=transport,
            timeout=timeout,
        )

    def close(self) -> None:
        self._http.close()
        self._files.close()

    def upload(self, url: str, content: bytes, headers: dict) -> None:
        """Sends a file to the storage address createDirectUpload gave (without the DS token)."""
        try:
            response = self._files.put(url, content=content, headers=headers)
        except httpx.HTTPError as error:
            raise DsError(f"le fichier n'a pas pu être envoyé : {error}") from None
        if response.status_code >= 300:
            raise DsError(f"le fichier n'a pas pu être envoyé (réponse {response.status_code})")

    def download(self, url: str, *, limit: int) -> bytes:
        """The bytes of a DS file; refuses beyond `limit` bytes without reading further."""
        try:
            with self._files.stream("GET", url) as response:
                if response.status_code != 200:
                    raise DsError(f"le fichier n'a pas pu être téléchargé (réponse {response.status_code})")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > limit:
                        raise DsError("le fichier dépasse la taille maximale d'une pièce")
                return bytes(data)
        except httpx.HTTPError as error:
            raise DsError(f"le fichier n'a pas pu être téléchargé : {error}") from None

    def execute(self, document: str, variables: dict) -> dict:
        """The `data` of one GraphQL request; raises DsError on a transport, HTTP or GraphQL error."""
        try:
            response = self._http.post("", json={"query": document, "variables": variables})
        except httpx.HTTPError as error:
            raise DsError(f"Démarches Simplifiées ne répond pas : {error}") from None
        if response.status_code != 200:
            raise DsError(f"Démarches Simplifiées a répondu {response.status_code}.")
        try:
            body = response.json()
        except ValueError:
            raise DsError("Démarches Simplifiées a envoyé une réponse illisible.") from None
        if body.get("errors"):
            messages = "; ".join(str(error.get("message", "")) for error in body["errors"])
            raise DsError(f"Démarches Simplifiées a refusé la requête : {messages}")
        return body.get("data") or {}

    def page(
        self,
        stream: str,
        *,
        demarche: int,
        after: str | None = None,
        since: dt.datetime | None = None,
        first: int = DEFAULT_PAGE_SIZE,
    ) -> Page:
        document, connection, since_name = STREAMS[stream]
        variables = {"demarche": demarche, "first": first, "after": after}
        if since is not None:
            variables[since_name] = since.isoformat()
        data = self.execute(document, variables)
        found = (data.get("demarche") or {}).get(connection) or {}
        info = found.get("pageInfo") or {}
        return Page(
            stream=stream,
            nodes=[node for node in found.get("nodes") or [] if node],
            end_cursor=info.get("endCursor"),
            has_next=bool(info.get("hasNextPage")),
        )

    def pages(
        self,
        stream: str,
        *,
        demarche: int,
        after: str | None = None,
        since: dt.datetime | None = None,
        first: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[Page]:
        """Every page from the cursor `after` on; the caller saves each page's end cursor once it is stored."""
        while True:
            page = self.page(stream, demarche=demarche, after=after, since=since, first=first)
            yield page
            if not page.has_next or not page.end_cursor:
                return
            after = page.end_cursor
