"""Configuration: defaults here, then instance/config.py, then AWARD_* environment variables.

Where links point and when the app counts as development
-------------------------------------------------------
Links in e-mails (password resets, invitations, a nominator's edit link) are built from
PUBLIC_BASE_URL only, never from the request's Host header, which anyone can forge.

The app runs in *development* when any of these holds:

- TESTING is set (the test suite);
- DEBUG is set (`award run --debug`, FLASK_DEBUG=1);
- it was started by the `award` command line (Flask's CLI sets FLASK_RUN_FROM_CLI): that is
  `make run` (`award db upgrade`, `award demo`, `award run`, Werkzeug's development server)
  and the other `award …` commands, which serve no requests;
- AWARD_ENV=development says so.

AWARD_ENV=production says the opposite and wins over all of the above. Anything else is
*production*: a WSGI server importing `wsgi:app` (gunicorn). In production the app refuses to
start without AWARD_PUBLIC_BASE_URL. In development, without it, links point at the
development server itself (the address it listens on, not the Host header) or, outside a
request, http://localhost:5000. So `make run` works on a fresh clone with no configuration,
and `gunicorn wsgi:app` without AWARD_PUBLIC_BASE_URL stops with an error that names it.

Types of environment values
---------------------------
A value is read as the type of its default: `AWARD_SMTP_PORT=587` is a number,
`AWARD_SMTP_STARTTLS=true` a boolean (true/false, yes/no, on/off, 1/0), a list such as
`AWARD_TRUSTED_HOSTS=pris.regioner.dk,www.pris.regioner.dk` is split on commas (or given as a
JSON array), a dict is JSON, a duration is seconds. Everything else, and every setting without
a default here, stays a string: `AWARD_SMTP_PASSWORD=12345678` is the text "12345678"
(an extension's setting the app has no default for, such as AWARD_RATELIMIT_ENABLED, is a
boolean when it says true or false). An empty value for a setting whose default is None means
None. A value that does not fit its type stops the app with an error naming the variable.
"""

import json
import os
import secrets
import types
import typing
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

MEGABYTE = 1024 * 1024

# Where `award run` serves by default: the base of links made outside a request (commands)
# in development when PUBLIC_BASE_URL is not set.
DEVELOPMENT_BASE_URL = "http://localhost:5000"


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the app does not start."""


class DefaultConfig:
    # AWARD_ENV: "development" or "production"; unset means decided as described above.
    ENV: str | None = None

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
    # Sent nominations per client address (a whole hospital may share one on the deadline
    # day) and presses of "Send" per draft (a script repeating one draft is held early).
    NOMINATION_SUBMIT_RATE_LIMIT = "60 per hour"
    NOMINATION_SUBMIT_DRAFT_RATE_LIMIT = "10 per hour"
    # Unsent drafts untouched this long are deleted by `award purge --drafts`.
    DRAFT_RETENTION_DAYS = 7
    # Number of proxies in front of the app whose X-Forwarded-For may be trusted.
    PROXY_COUNT = 0
    # One JSON line per request on stderr (award/requestlog.py): None means in production
    # only.
    ACCESS_LOG: bool | None = None
    # Host names requests may use; with PUBLIC_BASE_URL set and this unset, its host alone.
    TRUSTED_HOSTS: list[str] | None = None

    # SMTP. Without SMTP_HOST mail stays in the outbox until `award mail send`.
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 10
    MAIL_FROM = "Prisen for Årets Patientoplevelse <patientoplevelse@regioner.dk>"
    # Absolute base for links in e-mails and command output, e.g. https://pris.regioner.dk.
    # Required in production (see the module's docstring).
    PUBLIC_BASE_URL: str | None = None

    # The secretariat's address shown on the public pages.
    SECRETARIAT_EMAIL = "patientoplevelse@regioner.dk"
    # How a nominator without e-mail reaches the secretariat: printed in the receipt letter
    # (award/nominations/letters.py); lines of the postal address separated by "\n".
    SECRETARIAT_PHONE = "35 29 81 00"
    SECRETARIAT_POSTAL_ADDRESS = "Danske Regioner\nDampfærgevej 22\n2100 København Ø"

    # Accounts (secretariat and jurors); see award/auth/throttle.py for the log-in limits.
    # Per client address, every log-in form:
    LOGIN_RATE_LIMIT = "10 per minute;60 per hour"
    # Per account and client address: this many wrong passwords in a row lock that address
    # out of that account for LOGIN_LOCK_MINUTES.
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    # Per account from every address: after this many wrong passwords in a day (UTC) the
    # account takes no password until the next day; the e-mailed reset link still signs in.
    LOGIN_MAX_FAILURES_PER_DAY = 50
    INVITATION_VALID_DAYS = 7
    PASSWORD_RESET_VALID_HOURS = 2
    # Reset mails per account, whoever asks: at most one per interval and this many a day
    # (beyond that only when no earlier link is still valid). The page says the same anyway.
    RESET_MAIL_INTERVAL_MINUTES = 5
    RESET_MAILS_PER_DAY = 5
    PASSWORD_MIN_LENGTH = 12
    # A slow hash: werkzeug's scrypt (N=2^15, r=8, p=1). Tests use a cheaper cost.
    PASSWORD_HASH_METHOD = "scrypt"

    # Sessions of the secretariat and jurors end after this long without a request (jurors
    # score long texts), and in any case this long after the log-in.
    SESSION_IDLE_MINUTES_SECRETARIAT = 30
    SESSION_IDLE_MINUTES_JUROR = 120
    SESSION_MAX_HOURS = 12
    # No session cookie of anyone (the language choice, a nominator's receipt and CSRF token)
    # is accepted once it is older than this; a nominator may still finish the next day.
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)

    # Secure is switched on by create_app when PUBLIC_BASE_URL is https (production), so
    # `make run` over http keeps its session.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # A long answer may take an evening to write: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT: int | None = None


RENAMED = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


# A setting absent from the configuration (an extension's, read with its own default).
ABSENT = object()


def _declared_types(key: str, current) -> tuple[set[type], bool]:
    """The types a setting takes (from DefaultConfig's annotation, else its current value)
    and whether None is allowed."""
    hint = DefaultConfig.__annotations__.get(key)
    if hint is not None:
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        kinds = {typing.get_origin(option) or option for option in options}
        return kinds - {type(None)}, type(None) in kinds
    if current is None or current is ABSENT:
        return {str}, True
    return {type(current)}, False


def parse_value(name: str, raw: str, current=ABSENT, key: str | None = None):
    """The environment variable `name`'s text as the type of the setting `key`, whose value
    so far is `current` (ABSENT when the configuration does not have it at all)."""
    kinds, optional = _declared_types(key or name.removeprefix("AWARD_"), current)
    text = raw.strip()
    if optional and not text:
        return None
    if current is ABSENT and kinds == {str} and text.lower() in ("true", "false"):
        return text.lower() == "true"

    def refuse(expected: str):
        return ConfigError(f"{name}={raw!r}: expected {expected}")

    if bool in kinds:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise refuse("true or false")
    if int in kinds:
        try:
            return int(text)
        except ValueError:
            raise refuse("a whole number") from None
    if float in kinds:
        try:
            return float(text)
        except ValueError:
            raise refuse("a number") from None
    if timedelta in kinds:
        try:
            return timedelta(seconds=int(text))
        except ValueError:
            raise refuse("a number of seconds") from None
    if kinds & {list, tuple}:
        if text.startswith("["):
            try:
                items = json.loads(text)
            except ValueError:
                items = None
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise refuse("a JSON array of strings or a comma-separated list")
        else:
            items = [item.strip() for item in text.split(",") if item.strip()]
        return items if list in kinds else tuple(items)
    if dict in kinds:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise refuse("a JSON object")
        return value
    return raw


def load_environment(config: dict, environ=os.environ) -> None:
    """Apply AWARD_* variables (AWARD_TEST_* are the test suite's, not the app's), each read
    as the type of its setting (see the module's docstring)."""
    for name, raw in environ.items():
        if not name.startswith("AWARD_") or name.startswith("AWARD_TEST_"):
            continue
        key = name.removeprefix("AWARD_")
        key = RENAMED.get(key, key)
        config[key] = parse_value(name, raw, config.get(key, ABSENT), key)


def is_development(config, environ=os.environ) -> bool:
    """Development or production, as the module's docstring describes."""
    chosen = (config.get("ENV") or "").strip().lower()
    if chosen not in ("", "development", "production"):
        raise ConfigError(f"AWARD_ENV={config.get('ENV')!r}: expected development or "
                          "production")
    if chosen:
        return chosen == "development"
    return bool(config.get("TESTING") or config.get("DEBUG")
                or environ.get("FLASK_RUN_FROM_CLI") == "true")


def check_public_base_url(config, development: bool) -> None:
    """PUBLIC_BASE_URL, when set, is an http(s) address; in production it must be set."""
    base = config.get("PUBLIC_BASE_URL")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
                or parts.fragment:
            raise ConfigError(f"AWARD_PUBLIC_BASE_URL={base!r}: expected the site's address, "
                              "e.g. https://pris.regioner.dk")
    elif not development:
        raise ConfigError(
            "AWARD_PUBLIC_BASE_URL is not set. Links in e-mails (password resets, "
            "invitations, edit links) are built from it and never from the request's Host "
            "header, so the app does not start without it in production. Set it to the "
            "site's address, e.g. AWARD_PUBLIC_BASE_URL=https://pris.regioner.dk (for a "
            "development server, AWARD_ENV=development).")


def check_shared_state(config, development: bool) -> None:
    """In production every host must share what a request may meet on another host: the key
    that signs sessions and CSRF tokens, and the store that counts rate limits and lock-outs.
    A key made per host in its instance folder, or counts kept in one process's memory, work
    on one host and break silently behind a balancer."""
    if development:
        return
    if not config.get("SECRET_KEY"):
        raise ConfigError(
            "AWARD_SECRET_KEY is not set. In production every host must sign sessions and "
            "forms with the same key, or a person is logged out (and loses a form) whenever "
            "the balancer sends them to another host. Set AWARD_SECRET_KEY to the same long "
            "random value on every host, e.g. the output of: python3 -c 'import secrets; "
            "print(secrets.token_hex(32))' (for a development server, AWARD_ENV=development).")
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "")
    if storage.startswith("memory://"):
        raise ConfigError(
            f"AWARD_RATELIMIT_STORAGE_URI={storage!r}: in production rate limits and log-in "
            "lock-outs must be counted where every worker and host sees them, not in one "
            "process's memory (each gunicorn worker would count on its own, so five wrong "
            "passwords become five per worker). Set it to a Redis server, e.g. "
            "AWARD_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (for a development server, "
            "AWARD_ENV=development).")


def development_secret_key(instance_path: str) -> str:
    """A secret key generated once into the instance folder, never committed."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
