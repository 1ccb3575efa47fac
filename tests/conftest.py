"""Fixtures shared by the suite. The same tests run on SQLite and, with
AWARD_TEST_DATABASE_URL set, on PostgreSQL; the schema is always made by the migrations."""

import os
import re
import socket
import threading
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from award import create_app, mail, timeutil
from award.cycles.services import create_cycle
from award.extensions import db
from award.nominations import services
from award.nominations.models import Nomination, NominationStatus

TEST_DATABASE_URL = os.environ.get("AWARD_TEST_DATABASE_URL")
# The 2024 call: open 21 November 2023, deadline "frem til den 13. januar 2024".
START = datetime(2024, 1, 5, 10, 0, tzinfo=UTC)


class Clock:
    """The app's clock in tests: set it, move it; the live server reads it too."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def advance(self, **delta) -> None:
        self.moment += timedelta(**delta)


@contextmanager
def own_postgresql_database(server_url: str):
    """A database of this test run's own on the given server, dropped afterwards, so that
    runs at the same time (two developers, CI) never share tables."""
    url = sa.make_url(server_url)
    name = f"award_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with ExitStack() as stack:
        if TEST_DATABASE_URL:
            url = stack.enter_context(own_postgresql_database(TEST_DATABASE_URL))
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'award.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                          "SECRET_KEY": "migrations"})
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


def empty_tables():
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(sa.text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture
def clock():
    return Clock(START)


class RequestClient(FlaskClient):
    """Each request in an app context of its own, as in production: nothing in flask.g (the
    signed-in user, the chosen language) or the request's database session carries over from
    the test's own context or an earlier request."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url, clock, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "CLOCK": clock,
        "SMTP_HOST": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PUBLIC_BASE_URL": None,
    })
    app.instance_path = str(tmp_path)
    app.test_client_class = RequestClient
    with app.app_context():
        yield app
        db.session.rollback()
        empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---------------------------------------------------------------- mail


@dataclass
class Inbox:
    """A real SMTP server on loopback; what it received, as parsed messages.

    The app sends in the background after a request has answered; reading the inbox first
    waits for the senders started so far, as a person waits for the mail to arrive.
    """

    received: list = field(default_factory=list)
    port: int = 0

    @property
    def messages(self) -> list:
        mail.wait_for_senders()
        return self.received

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]



class SMTPHandler:
    """aiosmtpd's handler: what arrives goes into the inbox."""

    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.inbox.received.append(message_from_bytes(envelope.original_content,
                                                      policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox(port=free_port())
    controller = Controller(SMTPHandler(inbox), hostname="127.0.0.1", port=inbox.port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=inbox.port, SMTP_TIMEOUT=5)
    yield inbox
    controller.stop()


# ---------------------------------------------------------------- factories


@pytest.fixture
def make_cycle(app, clock):
    def make(year=2024, opens="2023-11-21", deadline="2024-01-13", **extra):
        cycle = create_cycle(
            year=year, title=f"Prisen for Årets Patientoplevelse {year}",
            theme=extra.pop("theme", "Mere lighed i behandlingen i samarbejde med civilsamfundet"),
            opens_at=timeutil.parse_opening(opens), deadline_at=timeutil.parse_deadline(deadline),
            actor="system", at=clock(), **extra,
        )
        db.session.commit()
        return cycle

    return make


@pytest.fixture
def cycle(make_cycle):
    return make_cycle()


def answers_form(cycle, **overrides) -> dict:
    """A complete, valid nomination form, as a browser would post it."""
    data = {
        "initiative_name": "Flexklinikken",
        "region": "Region Hovedstaden",
        "organisation": "Bispebjerg og Frederiksberg Hospital",
        "unit": "Infektionsmedicinsk afdeling",
        "description": "En klinik uden tidsbestilling for socialt udsatte borgere.",
        "contact_name": "Karen Jensen",
        "contact_email": "karen.jensen@example.dk",
        "contact_phone": "+45 35 31 35 31",
        "nominator_name": "Søren Ærø",
        "nominator_email": "soeren@example.dk",
        "nominator_phone": "",
        "nominator_relation": "patient",
        "privacy_confirmed": "y",
        "website": "",
    }
    for criterion in cycle.criteria:
        data[f"answer_{criterion.number}"] = f"Svar på kriterium {criterion.number}."
    data.update(overrides)
    return data


@pytest.fixture
def make_nomination(app, clock):
    """A submitted nomination, made through the same service as the form."""

    def make(cycle, **overrides):
        values = answers_form(cycle, **overrides)
        nomination = Nomination(cycle=cycle, draft_key=services.new_key(), created_at=clock(),
                                updated_at=clock(), status=NominationStatus.DRAFT)
        db.session.add(nomination)
        services.apply_answers(nomination, values, clock())
        token = services.submit(nomination, clock(), edit_url=lambda t: f"/indstilling/{t}")
        db.session.commit()
        nomination.edit_token = token
        return nomination

    return make


def csrf_token(client, path="/indstil") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


# ---------------------------------------------------------------- browser


class LiveServer:
    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(5)


@pytest.fixture
def live_server(app):
    with LiveServer(app) as server:
        yield server


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "browser tests need Chromium: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# ---------------------------------------------------------------- the public form in a browser

# The labels a person sees on the Danish form, by field name (radios and criteria aside).
FORM_LABELS = {
    "initiative_name": "Initiativets navn",
    "organisation": "Hospital eller organisation",
    "unit": "Afdeling eller enhed (valgfrit)",
    "description": "Kort beskrivelse af initiativet",
    "contact_name": "Kontaktpersonens navn",
    "contact_email": "Kontaktpersonens e-mail",
    "contact_phone": "Kontaktpersonens telefonnummer",
    "nominator_name": "Dit navn",
    "nominator_email": "Din e-mail",
    "nominator_phone": "Dit telefonnummer (valgfrit)",
}
RELATION_LABELS = {"patient": "Patient", "paaroerende": "Pårørende",
                   "medarbejder": "Medarbejder", "andet": "Andet"}
PRIVACY_LABEL = "Jeg har læst, hvordan oplysningerne bruges"


@pytest.fixture
def fill_nomination():
    """Fill in the Danish nomination form in a Playwright page by its labels, as a person
    would, from answers_form()-shaped values; returns the values it typed."""

    def fill(page, cycle, **overrides):
        values = answers_form(cycle, **overrides)
        for name, label in FORM_LABELS.items():
            page.get_by_label(label, exact=True).fill(values[name])
        page.get_by_role("radio", name=values["region"], exact=True).check()
        for criterion in cycle.criteria:
            page.get_by_label(criterion.text_da, exact=True).fill(
                values[f"answer_{criterion.number}"])
        if cycle.theme_question_da:
            page.get_by_label(cycle.theme_question_da, exact=True).fill(
                values.get("theme_answer", ""))
        page.get_by_role("radio", name=RELATION_LABELS[values["nominator_relation"]],
                         exact=True).check()
        page.get_by_label(PRIVACY_LABEL, exact=True).set_checked(bool(values["privacy_confirmed"]))
        return values

    fill.labels = FORM_LABELS
    fill.privacy_label = PRIVACY_LABEL
    return fill


# ---------------------------------------------------------------- accounts and the jury

PASSWORD = "en lang og god adgangskode"


@pytest.fixture
def make_user(app, clock):
    """A user with a password (None: invited, no password yet)."""

    def make(email="sekretariat@example.dk", name="Sara Sekretær", role="secretariat",
             password=PASSWORD):
        from award.auth import services as accounts

        # The production cost (scrypt N=2^15) makes every factory user take ~0.1 s.
        app.config["PASSWORD_HASH_METHOD"] = "scrypt:1024:8:1"
        user = accounts.create_user(email=email, name=name, role=role, actor="system",
                                    at=clock())
        if password:
            accounts.set_password(user, password, actor="system", at=clock(), min_length=12)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_juror(app, clock, make_user):
    """A juror on the cycle's jury, with a password unless password=None."""

    def make(cycle, email, name=None, kind="fagperson", weight=100, password=PASSWORD):
        from award.jury import jurors

        make_user(email=email, name=name or email.split("@")[0].title(), role="juror",
                  password=password)
        juror, _url = jurors.add_juror(cycle, email=email, name=name or email, kind=kind,
                                     weight_hundredths=weight, actor="system", at=clock(),
                                     link=lambda token: f"/konto/invitation/{token}",
                                     invitation_valid=timedelta(days=7))
        db.session.commit()
        return juror

    return make


# The Monday after the 2024 call closed: the nominations are final and judging can begin.
JUDGING = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def open_round(app, clock):
    """Open round 1 of the cycle (the whole jury unless panel e-mails are given). A round opens
    only once the call has closed, so the clock moves on to JUDGING (or the cycle's deadline,
    when that is later) unless it is there already."""

    def open_(cycle, panel=None, deadline=None, number=1):
        from award.rounds import services as rounds

        clock.set(max(clock(), JUDGING, cycle.deadline_at))
        opened = rounds.open_round(cycle, number=number, panel_emails=panel, deadline_at=deadline,
                                 actor="system", at=clock())
        db.session.commit()
        return opened

    return open_


def login(client, user) -> None:
    """Sign a test client in as the user without the log-in form (and its rate limit)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
