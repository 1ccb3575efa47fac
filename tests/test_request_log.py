"""A request id follows each request; production logs one JSON line per request, with the
secrets in addresses replaced and no query string."""

import json
import logging

import pytest

from award import create_app
from award.requestlog import ACCESS


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def access_lines():
    handler = Lines()
    ACCESS.addHandler(handler)
    yield handler.lines
    ACCESS.removeHandler(handler)


def test_the_request_id_is_taken_from_the_balancer_or_made(app):
    client = app.test_client()
    assert client.get("/", headers={"X-Request-ID": "lb-42.a"}).headers["X-Request-ID"] == (
        "lb-42.a")
    for sent in ("", "has spaces", "x" * 129, "æøå"):
        made = client.get("/", headers={"X-Request-ID": sent}).headers["X-Request-ID"]
        assert made != sent and len(made) == 32


def test_production_logs_a_line_per_request_without_secrets(database_url, access_lines):
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                             "RATELIMIT_STORAGE_URI": "memory://", "ENV": "development",
                             "ACCESS_LOG": True})
    client = production.test_client()
    client.get("/indstilling/hemmelig-token-123?lang=en", headers={"X-Request-ID": "r1"})
    client.get("/healthz")
    first, second = access_lines
    assert first["path"] == "/indstilling/<token>" and first["status"] == 404
    assert first["method"] == "GET" and first["request_id"] == "r1"
    assert isinstance(first["duration_ms"], float) and first["time"]
    assert "hemmelig" not in json.dumps(access_lines) and "lang" not in json.dumps(access_lines)
    assert (second["path"], second["status"]) == ("/healthz", 200)


def test_development_logs_no_access_lines(app, access_lines):
    assert app.config["ACCESS_LOG"] is False
    app.test_client().get("/")
    assert access_lines == []
