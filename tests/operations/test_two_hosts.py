"""The two-host drill: two app hosts (gunicorn, each with its own instance folder) on one
PostgreSQL and one Redis, behind nginx, as docs/operations.md sets them up.

It shows: a session made on one host is valid on the other, and logging out on one ends it
on both; log-in lock-out counts are shared; a nomination whose requests alternate hosts
arrives once; each e-mail goes out once while both hosts' background senders and two
`award mail send` run; one host killed with SIGKILL in the middle of a storm of nominations
through nginx (which retries on the other): every sender gets a receipt and no nomination
is made twice.

Marked `cluster`: it needs PostgreSQL (AWARD_TEST_DATABASE_URL), Redis (AWARD_TEST_REDIS_URL,
or the local one) and nginx; `make test` runs it in the PostgreSQL pass.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from fixtures.database import TEST_DATABASE_URL, own_postgresql_database
from fixtures.factories import answers_form
from fixtures.mail import free_port

from award import create_app
from award.cycles.models import Cycle
from award.extensions import db
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination, NominationStatus

pytestmark = pytest.mark.cluster

CHECKOUT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = "/usr/sbin/nginx"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DRAFT_KEY = re.compile(r'name="draft_key"[^>]*value="([^"]+)"')
REFERENCE = re.compile(r"AP-\d{4}-\d{4}")


class Sink:
    """A real SMTP server that keeps each message's Message-ID."""

    def __init__(self):
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        found = re.search(rb"^Message-ID:\s*(\S+)", envelope.content, re.M | re.I)
        with self.lock:
            self.ids.append(found.group(1).decode() if found else "")
        return "250 OK"


class Browser:
    """Cookies shared across hosts (they are per host name, not per port), redirects
    followed, refusals returned rather than raised."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def form_token(self, url):
        status, _, page = self.open(url)
        assert status == 200, (url, status)
        return CSRF.search(page).group(1), page


class Host:
    def __init__(self, name, env, folder):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        instance = folder / name
        instance.mkdir()
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=CHECKOUT,
            env={**env, "AWARD_INSTANCE_PATH": str(instance), "AWARD_WORKERS": "2",
                 "AWARD_BIND": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL, stderr=(folder / f"{name}.log").open("w"),
            start_new_session=True)

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


def wait_ready(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not become ready")


NGINX_CONF = """
user root;
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream award {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://award;
            # A host that dies takes no request with it: nginx sends it to the other, POSTs
            # too (the app makes a repeated send harmless, as it does a double click).
            proxy_next_upstream error timeout http_502 non_idempotent;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    assert TEST_DATABASE_URL, "the two-host drill needs PostgreSQL: AWARD_TEST_DATABASE_URL"
    assert os.path.exists(NGINX), "the two-host drill needs nginx: apt-get install nginx-light"
    folder = tmp_path_factory.mktemp("cluster")
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    balancer_port = free_port()
    with own_postgresql_database(TEST_DATABASE_URL) as database_url:
        clean = {name: value for name, value in os.environ.items()
                 if not name.startswith(("AWARD_", "FLASK_"))}
        env = {**clean, "AWARD_ENV": "production", "AWARD_DATABASE_URL": database_url,
               "AWARD_SECRET_KEY": secrets.token_hex(32),
               "AWARD_RATELIMIT_STORAGE_URI": os.environ.get("AWARD_TEST_REDIS_URL",
                                                             "redis://127.0.0.1:6379/0"),
               "AWARD_RATELIMIT_KEY_PREFIX": f"cluster-{uuid.uuid4().hex}",
               "AWARD_PUBLIC_BASE_URL": f"http://127.0.0.1:{balancer_port}",
               "AWARD_PROXY_COUNT": "1", "AWARD_SMTP_HOST": "127.0.0.1",
               "AWARD_SMTP_PORT": str(smtp.port), "AWARD_ACCESS_LOG": "false",
               "AWARD_INSTANCE_PATH": str(folder / "commands")}
        subprocess.run([BIN / "award", "db", "upgrade"], cwd=CHECKOUT, env=env, check=True,
                       capture_output=True)
        # The demo's mail stays queued for now: the drill sends it below.
        demo = subprocess.run([BIN / "award", "demo"], cwd=CHECKOUT, check=True, text=True,
                              env={**env, "AWARD_SMTP_HOST": ""}, capture_output=True)
        logins = dict(re.findall(r"^\s+\S+\s+(\S+@example\.dk)\s+(\S+)$", demo.stdout, re.M))
        hosts = [Host("a", env, folder), Host("b", env, folder)]
        for host in hosts:
            wait_ready(host.url)
        (folder / "nginx.conf").write_text(NGINX_CONF.format(
            folder=folder, a=hosts[0].port, b=hosts[1].port, port=balancer_port))
        nginx = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                                 stderr=subprocess.DEVNULL)
        balancer = f"http://127.0.0.1:{balancer_port}"
        wait_ready(balancer)
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "SECRET_KEY": "drill", "RATELIMIT_STORAGE_URI": "memory://"})
        try:
            with app.app_context():
                yield {"hosts": hosts, "balancer": balancer, "logins": logins, "env": env,
                       "sink": sink, "cycle": db.session.scalar(
                           sa.select(Cycle).order_by(Cycle.year.desc()).limit(1))}
                db.session.remove()
                db.engine.dispose()
        finally:
            nginx.terminate()
            nginx.wait(10)
            for host in hosts:
                if host.process.poll() is None:
                    host.kill()
            smtp.stop()


def nominate(browser, answers, urls):
    """The whole nomination, request by request on the given hosts in turn: the form, the
    answers (answers_form's, made beforehand in the app context), the check page, send, the
    receipt. Returns the reference on the receipt."""
    urls = iter(urls)
    token, page = browser.form_token(f"{next(urls)}/indstil")
    key = DRAFT_KEY.search(page).group(1)
    form = {**answers, "draft_key": key, "csrf_token": token}
    status, checked_at, _page = browser.open(f"{next(urls)}/indstil", form)
    assert status == 200 and checked_at.endswith(f"/indstil/{key}/tjek"), (status, checked_at)
    token, _page = browser.form_token(f"{next(urls)}/indstil/{key}/tjek")
    status, _url, receipt = browser.open(f"{next(urls)}/indstil/{key}/tjek",
                                         {"csrf_token": token})
    assert status == 200, status
    return REFERENCE.search(receipt).group(0)


def count_nominations(name_like):
    db.session.expire_all()
    return db.session.scalars(sa.select(Nomination.initiative_name).where(
        Nomination.status == NominationStatus.SUBMITTED,
        Nomination.initiative_name.like(name_like))).all()


def test_a_session_made_on_one_host_is_valid_on_the_other(cluster):
    a, b = (host.url for host in cluster["hosts"])
    email = next(e for e in cluster["logins"] if e.startswith("sekretariat"))
    browser = Browser()
    token, _page = browser.form_token(f"{a}/log-ind")
    status, url, _page = browser.open(f"{a}/log-ind", {
        "csrf_token": token, "email": email, "password": cluster["logins"][email]})
    assert url.endswith("/sekretariat/"), url
    status, url, page = browser.open(f"{b}/sekretariat/")
    assert (status, url) == (200, f"{b}/sekretariat/") and "Log ud" in page
    # Logging out on B ends the session on A too.
    token = CSRF.search(page).group(1)
    browser.open(f"{b}/log-ud", {"csrf_token": token})
    _status, url, _page = browser.open(f"{a}/sekretariat/")
    assert "/log-ind" in url


def test_lock_out_counts_are_shared(cluster):
    a, b = (host.url for host in cluster["hosts"])
    email = "mette.holm@example.dk"
    browser = Browser()
    for host in (a, b, a, b, a):
        token, _page = browser.form_token(f"{host}/log-ind")
        _status, _url, page = browser.open(f"{host}/log-ind", {
            "csrf_token": token, "email": email, "password": "forkert adgangskode"})
    assert "kontoen er låst" in page
    token, _page = browser.form_token(f"{b}/log-ind")
    _status, url, page = browser.open(f"{b}/log-ind", {
        "csrf_token": token, "email": email, "password": cluster["logins"][email]})
    assert "/log-ind" in url and "kontoen er låst" in page


def test_a_nomination_whose_requests_alternate_hosts_arrives_once(cluster):
    a, b = (host.url for host in cluster["hosts"])
    answers = answers_form(cluster["cycle"], initiative_name="Skiftevis-klinikken")
    reference = nominate(Browser(), answers, [a, b, a, b])
    assert count_nominations("Skiftevis-klinikken") == ["Skiftevis-klinikken"]
    assert db.session.scalar(sa.select(Nomination.initiative_name).where(
        Nomination.reference == reference)) == "Skiftevis-klinikken"


def test_each_mail_goes_out_once_with_every_sender_at_work(cluster):
    queued = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.sent_at.is_(None)))
    assert queued > 40  # the demo's receipts and notices, and the drill's own
    # The hosts' background senders pick up new mail (nominations through both hosts) while
    # two `award mail send` work through the backlog at the same time.
    with ThreadPoolExecutor(4) as pool:
        flows = [pool.submit(nominate, Browser(),
                             answers_form(cluster["cycle"], initiative_name=f"Postkassen {n}"),
                             [host.url] * 4)
                 for n, host in enumerate(cluster["hosts"] * 2)]
        senders = [subprocess.Popen([BIN / "award", "mail", "send"], cwd=CHECKOUT,
                                    env=cluster["env"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for _ in range(2)]
        for flow in flows:
            flow.result()
        for sender in senders:
            sender.wait(120)
    subprocess.run([BIN / "award", "mail", "send"], cwd=CHECKOUT, env=cluster["env"],
                   capture_output=True)  # whatever a background sender left for later
    db.session.expire_all()
    sent = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.sent_at.is_not(None)))
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.sent_at.is_(None))) == 0
    ids = cluster["sink"].ids
    assert len(ids) == len(set(ids)) == sent


def test_a_host_killed_mid_storm_loses_and_doubles_nothing(cluster):
    a, _b = cluster["hosts"]
    count = 30
    done = []

    def flow(answers):
        reference = nominate(Browser(), answers, [cluster["balancer"]] * 4)
        done.append(reference)
        return reference

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(flow, answers_form(cluster["cycle"],
                                                  initiative_name=f"Stormen {n:02d}"))
                   for n in range(count)]
        while len(done) < 5:
            time.sleep(0.05)
        a.kill()
        references = [future.result() for future in futures]
    assert len(set(references)) == count  # every sender got a receipt of their own
    names = count_nominations("Stormen %")
    assert sorted(names) == [f"Stormen {n:02d}" for n in range(count)]  # none lost or twice
