"""The public nomination: form, check your answers, receipt, the private edit link."""

from flask import Blueprint

bp = Blueprint("nominations", __name__)

from award.nominations import routes  # noqa: E402, F401
