"""The outbox: mail that has not gone out is shown here, never lost; "send now" retries it."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from award import mail
from award.auth import secretariat_required
from award.formtools import ConfirmForm
from award.secretariat import bp


@bp.route("/udbakke", methods=["GET", "POST"])
@secretariat_required
def outbox():
    form = ConfirmForm()
    if form.validate_on_submit():
        if not current_app.config["SMTP_HOST"]:
            flash(_("Der er ikke sat en mailserver op (AWARD_SMTP_HOST), så e-mails bliver i "
                    "udbakken."), "info")
        else:
            # In the background: a mail server that hangs never holds up the page.
            queued = [message.id for message in mail.queued()]
            mail.send_in_background(queued)
            flash(ngettext("%(num)d e-mail bliver sendt nu. Opdatér siden om lidt for at se, "
                           "om den er kommet af sted.",
                           "%(num)d e-mails bliver sendt nu. Opdatér siden om lidt for at se, "
                           "om de er kommet af sted.", len(queued)), "success")
        return redirect(url_for(".outbox"))
    return render_template("secretariat/outbox.html", form=form, queued=mail.queued(),
                           recent=mail.recently_sent(limit=50))
