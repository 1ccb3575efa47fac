"""The grant page's forms: a claim with its payee and receipt (added or corrected), approval
(in full or in part, a reason for a missing receipt), payment, a rejection's or withdrawal's
reason, the validity."""

from flask_babel import lazy_gettext as _l
from wtforms import FileField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from award.formtools import DateField, FlaskForm, Stripped, choices
from award.grants import services
from award.grants.money import AmountError, parse_kroner

ACCOUNT, ORGANISATION = "konto", "organisation"


def amount_field(label, required_message, description):
    return StringField(label, filters=[Stripped()], description=description,
                       render_kw={"inputmode": "decimal", "autocomplete": "off"},
                       validators=[DataRequired(required_message)])


def read_amount(form, field):
    """Kroner read exactly into `form.amount_ore`, or the money module's message."""
    try:
        form.amount_ore = parse_kroner(field.data)
    except AmountError as error:
        raise ValidationError(str(error)) from error


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
    amount = amount_field(_l("Beløb i kroner"), _l("Skriv beløbet i kroner, fx 2.500,00."),
                          _l("Med komma før ørerne, fx 2.500,00 eller 2500."))
    payee_name = StringField(_l("Modtager"), filters=[Stripped()],
                             description=_l("Hvem pengene skal udbetales til, fx den "
                                            "medarbejder, der rejste."),
                             validators=[DataRequired(_l("Skriv, hvem pengene skal udbetales "
                                                         "til.")),
                                         Length(max=services.PAYEE_NAME_MAX)])
    payee_method = RadioField(_l("Sådan udbetales pengene"), choices=choices([
        (ACCOUNT, _l("Til modtagerens konto")),
        (ORGANISATION, _l("Via organisationen"))]),
        validators=[DataRequired(_l("Vælg, hvordan pengene udbetales."))])
    payee_account = StringField(_l("Kontoreference (ved udbetaling til konto)"),
                                filters=[Stripped()],
                                description=_l("Fx reg.nr. og kontonummer. Skriv ikke "
                                               "CPR-nummer."),
                                render_kw={"autocomplete": "off"},
                                validators=[Length(max=services.ACCOUNT_MAX)])
    receipt = FileField(_l("Kvittering (valgfri)"),
                        description=_l("Én fil på højst 10 MB: PDF, Word (DOCX), PNG eller JPEG."))

    amount_ore: int | None = None
    validate_amount = read_amount

    def validate_payee_account(self, field):
        if self.payee_method.data == ACCOUNT and not field.data:
            raise ValidationError(_l("Skriv modtagerens kontoreference, eller vælg, at pengene "
                                     "udbetales via organisationen."))

    def details(self) -> services.ClaimDetails:
        via_organisation = self.payee_method.data == ORGANISATION
        return services.ClaimDetails(
            travel_date=self.travel_date.day, event=self.event.data, place=self.place.data,
            description=self.description.data or "", amount_ore=self.amount_ore,
            payee_name=self.payee_name.data,
            payee_account="" if via_organisation else self.payee_account.data,
            payee_via_organisation=via_organisation)


class ApproveForm(FlaskForm):
    """Approval: the amount (the claimed, or less with a reason), and why there is no receipt
    when there is none."""

    amount = amount_field(_l("Beløb, der godkendes, i kroner"),
                          _l("Skriv det beløb, der godkendes, fx 2.500,00."),
                          _l("Det søgte beløb, eller mindre. Højst det, der er tilbage af "
                             "bevillingen."))
    reason = TextAreaField(_l("Begrundelse, hvis der godkendes mindre end søgt"),
                           filters=[Stripped()],
                           description=_l("Fx at kvitteringerne kun dækker en del af "
                                          "beløbet."),
                           validators=[Length(max=services.REASON_MAX)])
    no_receipt_reason = TextAreaField(_l("Hvorfor er der ingen kvittering?"),
                                      filters=[Stripped()],
                                      description=_l("Fx at billetten blev købt med "
                                                     "rejsekort, og at rejsen er dokumenteret "
                                                     "på anden måde."),
                                      validators=[Length(max=services.REASON_MAX)])

    amount_ore: int | None = None
    validate_amount = read_amount


class PayForm(FlaskForm):
    paid_on = DateField(_l("Udbetalt den"), _l("Skriv datoen for udbetalingen."))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Begrundelse (valgfri)"), filters=[Stripped()],
                           description=_l("Fx at modtageren ikke længere søger udgiften "
                                          "dækket."),
                           validators=[Length(max=services.REASON_MAX)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Begrundelse for afvisningen"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv en begrundelse for afvisningen.")),
        Length(max=services.REASON_MAX)])


class ValidityForm(FlaskForm):
    valid_until = DateField(_l("Sidste gyldighedsdag"),
                            _l("Skriv bevillingens sidste gyldighedsdag."))
