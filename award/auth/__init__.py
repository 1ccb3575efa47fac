"""Signing in: log-in, log-out, invitation links, password reset; role checks for views."""

from functools import wraps

from flask import Blueprint, Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from award.auth import models  # noqa: F401  (the tables, for Alembic)
from award.extensions import db, login_manager

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.login_message_category = "info"
    # The session cookie travels only over https where the site is served over https; over
    # http (`make run`) it must not be Secure, or no browser would send it back.
    if (app.config.get("PUBLIC_BASE_URL") or "").startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    # After CSRFProtect's check (registered earlier): an ended session's form is carried
    # over only when it was really sent from this site.
    app.before_request(sessions.check)


@login_manager.user_loader
def load_user(user_id: str):
    """The session holds "<id>.<stamp>"; a new password or a log-out changes the stamp and
    ends every session of the user. How long a session lasts: sessions.py."""
    identifier, _, stamp = user_id.partition(".")
    if not identifier.isdigit():
        return None
    user = db.session.get(models.User, int(identifier))
    if user is None or user.session_stamp != stamp or not user.active:
        return None
    return user


def role_required(role: models.Role):
    """Signed in (else to the log-in page) and with this role (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


secretariat_required = role_required(models.Role.SECRETARIAT)
juror_required = role_required(models.Role.JUROR)

from award.auth import routes, sessions  # noqa: E402, F401
