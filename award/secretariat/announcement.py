"""The secretariat's page for the outputs of a decided cycle: the winner announcement (edit the
Markdown with a preview, save, publish or take it down), its downloads, the diploma's
signatory and the diploma, and publishing the cycle's nominations."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.announcements import documents, services
from award.announcements.forms import AnnouncementForm, SignatoryForm
from award.announcements.services import Text
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.formtools import ConfirmForm, error_summary
from award.secretariat import bp
from award.web import File, commits, download, load_cycle, refusals

FORMATS = ", ".join(f'"{fmt}"' for fmt in documents.FORMATS)
# What a confirmation step is asking about.
PUBLISH, NOMINATIONS = "publish", "nominations"


def page(cycle: Cycle, *, form: AnnouncementForm | None = None, previewing: bool = False,
         signatory: SignatoryForm | None = None, confirm: str | None = None,
         problems=(), status: int = 200):
    """The page. Until the winner is decided it only says so. `previewing`: the form holds
    text that is shown but not saved."""
    decided = services.winner(cycle) is not None
    announcement = services.announcement_for(cycle)
    preview = None
    if decided:
        if form is None:
            text = (services.draft(cycle) if request.args.get("udkast") or announcement is None
                    else Text.of(announcement))
            form = AnnouncementForm(formdata=None, data=text.__dict__)
        shown = Text(**form.values())
        dated = announcement.published_at if announcement is not None else None
        preview = [documents.article(cycle, documents.version(shown, language), dated, level=3)
                   for language, headline in (("da", shown.headline_da),
                                              ("en", shown.headline_en)) if headline]
    signatory = signatory or SignatoryForm(formdata=None, data={
        "signatory_name": cycle.signatory_name, "signatory_title": cycle.signatory_title})
    errors = [(message, None) for message in problems]
    if form is not None and form.errors:
        errors = error_summary(form, problems)
    elif signatory.errors:
        errors = error_summary(signatory, problems)
    return render_template(
        "secretariat/announcement.html", cycle=cycle, decided=decided,
        announcement=announcement, form=form, previewing=previewing, preview=preview,
        signatory=signatory, confirm=confirm, confirm_form=ConfirmForm(), errors=errors,
        redrafted=bool(request.args.get("udkast")) and form is not None and not previewing,
        received=services.received_count(cycle) if decided else 0,
    ), status


@bp.route("/<int:year>/pressemeddelelse", methods=["GET", "POST"])
@secretariat_required
@commits
def announcement(year: int):
    """Edit the text: "Vis forhåndsvisning" shows it without saving, "Gem" saves it."""
    cycle = load_cycle(year)
    if request.method == "GET":
        return page(cycle)
    problems = []
    if services.winner(cycle) is None:
        with refusals(problems):
            services.ensure_decided(cycle)
        return page(cycle, problems=problems, status=400)
    form = AnnouncementForm()
    if not form.validate_on_submit():
        return page(cycle, form=form, previewing=True, status=400)
    if request.form.get("action") != "save":
        return page(cycle, form=form, previewing=True)
    with refusals(problems):
        services.save(cycle, form.values(), actor=current_user.email, at=timeutil.now())
        flash(_("Pressemeddelelsen er gemt."), "success")
        return redirect(url_for(".announcement", year=year))
    return page(cycle, form=form, previewing=True, problems=problems, status=400)


def confirmed(what: str) -> bool:
    """A change that needs "are you sure": the first press shows the question, the second
    (with confirmed=1) does it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return request.form.get("confirmed") == what


def change(cycle: Cycle, service, done: str):
    """Publish or take down: the service's refusal is shown on the page, success is said."""
    problems = []
    with refusals(problems):
        service(cycle, actor=current_user.email, at=timeutil.now())
        flash(done, "success")
        return redirect(url_for(".announcement", year=cycle.year))
    return page(cycle, problems=problems, status=400)


@bp.post("/<int:year>/pressemeddelelse/offentliggoer")
@secretariat_required
@commits
def publish_announcement(year: int):
    cycle = load_cycle(year)
    if not confirmed(PUBLISH):
        return page(cycle, confirm=PUBLISH)
    return change(cycle, services.publish, _("Pressemeddelelsen er offentliggjort på %(path)s.",
                                             path=url_for("public.winner", year=year)))


@bp.post("/<int:year>/pressemeddelelse/tilbagekald")
@secretariat_required
@commits
def unpublish_announcement(year: int):
    cycle = load_cycle(year)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return change(cycle, services.unpublish,
                  _("Pressemeddelelsen er ikke længere offentlig. Teksten er gemt."))


@bp.post("/<int:year>/pressemeddelelse/indstillinger")
@secretariat_required
@commits
def publish_nominations(year: int):
    cycle = load_cycle(year)
    if not confirmed(NOMINATIONS):
        return page(cycle, confirm=NOMINATIONS)
    return change(cycle, services.publish_nominations,
                  _("Indstillingerne er offentliggjort på %(path)s.",
                    path=url_for("public.nominations", year=year)))


@bp.post("/<int:year>/pressemeddelelse/indstillinger/tilbagekald")
@secretariat_required
@commits
def unpublish_nominations(year: int):
    cycle = load_cycle(year)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return change(cycle, services.unpublish_nominations,
                  _("Indstillingerne er ikke længere offentlige."))


@bp.post("/<int:year>/diplom/underskriver")
@secretariat_required
@commits
def signatory(year: int):
    cycle = load_cycle(year)
    form = SignatoryForm()
    if not form.validate_on_submit():
        return page(cycle, signatory=form, status=400)
    problems = []
    with refusals(problems):
        services.set_signatory(cycle, form.signatory_name.data, form.signatory_title.data or "",
                               actor=current_user.email, at=timeutil.now())
        flash(_("Underskriveren på diplomet er gemt."), "success")
        return redirect(url_for(".announcement", year=year) + "#diplom")
    return page(cycle, signatory=form, problems=problems, status=400)


@bp.get(f"/<int:year>/pressemeddelelse.<any({FORMATS}):fmt>")
@secretariat_required
def announcement_download(year: int, fmt: str):
    """The saved text (or the draft while nothing is saved), published or not, in Danish."""
    cycle = load_cycle(year)
    if services.winner(cycle) is None:
        abort(404)
    text = services.text_for(cycle)
    data = documents.render(cycle, documents.version(text), fmt, documents.release_date(cycle))
    return download(File(data, documents.FORMATS[fmt][0], documents.filename(cycle, fmt)))


@bp.get("/<int:year>/diplom.pdf")
@secretariat_required
def diploma(year: int):
    cycle = load_cycle(year)
    if services.winner(cycle) is None:
        abort(404)
    return download(File(documents.diploma_pdf(cycle), "application/pdf", f"diplom-{year}.pdf"))
