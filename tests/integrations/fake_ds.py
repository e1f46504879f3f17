"""A local Démarches Simplifiées: graphql-core executes the real DS schema over fixture data, behind an httpx
MockTransport. Nothing leaves the process.

Fixture dossiers are plain dicts shaped like the API's answers (`__typename` on interfaces and unions).
"""

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from django.conf import settings
from graphql import GraphQLError, build_schema, graphql_sync, parse, validate

_SCHEMA = None


def ds_schema():
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = build_schema(Path(settings.DS_SCHEMA_PATH).read_text(encoding="utf-8"))
    return _SCHEMA


def validation_errors(document: str) -> list[GraphQLError]:
    return validate(ds_schema(), parse(document))


def _cursor(index: int) -> str:
    return base64.b64encode(f"i{index}".encode()).decode()


def _index(cursor: str | None) -> int:
    return int(base64.b64decode(cursor).decode()[1:]) if cursor else -1


def _connection(rows: list[dict], first: int | None, after: str | None) -> dict:
    start = _index(after) + 1
    size = first or 100
    chunk = rows[start : start + size]
    end = start + len(chunk) - 1
    return {
        "nodes": chunk,
        "edges": None,
        "pageInfo": {
            "hasNextPage": start + size < len(rows),
            "hasPreviousPage": start > 0,
            "startCursor": _cursor(start) if chunk else None,
            "endCursor": _cursor(end) if chunk else after,
        },
    }


@dataclass
class FakeDs:
    demarche: int
    dossiers: list[dict] = field(default_factory=list)
    deleted: list[dict] = field(default_factory=list)
    # Each request's operation and variables, in order.
    requests: list[dict] = field(default_factory=list)
    # Answer HTTP 502 to the next n requests (a DS outage).
    failures: int = 0
    # Answer 502 once this many dossier pages have been served (a sync killed mid-run).
    fail_after_pages: int | None = None
    mutations: list[tuple[str, dict]] = field(default_factory=list)
    # File contents by address; the addresses fetched, in order.
    files: dict[str, bytes] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    # Answer 502 to the next n mutations of this name (DS down at the moment of the decision).
    failing_mutations: dict[str, int] = field(default_factory=dict)

    def _demarche(self, info, number):
        if number != self.demarche:
            raise GraphQLError("Démarche introuvable")
        updated = lambda since: [  # noqa: E731
            d for d in self.dossiers if since is None or d["dateDerniereModification"] >= since
        ]
        return {
            "number": number,
            "dossiers": lambda info, first=None, after=None, updatedSince=None, **_: _connection(
                sorted(updated(updatedSince), key=lambda d: (d["dateDerniereModification"], d["number"])),
                first,
                after,
            ),
            "deletedDossiers": lambda info, first=None, after=None, deletedSince=None, **_: _connection(
                [d for d in self.deleted if deletedSince is None or d["dateSupression"] >= deletedSince],
                first,
                after,
            ),
            "pendingDeletedDossiers": lambda info, first=None, after=None, **_: _connection([], first, after),
        }

    def _mutation(self, name: str, state: str | None):
        def resolve(info, input):
            self.mutations.append((name, input))
            number = int(str(input.get("dossierId", "0")).rsplit("-", 1)[-1] or 0)
            dossier = next((d for d in self.dossiers if d["number"] == number), None)
            if dossier is not None and state:
                dossier["state"] = state
            if name == "createDirectUpload":
                return {
                    "directUpload": {
                        "url": "https://fake-ds.invalid/upload",
                        "headers": "{}",
                        "blobId": "1",
                        "signedBlobId": "signed-1",
                    }
                }
            return {"dossier": dossier, "errors": None}

        return resolve

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            assert "authorization" not in request.headers, (
                "le jeton DS ne part jamais vers l'hôte des fichiers"
            )
            self.uploads.append((str(request.url), request.content))
            return httpx.Response(200)
        if request.method == "GET":
            self.downloads.append(str(request.url))
            assert "authorization" not in request.headers, (
                "le jeton DS ne part jamais vers l'hôte des fichiers"
            )
            content = self.files.get(str(request.url))
            return httpx.Response(200, content=content) if content is not None else httpx.Response(404)
        body = json.loads(request.content)
        self.requests.append(body)
        if self.failures:
            self.failures -= 1
            return httpx.Response(502, text="Bad Gateway")
        if self.fail_after_pages is not None and "DossiersPage" in body["query"]:
            if self.fail_after_pages == 0:
                return httpx.Response(502, text="Bad Gateway")
            self.fail_after_pages -= 1
        for name, left in self.failing_mutations.items():
            if left and name in body["query"]:
                self.failing_mutations[name] = left - 1
                return httpx.Response(502, text="Bad Gateway")
        document = parse(body["query"])
        errors = validate(ds_schema(), document)
        if errors:
            return httpx.Response(200, json={"errors": [{"message": e.message} for e in errors]})
        root = {
            "demarche": self._demarche,
            "dossierPasserEnInstruction": self._mutation("dossierPasserEnInstruction", "en_instruction"),
            "dossierAccepter": self._mutation("dossierAccepter", "accepte"),
            "dossierRefuser": self._mutation("dossierRefuser", "refuse"),
            "createDirectUpload": self._mutation("createDirectUpload", None),
        }
        result = graphql_sync(
            ds_schema(), body["query"], root_value=root, variable_values=body.get("variables")
        )
        answer = {"data": result.data}
        if result.errors:
            answer["errors"] = [{"message": error.message} for error in result.errors]
        return httpx.Response(200, json=answer)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)


def ds_dossier(number: int, *, siret: str, updated: str = "2026-03-01T10:00:00+01:00", **champs) -> dict:
    """A DS dossier as the API answers it, with text champs given by label."""
    return {
        "__typename": "Dossier",
        "id": f"RG9zc2llci0{number}",
        "number": number,
        "state": "en_construction",
        "dateDepot": "2026-02-15T09:00:00+01:00",
        "dateDerniereModification": updated,
        "dateTraitement": None,
        "motivation": None,
        "demandeur": {"__typename": "PersonneMorale", "siret": siret, "entreprise": {"raisonSociale": "CH"}},
        "champs": [
            {
                "__typename": "TextChamp",
                "id": f"champ-{number}-{n}",
                "champDescriptorId": f"desc-{n}",
                "label": label,
                "stringValue": value,
            }
            for n, (label, value) in enumerate(champs.items())
        ],
    }
