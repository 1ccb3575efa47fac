"""The error summary at the top of a form: every field's errors, linked to the field."""


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
