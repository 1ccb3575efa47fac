"""The secretariat's jury pages: the jury, adding a juror (or seating last year's again),
removing one, inviting again, juror and criterion weights."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.auth.links import invitation_link, invitation_valid
from award.criteria.weights import format_hundredths
from award.cycles.models import Cycle
from award.cycles.services import set_criterion_weights, update_cycle
from award.extensions import db
from award.formtools import ConfirmForm, error_summary
from award.jury import jurors
from award.jury.models import Juror
from award.secretariat import bp
from award.secretariat.forms import (
    JurorForm,
    JurorWeightForm,
    criterion_weights_form,
    kind_labels,
    parse_chain,
)
from award.web import commits, load_cycle, refusals


def load_juror(cycle: Cycle, juror_id: int) -> Juror:
    juror = db.session.get(Juror, juror_id)
    if juror is None or juror.cycle_id != cycle.id:
        abort(404)
    return juror


def jury_view(cycle: Cycle, problems=(), status=200):
    earlier, _again = jurors.earlier_jury(cycle)
    return render_template("secretariat/jury.html", cycle=cycle, jurors=jurors.jurors(cycle),
                           kinds=kind_labels(), earlier=earlier,
                           errors=[(message, None) for message in problems]), status


@bp.get("/<int:year>/jury")
@secretariat_required
def jury(year: int):
    return jury_view(load_cycle(year))


def confirmed_juror(year: int, juror_id: int) -> tuple[Cycle, Juror]:
    """The cycle and juror of a button's POST, once its CSRF token has been checked."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    cycle = load_cycle(year)
    return cycle, load_juror(cycle, juror_id)


@bp.post("/<int:year>/jury/<int:juror_id>/fjern")
@secretariat_required
@commits
def remove_juror(year: int, juror_id: int):
    _cycle, juror = confirmed_juror(year, juror_id)
    problems = []
    name = juror.name
    with refusals(problems):
        jurors.remove_juror(juror, actor=current_user.email, at=timeutil.now())
        flash(_("%(name)s er fjernet fra juryen for %(year)d.", name=name, year=year),
              "success")
        return redirect(url_for(".jury", year=year))
    return jury_view(load_cycle(year), problems, 409)


@bp.post("/<int:year>/jury/<int:juror_id>/invitation")
@secretariat_required
@commits
def invite_juror_again(year: int, juror_id: int):
    _cycle, juror = confirmed_juror(year, juror_id)
    problems = []
    with refusals(problems):
        jurors.invite_again(juror, actor=current_user.email, at=timeutil.now(),
                            link=invitation_link, invitation_valid=invitation_valid())
        flash(_("%(name)s har fået en ny invitation på e-mail.", name=juror.name), "success")
        return redirect(url_for(".jury", year=year))
    return jury_view(load_cycle(year), problems, 409)


@bp.route("/<int:year>/jury/fra-tidligere", methods=["GET", "POST"])
@secretariat_required
@commits
def seat_earlier_jurors(year: int):
    """Seat jurors of the latest earlier jury again: the secretariat chooses whom."""
    cycle = load_cycle(year)
    earlier, candidates = jurors.earlier_jury(cycle)
    if earlier is None:
        abort(404)
    form = ConfirmForm()
    problems = []
    if form.validate_on_submit():
        values = set(request.form.getlist("juror"))
        chosen = [juror for juror in candidates if str(juror.id) in values]
        if len(chosen) < len(values):
            problems.append(_("Et af de valgte jurymedlemmer er allerede med i juryen for "
                              "%(year)d eller findes ikke. Vælg igen.", year=year))
        else:
            with refusals(problems):
                seated = jurors.seat_again(cycle, chosen, actor=current_user.email,
                                           at=timeutil.now(), link=invitation_link,
                                           invitation_valid=invitation_valid())
                flash(ngettext("%(num)d jurymedlem fra %(earlier)d er sat ind i juryen for "
                               "%(year)d.", "%(num)d jurymedlemmer fra %(earlier)d er sat ind "
                               "i juryen for %(year)d.", len(seated), earlier=earlier.year,
                               year=year), "success")
                return redirect(url_for(".jury", year=year))
        earlier, candidates = jurors.earlier_jury(load_cycle(year))
    return render_template("secretariat/jury_again.html", cycle=cycle, earlier=earlier,
                           candidates=candidates, kinds=kind_labels(), form=form,
                           errors=[(message, "juror-0") for message in problems]), \
        400 if problems else 200


@bp.route("/<int:year>/jury/ny", methods=["GET", "POST"])
@secretariat_required
@commits
def add_juror(year: int):
    cycle = load_cycle(year)
    form = JurorForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            juror, url = jurors.add_juror(
                cycle, email=form.email.data, name=form.name.data, kind=form.kind.data,
                organisation=form.organisation.data or "",
                weight_hundredths=form.weight.hundredths, actor=current_user.email,
                at=timeutil.now(), link=invitation_link, invitation_valid=invitation_valid(),
            )
            if url:
                flash(_("%(name)s er tilføjet til juryen og har fået en invitation på e-mail.",
                        name=juror.name), "success")
            else:
                flash(_("%(name)s er tilføjet til juryen. Der er ikke sendt en invitation, "
                        "fordi %(name)s allerede har en adgangskode og kan logge ind.",
                        name=juror.name), "success")
            return redirect(url_for(".jury", year=year))
    return render_template("secretariat/juror_form.html", cycle=cycle, form=form,
                           errors=error_summary(form, problems), kinds=kind_labels())


@bp.route("/<int:year>/jury/<int:juror_id>/vaegt", methods=["GET", "POST"])
@secretariat_required
@commits
def juror_weight(year: int, juror_id: int):
    cycle = load_cycle(year)
    juror = load_juror(cycle, juror_id)
    form = JurorWeightForm(data={"weight": format_hundredths(juror.weight_hundredths)})
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            jurors.set_juror_weight(juror, form.weight.hundredths, actor=current_user.email,
                                    at=timeutil.now())
            flash(_("Vægten for %(name)s er gemt.", name=juror.name), "success")
            return redirect(url_for(".jury", year=year))
    return render_template("secretariat/juror_weight.html", cycle=cycle, juror=juror, form=form,
                           errors=error_summary(form, problems))


@bp.route("/<int:year>/kriterier/vaegte", methods=["GET", "POST"])
@secretariat_required
@commits
def criterion_weights(year: int):
    """The criterion weights and the tie-break chain."""
    cycle = load_cycle(year)
    form = criterion_weights_form(cycle, data={
        **{f"weight_{c.number}": format_hundredths(c.weight_hundredths) for c in cycle.criteria},
        "tie_break": ", ".join(map(str, cycle.tie_break))})
    problems = []
    if form.validate_on_submit():
        chain = parse_chain(form.tie_break.data)
        if chain is None:
            form.tie_break.errors.append(_("Skriv kriteriernes numre adskilt af komma, fx 7, 3."))
        else:
            with refusals(problems):
                moment = timeutil.now()
                set_criterion_weights(
                    cycle, [form[f"weight_{c.number}"].hundredths for c in cycle.criteria],
                    actor=current_user.email, at=moment)
                update_cycle(cycle, {"tie_break": chain}, actor=current_user.email, at=moment)
                flash(_("Kriteriernes vægte og rækkefølgen ved lighed er gemt."), "success")
                return redirect(url_for(".jury", year=year))
    return render_template("secretariat/criterion_weights.html", cycle=cycle, form=form,
                           errors=error_summary(form, problems))
