"""The public pages around the form: front page, privacy, accessibility, language."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from award.public import routes  # noqa: E402, F401
