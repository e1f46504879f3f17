"""What a browser reads from a page to post one of its forms: the fields and their current values."""

import re
from html import unescape
from html.parser import HTMLParser

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class _Forms(HTMLParser):
    """Every <form> of a page: its attributes and its successful fields (name, value), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None or "name" not in attrs:
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            fields.append((attrs["name"], ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = attrs["name"], None, False

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self._select_first is None:
            self._select_first = value
        if "selected" in attrs and not self._select_chosen:
            self._form["fields"].append((self._select, value))
            self._select_chosen = True

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((self._select, self._select_first))
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_where(html: str, **attrs) -> dict | None:
    """The first form whose attributes contain every `attrs` value (e.g. `action="/…/candidater/"`)."""
    for form in page_forms(html):
        if all(wanted in form["attrs"].get(key.replace("_", "-"), "") for key, wanted in attrs.items()):
            return form
    return None


def filled(form: dict, values: dict[str, str]) -> dict[str, str]:
    """The form's fields as the page shows them, with `values` typed over them (a browser posts every field)."""
    data = dict(form["fields"])
    data.update(values)
    return data


def csrf_token(html: str) -> str:
    match = CSRF_META.search(html)
    return unescape(match.group(1)) if match else ""
