"""/healthz and /readyz, what a balancer asks: plain answers, no cookie, no rate limit."""

import sqlalchemy as sa

from award import create_app
from award.extensions import db


def other_app(database_url, **settings):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                       "SECRET_KEY": "test", "RATELIMIT_STORAGE_URI": "memory://",
                       **settings})


def test_health_and_readiness_on_a_migrated_database(app):
    client = app.test_client()
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
        assert not [name for name, _ in response.headers if name.startswith("X-RateLimit")]


def test_not_ready_while_the_schema_is_behind(app):
    newest = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '8c5a1e2f3b40'"))
    db.session.commit()
    try:
        response = app.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.get_data(as_text=True) == (
            f"database: schema at 8c5a1e2f3b40, newest migration is {newest} "
            "(award db upgrade)\n")
        assert app.test_client().get("/healthz").status_code == 200
    finally:
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": newest})
        db.session.commit()


def test_not_ready_without_a_database_alive_all_the_same(tmp_path):
    gone = other_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'award.sqlite3'}")
    client = gone.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database: OperationalError\n"


def test_not_ready_without_the_rate_limit_storage(database_url):
    # Nothing listens on port 1.
    cut_off = other_app(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    response = cut_off.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_data(as_text=True).startswith("rate-limit storage: ")


def test_award_check_reports_each_setting_and_what_answers(app, runner, smtp):
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["ok", "AWARD_ENV", "development"]
    assert any(line.split()[:2] == ["ok", "AWARD_SECRET_KEY"] and line.endswith("set")
               for line in lines)
    assert any(line.startswith("ok    database and rate-limit storage") and
               line.endswith("answer") for line in lines)
    assert f"SMTP                             127.0.0.1:{smtp.port} answers" in result.output


def test_award_check_fails_when_mail_would_not_go_and_hides_passwords(app, runner):
    from conftest import free_port

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_TIMEOUT=2)
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert "FAIL  SMTP" in result.output and "ConnectionRefusedError" in result.output
    assert "1 problem(s): see the lines marked FAIL" in result.output

    app.config.update(SMTP_HOST=None, RATELIMIT_STORAGE_URI="redis://:secret@127.0.0.1:1/0")
    assert "redis://:***@127.0.0.1:1/0" in runner.invoke(args=["check"]).output
