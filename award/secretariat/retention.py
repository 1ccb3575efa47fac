"""The secretariat's personal data pages: a cycle's retention period and its purge (with a
confirmation page that says exactly what goes and what stays), and a data subject's access
request answered as a JSON download."""

import json

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from award import timeutil
from award.auth import secretariat_required
from award.cycles.services import RETENTION_MONTHS
from award.formtools import FlaskForm, Stripped, choices, error_summary
from award.retention import documents, services
from award.secretariat import bp
from award.web import File, commits, download, load_cycle, refusals

REASON_MAX = 2000


class RetentionForm(FlaskForm):
    months = IntegerField(
        _l("Opbevaringsperiode i måneder"),
        description=_l("Hvor mange måneder persondata om indstillere og kontaktpersoner gemmes "
                       "efter det seneste af offentliggørelsen af vinderen og afslutningen af "
                       "vinderens rejselegat. Fra 1 til 120; normalt 12."),
        validators=[InputRequired(_l("Skriv antal måneder, fx 12.")),
                    NumberRange(min=RETENTION_MONTHS[0], max=RETENTION_MONTHS[1],
                                message=_l("Skriv et helt antal måneder fra 1 til 120."))])


class PurgeForm(FlaskForm):
    force = BooleanField(_l("Slet før opbevaringsperioden er udløbet"))
    reason = TextAreaField(_l("Begrundelse for at slette før tiden"), filters=[Stripped()],
                           validators=[Length(max=REASON_MAX)])

    def validate_reason(self, field):
        if self.force.data and not field.data:
            raise ValidationError(_l("Skriv en begrundelse, når persondata slettes før tiden."))


class SubjectAccessForm(FlaskForm):
    what = RadioField(
        _l("Hvad vil du hente?"), default="pdf",
        choices=choices([
            ("pdf", _l("Et dokument til personen (PDF) med alle oplysningerne på dansk")),
            ("json", _l("En maskinlæsbar fil (JSON) med de samme oplysninger"))]),
        validators=[InputRequired(_l("Vælg, hvad du vil hente."))])
    email = StringField(
        _l("E-mailadresse"), filters=[Stripped()],
        description=_l("Den adresse, personen har spurgt om. Store og små bogstaver er "
                       "ligegyldige."),
        render_kw={"type": "email", "spellcheck": "false"},
        validators=[DataRequired(_l("Skriv den e-mailadresse, der er spurgt om.")),
                    Length(max=254, message=_l("E-mailadressen er for lang.")),
                    Email(message=_l("Skriv en e-mailadresse i formatet navn@eksempel.dk."))])


def _page(cycle, *, form=None, status=200, problems=()):
    moment = timeutil.now()
    plan = services.purge_plan(cycle, moment)
    return render_template(
        "secretariat/retention.html", cycle=cycle, form=form or RetentionForm(
            data={"months": cycle.retention_months}),
        plan=plan, explanation=services.explain_due(plan.retention),
        published=services.published_at(cycle),
        may_purge=services.why_not_purge(cycle, moment, force=True, reason="-") is None,
        errors=error_summary(form, problems) if form is not None else list(problems),
        purged=services.PURGED), status


@bp.get("/<int:year>/persondata")
@secretariat_required
def retention_page(year: int):
    return _page(load_cycle(year))


@bp.post("/<int:year>/persondata/periode")
@secretariat_required
@commits
def retention_months(year: int):
    cycle = load_cycle(year)
    form = RetentionForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            if services.set_retention_months(cycle, form.months.data, actor=current_user.email,
                                             at=timeutil.now()):
                flash(_("Opbevaringsperioden for %(year)d er nu %(months)d måneder.",
                        year=year, months=form.months.data), "success")
            return redirect(url_for(".retention_page", year=year))
        cycle = load_cycle(year)  # rolled back: read afresh
    return _page(cycle, form=form, status=400, problems=problems)


@bp.route("/<int:year>/persondata/slet", methods=["GET", "POST"])
@secretariat_required
@commits
def purge(year: int):
    cycle = load_cycle(year)
    form = PurgeForm()
    problems = []
    status = 200
    if form.validate_on_submit():
        with refusals(problems):
            done = services.purge_cycle(cycle, timeutil.now(), actor=current_user.email,
                                        force=bool(form.force.data),
                                        reason=form.reason.data or "")
            if done.contact_only:
                flash(_("Kontaktpersonen på %(reference)s er slettet nu, hvor rejselegatet er "
                        "slut.", reference=done.retention.contact_kept), "success")
            else:
                flash(_("Persondata for %(year)d er slettet: navne, e-mailadresser og "
                        "telefonnumre på %(nominations)d indstillinger, %(messages)d e-mails i "
                        "udbakken og %(drafts)d kladder.", year=year,
                        nominations=done.nominations, messages=done.messages,
                        drafts=done.drafts), "success")
            if done.keeps_contact:
                flash(_("Kontaktpersonen på %(reference)s er bevaret, fordi det er "
                        "rejselegatets kontaktperson, og rejselegatet stadig løber.",
                        reference=done.keeps_contact), "info")
            return redirect(url_for(".retention_page", year=year))
        cycle = load_cycle(year)
        status = 409
    elif form.is_submitted():
        status = 400
    moment = timeutil.now()
    plan = services.purge_plan(cycle, moment)
    return render_template(
        "secretariat/retention_purge.html", cycle=cycle, form=form, plan=plan,
        explanation=services.explain_due(plan.retention), errors=error_summary(form, problems),
        blocked=services.why_not_purge(cycle, moment, force=True, reason="-"),
        purged=services.PURGED), status


@bp.route("/persondata/indsigt", methods=["GET", "POST"])
@secretariat_required
@commits
def subject_access():
    form = SubjectAccessForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            moment = timeutil.now()
            found = services.subject_access(form.email.data, moment)
            services.record_subject_access(found, actor=current_user.email, at=moment)
            if form.what.data == "pdf":
                return download(File(documents.access_pdf(found, moment), "application/pdf",
                                     documents.access_filename(moment)))
            data = json.dumps(found, ensure_ascii=False, indent=2).encode()
            day = moment.astimezone(timeutil.COPENHAGEN).date().isoformat()
            return download(File(data, "application/json", f"indsigt-{day}.json"))
    return render_template("secretariat/retention_access.html", form=form,
                           errors=error_summary(form, problems)), (400 if form.errors
                                                                   or problems else 200)
