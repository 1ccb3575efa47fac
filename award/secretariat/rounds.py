"""The secretariat's round pages: opening a round, its progress, conflicts recorded for a
juror, and sheets entered on a juror's behalf."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.extensions import db
from award.formtools import ConfirmForm, choices, error_summary
from award.jury import conflicts, jurors, progress
from award.jury.forms import WithdrawConflictForm
from award.jury.models import Conflict, Juror
from award.jury.sheet_page import load_entry, sheet_page
from award.nominations import services as nominations
from award.nominations.models import Nomination
from award.rounds import closing, decision
from award.rounds import results as round_results
from award.rounds import services as rounds_
from award.rounds.chart import spread_chart
from award.rounds.models import Round
from award.secretariat import bp
from award.secretariat.forms import (
    ConflictRecordForm,
    DecisionForm,
    RoundForm,
    method_labels,
    resolve_form,
)
from award.web import commits, load_cycle, refusals

# Up to this many entries the results page explains every number inline and draws every entry
# in the spread chart; a larger round links each entry to a page of its own and draws its
# first ones (the page would run to megabytes).
INLINE_EXPLANATIONS = 100


def load_round(cycle: Cycle, number: int) -> Round:
    round_ = rounds_.round_by_number(cycle, number)
    if round_ is None:
        abort(404)
    return round_


def confirmed_round(year: int, number: int) -> tuple[Cycle, Round]:
    """The cycle and round of a button's POST, once its CSRF token has been checked."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    cycle = load_cycle(year)
    return cycle, load_round(cycle, number)


def load_panel_juror(round_: Round, juror_id: int) -> Juror:
    juror = db.session.get(Juror, juror_id)
    if juror is None or not rounds_.on_panel(round_, juror):
        abort(404)
    return juror


@bp.route("/<int:year>/runder", methods=["GET", "POST"])
@secretariat_required
@commits
def rounds(year: int):
    cycle = load_cycle(year)
    jury = jurors.jurors(cycle)
    number = rounds_.next_number(cycle)
    form = RoundForm(number=number, name=_("Runde %(number)d", number=number))
    form.panel.choices = choices((j.id, f"{j.name} ({j.email})") for j in jury)
    problems = []
    if form.validate_on_submit():
        emails = None
        if form.panel_choice.data == "some":
            chosen = set(form.panel.data)
            emails = [j.email for j in jury if j.id in chosen]
        with refusals(problems):
            opened = rounds_.open_round(
                cycle, number=form.number.data, name=form.name.data, panel_emails=emails,
                advance=form.advance.data, quorum=form.quorum.data, method=form.method.data,
                deadline_at=form.deadline.deadline(), actor=current_user.email, at=timeutil.now())
            flash(_("%(name)s er åbnet.", name=opened.name), "success")
            return redirect(url_for(".round_page", year=year, number=opened.number))
    return render_template("secretariat/rounds.html", cycle=cycle,
                           rounds=rounds_.rounds(cycle), form=form,
                           errors=error_summary(form, problems), methods=method_labels(),
                           has_jurors=bool(jury),
                           call_closed=cycle.deadline_at <= timeutil.now())


@bp.get("/<int:year>/runder/<int:number>")
@secretariat_required
def round_page(year: int, number: int):
    cycle = load_cycle(year)
    return round_view(cycle, load_round(cycle, number))


def round_conflicts(cycle: Cycle, state: closing.Completeness) -> list:
    """The conflicts that matter in the round: of its panel's jurors with its entries."""
    panel = {juror.id for juror in state.jurors}
    entries = {entry.id for entry in state.entries}
    return [conflict for conflict in conflicts.conflicts(cycle)
            if conflict.juror_id in panel and conflict.nomination_id in entries]


def round_view(cycle: Cycle, round_: Round, *, missing=None, problems=()):
    """The round: its settings, completeness per juror and per entry while it is open, and
    closing (with the missing sheets listed when the secretariat must confirm)."""
    state = closing.completeness(round_)
    return render_template(
        "secretariat/round.html", cycle=cycle, round=round_, state=state,
        by_entry=state.counts_by_entry(),
        panel=[(juror, state.progress(juror)) for juror in state.jurors],
        conflicts=round_conflicts(cycle, state), methods=method_labels(), confirm=ConfirmForm(),
        missing=missing, errors=[(message, None) for message in problems],
    ), 409 if missing else (400 if problems else 200)


@bp.route("/<int:year>/runder/<int:number>/inhabilitet", methods=["GET", "POST"])
@secretariat_required
@commits
def record_conflict(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    panel = rounds_.panel(round_)
    entries = rounds_.entries(round_)
    form = ConflictRecordForm()
    form.juror.choices = choices((j.id, f"{j.name} ({j.email})") for j in panel)
    form.entry.choices = choices((n.id, f"{n.reference}: {n.initiative_name}") for n in entries)
    problems = []
    if form.validate_on_submit():
        juror = next((j for j in panel if j.id == form.juror.data), None)
        nomination = next((n for n in entries if n.id == form.entry.data), None)
        if juror is None or nomination is None:
            problems.append(_("Vælg et jurymedlem i panelet og en indstilling i runden."))
        else:
            with refusals(problems):
                conflicts.declare_conflict(juror, nomination, form.reason.data,
                                           actor=current_user.email, at=timeutil.now())
                flash(_("Inhabiliteten er registreret."), "success")
                return redirect(url_for(".round_page", year=year, number=number))
    return render_template("secretariat/conflict_form.html", cycle=cycle, round=round_,
                           form=form, errors=error_summary(form, problems))


@bp.route("/<int:year>/runder/<int:number>/inhabilitet/<int:conflict_id>/tilbage",
          methods=["GET", "POST"])
@secretariat_required
@commits
def withdraw_conflict(year: int, number: int, conflict_id: int):
    """Take back a conflict of interest of a panel juror on an entry of the round."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    back = url_for(".round_page", year=year, number=number)
    conflict = db.session.get(Conflict, conflict_id)
    if conflict is None:  # withdrawn already (a second click)
        flash(_("Inhabiliteten er allerede trukket tilbage."), "info")
        return redirect(back)
    if (conflict.juror.cycle_id != cycle.id or not rounds_.on_panel(round_, conflict.juror)
            or not rounds_.is_entry(round_, conflict.nomination)):
        abort(404)
    form = WithdrawConflictForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            name = conflict.juror.name
            conflicts.withdraw_conflict(conflict, round_, form.reason.data,
                                        actor=current_user.email, at=timeutil.now())
            flash(_("Inhabiliteten for %(name)s er trukket tilbage.", name=name), "success")
            return redirect(back)
    return render_template("jury/conflict_withdraw.html", round=round_,
                           nomination=conflict.nomination, conflict=conflict, form=form,
                           errors=error_summary(form, problems), back_url=back), \
        400 if form.is_submitted() else 200


@bp.get("/<int:year>/runder/<int:number>/jurymedlemmer/<int:juror_id>")
@secretariat_required
def juror_sheets(year: int, number: int, juror_id: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    juror = load_panel_juror(round_, juror_id)
    return render_template("secretariat/juror_sheets.html", cycle=cycle, round=round_,
                           juror=juror, progress=progress.progress(round_, juror))


@bp.route("/<int:year>/runder/<int:number>/jurymedlemmer/<int:juror_id>/<int:nomination_id>",
          methods=["GET", "POST"])
@secretariat_required
@commits
def proxy_sheet(year: int, number: int, juror_id: int, nomination_id: int):
    """A sheet entered on a juror's behalf (paper sheets); the record says who entered it."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    juror = load_panel_juror(round_, juror_id)
    nomination = load_entry(round_, juror, nomination_id)
    return sheet_page(
        round_, juror, nomination, for_juror=False,
        entry_url=lambda entry: url_for(".proxy_sheet", year=year, number=number,
                                        juror_id=juror.id, nomination_id=entry.id),
        back_url=url_for(".juror_sheets", year=year, number=number, juror_id=juror.id),
        attachment_url=lambda attachment: url_for(
            ".nomination_attachment", year=year, reference=nomination.reference,
            attachment_id=attachment.id),
    )


def confirmation(template: str, cycle: Cycle, **page):
    """A page that says what a step will do and what cannot be undone, before it is done."""
    return render_template(template, cycle=cycle, confirm=ConfirmForm(),
                           **{"hidden": [], **page})


@bp.get("/<int:year>/runder/<int:number>/luk")
@secretariat_required
def close_confirmation(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    if not round_.is_open():
        return redirect(url_for(".round_page", year=year, number=number))
    state = closing.completeness(round_)
    missing = state.missing()
    return confirmation(
        "secretariat/confirm_close.html", cycle, round=round_, state=state, missing=missing,
        title=_("Luk %(name)s", name=round_.name),
        happens=[_("Jurymedlemmerne kan ikke længere ændre eller indsende bedømmelser i "
                   "runden."),
                 _("Resultatet regnes ud og gemmes, og du kommer til resultatsiden.")],
        final=_("Runden kan ikke åbnes igen, og det gemte resultat ændres ikke bagefter."),
        action=url_for(".close", year=year, number=number),
        hidden=[("force", "1")] if missing else [],
        button=_("Luk runden alligevel") if missing else _("Luk runden"),
        back=url_for(".round_page", year=year, number=number))


@bp.route("/<int:year>/runder/<int:number>/luk", methods=["POST"])
@secretariat_required
@commits
def close(year: int, number: int):
    """Close the round; with missing sheets only after "close anyway" (they are listed)."""
    cycle, round_ = confirmed_round(year, number)
    problems = []
    with refusals(problems):
        try:
            closing.close_round(round_, actor=current_user.email, at=timeutil.now(),
                                force=request.form.get("force") == "1")
        except closing.MissingSheets as missing:  # raised before anything was written
            return round_view(cycle, round_, missing=missing.missing)
        flash(_("%(name)s er lukket. Resultatet er gemt og ændres ikke.", name=round_.name),
              "success")
        return redirect(url_for(".results_page", year=year, number=number))
    return round_view(cycle, round_, problems=problems)


@bp.route("/<int:year>/runder/<int:number>/paamind", methods=["POST"])
@secretariat_required
@commits
def remind(year: int, number: int):
    cycle, round_ = confirmed_round(year, number)
    problems = []
    with refusals(problems):
        reminded = closing.remind(round_, actor=current_user.email, at=timeutil.now())
        flash(ngettext("Der er sendt en påmindelse til %(num)d jurymedlem.",
                       "Der er sendt en påmindelse til %(num)d jurymedlemmer.", len(reminded))
              if reminded else _("Ingen mangler at bedømme, så der er ikke sendt påmindelser."),
              "success")
        return redirect(url_for(".round_page", year=year, number=number))
    return round_view(cycle, round_, problems=problems)


@bp.get("/<int:year>/runder/<int:number>/resultat")
@secretariat_required
def results_page(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    return results_view(cycle, round_)


def tie_forms(current: round_results.Results, posted=None) -> list:
    """A form per group of entries to put in order: each open tie, and, while the order can
    still be corrected, each recorded order. `posted` (index, form) replaces its group's."""
    outcome = current.outcome
    groups = [list(group) for group in outcome.tie_groups]
    for resolution in reversed(current.resolutions):
        if not any(set(resolution.order) == set(group) for group in groups):
            groups.append(sorted(resolution.order, key=lambda entry: outcome.entry(entry).rank))
    forms = []
    for index, group in enumerate(groups):
        if posted and posted[0] == index:
            forms.append(posted[1])
            continue
        labelled = [(entry, f"{current.nomination(entry).reference} "
                            f"{current.nomination(entry).initiative_name}") for entry in group]
        forms.append(resolve_form(index, labelled,
                                  min(outcome.entry(entry).rank for entry in group)))
    return forms


def results_view(cycle: Cycle, round_: Round, *, resolve_form=None, decision_form=None,
                 problems=(), status=200):
    """The results page; after a refused form (`resolve_form` as (group index, form), or
    `decision_form`, as posted) with its errors."""
    current = round_results.results(round_)
    if current is None:
        return redirect(url_for(".round_page", year=cycle.year, number=round_.number))
    if resolve_form:
        posted = resolve_form[1]
        errors = error_summary(posted, problems, order=posted.field_order())
    elif decision_form:
        errors = error_summary(decision_form, problems)
    else:
        errors = [(p, None) for p in problems]
    final = decision.final_round(cycle)
    decision_form = decision_form or DecisionForm()
    decision_form.entry.choices = choices(
        (line.entry, f"{current.nomination(line.entry).reference} "
                     f"{current.nomination(line.entry).initiative_name}")
        for line in current.outcome.entries if line.score is not None)
    return render_template(
        "secretariat/results.html", cycle=cycle, round=round_, results=current,
        inline_explanations=len(current.outcome.entries) <= INLINE_EXPLANATIONS,
        chart=spread_chart(current, INLINE_EXPLANATIONS),
        tie_forms=tie_forms(current, resolve_form) if not round_.order_settled() else [],
        decision_form=decision_form, can_decide=final is not None and final.id == round_.id
        and round_.advance_count is None and cycle.decision is None, confirm=ConfirmForm(),
        errors=errors,
    ), status


@bp.get("/<int:year>/runder/<int:number>/resultat/<reference>")
@secretariat_required
def explanation_page(year: int, number: int, reference: str):
    """How one entry's numbers were computed, on a page of its own."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    current = round_results.results(round_)
    nomination = nominations.by_reference(reference)
    if current is None or nomination is None or nomination.id not in current.nominations:
        abort(404)
    return render_template("secretariat/explanation.html", cycle=cycle, round=round_,
                           results=current, nomination=nomination,
                           line=current.outcome.entry(nomination.id))


@bp.route("/<int:year>/runder/<int:number>/afgoer", methods=["POST"])
@secretariat_required
@commits
def resolve(year: int, number: int):
    """Record the order of entries the formula left tied (a place chosen for each), with the
    reason."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    current = round_results.results(round_)
    if current is None:
        return redirect(url_for(".round_page", year=year, number=number))
    forms = tie_forms(current) if not round_.order_settled() else []
    index = next((i for i, form in enumerate(forms) if f"{form._prefix}reason" in request.form),
                 None)
    if index is None:  # the tie was settled meanwhile, or the form was not ours
        return results_view(cycle, round_, problems=[_(
            "Stemmeligheden kan ikke længere afgøres her. Se rangordenen nedenfor.")],
            status=400)
    form = forms[index]
    problems = []
    if form.validate_on_submit():
        order = [current.nomination(entry) for entry in form.order()]
        with refusals(problems):
            round_results.resolve(round_, order, form.reason.data,
                                  actor=current_user.email, at=timeutil.now())
            flash(_("Rækkefølgen er registreret med begrundelsen."), "success")
            return redirect(url_for(".results_page", year=year, number=number))
    return results_view(cycle, round_, resolve_form=(index, form), problems=problems,
                        status=400)


@bp.get("/<int:year>/runder/<int:number>/videre")
@secretariat_required
def advance_confirmation(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    current = round_results.results(round_)
    if (current is None or round_.advance_count is None or round_.advanced_at is not None
            or current.outcome.cut_line_tie):
        return redirect(url_for(".results_page", year=year, number=number))
    advancing = [line for line in current.outcome.entries if line.advanced]
    return confirmation(
        "secretariat/confirm_advance.html", cycle, round=round_,
        short=[current.nomination(line.entry) for line in advancing if line.below_quorum],
        title=_("Send de bedste videre fra %(name)s", name=round_.name),
        happens=[ngettext("Den går videre til næste runde: %(entries)s.",
                          "De går videre til næste runde: %(entries)s.", len(advancing),
                          entries="; ".join(f"{current.nomination(line.entry).reference} "
                                            f"{current.nomination(line.entry).initiative_name}"
                                            for line in advancing)),
                 _("Derefter kan du åbne runde %(number)d med dem.", number=round_.number + 1)],
        final=_("Rækkefølgen i %(name)s kan ikke længere ændres, og de kan ikke tages tilbage.",
                name=round_.name),
        action=url_for(".advance", year=year, number=number), button=_("Send dem videre"),
        back=url_for(".results_page", year=year, number=number))


@bp.route("/<int:year>/runder/<int:number>/videre", methods=["POST"])
@secretariat_required
@commits
def advance(year: int, number: int):
    cycle, round_ = confirmed_round(year, number)
    problems = []
    with refusals(problems):
        advanced = round_results.advance(round_, actor=current_user.email, at=timeutil.now(),
                                         below_quorum_chosen=request.form.get("below_quorum")
                                         == "1")
        flash(ngettext("%(num)d indstilling går videre. Du kan nu åbne næste runde.",
                       "%(num)d indstillinger går videre. Du kan nu åbne næste runde.",
                       len(advanced)), "success")
        return redirect(url_for(".rounds", year=year))
    return results_view(cycle, round_, problems=problems, status=400)


@bp.route("/<int:year>/runder/<int:number>/vinder", methods=["POST"])
@secretariat_required
@commits
def decide(year: int, number: int):
    """Record the winner from the final round."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    form = DecisionForm()
    form.entry.choices = []
    problems = []
    if form.validate_on_submit():
        nomination = db.session.get(Nomination, form.entry.data)
        if nomination is None or nomination.cycle_id != cycle.id:
            problems.append(_("Vælg vinderen blandt indstillingerne i runden."))
        else:
            with refusals(problems):
                if request.form.get("confirmed") != "1":
                    decision.check(cycle, nomination, form.reason.data or "")
                    return decision_confirmation(cycle, round_, nomination, form.reason.data)
                decision.decide(cycle, nomination, actor=current_user.email, at=timeutil.now(),
                                reason=form.reason.data or "")
                flash(_("%(name)s er registreret som vinder af %(year)d.",
                        name=nomination.initiative_name, year=year), "success")
                return redirect(url_for(".results_page", year=year, number=number))
    return results_view(cycle, round_, decision_form=form, problems=problems, status=400)


def decision_confirmation(cycle: Cycle, round_: Round, nomination: Nomination, reason: str):
    happens = [_("%(entry)s registreres som vinder af %(year)d.", year=cycle.year,
                 entry=f"{nomination.reference} {nomination.initiative_name}")]
    if reason:
        happens.append(_("Begrundelsen gemmes med afgørelsen: %(reason)s", reason=reason))
    happens += [_("Rejselegatet til vinderen oprettes."),
                _("Der kan ikke komme flere indstillinger eller åbnes flere runder i "
                  "%(year)d.", year=cycle.year)]
    return confirmation(
        "secretariat/confirm.html", cycle, round=round_, happens=happens,
        title=_("Registrér vinderen af %(year)d", year=cycle.year),
        final=_("Vinderen registreres én gang og kan ikke ændres bagefter, og rækkefølgen i "
                "%(name)s ligger fast.", name=round_.name),
        action=url_for(".decide", year=cycle.year, number=round_.number),
        hidden=[("entry", nomination.id), ("reason", reason or ""), ("confirmed", "1")],
        button=_("Registrér vinderen"),
        back=url_for(".results_page", year=cycle.year, number=round_.number))
