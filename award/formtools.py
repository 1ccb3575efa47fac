"""What every form shares: the base class (WTForms' own messages in Danish, no control
characters), the error summary at the top, radio/select choices, stripped text, the e-mail
field and the date field."""

import re
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm as BaseFlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from award import timeutil
from award.dbtypes import INTEGER_MAX
from award.templating import current_language

# WTForms ships no Danish catalogue; its built-in messages (field parsing, default validator
# texts) in Danish. Our own validators carry their own, more specific messages.
DANISH = {
    "This field is required.": "Feltet skal udfyldes.",
    "Invalid input.": "Svaret er ikke gyldigt.",
    "Invalid email address.": "Skriv en e-mailadresse i formatet navn@eksempel.dk.",
    "Invalid URL.": "Skriv en gyldig webadresse.",
    "Field must be equal to %(other_name)s.": "Feltet skal være det samme som %(other_name)s.",
    "Field must be at least %(min)d character long.": "Teksten skal være mindst %(min)d tegn lang.",
    "Field cannot be longer than %(max)d character.": "Teksten må højst være %(max)d tegn lang.",
    "Field must be exactly %(max)d character long.": "Teksten skal være præcis %(max)d tegn lang.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Teksten skal være mellem %(min)d og %(max)d tegn lang.",
    "Number must be at least %(min)s.": "Tallet skal være mindst %(min)s.",
    "Number must be at most %(max)s.": "Tallet må højst være %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Tallet skal være mellem %(min)s og %(max)s.",
    "Invalid value, must be one of: %(values)s.": "Værdien skal være en af: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Værdien må ikke være en af: %(values)s.",
    "Not a valid choice.": "Vælg en af mulighederne.",
    "Invalid Choice: could not coerce.": "Vælg en af mulighederne.",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "Vælg blandt mulighederne.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' er ikke en af mulighederne.",
    "Not a valid integer value.": "Skriv et helt tal, fx 3.",
    "Not a valid decimal value.": "Skriv et tal, fx 1,5.",
    "Not a valid float value.": "Skriv et tal, fx 1,5.",
    "Not a valid date value.": "Skriv en dato, fx 2024-01-13.",
    "Not a valid datetime value.": "Skriv en dato og et klokkeslæt, fx 2024-01-13 12:00.",
    "Not a valid time value.": "Skriv et klokkeslæt, fx 12:00.",
}


class DanishMessages:
    def gettext(self, string):
        return DANISH.get(string, string)

    def ngettext(self, singular, plural, number):
        return DANISH.get(singular, singular if number == 1 else plural)


# Characters nobody means to type, which PostgreSQL refuses (NUL) or a terminal obeys (ESC,
# CR, ...): the C0 controls, DEL and the C1 controls. Tab is white space anywhere; a line break
# (CR, LF) is text in a text area only.
CONTROL_IN_TEXT_AREA = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_IN_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def row_id(value) -> int:
    """The coerce of a field that names a row by its id: a positive whole number an id column
    can hold. Anything else fails to coerce, so the field says "Vælg en af mulighederne"."""
    number = int(value)
    if not 0 < number <= INTEGER_MAX:
        raise ValueError("not an id")
    return number


def control_characters(field) -> re.Pattern:
    return CONTROL_IN_TEXT_AREA if isinstance(field, TextAreaField) else CONTROL_IN_LINE


class FlaskForm(BaseFlaskForm):
    """The base of every form here. A field that holds control characters is refused with
    one plain message, whatever else its validators said, and shown again without them (they
    are invisible, so the person could not find them to delete)."""

    class Meta(BaseFlaskForm.Meta):
        def get_translations(self, form):
            if current_language() == "da":
                return DanishMessages()
            return super().get_translations(form)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.type != "CSRFTokenField" and _refuse_control_characters(field):
                valid = False
        return valid


def _refuse_control_characters(field) -> bool:
    """True when the field held control characters: its errors become one message and its
    value is cleaned for showing again."""
    pattern = control_characters(field)
    sent = [value for value in field.raw_data or () if isinstance(value, str)]
    if not any(pattern.search(value) for value in sent):
        return False
    field.errors = [_l("Feltet indeholdt usynlige tegn, som ikke kan gemmes. Vi har fjernet "
                       "dem. Se teksten igennem, og prøv igen.")]
    field.raw_data = [pattern.sub("", value) if isinstance(value, str) else value
                      for value in field.raw_data]
    if isinstance(field.data, str):
        field.data = pattern.sub("", field.data)
    elif isinstance(field.data, list):
        field.data = [pattern.sub("", value) if isinstance(value, str) else value
                      for value in field.data]
    return True


def error_summary(form, extra=(), order: list[str] | None = None):
    """(message, anchor) pairs in the order the fields appear on the page.

    `order` names the fields in page order when it differs from their definition order.
    """
    items = [(message, None) for message in extra]
    fields = [form[name] for name in order] if order else list(form)
    for field in fields:
        if field.type == "CSRFTokenField":
            if field.errors:  # Flask-WTF's reasons are English and technical
                items.append((_("Siden har været åben længe, så af sikkerhedshensyn skal du "
                                "sende den igen. Det, du har skrevet, er bevaret: tryk på "
                                "knappen igen."), None))
            continue
        for message in field.errors:
            anchor = f"{field.id}-0" if field.type == "RadioField" else field.id
            items.append((message, None if field.type == "HiddenField" else anchor))
    return items


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a RadioField or SelectField."""
    return [SelectChoice(value, label) for value, label in pairs]


class Stripped:
    """Surrounding white space is not part of an answer, and a line break is one character
    (browsers send CRLF; the on-page counter counts one)."""

    def __call__(self, value):
        return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def ascii_only(form, field):
    """An address with æ, ø, å or any other character outside ASCII can only be mailed with
    SMTPUTF8 all the way, which the outbox does not use and many servers do not offer: the
    format check accepts it, but the receipt could never be sent. Refused here, with a way
    forward."""
    if field.data and not field.data.isascii():
        raise StopValidation(_l(
            "Skriv e-mailadressen uden æ, ø, å og andre specialtegn. Vi kan ikke sende e-mail "
            "til adresser med sådanne tegn, så brug en anden adresse, hvis din har dem."))


def email_field(label, message, autocomplete: str | None = "email", *,
                required: bool = True, description: str = "") -> StringField:
    """An e-mail address that mail can be sent to; required unless `required` is False."""
    render_kw = {"type": "email", "spellcheck": "false"}
    if autocomplete:
        render_kw["autocomplete"] = autocomplete
    validators = [
        DataRequired(message) if required else Optional(),
        Length(max=254, message=_l("E-mailadressen er for lang.")),
        ascii_only,
        Email(message=_l("Skriv en e-mailadresse i formatet navn@eksempel.dk.")),
    ]
    return StringField(label, filters=[Stripped()], render_kw=render_kw,
                       description=description, validators=validators)


class ConfirmForm(FlaskForm):
    """A button that confirms an action (submit, withdraw, send now): only its CSRF token."""


# ---------------------------------------------------------------- dates

# Month names as people write them, Danish and English, whole or cut short ("dec", "dec.").
MONTHS = {name: number for number, names in enumerate((
    ("januar", "january", "jan"), ("februar", "february", "feb"), ("marts", "march", "mar"),
    ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
NUMERIC_DAY = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})")
WORDED_DAY = re.compile(r"(\d{1,2})\.?\s*([a-zæøå]+)\.?\s*(\d{4})")
# A time after the day: "12:00", "12.00", "kl. 12.00", "T12:00" (read in lower case).
TIME = re.compile(r"(?:\s+(?:kl\.?\s*)?|t)(\d{1,2})[.:](\d{2})")


def parse_day(text: str, *, with_time: bool = False) -> tuple[date, time | None]:
    """A day as people write it: 15.12.2026, 15-12-2026, 15/12/2026, 15. december 2026,
    15 dec 2026 or 2026-12-15; with_time, optionally followed by a time (12:00, kl. 12.00).
    ValueError for anything else, or a day or time that does not exist."""
    text = " ".join((text or "").casefold().split())
    for pattern, order in ((ISO_DAY, (0, 1, 2)), (NUMERIC_DAY, (2, 1, 0)),
                           (WORDED_DAY, (2, 1, 0))):
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groups()
        year, month, day = (parts[index] for index in order)
        month_number = int(month) if month.isdigit() else MONTHS.get(month)
        if month_number is None:
            raise ValueError(text)
        found = date(int(year), month_number, int(day))
        rest = text[match.end():]
        if not rest:
            return found, None
        clock = TIME.fullmatch(rest) if with_time else None
        if clock is None:
            raise ValueError(text)
        return found, time(int(clock.group(1)), int(clock.group(2)))
    raise ValueError(text)


def danish_date(day: date) -> str:
    """15.12.2026: how a date field is filled in again."""
    return f"{day.day}.{day.month}.{day.year}"


class DateField(StringField):
    """Every date field: a day typed the Danish way (15.12.2026, 15. december 2026) or as
    2026-12-15, with a calendar to pick it from beside it (award.js). `with_time` also takes
    a time after the day. Once valid, `.day` holds the day and `.time_of_day` the time or
    None."""

    day: date | None = None
    time_of_day: time | None = None

    def __init__(self, label, required_message=None, *, with_time: bool = False,
                 description=None, **kwargs):
        self.with_time = with_time
        example = (_l("En dato, fx 15.2.2024 (til og med den dag), eller en dato og et "
                      "klokkeslæt, fx 15.2.2024 12.00.")
                   if with_time else _l("Fx 2.5.2025 eller 2. maj 2025."))
        super().__init__(
            label, filters=[Stripped()],
            validators=[DataRequired(required_message) if required_message else Optional()],
            description=description or example,
            render_kw={"autocomplete": "off", "spellcheck": "false", "data-date-picker": "",
                       **kwargs.pop("render_kw", {})}, **kwargs)

    def process_data(self, value):
        """A day given as the field's data (a form filled in from a record) shows as 15.12.2026."""
        super().process_data(danish_date(value) if isinstance(value, date) else value)

    def post_validate(self, form, validation_stopped):
        if validation_stopped or self.errors or not self.data:
            return
        try:
            self.day, self.time_of_day = parse_day(self.data, with_time=self.with_time)
        except ValueError:
            self.errors.append(
                _l("Skriv en dato, der findes, fx 15.2.2024, eller en dato og et klokkeslæt, "
                   "fx 15.2.2024 12.00.") if self.with_time else
                _l("Skriv en dato, der findes, fx 2.5.2025 eller 2025-05-02."))

    def deadline(self) -> datetime | None:
        """The day as a deadline, in UTC: a day alone means the end of that day in Copenhagen,
        a day and a time that moment (timeutil.parse_deadline's rule)."""
        if self.day is None:
            return None
        if self.time_of_day is None:
            return timeutil.local_midnight(self.day + timedelta(days=1))
        return datetime.combine(self.day, self.time_of_day,
                                timeutil.COPENHAGEN).astimezone(UTC)
