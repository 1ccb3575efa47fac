"""The score sheet, built per cycle (its criteria and scale), and the conflict form."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from award.cycles.models import Cycle
from award.formtools import FlaskForm, Stripped, choices
from award.jury.sheets import COMMENT_MAX, SheetInput

REASON_MAX = 2000


def comment_field(label):
    return TextAreaField(label, filters=[Stripped()], validators=[
        Optional(), Length(max=COMMENT_MAX, message=_l("Kommentaren må højst være %(max)d tegn "
                                                       "lang.", max=COMMENT_MAX))])


class SheetForm(FlaskForm):
    overall_comment = comment_field(_l("Samlet kommentar (valgfri)"))

    criterion_numbers: list[int]
    # The fields in the order of the page, for the error summary.
    page_order: list[str]

    def entered(self) -> SheetInput:
        # Only spaces is no score: Optional() lets such a value past the scale check.
        sent = {n: (self[f"score_{n}"].data or "").strip() for n in self.criterion_numbers}
        scores = {n: int(value) if value else None for n, value in sent.items()}
        comments = {n: self[f"comment_{n}"].data or "" for n in self.criterion_numbers}
        return SheetInput(scores, comments, self.overall_comment.data or "")


def sheet_form(cycle: Cycle, language: str, **kwargs) -> SheetForm:
    """One radio group (the scale's labelled steps) and one comment per criterion."""

    class CycleSheetForm(SheetForm):
        pass

    steps = choices((str(value), f"{value} = {cycle.scale_label(value, language)}")
                    for value in range(cycle.scale_min, cycle.scale_max + 1))
    allowed = [step.value for step in steps]
    for criterion in cycle.criteria:
        number = criterion.number
        setattr(CycleSheetForm, f"score_{number}", RadioField(
            f"{number}. {criterion.text(language)}", choices=steps, validate_choice=False,
            validators=[Optional(), AnyOf(allowed, message=_l("Vælg et af trinene på skalaen."))],
        ))
        setattr(CycleSheetForm, f"comment_{number}", comment_field(
            _l("Kommentar til kriterium %(number)d (valgfri)", number=number)))
    form = CycleSheetForm(**kwargs)
    form.criterion_numbers = [c.number for c in cycle.criteria]
    form.page_order = [name for n in form.criterion_numbers
                       for name in (f"score_{n}", f"comment_{n}")] + ["overall_comment"]
    return form


def prefill(entered: SheetInput) -> dict:
    """A stored sheet as form data."""
    data = {"overall_comment": entered.overall_comment}
    for number, value in entered.scores.items():
        data[f"score_{number}"] = str(value) if value is not None else None
    for number, comment in entered.comments.items():
        data[f"comment_{number}"] = comment
    return data


class ConflictForm(FlaskForm):
    reason = TextAreaField(
        _l("Begrundelse"), filters=[Stripped()],
        description=_l("Fx: Jeg har selv været med til at udvikle initiativet, eller jeg er i "
                       "familie med en af de indstillede."),
        validators=[DataRequired(_l("Skriv, hvorfor du er inhabil.")),
                    Length(max=REASON_MAX, message=_l("Begrundelsen må højst være %(max)d tegn "
                                                      "lang.", max=REASON_MAX))])


class WithdrawConflictForm(FlaskForm):
    reason = TextAreaField(
        _l("Hvorfor trækkes inhabiliteten tilbage?"), filters=[Stripped()],
        description=_l("Fx: Jeg tog fejl af initiativet; jeg har ikke noget med det at gøre."),
        validators=[DataRequired(_l("Skriv, hvorfor inhabiliteten trækkes tilbage.")),
                    Length(max=REASON_MAX, message=_l("Begrundelsen må højst være %(max)d tegn "
                                                      "lang.", max=REASON_MAX))])
