"""The refusals of dossier writes, each carrying the French message shown to the user."""

from qvct.templatetags.qvct_format import format_number


class DossierError(Exception):
    """A refused write, with the French message shown to the user."""


class SubmissionRefused(DossierError):
    def __init__(self, message: str, findings=()) -> None:
        super().__init__(message)
        self.findings = list(findings)


def text_checked(value: str, *, limit: int, label: str) -> str:
    """The text if it fits its limit; refuses otherwise, so that nothing of the write is stored."""
    if len(value) > limit:
        raise DossierError(
            f"« {label} » : {format_number(limit)} caractères maximum ; le texte en compte "
            f"{format_number(len(value))}. Raccourcissez-le : rien n'a été enregistré."
        )
    return value
