"""The base of every form of Guichet QVCT: DSFR rendering, optional fields marked, focus on the first error."""

from django import forms
from dsfr.forms import DsfrBaseForm


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
