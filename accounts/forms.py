"""DSFR forms for logging in and resetting a password."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from dsfr.forms import DsfrBaseForm

from mailing.services import outbox_enqueue
from qvct.forms import QvctFormMixin

from .addresses import EmailAddressFormField


class LoginForm(QvctFormMixin, DsfrBaseForm, AuthenticationForm):
    # Normalised before authentication, so the lock-out counts every spelling of one address together.
    username = EmailAddressFormField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie et réessayez.",
        "inactive": "Ce compte est désactivé. Contactez l'administrateur de votre région.",
    }


class ResetRequestForm(QvctFormMixin, DsfrBaseForm, PasswordResetForm):
    email = EmailAddressFormField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the outbox, like every e-mail of the site."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        outbox_enqueue(subject=subject, body=render_to_string(email_template_name, context), to=[to_email])


class NewPasswordForm(QvctFormMixin, DsfrBaseForm, SetPasswordForm):
    pass
