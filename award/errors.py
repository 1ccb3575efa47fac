"""Error pages in plain language, in the site's layout."""

from flask import Flask, render_template
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    messages = {
        400: lambda: (_("Forespørgslen kunne ikke behandles"),
                      _("Noget i forespørgslen var ugyldigt. Gå tilbage og prøv igen.")),
        403: lambda: (_("Ingen adgang"), _("Du har ikke adgang til denne side.")),
        404: lambda: (_("Siden findes ikke"),
                      _("Siden findes ikke, eller linket er ikke længere gyldigt.")),
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
        title, text = messages.get(error.code, lambda: (error.name, error.description))()
        return render_template("errors/error.html", title=title, text=text,
                               code=error.code), error.code

    @app.errorhandler(500)
    def server_error(error):
        title, text = messages[500]()
        return render_template("errors/error.html", title=title, text=text, code=500), 500
