"""One mailbox, one spelling: addresses are trimmed and lower-cased wherever stored, looked up or counted."""

from django import forms
from django.db import models


def normalize_email(value: str | None) -> str:
    """The stored form of an address: no surrounding spaces, lower case (« A@Exemple.fr » → « a@exemple.fr »)."""
    return (value or "").strip().lower()


class EmailAddressFormField(forms.EmailField):
    """An address field whose cleaned value is already normalised, so forms compare what the database holds."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class EmailAddressField(models.EmailField):
    """An address column that normalises what it saves and what an exact lookup compares it with.

    Every write (save, update, bulk creation) and every `email=` / `email__in=` query goes through
    `get_prep_value`, so no spelling of an address can create a second account or miss the first one.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_email(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_email(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": EmailAddressFormField, **kwargs})


def lockout_username(request, credentials: dict | None = None) -> str:
    """The address django-axes counts failures against: the normalised one, whatever case was typed.

    Without it, « A@EXAMPLE.ORG » and « a@example.org » had separate counters while both reached the same
    account, so the lock-out never came.
    """
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("username") or data.get("email")
    return normalize_email(value if isinstance(value, str) else "")
