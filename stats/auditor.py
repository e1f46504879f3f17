"""The auditor's archive of a dossier: its PDF, every document, messages and their attachments, findings and
overrides, funding decisions, letter, convention, history, and a manifest with the SHA-256 of every file.

Private annotations of the agents stay out of it, as they stay out of every export.
"""

import hashlib
import io
import zipfile

from django.utils import timezone
from django.utils.text import get_valid_filename

from dossiers.documents_pdf import dossier_pdf
from dossiers.models import Dossier
from eligibility.catalog import rule_label
from qvct.exports.writers import write_csv

MANIFEST = "manifeste-sha256.txt"


def _csv(headers, rows) -> bytes:
    buffer = io.BytesIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


def _name(position: int, original: str) -> str:
    return f"{position:02d}-{get_valid_filename(original) or 'fichier'}"


def _who(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


def _read(field) -> bytes | None:
    """The stored file's bytes, or None when the storage lost it (the manifest then says so)."""
    if not field:
        return None
    try:
        with field.open("rb") as stream:
            return stream.read()
    except (FileNotFoundError, OSError):
        return None


def _findings(dossier: Dossier):
    titles = {action.position: action.title for action in dossier.actions.all()}
    for finding in dossier.findings:
        action = finding.get("action") or 0
        yield (
            rule_label(finding.get("code", "")).capitalize(),
            titles.get(action, "") if action else "le dossier",
            finding.get("message", ""),
        )


def dossier_archive(dossier: Dossier, stream) -> list[str]:
    """Writes the archive into the binary `stream`; returns the names of the files the storage no longer has."""
    files: dict[str, bytes] = {}
    missing: list[str] = []

    def add(name: str, content: bytes | None) -> None:
        if content is None:
            missing.append(name)
        else:
            files[name] = content

    add(f"dossier-{dossier.reference}.pdf", dossier_pdf(dossier))
    for position, document in enumerate(dossier.documents.all(), start=1):
        add(f"pieces/{_name(position, document.original_name)}", _read(document.file))
    messages = list(dossier.messages.select_related("author").order_by("at", "pk"))
    for position, message in enumerate(messages, start=1):
        if message.attachment:
            add(
                f"messages/pieces-jointes/{_name(position, message.attachment_name)}",
                _read(message.attachment),
            )
    add(
        "messages/messages.csv",
        _csv(
            ["Le", "Par", "De la part de", "Message", "Pièce jointe"],
            (
                (
                    timezone.localtime(m.at),
                    _who(m.author),
                    "l'ARS" if m.from_agency else "l'établissement",
                    m.body,
                    _name(i, m.attachment_name) if m.attachment else "",
                )
                for i, m in enumerate(messages, start=1)
            ),
        ),
    )
    add("constats.csv", _csv(["Constat", "Concerne", "Détail"], _findings(dossier)))
    add(
        "constats-leves.csv",
        _csv(
            ["Constat", "Action n°", "Justification", "Par", "Le"],
            (
                (
                    rule_label(o.code).capitalize(),
                    o.action or "",
                    o.justification,
                    _who(o.by),
                    timezone.localtime(o.at),
                )
                for o in dossier.overrides.select_related("by").order_by("at")
            ),
        ),
    )
    add(
        "decisions.csv",
        _csv(
            [
                "Action n°",
                "Action",
                "Demande ARS (€)",
                "Finançable (€)",
                "Proposé (€)",
                "Accordé (€)",
                "Motif",
            ],
            (
                (
                    d.action.position,
                    d.action.title,
                    d.action.requested,
                    d.fundable,
                    d.proposed,
                    d.granted,
                    d.reason,
                )
                for d in dossier.decisions.select_related("action").order_by("action__position")
            ),
        ),
    )
    letter = getattr(dossier, "letter", None)
    if letter is not None:
        add("lettre-de-notification.pdf", _read(letter.file))
    convention = getattr(dossier, "convention", None)
    if convention is not None:
        add("convention.pdf", _read(convention.file))
        if convention.signed_file:
            add("convention-signee.pdf", _read(convention.signed_file))
    add(
        "historique.csv",
        _csv(
            ["Le", "Par", "Nature", "Résumé", "Motif"],
            (
                (timezone.localtime(e.at), _who(e.actor), e.get_kind_display(), e.summary, e.reason)
                for e in dossier.events.select_related("actor").order_by("at", "pk")
            ),
        ),
    )
    # The manifest reads with `sha256sum -c manifeste-sha256.txt`; files lost by the storage are listed apart.
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}" for name, content in sorted(files.items())]
    lines += [f"# absent du stockage : {name}" for name in missing]
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{dossier.reference}/{name}", content)
        archive.writestr(f"{dossier.reference}/{MANIFEST}", "\n".join(lines) + "\n")
    return missing
