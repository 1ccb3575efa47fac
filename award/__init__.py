"""Prisen for Årets Patientoplevelse: the award platform."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, has_request_context, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from award.config import (
    DefaultConfig,
    check_public_base_url,
    check_shared_state,
    development_secret_key,
    is_development,
    load_environment,
)
from award.dbtypes import INTEGER_MAX
from award.extensions import babel, csrf, db, limiter, migrate


def _project_folder(name: str) -> str:
    """A top-level folder of the project (templates/, migrations/): beside the package in a
    checkout, inside it when installed from a wheel (pyproject.toml maps it there)."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / name
    return str(checkout if checkout.is_dir() else package / name)


TEMPLATES = _project_folder("templates")
MIGRATIONS = _project_folder("migrations")


def select_locale() -> str:
    """Danish unless the person chose another language (the switch in the header)."""
    if not has_request_context():
        return "da"
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in current_app.config["LANGUAGES"] else "da"


def create_app(config: dict | None = None) -> Flask:
    # AWARD_INSTANCE_PATH: a host's own instance folder (instance/ in the checkout by default).
    instance = os.environ.get("AWARD_INSTANCE_PATH") or None
    app = Flask(__name__, instance_relative_config=True, template_folder=TEMPLATES,
                instance_path=str(Path(instance).resolve()) if instance else None)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    load_environment(app.config)
    if config:
        app.config.update(config)
    # Development or production (award/config.py says which is which): in production links
    # in e-mails need PUBLIC_BASE_URL, and every host must share the secret key and the
    # rate-limit storage; the app does not start without them.
    app.config["DEVELOPMENT"] = is_development(app.config)
    check_public_base_url(app.config, app.config["DEVELOPMENT"])
    check_shared_state(app.config, app.config["DEVELOPMENT"])

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'award.sqlite3'}"
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key(app.instance_path)
    base = app.config.get("PUBLIC_BASE_URL")
    if base and not app.config.get("TRUSTED_HOSTS"):
        # Links in e-mails come from PUBLIC_BASE_URL; a request for any other host name is
        # refused rather than trusted.
        app.config["TRUSTED_HOSTS"] = [urlsplit(base).hostname]
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from award import models  # noqa: F401  (every table, so that all mappers resolve)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)

    from award import auth, errors, jury, requestlog, rounds, templating

    # Before the blueprints add their rules: every <int:…> in an address fits an id column.
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(refuse_nul_in_address)

    auth.init_app(app)
    jury.init_app(app)
    rounds.init_app(app)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    for group in command_groups():
        app.cli.add_command(group)
    templating.init_app(app)
    errors.init_app(app)
    requestlog.init_app(app)
    app.after_request(security_headers)
    return app


class DatabaseInteger(IntegerConverter):
    """<int:…> in an address: a number beyond what an id column holds matches no page (a 404),
    rather than reaching the database, which refuses it with an error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", INTEGER_MAX)
        super().__init__(url_map, *args, **kwargs)


def refuse_nul_in_address():
    """A NUL byte in the address or its query (%00) is refused before any view sees it:
    PostgreSQL cannot compare text with it. Forms refuse it field by field (award.formtools)."""
    if "\x00" in request.path or any("\x00" in key + "".join(values)
                                      for key, values in request.args.lists()):
        abort(400)


def blueprints():
    from award.auth import bp as auth
    from award.health import bp as health
    from award.jury.routes import bp as jury
    from award.nominations.routes import bp as nominations
    from award.public.routes import bp as public
    from award.secretariat import bp as secretariat

    return (health, public, nominations, auth, jury, secretariat)


def command_groups():
    """Each feature's `award` commands; the FlaskGroup finds them on app.cli."""
    from award.announcements.cli import commands as announcements
    from award.audit.cli import commands as audit
    from award.auth.cli import commands as auth
    from award.cycles.cli import commands as cycles
    from award.demo.cli import commands as demo
    from award.exports.cli import commands as exports
    from award.grants.cli import commands as grants
    from award.health import commands as health
    from award.jury.cli import commands as jury
    from award.mail.cli import commands as mail
    from award.nominations.cli import commands as nominations
    from award.retention.cli import commands as retention
    from award.rounds.cli import commands as rounds

    return (*cycles, *nominations, *auth, *jury, *rounds, *mail, *audit, *exports, *demo,
            *retention, *grants, *announcements, *health)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def security_headers(response):
    # no-referrer: the private edit link must never leave the site in a Referer header.
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if request.endpoint != "static":
        # Receipts, edit links and jury pages hold personal data: no copies in caches, on a
        # shared library computer either.
        response.headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
