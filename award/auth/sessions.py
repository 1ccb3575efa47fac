"""How long a session of the secretariat or a juror lasts, and what happens when it ends.

- Log-out ends every session of the user, copied cookies included: it changes the user's
  session stamp, which is part of the id in every session (load_user checks it).
- A session ends after SESSION_IDLE_MINUTES_SECRETARIAT / SESSION_IDLE_MINUTES_JUROR without a
  request (jurors score long texts and get longer), and SESSION_MAX_HOURS after the log-in
  however busy. The session cookie carries the log-in time and the last request's time
  (signed, so they cannot be changed); they are wall-clock seconds, like the cookie's own
  signature, not the app's clock. PERMANENT_SESSION_LIFETIME bounds any cookie's age.
- A page asked for after the end sends the person to log in, saying why. A form sent after
  the end (a juror's score sheet after a long think) is not lost: the log-in page says the
  session ended and that nothing was saved, and carries what was sent; once the same person
  has logged in, one button sends it again. Forms on the public pages simply go on without
  the log-in.
"""

import time

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from award.auth.forms import LoginForm
from award.auth.links import safe_next
from award.auth.models import User

# Pages behind a log-in: what was sent to them after the session ended is carried over.
PROTECTED_BLUEPRINTS = {"jury", "secretariat"}
# What the carried fields are called in the log-in form.
CARRIED_PREFIX = "resume:"


def fresh_session() -> None:
    """A new session at log-in and log-out (no fixation); only the language choice stays."""
    language = session.get("lang")
    session.clear()
    # The CSRF token cached for this request belonged to the old session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    if language:
        session["lang"] = language


def start(user: User) -> None:
    """Sign the user in, in a new session, and start its clocks."""
    fresh_session()
    login_user(user)
    session["_since"] = session["_seen"] = int(time.time())


def idle_minutes(user: User) -> int:
    config = current_app.config
    return (config["SESSION_IDLE_MINUTES_SECRETARIAT"] if user.is_secretariat
            else config["SESSION_IDLE_MINUTES_JUROR"])


def duration(minutes: int) -> str:
    if minutes % 60 == 0:
        return ngettext("%(num)d time", "%(num)d timer", minutes // 60)
    return ngettext("%(num)d minut", "%(num)d minutter", minutes)


def check() -> object | None:
    """Before every request: end a session that has been idle or open too long; otherwise
    note the request's time as the last activity."""
    if request.endpoint in ("static", "auth.logout") or "_user_id" not in session:
        return None
    if not current_user.is_authenticated:
        return None  # ended already (new password, log-out elsewhere): an anonymous visitor
    now = int(time.time())
    since, seen = session.setdefault("_since", now), session.get("_seen", now)
    idle = idle_minutes(current_user)
    if now - seen > idle * 60:
        return ended(_("Du er blevet logget ud, fordi du ikke har brugt siden i %(duration)s.",
                       duration=duration(idle)))
    limit = current_app.config["SESSION_MAX_HOURS"]
    if now - since > limit * 3600:
        return ended(_("Du er blevet logget ud, fordi du har været logget ind i %(duration)s.",
                       duration=duration(limit * 60)))
    session["_seen"] = now
    return None


def ended(reason: str):
    user = current_user._get_current_object()
    logout_user()
    fresh_session()
    protected = request.blueprint in PROTECTED_BLUEPRINTS
    if request.method == "POST" and protected:
        # Keep what was sent: the log-in page carries it, for this person only.
        session["resume_for"] = user.id
        flash(reason + " " + _("Det, du sendte, er ikke gemt endnu. Log ind igen, så kan du "
                               "sende det med ét tryk."), "info")
        form = LoginForm(formdata=None, email=user.email)
        return render_template("auth/login.html", form=form, errors=[],
                               action=url_for("auth.login"), resume=carried_from_request()), 401
    flash(reason + " " + _("Log ind igen for at fortsætte."), "info")
    if protected:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def carried_from_request() -> dict:
    """What a form sent, to send again: its fields without the old CSRF token."""
    fields = [(name, value) for name, values in request.form.lists() for value in values
              if name != "csrf_token"]
    return {"to": request.path, "fields": fields}


def carried_from_login_form() -> dict | None:
    """What the log-in form carries (see carried_from_request), or None."""
    to = safe_next(request.form.get("resume_to"))
    if request.method != "POST" or not to:
        return None
    fields = [(name.removeprefix(CARRIED_PREFIX), value)
              for name, values in request.form.lists() if name.startswith(CARRIED_PREFIX)
              for value in values]
    return {"to": to, "fields": fields}
