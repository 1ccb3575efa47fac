"""Log-in, log-out, the invitation link, password reset."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from award import timeutil
from award.auth import background, bp, services, sessions, throttle
from award.auth.forms import LoginForm, PasswordForm, ResetRequestForm
from award.auth.links import base_url, safe_next
from award.auth.models import TokenPurpose, User
from award.extensions import limiter
from award.formtools import error_summary
from award.web import commits


def login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def home_for(user: User) -> str:
    return url_for("secretariat.index") if user.is_secretariat else url_for("jury.dashboard")


def wrong_message() -> str:
    config = current_app.config
    return ngettext(
        "E-mailadressen eller adgangskoden er forkert. Efter %(failures)d forkerte forsøg "
        "i træk bliver kontoen låst i %(num)d minut; du kan altid nulstille din "
        "adgangskode.",
        "E-mailadressen eller adgangskoden er forkert. Efter %(failures)d forkerte forsøg "
        "i træk bliver kontoen låst i %(num)d minutter; du kan altid nulstille din "
        "adgangskode.",
        config["LOGIN_LOCK_MINUTES"], failures=config["LOGIN_MAX_FAILURES"])


def locked_message() -> str:
    return _("Der er skrevet en forkert adgangskode for mange gange, så kontoen er låst for "
             "log-ind med adgangskode herfra i et stykke tid. Prøv igen senere, eller vælg "
             "»Har du glemt din adgangskode?«: med linket i e-mailen vælger du en ny "
             "adgangskode og bliver logget ind med det samme.")


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@commits
def login():
    """One password hash check for every answer, and locks counted per posted address
    whether it has an account or not (throttle.py): the answer tells nobody who has one."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    form = LoginForm()
    problems = []
    carried = sessions.carried_from_login_form()
    if form.validate_on_submit():
        moment, address = timeutil.now(), get_remote_address()
        email, password = form.email.data, form.password.data
        result, user = services.authenticate(
            email, password, at=moment, locked=throttle.is_locked(email, address, moment))
        if result == services.LoginResult.OK:
            throttle.succeeded(email, address, moment)
            resume_for = session.get("resume_for")
            sessions.start(user)
            if carried and resume_for == user.id:
                return render_template("auth/resume.html", resume=carried,
                                       home=home_for(user))
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        if result == services.LoginResult.WRONG and throttle.failed(email, address, moment):
            result = services.LoginResult.LOCKED
        # A wrong password and an unknown address get the same answer, so the page never
        # tells who has an account here; so does a lock, which counts both alike.
        problems.append(locked_message() if result == services.LoginResult.LOCKED
                        else wrong_message())
    action = url_for(".login", next=safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, errors=error_summary(form, problems),
                           action=action, resume=carried), 200


@bp.post("/log-ud")
@commits
def logout():
    """Ends every session of the user, a copied cookie's too (a new session stamp)."""
    if current_user.is_authenticated:
        services.end_sessions(current_user._get_current_object())
    logout_user()
    sessions.fresh_session()
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
        user = found.user
        services.set_password(user, form.password.data, actor=user.email, at=moment,
                              min_length=current_app.config["PASSWORD_MIN_LENGTH"],
                              used_token=found)
        if current_user.is_authenticated:
            logout_user()
        if purpose == TokenPurpose.RESET:
            # The link in the mailbox is the proof: it lifts every lock on the account and
            # signs the person in, so a stranger's wrong passwords never keep them out.
            throttle.lift(user.email, get_remote_address(), moment)
            services.signed_in(user, moment)
            sessions.start(user)
            flash(_("Din nye adgangskode er gemt, og du er logget ind."), "success")
            return redirect(home_for(user))
        sessions.fresh_session()
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
def forgot_password():
    """The same answer, and the same work, for every address: the lookup, the limits per
    account and the mail happen after the answer (background.py, services.request_reset)."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        background.request_reset_later(form.email.data, base=base_url(), at=timeutil.now())
        hours = current_app.config["PASSWORD_RESET_VALID_HOURS"]
        flash(ngettext("Hvis adressen hører til en konto, har vi sendt en e-mail med et link "
                       "til at vælge en ny adgangskode. Linket virker i %(num)d time.",
                       "Hvis adressen hører til en konto, har vi sendt en e-mail med et link "
                       "til at vælge en ny adgangskode. Linket virker i %(num)d timer.", hours),
              "success")
        return redirect(url_for(".login"))
    return render_template("auth/forgot_password.html", form=form, errors=error_summary(form))
