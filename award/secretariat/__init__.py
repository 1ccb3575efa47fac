"""The secretariat's pages, one thin module per area: home (the cycles and the menu),
nominations, screening, jury and weights, rounds and results, the travel grant, exports,
outbox, audit log."""

from flask import Blueprint

bp = Blueprint("secretariat", __name__, url_prefix="/sekretariat")

from award.secretariat import (  # noqa: E402, F401
    announcement,
    audit,
    exports,
    grant,
    home,
    jury,
    nominations,
    outbox,
    retention,
    rounds,
    screening,
)
