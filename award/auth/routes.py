"""Log-in, log-out, the invitation link, password reset."""

from datetime import timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from award import timeutil
from award.auth import bp, services
from award.auth.forms import LoginForm, PasswordForm, ResetRequestForm
from award.auth.links import absolute_url, safe_next
from award.auth.models import TokenPurpose, User
from award.extensions import limiter
from award.formtools import error_summary
from award.web import commits


def login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def home_for(user: User) -> str:
    return url_for("secretariat.index") if user.is_secretariat else url_for("jury.dashboard")


def fresh_session() -> None:
    """A new session at log-in and log-out (no fixation); only the language choice stays."""
    language = session.get("lang")
    session.clear()
    # The CSRF token cached for this request belonged to the old session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    if language:
        session["lang"] = language


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@commits
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    form = LoginForm()
    problems = []
    if form.validate_on_submit():
        config = current_app.config
        result, user = services.authenticate(
            form.email.data, form.password.data, at=timeutil.now(),
            max_failures=config["LOGIN_MAX_FAILURES"],
            lock_for=timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
        )
        if result == services.LoginResult.OK:
            fresh_session()
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        # One answer for a wrong password, a locked account and an unknown address, so the
        # page never tells who has an account here.
        problems.append(ngettext(
            "E-mailadressen eller adgangskoden er forkert. Efter %(failures)d forkerte forsøg "
            "i træk bliver kontoen låst i %(num)d minut; du kan altid nulstille din "
            "adgangskode.",
            "E-mailadressen eller adgangskoden er forkert. Efter %(failures)d forkerte forsøg "
            "i træk bliver kontoen låst i %(num)d minutter; du kan altid nulstille din "
            "adgangskode.",
            config["LOGIN_LOCK_MINUTES"], failures=config["LOGIN_MAX_FAILURES"]))
    return render_template("auth/login.html", form=form,
                           errors=error_summary(form, problems)), 200


@bp.post("/log-ud")
def logout():
    logout_user()
    fresh_session()
    flash(_("Du er logget ud."), "success")
    return redirect(url_for(".login"))


def invalid_link():
    return render_template("auth/link_invalid.html"), 404


def set_password_page(token: str, purpose: TokenPurpose, title: str):
    moment = timeutil.now()
    found = services.usable_token(token, purpose, moment)
    if found is None:
        return invalid_link()
    form = PasswordForm()
    if form.validate_on_submit():
        services.set_password(found.user, form.password.data, actor=found.user.email,
                              at=moment, min_length=current_app.config["PASSWORD_MIN_LENGTH"],
                              used_token=found)
        if current_user.is_authenticated:
            logout_user()
        fresh_session()
        flash(_("Din adgangskode er gemt. Log ind med din e-mail og den nye adgangskode."),
              "success")
        return redirect(url_for(".login"))
    return render_template("auth/set_password.html", form=form, title=title, user=found.user,
                           errors=error_summary(form))


@bp.route("/konto/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@commits
def accept_invitation(token: str):
    return set_password_page(token, TokenPurpose.INVITATION, _("Vælg din adgangskode"))


@bp.route("/konto/nulstil/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@commits
def reset_password(token: str):
    return set_password_page(token, TokenPurpose.RESET, _("Vælg en ny adgangskode"))


@bp.route("/konto/glemt-adgangskode", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@commits
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        hours = current_app.config["PASSWORD_RESET_VALID_HOURS"]
        services.request_reset(
            form.email.data, at=timeutil.now(), valid=timedelta(hours=hours),
            link=lambda token: absolute_url("auth.reset_password", token=token),
        )
        flash(ngettext("Hvis adressen hører til en konto, har vi sendt en e-mail med et link "
                       "til at vælge en ny adgangskode. Linket virker i %(num)d time.",
                       "Hvis adressen hører til en konto, har vi sendt en e-mail med et link "
                       "til at vælge en ny adgangskode. Linket virker i %(num)d timer.", hours),
              "success")
        return redirect(url_for(".login"))
    return render_template("auth/forgot_password.html", form=form, errors=error_summary(form))
