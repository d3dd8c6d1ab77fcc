"""What a browser would submit from an admin page's form: read from the page's HTML itself.

Tests post exactly what the page carries (hidden fields included), not what they assume it
carries, so that a field missing from the page shows up as a failure.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # > 0 inside the wanted form
        self.fields = []  # (name, value) in page order
        self.select = None  # (name, multiple, chosen values, first option)
        self.option = None
        self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.depth or self.form_id is None or attrs.get("id") == self.form_id:
                self.depth += 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select = [name, "multiple" in attrs, [], None]
        elif tag == "option" and self.select is not None:
            self.option = attrs.get("value")
            if self.select[3] is None:
                self.select[3] = self.option
            if "selected" in attrs:
                self.select[2].append(self.option)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "select" and self.select is not None:
            name, multiple, chosen, first = self.select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self.fields += [(name, value or "") for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.text)
            self.fields.append((self.textarea, text.removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)


def form_data(response, form_id=None):
    """{name: value or [values]} of the page's form (the first form, or the one with that id)."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    if not data:
        raise AssertionError(f"no form {form_id or ''} on the page")
    return data


def change_form_data(client, url):
    """The change (or add, or revert) form of an admin page, ready to post back."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = form_data(response, form_id=_form_id(response))
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = "Save"
    return data


def _form_id(response):
    return f"{response.context['opts'].model_name}_form"
