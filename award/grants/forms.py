"""The grant page's forms: a claim with its receipt, a rejection's reason, the validity."""

from flask_babel import lazy_gettext as _l
from wtforms import FileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from award.formtools import DateField, FlaskForm, Stripped
from award.grants import services
from award.grants.money import AmountError, parse_kroner


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
