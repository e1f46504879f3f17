"""The messages of Python's argparse in French, for every console command of the project (`qvct`, manage.py).

argparse reads its messages through gettext each time it writes one, and Python ships no French catalog for
them: operators read « qvct backup: error: the following arguments are required ». `install()` gives argparse
the French wording; a message not listed stays as Python wrote it.
"""

import argparse

MESSAGES = {
    "usage: ": "usage : ",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur %r ignorée",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (au choix : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
PLURALS = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


def french(message: str) -> str:
    return MESSAGES.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        return one if count <= 1 else many
    return singular if count == 1 else plural


def install() -> None:
    argparse._ = french
    argparse.ngettext = french_plural
