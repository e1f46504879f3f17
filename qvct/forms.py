"""The base of every form of Guichet QVCT: DSFR rendering, optional fields marked, focus on the first error."""

from django import forms
from django.core.validators import MaxLengthValidator
from dsfr.forms import DsfrBaseForm

from qvct.templatetags.qvct_format import format_number


class QvctFormMixin:
    """DsfrBaseForm marks optional fields (as the DSFR now recommends) without its per-render warning."""

    def get_context(self):
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context

    def full_clean(self):
        super().full_clean()
        # The first field in error gets the focus (a non-field error leaves the focus where it is).
        first = next((name for name in self.errors if name in self.fields), None)
        if first:
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)
            self.fields[first].widget.attrs["autofocus"] = True


class QvctForm(QvctFormMixin, DsfrBaseForm):
    pass


class TextLimitValidator(MaxLengthValidator):
    """The length limit of a free text, said in French with French numbers (« 2 000 caractères »)."""

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise forms.ValidationError(
                f"{format_number(self.limit_value)} caractères maximum : le texte en compte "
                f"{format_number(len(value))}. Raccourcissez-le.",
                code="max_length",
            )


class LimitedTextField(forms.CharField):
    def to_python(self, value):
        # Browsers count a line break as one character against `maxlength` but post it as CR LF.
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if isinstance(text, str) else text


def limited_text(label: str, limit: int, *, rows: int = 4, help_text: str = "", **kwargs) -> forms.CharField:
    """A free text with its length limit: enforced, said under the field, and stopping the typing in browsers."""
    shown = f"{format_number(limit)} caractères maximum."
    return LimitedTextField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
        help_text=f"{help_text} {shown}" if help_text else shown,
        validators=[TextLimitValidator(limit)],
        **kwargs,
    )
