"""Helpers shared by every form: the error summary at the top, and radio/select choices."""

from wtforms.fields.choices import SelectChoice


def error_summary(form, extra=(), order: list[str] | None = None):
    """(message, anchor) pairs in the order the fields appear on the page.

    `order` names the fields in page order when it differs from their definition order.
    """
    items = [(message, None) for message in extra]
    fields = [form[name] for name in order] if order else list(form)
    for field in fields:
        for message in field.errors:
            anchor = f"{field.id}-0" if field.type == "RadioField" else field.id
            hidden = field.type in ("CSRFTokenField", "HiddenField")
            items.append((message, None if hidden else anchor))
    return items


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a RadioField or SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]
