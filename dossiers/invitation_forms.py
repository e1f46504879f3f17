"""Forms of the co-editor journey: choosing whom to invite, and the invited person's new account."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.addresses import EmailAddressFormField
from accounts.models import User
from qvct.forms import QvctForm


class ColleagueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class InvitationForm(QvctForm):
    """The establishment's own accounts first, then any other address."""

    colleague = ColleagueChoiceField(
        label="Une personne de votre établissement",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choisir une personne",
    )
    email = EmailAddressFormField(
        label="Ou une autre adresse électronique",
        required=False,
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Indiquez une adresse électronique valide (format nom@domaine.fr)."},
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        if colleagues is None or not colleagues.exists():
            del self.fields["colleague"]
            # The bound field (built by DsfrBaseForm) carries the label that renders.
            self["email"].label = self.fields["email"].label = "Adresse électronique du co-rédacteur"
        else:
            self.fields["colleague"].queryset = colleagues

    def clean(self):
        cleaned = super().clean()
        colleague, email = cleaned.get("colleague"), cleaned.get("email")
        if self.errors:
            return cleaned
        if colleague and email:
            raise ValidationError(
                "Choisissez une personne de la liste ou saisissez une adresse, pas les deux."
            )
        if not (colleague or email):
            raise ValidationError(
                "Choisissez une personne de la liste ou saisissez son adresse électronique."
            )
        cleaned["address"] = colleague.email if colleague else email
        return cleaned


class InvitationAccountForm(QvctForm):
    """The account of an invited person who has none yet: created only when they accept."""

    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput({"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
        help_text="Au moins 9 caractères, pas uniquement des chiffres, ni trop proche de votre nom.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            user = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
