"""The secretariat's pages for the jury: jurors and weights, rounds, conflicts, sheets
entered on a juror's behalf."""

from flask import Blueprint

bp = Blueprint("secretariat", __name__, url_prefix="/sekretariat")

from award.secretariat import routes  # noqa: E402, F401
