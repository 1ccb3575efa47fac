"""Configuration: defaults here, then instance/config.py, then AWARD_* environment variables."""

import json
import os
import secrets
from pathlib import Path

MEGABYTE = 1024 * 1024


class DefaultConfig:
    # AWARD_DATABASE_URL; unset means SQLite in the instance folder (see create_app).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    LANGUAGES = ("da", "en")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"

    # Nomination attachments: the spec's 5 files of 10 MB, plus room for the text fields.
    ATTACHMENT_MAX_COUNT = 5
    ATTACHMENT_MAX_BYTES = 10 * MEGABYTE
    MAX_CONTENT_LENGTH = 5 * 10 * MEGABYTE + 4 * MEGABYTE
    MAX_FORM_MEMORY_SIZE = 2 * MEGABYTE

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Per client address; generous enough for a family sharing one connection.
    NOMINATION_FORM_RATE_LIMIT = "60 per hour"
    NOMINATION_SUBMIT_RATE_LIMIT = "20 per hour"
    # Number of proxies in front of the app whose X-Forwarded-For may be trusted.
    PROXY_COUNT = 0

    # SMTP. Without SMTP_HOST mail stays in the outbox until `award mail send`.
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 10
    MAIL_FROM = "Prisen for Årets Patientoplevelse <patientoplevelse@regioner.dk>"
    # Absolute base for links in e-mails and CLI output, e.g. https://pris.regioner.dk
    PUBLIC_BASE_URL: str | None = None

    # The secretariat's address shown on the public pages.
    SECRETARIAT_EMAIL = "patientoplevelse@regioner.dk"

    # Accounts (secretariat and jurors). The log-in limit is per client address; the
    # lock-out is per account.
    LOGIN_RATE_LIMIT = "10 per minute;60 per hour"
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    INVITATION_VALID_DAYS = 7
    PASSWORD_RESET_VALID_HOURS = 2
    PASSWORD_MIN_LENGTH = 12
    # A slow hash: werkzeug's scrypt (N=2^15, r=8, p=1). Tests use a cheaper cost.
    PASSWORD_HASH_METHOD = "scrypt"

    # Secure is switched on by create_app when PUBLIC_BASE_URL is https (production).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # A long answer may take an evening to write: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None


def load_environment(config: dict, environ=os.environ) -> None:
    """Apply AWARD_* variables; values that parse as JSON (numbers, true/false) are typed."""
    renamed = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
    for name, raw in environ.items():
        if not name.startswith("AWARD_") or name.startswith("AWARD_TEST_"):
            continue
        key = name.removeprefix("AWARD_")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        if isinstance(value, (dict, list)):
            value = raw
        config[renamed.get(key, key)] = value


def development_secret_key(instance_path: str) -> str:
    """A secret key generated once into the instance folder, never committed."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
