from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from award.criteria.weights import WeightError, parse_hundredths
from award.cycles.models import Cycle
from award.formtools import DateField, FlaskForm, Stripped, choices, email_field, row_id
from award.jury.forms import REASON_MAX
from award.jury.models import JurorKind
from award.nominations.models import IneligibilityReason
from award.rounds.models import Method


def kind_labels():
    return {
        JurorKind.PATIENT_REPRESENTATIVE: _l("Patientrepræsentant"),
        JurorKind.PATIENT_ORGANISATION: _l("Patientorganisation"),
        JurorKind.EXPERT: _l("Fagperson"),
    }


def method_labels():
    return {Method.WEIGHTED: _l("Vægtet gennemsnit"), Method.NORMALISED: _l("Normaliseret")}


class WeightField(StringField):
    """An exact weight with at most two decimals; `.hundredths` holds the parsed value."""

    hundredths: int | None = None

    def __init__(self, label, positive: bool, **kwargs):
        super().__init__(label, filters=[Stripped()],
                         validators=[DataRequired(_l("Skriv en vægt, fx 1 eller 1,5."))],
                         render_kw={"inputmode": "decimal"}, **kwargs)
        self.positive = positive

    def post_validate(self, form, validation_stopped):
        if validation_stopped or self.errors:
            return
        try:
            self.hundredths = parse_hundredths(self.data)
        except WeightError:
            self.errors.append(_l("Skriv en vægt med højst to decimaler, fx 1, 1,5 eller 1,25."))
            return
        if self.positive and self.hundredths <= 0:
            self.errors.append(_l("Vægten skal være større end 0."))


class JurorForm(FlaskForm):
    name = StringField(_l("Navn"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv jurymedlemmets navn.")), Length(max=200)])
    email = email_field(_l("E-mail"), _l("Skriv jurymedlemmets e-mailadresse."),
                        autocomplete=None)
    organisation = StringField(_l("Organisation (valgfri)"), filters=[Stripped()],
                               validators=[Optional(), Length(max=200)])
    kind = RadioField(_l("Type"),
                      validators=[InputRequired(_l("Vælg, hvilken type jurymedlem det er."))])
    weight = WeightField(_l("Vægt"), positive=True, default="1",
                         description=_l("Et tal større end 0 med højst to decimaler. "
                                        "Normalt 1."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(kind_labels().items())


class JurorWeightForm(FlaskForm):
    weight = WeightField(_l("Vægt"), positive=True,
                         description=_l("Et tal større end 0 med højst to decimaler."))


class JuryFromEarlierForm(FlaskForm):
    jurors = SelectMultipleField(_l("Jurymedlemmer"), coerce=row_id, choices=[],
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(), validators=[
                                     DataRequired(_l("Vælg mindst ét jurymedlem."))])


def criterion_weights_form(cycle: Cycle, **kwargs) -> FlaskForm:
    class CriterionWeightsForm(FlaskForm):
        def validate(self, extra_validators=None):
            if not super().validate(extra_validators):
                return False
            if sum(self[f"weight_{c.number}"].hundredths for c in cycle.criteria) <= 0:
                self[f"weight_{cycle.criteria[0].number}"].errors.append(
                    _l("Mindst ét kriterium skal have en vægt over 0."))
                return False
            return True

    for criterion in cycle.criteria:
        setattr(CriterionWeightsForm, f"weight_{criterion.number}", WeightField(
            f"{criterion.number}. {criterion.text_da}", positive=False))
    CriterionWeightsForm.tie_break = StringField(
        _l("Rækkefølgen ved lighed"), filters=[Stripped()],
        description=_l("Kriteriernes numre adskilt af komma, fx 7, 3: står to indstillinger "
                       "lige, afgør gennemsnittet for kriterium 7 først, så kriterium 3."),
        validators=[Optional()])
    return CriterionWeightsForm(**kwargs)


def parse_chain(text: str) -> list[int] | None:
    """"7, 3" -> [7, 3]; None when it is not a list of numbers."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    return [int(part) for part in parts] if all(part.isdigit() for part in parts) else None


class RoundForm(FlaskForm):
    number = IntegerField(_l("Rundens nummer"), validators=[
        InputRequired(_l("Skriv rundens nummer.")), NumberRange(min=1)])
    name = StringField(_l("Navn"), filters=[Stripped()],
                       validators=[DataRequired(_l("Giv runden et navn.")), Length(max=200)])
    deadline = DateField(_l("Frist for bedømmelserne (valgfri)"), with_time=True)
    advance = IntegerField(_l("Antal, der går videre (valgfri)"),
                           validators=[Optional(), NumberRange(min=1)])
    quorum = IntegerField(_l("Mindste antal bedømmelser pr. indstilling"), default=1,
                          validators=[InputRequired(), NumberRange(min=1)])
    method = RadioField(_l("Beregning"), default=Method.WEIGHTED,
                        validators=[InputRequired(_l("Vælg en beregning."))])
    panel_choice = RadioField(_l("Panel"), default="all", choices=choices([
        ("all", _l("Hele juryen")), ("some", _l("Udvalgte jurymedlemmer"))]))
    panel = SelectMultipleField(_l("Jurymedlemmer i panelet"), coerce=row_id, choices=[],
                                widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = choices(method_labels().items())

    def validate_panel(self, field):
        if self.panel_choice.data == "some" and not field.data:
            raise ValidationError(_l("Vælg mindst ét jurymedlem til panelet."))


class ConflictRecordForm(FlaskForm):
    juror = SelectField(_l("Jurymedlem"), coerce=row_id, validate_choice=False)
    entry = SelectField(_l("Indstilling"), coerce=row_id, validate_choice=False)
    reason = TextAreaField(_l("Begrundelse"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv begrundelsen for inhabiliteten.")),
        Length(max=REASON_MAX)])


class ResolveForm(FlaskForm):
    """The order of entries the formula left tied, by a place chosen for each: built for one
    group of tied entries by `resolve_form`."""

    reason = TextAreaField(_l("Begrundelse"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv begrundelsen for rækkefølgen.")), Length(max=REASON_MAX)])

    def places(self) -> list:
        return [field for name, field in self._fields.items() if name.startswith("place_")]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        chosen = [field.data for field in self.places() if field.data]
        if valid and len(set(chosen)) != len(chosen):
            self.places()[0].errors.append(_l("Giv hver indstilling sin egen plads."))
            valid = False
        return valid

    def order(self) -> list[int]:
        """The entries' ids by the places chosen for them."""
        return [int(field.name.rsplit("_", 1)[1]) for field in
                sorted(self.places(), key=lambda field: int(field.data))]

    def field_order(self) -> list[str]:
        return [*(name for name in self._fields if name.startswith("place_")), "reason"]


def resolve_form(index: int, entries: list[tuple[int, str]], first_place: int) -> ResolveForm:
    """The form for the index-th group of tied entries ((id, "AP-… name") each), whose places
    run from first_place; the prefix keeps its fields apart from the other groups' forms."""
    places = [(str(place), _l("%(place)d. plads", place=place))
              for place in range(first_place, first_place + len(entries))]

    class GroupForm(ResolveForm):
        pass

    for entry, label in entries:
        setattr(GroupForm, f"place_{entry}", SelectField(
            label, choices=choices([("", _l("Vælg plads")), *places]),
            validators=[DataRequired(_l("Vælg en plads til %(entry)s.", entry=label))]))
    return GroupForm(prefix=f"lighed{index}-")


class DecisionForm(FlaskForm):
    entry = RadioField(_l("Vinder"), coerce=row_id, validate_choice=False,
                       validators=[InputRequired(_l("Vælg vinderen."))])
    reason = TextAreaField(_l("Begrundelse (skal udfyldes, hvis vinderen ikke er nummer ét)"),
                           filters=[Stripped()], validators=[Optional(), Length(max=REASON_MAX)],
                           id="decision-reason")  # the tie form beside it has a "reason" too


def ineligibility_labels():
    return {
        IneligibilityReason.NOT_REGIONAL: _l("Ikke et regionalt initiativ"),
        IneligibilityReason.NOT_IMPLEMENTED: _l("Ikke implementeret"),
        IneligibilityReason.OUTSIDE_CALL: _l("Uden for opslaget"),
        IneligibilityReason.DUPLICATE: _l("Dublet"),
        IneligibilityReason.OTHER: _l("Andet"),
    }


class ScreeningForm(FlaskForm):
    references = SelectMultipleField(_l("Indstillinger"), choices=[], validate_choice=False,
                                     widget=ListWidget(prefix_label=False),
                                     option_widget=CheckboxInput())
    decision = RadioField(_l("Vurdering"), choices=choices([
        ("eligible", _l("Egnet")), ("ineligible", _l("Ikke egnet"))]),
        validators=[InputRequired(_l("Vælg, om indstillingerne er egnede."))])
    reason = RadioField(_l("Årsag (når den ikke er egnet)"), validate_choice=False)
    note = TextAreaField(_l("Bemærkning (valgfri; skal udfyldes ved »Andet«)"),
                         filters=[Stripped()], validators=[Optional(), Length(max=REASON_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = choices(ineligibility_labels().items())

    def validate_references(self, field):
        if not field.data:
            raise ValidationError(_l("Vælg mindst én indstilling."))

    def validate_reason(self, field):
        if self.decision.data == "ineligible" and not field.data:
            raise ValidationError(_l("Vælg, hvorfor indstillingerne ikke er egnede."))


class MergeForm(FlaskForm):
    """Two nominations of a cycle to judge as one: each named by reference or initiative
    name (a suggested pair posts the references)."""

    duplicate = StringField(
        _l("Indstillingen, der lægges ind under en anden"), filters=[Stripped()],
        description=_l("Reference eller initiativets navn. Den beholder sin reference, "
                       "kvittering og link."),
        validators=[DataRequired(_l("Skriv referencen eller navnet på den indstilling, der "
                                    "lægges ind under en anden.")), Length(max=200)],
        render_kw={"list": "nomination-names", "autocomplete": "off"})
    into = StringField(
        _l("Indstillingen, der beholdes"), filters=[Stripped()],
        description=_l("Reference eller initiativets navn. Juryen bedømmer den med begges "
                       "svar og bilag."),
        validators=[DataRequired(_l("Skriv referencen eller navnet på den indstilling, der "
                                    "beholdes.")), Length(max=200)],
        render_kw={"list": "nomination-names", "autocomplete": "off"})


class UnmergeForm(FlaskForm):
    duplicate = StringField(validators=[DataRequired()])
