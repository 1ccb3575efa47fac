"""The grant page's forms: a claim with its receipt, a rejection's reason, the validity."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import FileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from award.formtools import FlaskForm, Stripped
from award.grants import services
from award.grants.money import AmountError, parse_kroner

DANISH_DATE = re.compile(r"^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(text: str) -> date:
    """'2.5.2025', '02-05-2025', '2/5/2025' (day first) or '2025-05-02'; ValueError else."""
    text = (text or "").strip()
    if ISO_DATE.match(text):
        return date.fromisoformat(text)
    match = DANISH_DATE.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


class DateField(StringField):
    """A day written the Danish way or as 2025-05-02; `.day` holds it once valid."""

    day: date | None = None

    def __init__(self, label, required_message, **kwargs):
        super().__init__(label, filters=[Stripped()],
                         validators=[DataRequired(required_message)],
                         description=_l("Fx 2.5.2025 eller 2025-05-02."), **kwargs)

    def post_validate(self, form, validation_stopped):
        if validation_stopped or self.errors:
            return
        try:
            self.day = parse_date(self.data)
        except ValueError:
            self.errors.append(_l("Skriv en dato, der findes, fx 2.5.2025 eller 2025-05-02."))


class ClaimForm(FlaskForm):
    travel_date = DateField(_l("Rejsedato"), _l("Skriv datoen for rejsen."))
    event = StringField(_l("Arrangement"), filters=[Stripped()],
                        description=_l("Hvor initiativet blev præsenteret, fx en konference "
                                       "eller et temamøde."),
                        validators=[DataRequired(_l("Skriv, hvilket arrangement rejsen var til.")),
                                    Length(max=services.EVENT_MAX)])
    place = StringField(_l("Sted"), filters=[Stripped()],
                        description=_l("By eller adresse, fx Odense Congress Center."),
                        validators=[DataRequired(_l("Skriv, hvor arrangementet var.")),
                                    Length(max=services.PLACE_MAX)])
    description = TextAreaField(_l("Beskrivelse (valgfri)"), filters=[Stripped()],
                                description=_l("Hvad udgiften dækker, fx tog tur-retur og en "
                                               "overnatning."),
                                validators=[Optional(), Length(max=services.DESCRIPTION_MAX)])
    amount = StringField(_l("Beløb i kroner"), filters=[Stripped()],
                         description=_l("Med komma før ørerne, fx 2.500,00 eller 2500."),
                         render_kw={"inputmode": "decimal", "autocomplete": "off"},
                         validators=[DataRequired(_l("Skriv beløbet i kroner, fx 2.500,00."))])
    receipt = FileField(_l("Kvittering (valgfri)"),
                        description=_l("Én fil på højst 10 MB: PDF, Word (DOCX), PNG eller JPEG."))

    amount_ore: int | None = None

    def validate_amount(self, field):
        try:
            self.amount_ore = parse_kroner(field.data)
        except AmountError as error:
            raise ValidationError(str(error)) from error


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Begrundelse for afvisningen"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv en begrundelse for afvisningen.")),
        Length(max=services.REASON_MAX)])


class ValidityForm(FlaskForm):
    valid_until = DateField(_l("Sidste gyldighedsdag"),
                            _l("Skriv bevillingens sidste gyldighedsdag."))
