"""The secretariat's jury pages. Thin views: parse the form, call a service, commit once."""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import mail, timeutil
from award.auth import secretariat_required
from award.auth.links import absolute_url
from award.criteria.weights import format_hundredths
from award.cycles import by_year
from award.extensions import db
from award.formtools import choices, error_summary
from award.jury import services
from award.jury.models import Juror, Round
from award.jury.routes import handle_sheet, load_entry
from award.models import Cycle, Nomination, Phase
from award.nominations import services as nominations
from award.nominations.forms import ConfirmForm, relation_labels
from award.nominations.routes import send_attachment
from award.secretariat import bp
from award.secretariat.forms import (
    ConflictRecordForm,
    JurorForm,
    JurorWeightForm,
    RoundForm,
    criterion_weights_form,
    kind_labels,
    method_labels,
)


def load_cycle(year: int) -> Cycle:
    cycle = by_year(year)
    if cycle is None:
        abort(404)
    return cycle


def load_round(cycle: Cycle, number: int) -> Round:
    round_ = services.round_by_number(cycle, number)
    if round_ is None:
        abort(404)
    return round_


def load_juror(cycle: Cycle, juror_id: int) -> Juror:
    juror = db.session.get(Juror, juror_id)
    if juror is None or juror.cycle_id != cycle.id:
        abort(404)
    return juror


def invitation_link(token: str) -> str:
    return absolute_url("auth.accept_invitation", token=token)


@bp.get("/")
@secretariat_required
def index():
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.year.desc())).all()
    return render_template("secretariat/index.html", cycles=cycles, queued=len(mail.queued()))


@bp.get("/<int:year>/jury")
@secretariat_required
def jury(year: int):
    cycle = load_cycle(year)
    return render_template("secretariat/jury.html", cycle=cycle, jurors=services.jurors(cycle),
                           kinds=kind_labels())


@bp.route("/<int:year>/jury/ny", methods=["GET", "POST"])
@secretariat_required
def add_juror(year: int):
    cycle = load_cycle(year)
    form = JurorForm()
    problems = []
    if form.validate_on_submit():
        try:
            juror, url = services.add_juror(
                cycle, email=form.email.data, name=form.name.data, kind=form.kind.data,
                organisation=form.organisation.data or "",
                weight_hundredths=form.weight.hundredths, actor=current_user.email,
                at=timeutil.now(), link=invitation_link,
                invitation_valid=timedelta(days=current_app.config["INVITATION_VALID_DAYS"]),
            )
        except services.JuryError as error:
            db.session.rollback()
            problems.append(str(error))
        else:
            db.session.commit()
            if url:
                mail.deliver_queued()
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
def juror_weight(year: int, juror_id: int):
    cycle = load_cycle(year)
    juror = load_juror(cycle, juror_id)
    form = JurorWeightForm(data={"weight": format_hundredths(juror.weight_hundredths)})
    if form.validate_on_submit():
        services.set_juror_weight(juror, form.weight.hundredths, actor=current_user.email,
                                  at=timeutil.now())
        db.session.commit()
        flash(_("Vægten for %(name)s er gemt.", name=juror.name), "success")
        return redirect(url_for(".jury", year=year))
    return render_template("secretariat/juror_weight.html", cycle=cycle, juror=juror, form=form,
                           errors=error_summary(form))


@bp.route("/<int:year>/kriterier/vaegte", methods=["GET", "POST"])
@secretariat_required
def criterion_weights(year: int):
    cycle = load_cycle(year)
    form = criterion_weights_form(cycle, data={
        f"weight_{c.number}": format_hundredths(c.weight_hundredths) for c in cycle.criteria})
    if form.validate_on_submit():
        services.set_criterion_weights(
            cycle, [form[f"weight_{c.number}"].hundredths for c in cycle.criteria],
            actor=current_user.email, at=timeutil.now())
        db.session.commit()
        flash(_("Kriteriernes vægte er gemt."), "success")
        return redirect(url_for(".jury", year=year))
    return render_template("secretariat/criterion_weights.html", cycle=cycle, form=form,
                           errors=error_summary(form))


@bp.route("/<int:year>/runder", methods=["GET", "POST"])
@secretariat_required
def rounds(year: int):
    cycle = load_cycle(year)
    jurors = services.jurors(cycle)
    form = RoundForm()
    form.panel.choices = choices((j.id, f"{j.name} ({j.email})") for j in jurors)
    problems = []
    if form.validate_on_submit():
        emails = None
        if form.panel_choice.data == "some":
            chosen = set(form.panel.data)
            emails = [j.email for j in jurors if j.id in chosen]
        try:
            opened = services.open_round(
                cycle, number=form.number.data, name=form.name.data, panel_emails=emails,
                advance=form.advance.data, quorum=form.quorum.data, method=form.method.data,
                deadline_at=form.deadline_at, actor=current_user.email, at=timeutil.now())
        except services.JuryError as error:
            db.session.rollback()
            problems.append(str(error))
        else:
            db.session.commit()
            flash(_("%(name)s er åbnet.", name=opened.name), "success")
            return redirect(url_for(".round_page", year=year, number=opened.number))
    return render_template("secretariat/rounds.html", cycle=cycle, rounds=services.rounds(cycle),
                           form=form, errors=error_summary(form, problems),
                           methods=method_labels(), has_jurors=bool(jurors),
                           call_closed=cycle.phase(timeutil.now()) is Phase.JUDGING)


@bp.get("/<int:year>/runder/<int:number>")
@secretariat_required
def round_page(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    entries = services.entries(round_)
    return render_template("secretariat/round.html", cycle=cycle, round=round_,
                           panel=services.panel_progress(round_, entries), entries=entries,
                           conflicts=services.conflicts(cycle),
                           methods=method_labels())


@bp.route("/<int:year>/runder/<int:number>/inhabilitet", methods=["GET", "POST"])
@secretariat_required
def record_conflict(year: int, number: int):
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    panel = services.panel(round_)
    entries = services.entries(round_)
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
            try:
                services.declare_conflict(juror, nomination, form.reason.data,
                                          actor=current_user.email, at=timeutil.now())
            except services.JuryError as error:
                db.session.rollback()
                problems.append(str(error))
            else:
                db.session.commit()
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
                           juror=juror, progress=services.progress(round_, juror))


def load_panel_juror(round_: Round, juror_id: int) -> Juror:
    juror = db.session.get(Juror, juror_id)
    if juror is None or not services.on_panel(round_, juror):
        abort(404)
    return juror


@bp.route("/<int:year>/runder/<int:number>/jurymedlemmer/<int:juror_id>/<int:nomination_id>",
          methods=["GET", "POST"])
@secretariat_required
def proxy_sheet(year: int, number: int, juror_id: int, nomination_id: int):
    """A sheet entered on a juror's behalf (paper sheets); the record says who entered it."""
    cycle = load_cycle(year)
    round_ = load_round(cycle, number)
    juror = load_panel_juror(round_, juror_id)
    nomination = load_entry(round_, juror, nomination_id)
    return handle_sheet(
        round_, juror, nomination, for_juror=False,
        entry_url=lambda entry: url_for(".proxy_sheet", year=year, number=number,
                                        juror_id=juror.id, nomination_id=entry.id),
        back_url=url_for(".juror_sheets", year=year, number=number, juror_id=juror.id),
        attachment_url=lambda attachment: url_for(
            ".nomination_attachment", year=year, reference=nomination.reference,
            attachment_id=attachment.id),
    )


@bp.app_template_global()
def secretariat_nav():
    """The secretariat's menu for a cycle, shown on its pages."""
    year = (request.view_args or {}).get("year")
    if year is None:
        return []
    return [(_("Indstillinger"), url_for("secretariat.nomination_list", year=year)),
            (_("Jury og vægte"), url_for("secretariat.jury", year=year)),
            (_("Runder"), url_for("secretariat.rounds", year=year))]


# ---------------------------------------------------------------- nominations and the outbox


def load_nomination(cycle: Cycle, reference: str) -> Nomination:
    nomination = nominations.by_reference(reference)
    if nomination is None or nomination.cycle_id != cycle.id:
        abort(404)
    return nomination


@bp.get("/<int:year>/indstillinger")
@secretariat_required
def nomination_list(year: int):
    cycle = load_cycle(year)
    return render_template("secretariat/nominations.html", cycle=cycle,
                           nominations=nominations.submitted(cycle))


@bp.get("/<int:year>/indstillinger/<reference>")
@secretariat_required
def nomination(year: int, reference: str):
    cycle = load_cycle(year)
    return render_template("secretariat/nomination.html", cycle=cycle,
                           nomination=load_nomination(cycle, reference),
                           relations=relation_labels())


@bp.get("/<int:year>/indstillinger/<reference>/bilag/<int:attachment_id>")
@secretariat_required
def nomination_attachment(year: int, reference: str, attachment_id: int):
    return send_attachment(load_nomination(load_cycle(year), reference), attachment_id)


@bp.route("/udbakke", methods=["GET", "POST"])
@secretariat_required
def outbox():
    """Mail that has not gone out is shown here, never lost; "send now" retries it."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if not current_app.config["SMTP_HOST"]:
            flash(_("Der er ikke sat en mailserver op (AWARD_SMTP_HOST), så e-mails bliver i "
                    "udbakken."), "info")
        else:
            sent, queued = mail.send_pending()
            flash(_("%(sent)d e-mails er sendt. %(queued)d venter stadig.", sent=sent,
                    queued=queued), "success" if not queued else "info")
        return redirect(url_for(".outbox"))
    return render_template("secretariat/outbox.html", form=form, queued=mail.queued(),
                           recent=mail.recently_sent(limit=50))
