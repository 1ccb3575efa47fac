"""Screening: the cycle's nominations filtered by region and status and searched by text,
marked eligible or ineligible one at a time or several at once; likely duplicates suggested
with why, merged, and merges undone until round 1 opens."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from award import timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.extensions import db
from award.formtools import error_summary
from award.nominations import screening
from award.nominations.models import Nomination, NominationStatus
from award.secretariat import bp
from award.secretariat.forms import (
    MergeForm,
    ScreeningForm,
    UnmergeForm,
    ineligibility_labels,
)
from award.web import commits, load_cycle, refusals


def status_labels():
    return {"unscreened": _l("Ikke screenet"), "eligible": _l("Egnet"),
            "ineligible": _l("Ikke egnet"), "merged": _l("Lagt sammen"),
            "withdrawn": _l("Trukket tilbage")}


def status_of(nomination: Nomination) -> str:
    if nomination.status == NominationStatus.WITHDRAWN:
        return "withdrawn"
    if nomination.merged_into_id is not None:
        return "merged"
    return nomination.eligibility or "unscreened"


STATUS_ORDER = ("unscreened", "eligible", "ineligible", "merged", "withdrawn")


def search(cycle: Cycle, *, region: str, status: str, text: str) -> list[Nomination]:
    """The cycle's nominations (not drafts) in a region, in a screening status, with the text
    in their reference, name, organisation, unit or description; by reference."""
    query = (sa.select(Nomination)
             .where(Nomination.cycle_id == cycle.id,
                    Nomination.status != NominationStatus.DRAFT)
             .options(selectinload(Nomination.attachments), selectinload(Nomination.merged_into))
             .order_by(Nomination.reference))
    if region:
        query = query.where(Nomination.region == region)
    if text:
        like = f"%{text.lower()}%"
        query = query.where(sa.or_(*(sa.func.lower(column).like(like) for column in (
            Nomination.reference, Nomination.initiative_name, Nomination.organisation,
            Nomination.unit, Nomination.description))))
    found = db.session.scalars(query).all()
    return [n for n in found if not status or status_of(n) == status]


def filters() -> tuple[str, str, str]:
    """The region, status and search text asked for in the address."""
    args = request.args
    return args.get("region", ""), args.get("status", ""), args.get("q", "").strip()[:200]


def shown_args() -> dict:
    """The address's search and filters, without the request to mark every row."""
    return {name: value for name, value in request.args.items() if name != "alle"}


def screening_view(cycle: Cycle, form: ScreeningForm | None = None, problems=(), status=200,
                   merge_form: MergeForm | None = None):
    region, state, text = filters()
    form = form or ScreeningForm()
    merge_form = merge_form or MergeForm(formdata=None)
    return render_template(
        "secretariat/screening.html", cycle=cycle, form=form, merge_form=merge_form,
        active=db.session.scalars(screening.active(cycle)).all(),
        nominations=search(cycle, region=region, status=state, text=text),
        region=region, status=state, text=text, statuses=status_labels(), status_of=status_of,
        reasons=ineligibility_labels(), suggestions=screening.likely_duplicates(cycle),
        merged=db.session.scalars(sa.select(Nomination).where(
            Nomination.cycle_id == cycle.id, Nomination.merged_into_id.is_not(None))
            .order_by(Nomination.reference)).all(),
        locked=screening.judging_started(cycle), unscreened=len(screening.unscreened(cycle)),
        select_all=request.args.get("alle") == "1", shown_args=shown_args(),
        errors=error_summary(form, problems) + error_summary(merge_form),
    ), status


@bp.get("/<int:year>/screening")
@secretariat_required
def screening_page(year: int):
    return screening_view(load_cycle(year))


@bp.post("/<int:year>/screening")
@secretariat_required
@commits
def screen(year: int):
    cycle = load_cycle(year)
    form = ScreeningForm()
    problems = []
    if form.validate_on_submit():
        chosen = db.session.scalars(sa.select(Nomination).where(
            Nomination.cycle_id == cycle.id,
            Nomination.reference.in_(form.references.data))).all()
        if len(chosen) != len(set(form.references.data)):
            problems.append(_("En eller flere af de valgte indstillinger findes ikke i %(year)d.",
                              year=year))
        else:
            with refusals(problems):
                for nomination in chosen:
                    screening.screen(nomination, eligible=form.decision.data == "eligible",
                                     reason=form.reason.data, note=form.note.data or "",
                                     actor=current_user.email, at=timeutil.now())
                flash(ngettext("%(num)d indstilling er screenet.",
                               "%(num)d indstillinger er screenet.", len(chosen)), "success")
                return redirect(url_for(".screening_page", year=year, **shown_args()))
    return screening_view(cycle, form, problems, status=400)


def load_reference(cycle: Cycle, reference: str | None) -> Nomination:
    nomination = db.session.scalar(sa.select(Nomination).where(
        Nomination.cycle_id == cycle.id, Nomination.reference == (reference or "").strip()))
    if nomination is None:
        abort(404)
    return nomination


@bp.post("/<int:year>/screening/saml")
@secretariat_required
@commits
def merge(year: int):
    """Judge two nominations as one: a suggested pair, or any two named by reference or
    initiative name; the one to keep is chosen."""
    cycle = load_cycle(year)
    form = MergeForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            duplicate = screening.find(cycle, form.duplicate.data)
            into = screening.find(cycle, form.into.data)
            screening.merge(duplicate, into, actor=current_user.email, at=timeutil.now())
            flash(_("%(duplicate)s er lagt sammen med %(into)s. Juryen ser begge indstilleres "
                    "svar under %(into)s.", duplicate=duplicate.reference,
                    into=into.reference), "success")
            return redirect(url_for(".screening_page", year=year))
    return screening_view(cycle, problems=problems, status=400, merge_form=form)


@bp.post("/<int:year>/screening/adskil")
@secretariat_required
@commits
def unmerge(year: int):
    cycle = load_cycle(year)
    form = UnmergeForm()
    if not form.validate_on_submit():
        abort(400)
    duplicate = load_reference(cycle, form.duplicate.data)
    problems = []
    with refusals(problems):
        screening.unmerge(duplicate, actor=current_user.email, at=timeutil.now())
        flash(_("%(reference)s er skilt ud igen og skal screenes.",
                reference=duplicate.reference), "success")
        return redirect(url_for(".screening_page", year=year))
    return screening_view(cycle, problems=problems, status=400)

