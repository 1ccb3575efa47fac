"""The nomination form, built per cycle (its criteria, regions and theme question)."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from award.cycles.models import Cycle
from award.formtools import FlaskForm, Stripped, choices, email_field

NAME_MAX = 200
SHORT_TEXT_MAX = 2000
ANSWER_MAX = 3000
PHONE = re.compile(r"^\+?[0-9 ()\-]{8,20}$")


def relation_labels():
    return {
        "patient": _l("Patient"),
        "paaroerende": _l("Pårørende"),
        "medarbejder": _l("Medarbejder"),
        "andet": _l("Andet"),
    }


def text(label, message, max_length=NAME_MAX, required=True, hint=None, area=False, **kwargs):
    # DataRequired judges the stripped value: an answer of only spaces is no answer.
    validators = [DataRequired(message) if required else Optional(),
                  Length(max=max_length, message=_l("Teksten må højst være %(max)d tegn lang.",
                                                    max=max_length))]
    field = TextAreaField if area else StringField
    return field(label, validators=validators + kwargs.pop("extra", []), filters=[Stripped()],
                 description=hint or "", **kwargs)


def phone(label, required):
    validators = [
        DataRequired(_l("Skriv et telefonnummer.")) if required else Optional(),
        Regexp(PHONE, message=_l("Skriv et gyldigt telefonnummer, fx 12 34 56 78 eller "
                                 "+45 12 34 56 78.")),
    ]
    return StringField(label, filters=[Stripped()], validators=validators,
                       render_kw={"type": "tel", "autocomplete": "tel"})


class NominationForm(FlaskForm):
    draft_key = HiddenField()

    initiative_name = text(_l("Initiativets navn"), _l("Skriv initiativets navn."))
    region = RadioField(_l("Region"), validators=[InputRequired(_l("Vælg en region."))],
                        validate_choice=False)
    organisation = text(_l("Hospital eller organisation"),
                        _l("Skriv hospitalets eller organisationens navn."),
                        hint=_l("Fx Bispebjerg og Frederiksberg Hospital."))
    unit = text(_l("Afdeling eller enhed (valgfrit)"), None, required=False)
    description = text(_l("Kort beskrivelse af initiativet"), _l("Beskriv kort initiativet."),
                       max_length=SHORT_TEXT_MAX, area=True,
                       hint=_l("Hvad gør initiativet, og for hvem?"))
    theme_answer = text("", None, max_length=ANSWER_MAX, required=False, area=True)

    contact_name = text(_l("Kontaktpersonens navn"),
                        _l("Skriv navnet på en kontaktperson ved initiativet."))
    contact_email = email_field(_l("Kontaktpersonens e-mail"),
                          _l("Skriv kontaktpersonens e-mailadresse."))
    contact_phone = phone(_l("Kontaktpersonens telefonnummer"), required=True)

    nominator_name = text(_l("Dit navn"), _l("Skriv dit navn."))
    nominator_email = email_field(_l("Din e-mail"), _l("Skriv din e-mailadresse."))
    nominator_phone = phone(_l("Dit telefonnummer (valgfrit)"), required=False)
    nominator_relation = RadioField(
        _l("Hvad er din relation til initiativet?"),
        validators=[InputRequired(_l("Vælg din relation til initiativet."))],
    )

    attachments = MultipleFileField(
        _l("Bilag (valgfrit)"),
        description=_l("Højst 5 filer, hver på højst 10 MB. Du kan vedhæfte PDF, Word (DOCX), "
                       "PNG og JPEG."),
    )
    privacy_confirmed = BooleanField(
        _l("Jeg har læst, hvordan oplysningerne bruges"),
        validators=[InputRequired(_l("Bekræft, at du har læst, hvordan oplysningerne bruges."))],
    )
    # Honeypot: hidden from people and screen readers; only robots fill it in.
    website = StringField(_l("Lad dette felt være tomt"))

    criterion_fields: list[str]
    page_order: list[str]
    # The order of the fields on the page after the criteria, which the error summary follows.
    page_order_after_criteria = (
        "theme_answer", "contact_name", "contact_email", "contact_phone", "nominator_name",
        "nominator_email", "nominator_phone", "nominator_relation", "attachments",
        "privacy_confirmed")

    @staticmethod
    def criterion_hint(number: int, count: int):
        return _l("Kriterium %(number)d af %(count)d. Skriv det, du ved – gerne med et "
                  "eksempel.", number=number, count=count)

    def validate_region(self, field):
        if field.data not in self.region_names:
            raise ValidationError(_l("Vælg en region."))


# The order of the fields on the page before the criteria.
PAGE_ORDER_BEFORE_CRITERIA = ("csrf_token", "initiative_name", "region", "organisation", "unit",
                              "description")
ADDRESS_MAX = 500


class RegistrationForm(NominationForm):
    """The secretariat registers a nomination received by letter, phone or e-mail. The page
    speaks of the nominator in the third person. A nominator without e-mail is reached by phone
    or post instead: at least one of the three is needed, and the receipt is then a letter
    (award/nominations/letters.py). After the deadline it is late, with the reason (the rule
    is the service's)."""

    nominator_name = text(_l("Indstillerens navn"), _l("Skriv indstillerens navn."))
    nominator_email = email_field(
        _l("Indstillerens e-mail"), None, autocomplete=None, required=False,
        description=_l("Kun indstillerens egen e-mailadresse: kvitteringen og det private link "
                       "til at rette indstillingen sendes hertil. Har indstilleren ingen "
                       "e-mail, så lad feltet stå tomt."))
    nominator_phone = phone(_l("Indstillerens telefonnummer"), required=False)
    nominator_address = text(
        _l("Indstillerens postadresse"), None, max_length=ADDRESS_MAX, required=False,
        area=True, hint=_l("Som på en kuvert: gade og nummer, postnummer og by."))
    nominator_relation = RadioField(
        _l("Indstillerens relation til initiativet"),
        validators=[InputRequired(_l("Vælg indstillerens relation til initiativet."))],
    )
    privacy_confirmed = BooleanField(
        _l("Indstilleren er orienteret om, hvordan oplysningerne bruges"),
        validators=[InputRequired(_l("Bekræft, at indstilleren er orienteret om, hvordan "
                                     "oplysningerne bruges."))],
    )
    late_reason = text(_l("Hvorfor registreres indstillingen efter fristen?"), None,
                       max_length=SHORT_TEXT_MAX, required=False, area=True)
    # The refusal of a late registration without a reason, set by the view after the
    # deadline: shown beside the reason's field, so that the files of the post are kept.
    late_without_reason = None

    page_order_after_criteria = (
        "theme_answer", "contact_name", "contact_email", "contact_phone", "nominator_name",
        "nominator_email", "nominator_phone", "nominator_address", "nominator_relation",
        "attachments", "late_reason", "privacy_confirmed")

    @staticmethod
    def criterion_hint(number: int, count: int):
        return _l("Kriterium %(number)d af %(count)d.", number=number, count=count)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        reachable = (self.nominator_email.data or self.nominator_phone.data
                     or self.nominator_address.data)
        if not reachable and not self.nominator_email.errors:
            self.nominator_email.errors.append(_l(
                "Skriv indstillerens e-mail, telefonnummer eller postadresse, så "
                "sekretariatet kan give indstilleren en kvittering."))
            valid = False
        if self.late_without_reason and not self.late_reason.data:
            self.late_reason.errors = [*self.late_reason.errors, self.late_without_reason]
            valid = False
        return valid


def nomination_form(cycle: Cycle, language: str, base: type[NominationForm] = NominationForm,
                    **kwargs) -> NominationForm:
    """A form class for this cycle: one answer field per criterion, its regions."""

    class CycleNominationForm(base):
        pass

    names = []
    for criterion in cycle.criteria:
        name = f"answer_{criterion.number}"
        names.append(name)
        setattr(CycleNominationForm, name, text(
            criterion.text(language),
            _l("Skriv, hvordan initiativet opfylder kriterium %(number)d.",
               number=criterion.number),
            max_length=ANSWER_MAX, area=True,
            hint=base.criterion_hint(criterion.number, len(cycle.criteria)),
        ))
    form = CycleNominationForm(**kwargs)
    form.criterion_fields = names
    form.page_order = [*PAGE_ORDER_BEFORE_CRITERIA, *names, *form.page_order_after_criteria]
    form.region_names = cycle.region_choices
    form.region.choices = choices((name, name) for name in cycle.region_choices)
    form.nominator_relation.choices = choices(relation_labels().items())
    question = cycle.theme_question(language)
    if question:
        form.theme_answer.label.text = question
        # The label is the question itself; the hint says it is optional, as the page
        # promises for every field that need not be filled in.
        form.theme_answer.description = _l("Valgfrit. Svar, hvis årets tema passer til "
                                           "initiativet.")
    return form
