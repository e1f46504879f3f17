"""The sandboxed language of convention templates: the dossier's values, `if`, `for` and a few filters.

A campaign manager writes the convention text in the back office. It is rendered by a Django template engine
that knows no other tag (no `load`, `include`, `url`, `static`…) and only the filters below, over a context of
plain texts and lists built for the dossier being rendered: nothing in it leads to the database, a file or
another dossier. HTML elements that would load a resource (images, style sheets, attachments) are refused too,
and the PDF fetcher (qvct/pdf.py) refuses them again. Every problem is told in French.
"""

import re
from html.parser import HTMLParser

from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import FilterExpression, Node, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode, TemplateLiteral

# The values of a dossier offered to the template, with what managers read about them (docs and help text).
VALUES = {
    "appel": "intitulé de l'appel",
    "dossier": "numéro du dossier",
    "organisateurs": "organisateurs de l'appel",
    "etablissement": "nom de l'établissement",
    "finess": "numéro FINESS de l'établissement",
    "siret": "numéro SIRET de l'établissement (peut être vide)",
    "adresse": "adresse de l'établissement",
    "montant": "montant total accordé (« 12 000,00 € »)",
    "fonds": "fonds qui finance l'appel (peut être vide)",
    "date_limite_consommation": "date limite de consommation des crédits",
    "modalites_versement": "modalités de versement fixées pour l'appel (peut être vide)",
    "mention_communication": "mention de communication fixée pour l'appel (peut être vide)",
    "mention_financement": "ancien nom de mention_communication, gardé pour les modèles existants",
    "signataire": "nom du signataire pour l'ARS (peut être vide)",
    "qualite_signataire": "qualité du signataire pour l'ARS (peut être vide)",
    "actions": "liste des actions financées, à parcourir avec {% for action in actions %}",
}
ACTION_FIELDS = {
    "titre": "numéro et intitulé de l'action",
    "cout": "coût de l'action",
    "montant": "subvention accordée à l'action",
    "indicateurs": "liste des indicateurs de l'action, à parcourir avec {% for indicateur in action.indicateurs %}",
}
LOOP_FIELDS = {"counter", "counter0", "first", "last"}
FILTERS = ("default", "upper", "lower", "capfirst", "join", "length", "linebreaksbr")

# Elements and attributes that would make WeasyPrint fetch something; refused in the manager's HTML.
_LOADING_TAGS = {
    "link", "img", "image", "style", "script", "object", "embed", "iframe", "frame", "base", "meta",
    "svg", "video", "audio", "source", "picture", "input", "form", "use",
}  # fmt: skip
_LOADING_ATTRIBUTES = {"src", "href", "srcset", "data", "rel", "poster", "background", "xlink:href", "action"}
_CSS_LOADING = re.compile(r"url\s*\(|@import|image-set|expression", re.IGNORECASE)

register = Library()
for _tag in ("if", "for"):
    register.tag(_tag, getattr(defaulttags, f"do_{_tag}"))
for _filter in FILTERS:
    # Django's own filters, with the flags (is_safe, needs_autoescape) they were declared with.
    register.filter(_filter, getattr(defaultfilters, _filter))


class _SandboxEngine(Engine):
    default_builtins = []  # no tag or filter but this module's


_ENGINE = _SandboxEngine(builtins=[__name__], libraries={}, debug=True, loaders=[])


class ConventionTemplateError(ValueError):
    """A convention template that cannot be used, with the reason in French."""


def _line(error: Exception) -> str:
    debug = getattr(error, "template_debug", None)
    return f"ligne {debug['line']} : " if debug else ""


def _syntax_message(error: TemplateSyntaxError) -> str:
    text = str(error)
    if match := re.search(r"Invalid block tag on line \d+: '([^']+)'", text):
        name = match[1]
        if name.startswith(("end", "else", "elif", "empty")):
            return f"la balise « {name} » n'a pas de balise ouvrante correspondante"
        return f"la balise « {name} » n'est pas permise (seules « if » et « for » le sont)"
    if match := re.search(r"Unclosed tag on line \d+: '([^']+)'", text):
        return f"la balise « {match[1]} » n'est pas fermée"
    if match := re.search(r"Invalid filter: '([^']+)'", text):
        return f"le filtre « {match[1]} » n'est pas permis (filtres permis : {', '.join(FILTERS)})"
    if "may not begin with underscores" in text:
        return "un nom ne peut pas commencer par « _ »"
    if "'for' statements" in text or "'for' tag" in text:
        return "la boucle « for » doit s'écrire {% for element in liste %}"
    if "if" in text and ("statement" in text or "expression" in text or "'if'" in text):
        return "la condition « if » est mal écrite"
    if "Could not parse" in text or "Empty variable tag" in text:
        return "une expression entre {{ et }} est illisible"
    return "la syntaxe du modèle est invalide"


def _lookups(expression: FilterExpression) -> list[Variable]:
    found = [expression.var] if isinstance(expression.var, Variable) else []
    for _function, arguments in expression.filters:
        found += [argument for lookup, argument in arguments if lookup and isinstance(argument, Variable)]
    return found


def _check_variable(variable: Variable, loops: dict[str, str]) -> None:
    if variable.lookups is None:  # a literal
        return
    name, *rest = variable.lookups
    if name == "forloop":
        allowed = LOOP_FIELDS
    elif name in loops:
        allowed = set(ACTION_FIELDS) if loops[name] == "actions" else set()
    elif name in VALUES:
        allowed = set()
    else:
        raise ConventionTemplateError(f"« {name} » n'est pas une valeur connue du dossier")
    if rest and (rest[0] not in allowed or len(rest) > 1):
        raise ConventionTemplateError(
            f"« {'.'.join(variable.lookups)} » n'est pas une valeur connue du dossier"
        )


def _check_condition(condition, loops: dict[str, str]) -> None:
    if isinstance(condition, TemplateLiteral):
        for variable in _lookups(condition.value):
            _check_variable(variable, loops)
        return
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if part is not None:
            _check_condition(part, loops)


def _check_nodes(nodes, loops: dict[str, str]) -> None:
    for node in nodes:
        try:
            _check_node(node, loops)
        except ConventionTemplateError as error:
            token = getattr(node, "token", None)
            if token is None or str(error).startswith("ligne "):
                raise
            raise ConventionTemplateError(f"ligne {token.lineno} : {error}") from None


def _check_node(node: Node, loops: dict[str, str]) -> None:
    if isinstance(node, VariableNode):
        for variable in _lookups(node.filter_expression):
            _check_variable(variable, loops)
    elif isinstance(node, IfNode):
        for condition, nodelist in node.conditions_nodelists:
            if condition is not None:
                _check_condition(condition, loops)
            _check_nodes(nodelist, loops)
    elif isinstance(node, ForNode):
        for variable in _lookups(node.sequence):
            _check_variable(variable, loops)
        source = ".".join(node.sequence.var.lookups or ()) if isinstance(node.sequence.var, Variable) else ""
        inner = {**loops, **{name: source for name in node.loopvars}}
        _check_nodes(node.nodelist_loop, inner)
        _check_nodes(node.nodelist_empty, loops)


class _LoadingElements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _LOADING_TAGS:
            self.problems.append(f"l'élément <{tag}> n'est pas permis")
        for name, value in attrs:
            if name in _LOADING_ATTRIBUTES:
                self.problems.append(f"l'attribut « {name} » de <{tag}> n'est pas permis")
            elif name == "style" and value and _CSS_LOADING.search(value):
                self.problems.append(f"le style de <{tag}> ne peut pas charger de ressource")


def _check_html(body: str) -> None:
    parser = _LoadingElements()
    parser.feed(body)
    parser.close()
    if parser.problems:
        raise ConventionTemplateError(
            f"{parser.problems[0]} : le modèle ne peut charger ni image, ni feuille de style, ni fichier"
        )


def render_convention_template(body: str, values: dict) -> str:
    """The manager's template rendered over `values`, autoescaped; ConventionTemplateError otherwise."""
    _check_html(body)
    try:
        template = _ENGINE.from_string(body)
    except TemplateSyntaxError as error:
        raise ConventionTemplateError(f"{_line(error)}{_syntax_message(error)}") from None
    _check_nodes(template.nodelist, {})
    try:
        return template.render(Context(values, autoescape=True))
    except Exception as error:  # any failure of the manager's text must reach them in French, not as a 500
        raise ConventionTemplateError(
            f"{_line(error)}le modèle ne peut pas être rendu avec les valeurs d'un dossier"
            " (une boucle ou une condition est-elle mal écrite ?)"
        ) from None


SAMPLE_VALUES = {
    "appel": "Contrats locaux d'amélioration des conditions de travail 2024",
    "dossier": "CLACT-2024-0001",
    "organisateurs": "ARS Grand Est",
    "etablissement": "Centre hospitalier d'exemple",
    "finess": "670000000",
    "siret": "12345678900011",
    "adresse": "1 rue de l'Exemple 67000 Strasbourg",
    "montant": "12\u00a0000,00\u00a0€",
    "fonds": "Fonds d'intervention régional (FIR)",
    "date_limite_consommation": "31/12/2026",
    "modalites_versement": "La subvention est versée en une fois après signature.",
    "mention_communication": "Action financée par l'ARS Grand Est",
    "mention_financement": "Action financée par l'ARS Grand Est",
    "signataire": "Prénom Nom",
    "qualite_signataire": "Le directeur général de l'ARS Grand Est",
    "actions": [
        {
            "titre": "1. Action d'exemple",
            "cout": "24\u00a0000,00\u00a0€",
            "montant": "12\u00a0000,00\u00a0€",
            "indicateurs": ["Indicateur (nombre) : 10 → 5"],
        }
    ],
}


def check_convention_template(body: str) -> None:
    """Refuses, in French, a template that would not render for a dossier (syntax, names, loading, render)."""
    render_convention_template(body, SAMPLE_VALUES)
