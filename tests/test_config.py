"""Configuration from the environment, typed by each setting's default; development or
production, and production refusing to start without the public address."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from award import create_app
from award.config import ConfigError, DefaultConfig, load_environment

CHECKOUT = Path(__file__).resolve().parent.parent


def loaded(**environ) -> dict:
    config = {key: getattr(DefaultConfig, key) for key in dir(DefaultConfig)
              if key.isupper()}
    config.update(SECRET_KEY=None, DEBUG=False,
                  PERMANENT_SESSION_LIFETIME=DefaultConfig.PERMANENT_SESSION_LIFETIME)
    load_environment(config, environ)
    return config


def test_a_password_of_digits_stays_text():
    config = loaded(AWARD_SMTP_PASSWORD="12345678", AWARD_SMTP_USERNAME="0042",
                    AWARD_SECRET_KEY="123456", AWARD_MAIL_FROM="true")
    assert config["SMTP_PASSWORD"] == "12345678"
    assert config["SMTP_USERNAME"] == "0042"
    assert config["SECRET_KEY"] == "123456"
    assert config["MAIL_FROM"] == "true"


def test_numbers_and_booleans_keep_working():
    config = loaded(AWARD_SMTP_PORT="587", AWARD_PROXY_COUNT=" 1 ", AWARD_SMTP_STARTTLS="true",
                    AWARD_SMTP_SSL="False", AWARD_SESSION_COOKIE_SECURE="1",
                    AWARD_SESSION_IDLE_MINUTES_JUROR="90", AWARD_WTF_CSRF_TIME_LIMIT="3600",
                    AWARD_PERMANENT_SESSION_LIFETIME="43200", AWARD_RATELIMIT_ENABLED="false")
    assert config["SMTP_PORT"] == 587 and config["PROXY_COUNT"] == 1
    assert config["SMTP_STARTTLS"] is True and config["SMTP_SSL"] is False
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_IDLE_MINUTES_JUROR"] == 90
    assert config["WTF_CSRF_TIME_LIMIT"] == 3600
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    # An extension's switch the app has no default for.
    assert config["RATELIMIT_ENABLED"] is False


def test_lists_dicts_and_empty_values():
    config = loaded(AWARD_TRUSTED_HOSTS="pris.regioner.dk, www.pris.regioner.dk",
                    AWARD_LANGUAGES='["da"]',
                    AWARD_SQLALCHEMY_ENGINE_OPTIONS='{"pool_size": 10}',
                    AWARD_SMTP_HOST="", AWARD_DATABASE_URL="postgresql+psycopg://a/b",
                    AWARD_TEST_DATABASE_URL="ignored")
    assert config["TRUSTED_HOSTS"] == ["pris.regioner.dk", "www.pris.regioner.dk"]
    assert config["LANGUAGES"] == ("da",)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_size": 10}
    assert config["SMTP_HOST"] is None
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://a/b"
    assert "TEST_DATABASE_URL" not in config


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("AWARD_SMTP_PORT", "fem hundrede", "a whole number"),
    ("AWARD_SMTP_STARTTLS", "måske", "true or false"),
    ("AWARD_SQLALCHEMY_ENGINE_OPTIONS", "[1]", "a JSON object"),
    ("AWARD_TRUSTED_HOSTS", "[1, 2]", "a JSON array of strings"),
])
def test_a_value_that_does_not_fit_stops_the_app_with_its_name(name, value, expected):
    with pytest.raises(ConfigError) as refused:
        loaded(**{name: value})
    assert name in str(refused.value) and expected in str(refused.value)


@pytest.fixture
def production(monkeypatch, database_url):
    """No development marker in the environment: as under gunicorn."""
    for name in ("FLASK_RUN_FROM_CLI", "FLASK_DEBUG", "AWARD_ENV", "AWARD_PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


def test_production_refuses_to_start_without_a_public_address(production):
    with pytest.raises(ConfigError) as refused:
        create_app(production)
    assert "AWARD_PUBLIC_BASE_URL is not set" in str(refused.value)
    app = create_app({**production, "PUBLIC_BASE_URL": "https://pris.regioner.dk"})
    assert app.config["DEVELOPMENT"] is False
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_a_secret_key_or_rate_limits_of_one_host(production):
    """Behind a balancer each host needs the same key and the same counts: without them a
    session made on one host is void on the next, and every worker counts lock-outs alone."""
    settings = {**production, "PUBLIC_BASE_URL": "https://pris.regioner.dk"}
    with pytest.raises(ConfigError) as refused:
        create_app({**settings, "SECRET_KEY": None})
    assert "AWARD_SECRET_KEY is not set" in str(refused.value)
    assert "token_hex" in str(refused.value)
    with pytest.raises(ConfigError) as refused:
        create_app({**settings, "RATELIMIT_STORAGE_URI": "memory://"})
    assert "AWARD_RATELIMIT_STORAGE_URI='memory://'" in str(refused.value)
    assert "redis://" in str(refused.value)
    # Development keeps a key of its own in the instance folder and counts in memory.
    development = create_app({**settings, "SECRET_KEY": None, "ENV": "development",
                              "RATELIMIT_STORAGE_URI": "memory://"})
    assert development.config["SECRET_KEY"]


def test_a_public_address_must_be_an_address(production):
    with pytest.raises(ConfigError, match="AWARD_PUBLIC_BASE_URL='pris.regioner.dk'"):
        create_app({**production, "PUBLIC_BASE_URL": "pris.regioner.dk"})


@pytest.mark.parametrize(("setting", "development"), [
    ({"TESTING": True}, True), ({"DEBUG": True}, True), ({"ENV": "development"}, True),
    ({"ENV": "production", "TESTING": True, "PUBLIC_BASE_URL": "https://x.dk"}, False),
])
def test_what_counts_as_development(production, setting, development):
    assert create_app({**production, **setting}).config["DEVELOPMENT"] is development


def test_an_unknown_environment_is_refused(production):
    with pytest.raises(ConfigError, match="AWARD_ENV='prod'"):
        create_app({**production, "ENV": "prod"})


def test_the_award_command_line_is_development(app, monkeypatch, database_url):
    """`make run` runs `award db upgrade`, `award demo` and `award run` with no
    configuration: the command line starts, and its links point at the development server."""
    from award.cli import cli

    # FlaskGroup sets FLASK_RUN_FROM_CLI itself; monkeypatch puts back the original after.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")
    monkeypatch.delenv("AWARD_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("AWARD_ENV", raising=False)
    result = CliRunner().invoke(cli, ["user", "add", "--email", "chef@example.dk", "--name",
                                      "Chef"],
                                env={"AWARD_DATABASE_URL": database_url,
                                     "AWARD_SECRET_KEY": "x"})
    assert result.exit_code == 0, result.output
    assert "http://localhost:5000/konto/invitation/" in result.output


def wsgi_import(**environ) -> subprocess.CompletedProcess:
    clean = {name: value for name, value in os.environ.items()
             if not name.startswith(("AWARD_", "FLASK_"))}
    return subprocess.run([sys.executable, "-c", "import wsgi"], cwd=CHECKOUT, text=True,
                          capture_output=True, timeout=60,
                          env={**clean, "AWARD_SECRET_KEY": "x", **environ})


def test_gunicorn_s_wsgi_app_refuses_without_a_public_address(database_url):
    refused = wsgi_import(AWARD_DATABASE_URL=database_url)
    assert refused.returncode != 0
    assert "AWARD_PUBLIC_BASE_URL is not set" in refused.stderr
    refused = wsgi_import(AWARD_DATABASE_URL=database_url,
                          AWARD_PUBLIC_BASE_URL="https://pris.regioner.dk")
    assert refused.returncode != 0
    assert "AWARD_RATELIMIT_STORAGE_URI='memory://'" in refused.stderr
    started = wsgi_import(AWARD_DATABASE_URL=database_url,
                          AWARD_PUBLIC_BASE_URL="https://pris.regioner.dk",
                          AWARD_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    assert started.returncode == 0, started.stderr
