"""Error pages in plain language, in the site's layout."""

from flask import Flask, current_app, render_template
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from award.extensions import db
from award.templating import current_language


def init_app(app: Flask) -> None:
    messages = {
        400: lambda: (_("Forespørgslen kunne ikke behandles"),
                      _("Noget i forespørgslen var ugyldigt. Gå tilbage og prøv igen.")),
        403: lambda: (_("Ingen adgang"), _("Du har ikke adgang til denne side.")),
        404: lambda: (_("Siden findes ikke"),
                      _("Siden findes ikke, eller linket er ikke længere gyldigt.")),
        405: lambda: (_("Forespørgslen kunne ikke behandles"),
                      _("Siden kan ikke bruges på den måde. Gå tilbage og prøv igen.")),
        413: lambda: (_("Filerne er for store"),
                      _("Det, du sendte, fylder for meget. Hver fil må højst fylde %(mb)d MB, og "
                        "du kan højst vedhæfte %(count)d filer. Gå tilbage i browseren for at få "
                        "dine svar igen.",
                        mb=app.config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024),
                        count=app.config["ATTACHMENT_MAX_COUNT"])),
        429: lambda: (_("For mange forsøg"),
                      _("Der er kommet for mange indsendelser fra din internetforbindelse. Vent "
                        "lidt, og prøv igen. Gå tilbage i browseren for at få dine svar igen.")),
        500: lambda: (_("Der skete en fejl"),
                      _("Der skete en fejl hos os. Prøv igen om lidt. Hvis fejlen bliver ved, "
                        "så skriv til sekretariatet.")),
    }

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if request_ctx.url_adapter is None:
            return error  # refused before routing (an untrusted host): no page to build
        title, text = messages.get(error.code, messages[500] if error.code >= 500
                                   else messages[400])()
        return error_page(error.code, title, text)

    @app.errorhandler(500)
    def server_error(error):
        title, text = messages[500]()
        return error_page(500, title, text)


def error_page(code: int, title: str, text: str):
    """The page in the site's layout, after rolling back what the failed request left in the
    session (a failed flush leaves it unusable until then, and the layout may load the
    signed-in person). If even that page cannot be built, a plain one that needs nothing from
    the database. Either way the security headers are added after this, as on every page."""
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone
        current_app.logger.exception("rollback before the %s page failed", code)
    try:
        return render_template("errors/error.html", title=title, text=text, code=code), code
    except Exception:
        current_app.logger.exception("the %s page could not be built in the layout", code)
    # Not render_template: its context processors would load the signed-in user again.
    page = current_app.jinja_env.get_template("errors/plain.html").render(
        title=title, text=text, code=code, language=current_language())
    return page, code
