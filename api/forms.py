"""The form that creates a personal API token on the account page."""

from django import forms
from django.conf import settings

from qvct.forms import QvctForm

from .models import ApiToken


def _validity_choices():
    return [(str(days), f"{days} jours") for days in settings.API_TOKEN_VALIDITY_DAYS]


class TokenForm(QvctForm):
    name = forms.CharField(
        label="Nom du jeton",
        help_text="Pour le reconnaître plus tard, par exemple « Tableur de suivi » ou « Outil régional ».",
        max_length=ApiToken._meta.get_field("name").max_length,
    )
    days = forms.TypedChoiceField(label="Durée de validité", coerce=int, choices=_validity_choices)
