"""Prisen for Årets Patientoplevelse: the award platform."""

from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from award.config import DefaultConfig, development_secret_key, load_environment
from award.extensions import babel, csrf, db, limiter, migrate

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def select_locale() -> str:
    """Danish unless the person chose another language (the switch in the header)."""
    if not has_request_context():
        return "da"
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in current_app.config["LANGUAGES"] else "da"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    load_environment(app.config)
    if config:
        app.config.update(config)

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

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)

    from award import auth, errors, jury, templating
    from award.nominations import bp as nominations_bp
    from award.public import bp as public_bp
    from award.secretariat import bp as secretariat_bp

    auth.init_app(app)
    jury.init_app(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(nominations_bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(jury.bp)
    app.register_blueprint(secretariat_bp)
    templating.init_app(app)
    errors.init_app(app)
    register_commands(app)
    app.after_request(security_headers)
    return app


def register_commands(app: Flask) -> None:
    """The platform's command groups on app.cli too, so `flask --app award` and the test
    runner reach them as `award` does."""
    from award.cli import cli

    for name, command in cli.commands.items():
        if name not in app.cli.commands and name not in ("run", "shell", "routes"):
            app.cli.add_command(command, name)


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
