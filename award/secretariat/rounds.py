"""The secretariat's round pages: opening a round, its progress, conflicts recorded for a
juror, and sheets entered on a juror's behalf."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle, Phase
from award.extensions import db
from award.formtools import choices, error_summary
from award.jury import conflicts, jurors, progress
from award.jury.models import Juror
from award.jury.sheet_page import load_entry, sheet_page
from award.rounds import services as rounds_
from award.rounds.models import Round
from award.secretariat import bp
from award.secretariat.forms import ConflictRecordForm, RoundForm, method_labels
from award.web import commits, load_cycle, refusals


def load_round(cycle: Cycle, number: int) -> Round:
    round_ = rounds_.round_by_number(cycle, number)
    if round_ is None:
        abort(404)
    return round_


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
    form = RoundForm()
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
                deadline_at=form.deadline_at, actor=current_user.email, at=timeutil.now())
            flash(_("%(name)s er åbnet.", name=opened.name), "success")
            return redirect(url_for(".round_page", year=year, number=opened.number))
    return render_template("secretariat/rounds.html", cycle=cycle,
                           rounds=rounds_.rounds(cycle), form=form,
                           errors=error_summary(form, problems), methods=method_labels(),
                           has_jurors=bool(jury),
                           call_closed=cycle.phase(timeutil.now()) is Phase.JUDGING)


@bp.get("/<int:year>/runder/<int:number>")
@secretariat_required
def round_page(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    entries = rounds_.entries(round_)
    return render_template("secretariat/round.html", cycle=cycle, round=round_,
                           panel=progress.panel_progress(round_, entries), entries=entries,
                           conflicts=conflicts.conflicts(cycle), methods=method_labels())


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
