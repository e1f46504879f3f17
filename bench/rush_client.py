"""One simulated establishment on deadline day, as its browser would: log in, open the dossier, type with autosave,
add an action, upload six pieces, file. Every request is timed; what the user believes happened is written down.

A request that fails (HTTP 5xx, connection refused) is tried again after a pause, as a person reloads the page;
a POST that stores something (the action, a piece) is tried again only once the page shows it is not stored yet.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import httpx

from .rush_forms import csrf_token, filled, form_where

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PIECES = ("signed_contract", "cse_opinion", "duerp", "prevention_plan", "rib", "summary_sheet")
ACTION_TITLE = "Deux lève-personnes motorisés"
FILED = ("Votre dossier est déposé", "Ce dossier était déjà déposé")
# A server error page shown to a person: French, and never a stack trace.
FRENCH_ERROR = ("Erreur inattendue", "Service momentanément indisponible")
LEAKS = ("Traceback", "OperationalError", "psycopg", 'File "/')
ATTEMPTS = 40

IDENTIFICATION = [
    {"contact_name": "Claire Martin, directrice"},
    {"contact_email": "claire.martin@example.org", "headcount": "950"},
    {"fte_medical": "62,5", "fte_non_medical": "801", "beds_and_places": "410"},
    {"absenteeism_rate": "9,4", "turnover_rate": "11,2"},
]
PROJECT = [
    {"scope": "Pôle gériatrie et SSR"},
    {"diagnostic": "DUERP 2024 et enquête auprès des agents"},
    {
        "objectives": "Réduire de moitié les AT de manutention",
        "schedule": "Achats en novembre, formation ensuite",
    },
    {"follow_up": "Comité de suivi trimestriel avec le CSE"},
]
ACTION = {
    "title": ACTION_TITLE,
    "theme": "tms",
    "catalog_item": "leve_personne",
    "description": "Équiper l'unité de SSR.",
    "motivation": "14 AT de manutention en 2023.",
    "start": "2024-11-01",
    "end": "2025-06-30",
    "agents_concerned": "80",
    "expense_nature": "equipment",
    "cost": "24 000",
    "requested": "12 000",
    "own_funding": "12 000",
    "indicateurs-0-name": "AT liés aux manutentions",
    "indicateurs-0-unit": "AT/an",
    "indicateurs-0-baseline": "14",
    "indicateurs-0-target": "7",
}


class GaveUp(Exception):
    """The user stopped trying: the step kept failing."""


@dataclass
class Hit:
    kind: str
    status: int  # 0: no answer (connection refused or cut)
    seconds: float
    at: float  # seconds since the start of the rush
    clean: bool = True  # a 5xx page in French without a stack trace


@dataclass
class Outcome:
    """What the simulated user believes: written to its log, compared later with the database."""

    email: str
    reference: str = ""
    believed: str = "not_started"  # submitted | refused | gave_up | unknown | cut | not_started
    message: str = ""
    submit_attempts: int = 0
    retries: int = 0
    started_at: float = 0.0
    ended_at: float = 0.0
    steps: list[str] = field(default_factory=list)


class Porteur:
    def __init__(
        self,
        *,
        base: str,
        email: str,
        password: str,
        call_code: str,
        think: float,
        t0: float,
        hits,
        session: dict[str, str] | None = None,
    ):
        """`session`: the session cookie of a login earlier in the day (the journey then starts in the workspace)."""
        self.base, self.email, self.password, self.code = base, email, password, call_code
        self.think, self.t0, self.hits = think, t0, hits
        self.outcome = Outcome(email=email)
        self.client = httpx.AsyncClient(
            base_url=base, timeout=httpx.Timeout(300.0), follow_redirects=False, cookies=session
        )
        self.logged_in = bool(session)
        self.token = ""

    async def pause(self, factor: float = 1.0) -> None:
        await asyncio.sleep(random.uniform(0.5, 1.5) * self.think * factor)

    async def send(self, kind: str, method: str, url: str, **options) -> httpx.Response | None:
        """One request, timed; None when the server failed (5xx) or did not answer."""
        headers = options.pop("headers", {})
        if method == "POST" and self.token:
            headers = {"X-CSRFToken": self.token, "Referer": self.base + url, **headers}
        start = time.perf_counter()
        try:
            response = await self.client.request(method, url, headers=headers, **options)
        except httpx.TransportError:
            self.hits.append(Hit(kind, 0, time.perf_counter() - start, start - self.t0))
            return None
        body = response.text if response.status_code >= 500 else ""
        clean = not body or (any(t in body for t in FRENCH_ERROR) and not any(t in body for t in LEAKS))
        self.hits.append(Hit(kind, response.status_code, time.perf_counter() - start, start - self.t0, clean))
        if response.status_code >= 500:
            return None
        if response.status_code >= 400:
            raise GaveUp(f"{kind} : HTTP {response.status_code}")
        if "text/html" in response.headers.get("content-type", ""):
            self.token = csrf_token(response.text) or self.token
        return response

    async def page(self, kind: str, url: str) -> httpx.Response:
        """A GET reloaded until it answers, as a person would."""
        for _ in range(ATTEMPTS):
            response = await self.send(kind, "GET", url)
            if response is not None:
                return response
            self.outcome.retries += 1
            await asyncio.sleep(random.uniform(0.5, 1.5))
        raise GaveUp(f"{kind} : le serveur ne répond plus")

    async def post(self, kind: str, url: str, **options) -> httpx.Response | None:
        response = await self.send(kind, "POST", url, **options)
        if response is None:
            self.outcome.retries += 1
            await asyncio.sleep(random.uniform(0.5, 1.5))
        return response

    async def follow(self, response: httpx.Response, kind: str) -> httpx.Response:
        """The browser following a redirect after a POST."""
        return await self.page(kind, response.headers["location"])

    # The journey ------------------------------------------------------------------------------------------------

    async def run(self) -> Outcome:
        self.outcome.started_at = time.perf_counter() - self.t0
        try:
            if not self.logged_in:
                await self.log_in()
            detail = await self.open_dossier()
            await self.fill_section("identification", IDENTIFICATION, detail)
            await self.fill_section("projet", PROJECT, detail)
            await self.add_action(detail)
            await self.upload_pieces(detail)
            await self.submit(detail)
        except GaveUp as error:
            self.outcome.believed, self.outcome.message = "gave_up", str(error)
        except asyncio.CancelledError:
            self.outcome.believed, self.outcome.message = "cut", "arrêté à la fin de la ruée"
            raise
        finally:
            await self.client.aclose()
            self.outcome.ended_at = time.perf_counter() - self.t0
        return self.outcome

    async def log_in(self) -> None:
        for _ in range(ATTEMPTS):
            login = await self.page("connexion (page)", "/compte/connexion/")
            form = form_where(login.text, action="/compte/connexion/")
            await self.pause()
            data = filled(form, {"username": self.email, "password": self.password})
            response = await self.post("connexion", "/compte/connexion/", data=data)
            if response is not None and response.status_code == 302:
                landing = await self.follow(response, "espace (accueil)")
                if landing.status_code == 302:
                    await self.follow(landing, "espace établissement")
                self.outcome.steps.append("connecté")
                return
            if response is not None:
                raise GaveUp("connexion refusée")
        raise GaveUp("connexion impossible")

    async def open_dossier(self) -> str:
        """Starts the dossier from the workspace (or opens the one already started); its address."""
        for _ in range(ATTEMPTS):
            space = await self.page("espace établissement", "/espace/etablissement/")
            start = f"/appels/{self.code}/candidater/"
            form = form_where(space.text, action=start)
            if form is None:
                found = re.search(r'href="(/dossiers/([^/"]+)/)"', space.text)
                if not found:
                    raise GaveUp("ni bouton « Candidater » ni dossier")
                self.outcome.reference = found.group(2)
                return found.group(1)
            await self.pause()
            response = await self.post("candidater", start, data=filled(form, {}))
            if response is not None and response.status_code == 302:
                detail = await self.follow(response, "dossier")
                self.outcome.reference = str(detail.url).rstrip("/").rsplit("/", 1)[-1]
                self.outcome.steps.append("dossier ouvert")
                return response.headers["location"]
        raise GaveUp("candidature impossible")

    async def fill_section(self, section: str, typing: list[dict], detail: str) -> None:
        url = f"{detail}{section}/"
        page = await self.page("section (page)", url)
        form = form_where(page.text, hx_post=url)
        typed: dict[str, str] = {}
        for values in typing:
            await self.pause(2)  # typing, then the 1,5 s of the `keyup changed delay`
            typed.update(values)
            headers = {
                "HX-Request": "true",
                "HX-Current-URL": self.base + url,
                "HX-Target": "etat-enregistrement",
            }
            for _ in range(ATTEMPTS):
                if await self.post(
                    "enregistrement automatique", url, data=filled(form, typed), headers=headers
                ):
                    break
        await self.pause()
        for _ in range(ATTEMPTS):
            response = await self.post("section (enregistrer)", url, data=filled(form, typed))
            if response is not None:
                if response.status_code != 302:
                    raise GaveUp(f"section {section} refusée")
                await self.follow(response, "dossier")
                self.outcome.steps.append(section)
                return
        raise GaveUp(f"section {section} impossible à enregistrer")

    async def add_action(self, detail: str) -> None:
        """The action and its quote, sent together (« Ajouter le devis enregistre aussi l'action »)."""
        quote = {"operation": "add_quote", "devis-supplier": "Médical Équipement", "devis-amount": "24 000"}
        files = {"devis-file": ("devis.pdf", PDF, "application/pdf")}
        for _ in range(ATTEMPTS):
            listing = await self.page("actions (liste)", f"{detail}actions/")
            found = re.search(
                rf'href="({re.escape(detail)}actions/\d+/)">{re.escape(ACTION_TITLE)}<', listing.text
            )
            if found:
                url = found.group(1)
                page = await self.page("action (page)", url)
                if "devis.pdf" in page.text:
                    self.outcome.steps.append("action")
                    return
                form = form_where(page.text, hx_post=url)
            else:
                url = f"{detail}actions/ajouter/"
                page = await self.page("action (page)", url)
                form = form_where(page.text, action=url)
            await self.pause(3)
            data = filled(form, {**ACTION, **quote})
            response = await self.post("action et devis (envoi)", url, data=data, files=files)
            if response is not None and response.status_code != 302:
                raise GaveUp("action refusée")
        raise GaveUp("action impossible à enregistrer")

    async def upload_pieces(self, detail: str) -> None:
        url = f"{detail}pieces/ajouter/"
        page = await self.page("pièces (page)", f"{detail}pieces/")
        for _ in range(ATTEMPTS):
            missing = [kind for kind in PIECES if f"{kind}.pdf" not in page.text]
            if not missing:
                self.outcome.steps.append("pièces")
                return
            form = form_where(page.text, action=url)
            await self.pause()
            files = {"file": (f"{missing[0]}.pdf", PDF, "application/pdf")}
            response = await self.post(
                "pièce (envoi)", url, data=filled(form, {"kind": missing[0]}), files=files
            )
            if response is not None:
                page = await self.follow(response, "pièces (page)")
            else:
                page = await self.page("pièces (page)", f"{detail}pieces/")
        raise GaveUp("pièces impossibles à envoyer")

    async def submit(self, detail: str) -> None:
        url = f"{detail}deposer/"
        await self.page("dépôt (vérification)", url)
        await self.pause(2)
        for _ in range(ATTEMPTS):
            self.outcome.submit_attempts += 1
            response = await self.post("dépôt", url, data={"csrfmiddlewaretoken": self.token})
            if response is None:
                continue
            if response.status_code != 302:
                self.outcome.believed = "refused"
                found = re.search(r"fr-alert--error[^>]*>\s*<p>([^<]+)", response.text)
                self.outcome.message = found.group(1) if found else "dépôt refusé"
                return
            shown = await self.follow(response, "dossier")
            said = next((text for text in FILED if text in shown.text), "")
            self.outcome.believed = "submitted" if said else "unknown"
            self.outcome.message = said
            return
        raise GaveUp("dépôt impossible")
