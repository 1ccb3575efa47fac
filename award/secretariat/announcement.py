"""The secretariat's page for the outputs of a decided cycle: the winner announcement (edit the
Markdown with a preview, save, publish a version or take it down; what has changed since the
published version), its downloads, the diploma's signatory and the diploma, and the public list
of nominations (publish a version, take it down, leave a nomination out or put it back)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.announcements import documents, services
from award.announcements.forms import AnnouncementForm, LeaveOutForm, PutBackForm, SignatoryForm
from award.announcements.models import PublicationKind
from award.announcements.services import Text
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.formtools import ConfirmForm, error_summary
from award.secretariat import bp
from award.templating import current_language
from award.web import File, commits, download, load_cycle, refusals

FORMATS = ", ".join(f'"{fmt}"' for fmt in documents.FORMATS)
# What a confirmation step is asking about.
PUBLISH, NOMINATIONS = "publish", "nominations"


def leave_out_form(cycle: Cycle, form: LeaveOutForm | None = None) -> LeaveOutForm:
    """The nominations the public list could hold and that are not left out yet."""
    form = form or LeaveOutForm(formdata=None)
    left_out = {omission.nomination_id for omission in services.omissions(cycle)}
    form.nomination.choices = [
        (nomination.id, f"{nomination.reference}: {nomination.initiative_name}"
         + (" " + _("(lagt sammen med %(reference)s)", reference=entry.nomination.reference)
            if nomination is not entry.nomination else ""))
        for entry in services.listable(cycle) for nomination in (entry.nomination, *entry.merged)
        if nomination.id not in left_out]
    return form


def page(cycle: Cycle, *, form: AnnouncementForm | None = None, previewing: bool = False,
         signatory: SignatoryForm | None = None, leave_out: LeaveOutForm | None = None,
         confirm: str | None = None, problems=(), status: int = 200):
    """The page. Until the winner is decided it only says so. `previewing`: the form holds
    text that is shown but not saved."""
    decided = services.winner(cycle) is not None
    announcement = services.announcement_for(cycle)
    preview = None
    context = {}
    if decided:
        if form is None:
            text = (services.draft(cycle) if request.args.get("udkast") or announcement is None
                    else Text.of(announcement))
            form = AnnouncementForm(formdata=None, data=text.__dict__)
        shown = Text(**form.values())
        release = services.live_release(cycle, shown)
        preview = [documents.article(release, language, level=3)
                   for language, headline in (("da", shown.headline_da),
                                              ("en", shown.headline_en)) if headline]
        leave_out = leave_out_form(cycle, leave_out)
        language = current_language()
        context = {
            "versions": services.versions(cycle, PublicationKind.ANNOUNCEMENT),
            "changes": services.announcement_changes(cycle, language),
            "list_versions": services.versions(cycle, PublicationKind.NOMINATIONS),
            "list_changes": services.list_changes(cycle),
            "listed": len(services.public_entries(cycle)),
            "omissions": services.omissions(cycle),
            "put_back": PutBackForm(formdata=None),
        }
    signatory = signatory or SignatoryForm(formdata=None, data={
        "signatory_name": cycle.signatory_name, "signatory_title": cycle.signatory_title})
    errors = [(message, None) for message in problems]
    for shown_form in (form, signatory, leave_out):
        if shown_form is not None and shown_form.errors:
            errors = error_summary(shown_form, problems)
            break
    return render_template(
        "secretariat/announcement.html", cycle=cycle, decided=decided,
        announcement=announcement, form=form, previewing=previewing, preview=preview,
        signatory=signatory, leave_out=leave_out, confirm=confirm, confirm_form=ConfirmForm(),
        errors=errors,
        redrafted=bool(request.args.get("udkast")) and form is not None and not previewing,
        **context,
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
    action = request.form.get("action")
    if action not in ("save", "publish"):
        return page(cycle, form=form, previewing=True)
    with refusals(problems):
        announcement = services.announcement_for(cycle)
        # Publishing starts from the text in the form: saved first (when it differs), so
        # nothing typed is left out of what is published.
        if action == "save" or announcement is None \
                or Text.of(announcement) != services.normalised(form.values()):
            services.save(cycle, form.values(), actor=current_user.email, at=timeutil.now())
        if action == "publish":
            return page(cycle, confirm=PUBLISH)
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
    return change(cycle, services.publish, _("En ny version af pressemeddelelsen er "
                                             "offentliggjort på %(path)s.",
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
                  _("En ny version af indstillingerne er offentliggjort på %(path)s.",
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


@bp.post("/<int:year>/pressemeddelelse/indstillinger/udelad")
@secretariat_required
@commits
def leave_out_nomination(year: int):
    cycle = load_cycle(year)
    form = leave_out_form(cycle, LeaveOutForm())
    if not form.validate_on_submit():
        return page(cycle, leave_out=form, status=400)
    problems = []
    with refusals(problems):
        omission = services.leave_out(cycle, form.nomination.data, form.reason.data,
                                      actor=current_user.email, at=timeutil.now())
        flash(_("%(reference)s er udeladt af listen over indstillinger fra næste version, du "
                "offentliggør.", reference=omission.nomination.reference), "success")
        return redirect(url_for(".announcement", year=year) + "#indstillinger")
    return page(cycle, leave_out=form, problems=problems, status=400)


@bp.post("/<int:year>/pressemeddelelse/indstillinger/medtag")
@secretariat_required
@commits
def put_back_nomination(year: int):
    cycle = load_cycle(year)
    form = PutBackForm()
    if not form.validate_on_submit() or form.nomination.data is None:
        if form.csrf_token.errors:
            abort(400)
        return page(cycle, problems=[_("Indstillingen er ikke udeladt.")], status=400)
    problems = []
    with refusals(problems):
        services.put_back(cycle, form.nomination.data, actor=current_user.email,
                          at=timeutil.now())
        flash(_("Indstillingen kommer med på listen igen fra næste version, du offentliggør."),
              "success")
        return redirect(url_for(".announcement", year=year) + "#indstillinger")
    return page(cycle, problems=problems, status=400)


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
    """The saved text (or the draft while nothing is saved) with the facts from the data now:
    what publishing would publish, in Danish."""
    cycle = load_cycle(year)
    if services.winner(cycle) is None:
        abort(404)
    data = documents.render(services.live_release(cycle), fmt)
    return download(File(data, documents.FORMATS[fmt][0], documents.filename(year, fmt)))


@bp.get("/<int:year>/diplom.pdf")
@secretariat_required
def diploma(year: int):
    cycle = load_cycle(year)
    if services.winner(cycle) is None:
        abort(404)
    return download(File(documents.diploma_pdf(cycle), "application/pdf", f"diplom-{year}.pdf"))
