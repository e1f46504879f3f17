"""What users must never read: rule codes, model field names, enum values, call codes, English, raw numbers."""

import io
import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from pypdf import PdfReader

from calls.vocabulary import AttachmentKind, ExpenseNature, Kind, LegalStatus, RuleCode, Sector

OUR_APPS = (
    "accounts",
    "referential",
    "calls",
    "dossiers",
    "review",
    "funding",
    "agreements",
    "mailing",
    "workspaces",
    "demo",
    "monitoring",
)

# Identifiers of one word that are also French words (or read as such in a sentence): allowed in texts.
FRENCH_WORDS = {
    "action",
    "due",
    "final",
    "actions",
    "code",
    "contact",
    "date",
    "description",
    "diagnostic",
    "document",
    "documents",
    "motivation",
    "nature",
    "notes",
    "position",
    "source",
    "version",
    "message",
    "messages",
    "region",
    "type",
    "public",
    "rib",
    "duerp",
    "tms",
    "rps",
    "sanitaire",
    "finess",
    "siret",
    "ght",
    "total",
    "score",
    "scores",
    "commentaire",
    "rang",
    "mode",
    "notification",
    "notifications",
    "convention",
    "conventions",
    "instruction",
    "article",
    "articles",
    "direction",
    "service",
    "formation",
    "ordre",
    "dossier",
    "dossiers",
    "agents",
    "agent",
    "note",
    "communication",
    "management",
    "collaboration",
    "organisation",
    "handicap",
    "social",
    "innovation",
    "addictions",
    "recrutement",
    "justification",
    "file",
    "verticalisateur",
    "information",
    "signature",
    "session",
    "sessions",
    "commission",
    "objet",
}
# Addresses, links and domains are read as they are written: « admin@example.org », « https://… », « data.gouv.fr ».
ADDRESSES = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[\w-]+(\.[\w-]+)*\.(fr|org|com|net|eu)\b")
# Words of English that reached users before; checked as whole words, case-sensitive.
ENGLISH = [
    "Task",
    "Result",
    "Ready",
    "Running",
    "Failed",
    "Successful",
    "REGION",
    "ESTABLISHMENT",
    "None",
    "True",
    "False",
    "null",
    "Submit",
    "Save",
    "Cancel",
    "Delete",
    "Search",
    "Filter",
    "History",
    "Home",
    "Log out",
    "Password",
    "Username",
    "Yes",
    "Error",
    "Warning",
    "Welcome",
    "View site",
    "HiGHS",
    "Optimum prouvé",
    "Draft",
    "draft",
    "submitted",
    "Submitted",
    "status",
    "Status",
    "amount",
    "cost",
    "requested",
    "kind",
    "Select",
    "Add another",
    "Change",
    "ERREUR",
]
FORBIDDEN_PATTERNS = {
    "option vide de Django": re.compile(r"-{5,}"),
    "dictionnaire Python": re.compile(r"\{'|\{\"[a-z_]+\":|\[\{"),
    "montant à l'anglaise (« 4200.00 € »)": re.compile(r"\d\.\d\d\s*€"),
    "montant sans séparateur de milliers (« 4200,00 € »)": re.compile(
        r"(?<![\d\s\u00a0\u202f])\d{4,}(,\d+)?\s*€"
    ),
    "« 1 avril » au lieu de « 1er avril »": re.compile(
        r"(?<![\d/])\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
    ),
}


def _snake_or_english(name: str) -> bool:
    return bool(name) and (("_" in name and name.strip("_")) or name.lower() not in FRENCH_WORDS)


def identifiers(extra: set[str] = frozenset()) -> set[str]:
    """Field names of our models, enum values and call-definition codes that are not French words."""
    names: set[str] = set(extra)
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                names.add(field.name)
                for value, _label in getattr(field, "flatchoices", None) or []:
                    if isinstance(value, str):
                        names.add(value)
    for enum in (AttachmentKind, ExpenseNature, Kind, LegalStatus, Sector):
        names.update(member.value for member in enum)
    for choices in models.TextChoices.__subclasses__():
        if choices.__module__.split(".")[0] in OUR_APPS:
            names.update(choices.values)
    return {name for name in names if len(name) > 2 and _snake_or_english(name)}


def call_codes(calls) -> set[str]:
    """The codes a call definition gives its themes, items, attachments and criteria."""
    codes: set[str] = set()
    for call in calls:
        spec = call.spec
        codes.update(axis.code for axis in spec.catalog.axes)
        for theme in spec.catalog.themes:
            codes.add(theme.code)
            codes.update(item.code for item in theme.items)
        codes.update(attachment.kind for attachment in spec.attachments)
        codes.update(criterion.code for criterion in spec.criteria)
    return {code for code in codes if len(code) > 2 and _snake_or_english(code)}


class Checker:
    """Finds what users must not read in a text; one compiled expression per family of terms."""

    def __init__(self, identifiers: set[str]) -> None:
        def words(terms):
            alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
            return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")

        self.families = {
            "code de règle": words({code.value for code in RuleCode}),
            "nom de champ, valeur d'énumération ou code": words(identifiers),
            "anglais": words(ENGLISH),
            **FORBIDDEN_PATTERNS,
        }

    def problems(self, text: str, skip: tuple[str, ...] = ()) -> list[str]:
        text = ADDRESSES.sub(" ", text)
        found = []
        for family, pattern in self.families.items():
            if family in skip:
                continue
            for match in pattern.finditer(text):
                start, end = max(match.start() - 50, 0), match.end() + 50
                context = " ".join(text[start:end].split())
                found.append(f"{family} « {match.group(0)} » dans « …{context}… »")
        return found


class _VisibleText(HTMLParser):
    """The text a user reads on a page: text nodes and the attributes that are shown or read aloud."""

    SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
    # A textarea holds what its author typed (the convention template is HTML source, for instance).
    HIDDEN = {"script", "style", "template", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in self.SHOWN_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"} and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def html_text_and_links(html: str) -> tuple[str, list[str]]:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts), parser.links


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
