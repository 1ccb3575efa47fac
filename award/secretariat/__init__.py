"""The secretariat's pages, one thin module per area: home (the cycles and the menu),
nominations, jury and weights, rounds, outbox."""

from flask import Blueprint

bp = Blueprint("secretariat", __name__, url_prefix="/sekretariat")

from award.secretariat import exports, home, jury, nominations, outbox, rounds  # noqa: E402, F401
