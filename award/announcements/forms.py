"""The secretariat's forms: the announcement's text (Markdown), the diploma's signatory, and
leaving a nomination out of the public list (and putting it back)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from award.announcements.services import (
    BODY_MAX,
    HEADLINE_MAX,
    LEAD_MAX,
    MARKDOWN_FIELDS,
    PRESS_EMAIL_MAX,
    PRESS_NAME_MAX,
    REASON_MAX,
    SIGNATORY_MAX,
    Text,
    markdown_problems,
)
from award.formtools import FlaskForm, Stripped, ascii_only, row_id
from award.nominations.forms import PHONE

MARKDOWN_HINT = _l("Markdown: en tom linje mellem afsnit, **fed**, *kursiv*, ## for en "
                   "mellemrubrik, > for et citat og [tekst](https://adresse) for et link. "
                   "HTML og billeder kan ikke bruges.")


class AnnouncementForm(FlaskForm):
    headline_da = StringField(_l("Overskrift"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv en overskrift.")), Length(max=HEADLINE_MAX)])
    lead_da = TextAreaField(_l("Indledning"), filters=[Stripped()],
                            description=_l("Vises med fed skrift under overskriften."),
                            validators=[Optional(), Length(max=LEAD_MAX)])
    body_da = TextAreaField(_l("Brødtekst"), filters=[Stripped()], description=MARKDOWN_HINT,
                            validators=[Optional(), Length(max=BODY_MAX)])
    headline_en = StringField(_l("Overskrift på engelsk (valgfri)"), filters=[Stripped()],
                              validators=[Optional(), Length(max=HEADLINE_MAX)])
    lead_en = TextAreaField(_l("Indledning på engelsk (valgfri)"), filters=[Stripped()],
                            validators=[Optional(), Length(max=LEAD_MAX)])
    body_en = TextAreaField(_l("Brødtekst på engelsk (valgfri)"), filters=[Stripped()],
                            validators=[Optional(), Length(max=BODY_MAX)])

    press_name = StringField(_l("Pressekontakt: navn (valgfri)"), filters=[Stripped()],
                             description=_l("Vises sidst i pressemeddelelsen med telefonnummer "
                                            "og e-mailadresse."),
                             validators=[Optional(), Length(max=PRESS_NAME_MAX)])
    press_phone = StringField(_l("Pressekontakt: telefonnummer"), filters=[Stripped()],
                              render_kw={"type": "tel"}, validators=[
                                  Optional(), Regexp(PHONE, message=_l(
                                      "Skriv et gyldigt telefonnummer, fx 12 34 56 78 eller "
                                      "+45 12 34 56 78."))])
    press_email = StringField(_l("Pressekontakt: e-mailadresse"), filters=[Stripped()],
                              render_kw={"type": "email", "spellcheck": "false"}, validators=[
                                  Optional(), Length(max=PRESS_EMAIL_MAX), ascii_only,
                                  Email(message=_l("Skriv en e-mailadresse i formatet "
                                                   "navn@eksempel.dk."))])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and (self.press_phone.data or self.press_email.data) \
                and not self.press_name.data:
            self.press_name.errors.append(_l("Skriv pressekontaktens navn, eller lad "
                                             "telefonnummer og e-mailadresse stå tomme."))
            valid = False
        if valid and self.press_name.data and not (self.press_phone.data
                                                   or self.press_email.data):
            self.press_phone.errors.append(_l("Skriv pressekontaktens telefonnummer eller "
                                              "e-mailadresse."))
            valid = False
        if valid and (self.lead_en.data or self.body_en.data) and not self.headline_en.data:
            self.headline_en.errors.append(_l("Skriv også en engelsk overskrift, eller lad de "
                                              "engelske felter stå tomme."))
            valid = False
        # Markdown the page could not show as written: beside the field, before anything is
        # saved or published.
        for name, label in MARKDOWN_FIELDS:
            field = self[name]
            messages = markdown_problems(field.data or "", label)
            if messages and not field.errors:
                field.errors = [*field.errors, *messages]
                valid = False
        return valid

    def values(self) -> dict:
        return {name: self[name].data or "" for name in Text.names()}


class SignatoryForm(FlaskForm):
    signatory_name = StringField(_l("Navn"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv navnet på den, der skriver under på diplomet.")),
        Length(max=SIGNATORY_MAX)])
    signatory_title = StringField(_l("Titel"), filters=[Stripped()],
                                  description=_l("Fx formand for Danske Regioner."),
                                  validators=[Optional(), Length(max=SIGNATORY_MAX)])


class LeaveOutForm(FlaskForm):
    """Leave a nomination out of the public list, with the reason."""

    nomination = SelectField(_l("Indstilling"), coerce=row_id, validate_choice=False)
    reason = TextAreaField(_l("Begrundelse"), filters=[Stripped()],
                           description=_l("Fx at indstilleren har bedt om det. Vises kun for "
                                          "sekretariatet."),
                           validators=[DataRequired(_l("Skriv, hvorfor indstillingen udelades.")),
                                       Length(max=REASON_MAX)])


class PutBackForm(FlaskForm):
    """Put a left-out nomination back on the public list."""

    nomination = HiddenField(filters=[lambda value: row_id(value) if value else None])
