"""The public form under load, open loop: whole nominations started at a fixed rate whatever
the server does (not a fixed number of users waiting on it), against gunicorn + PostgreSQL +
Redis on this machine, as production runs.

Run by hand:

    .venv/bin/python bench/nomination_load.py [--rates 10,20,30] [--seconds 20] \
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/test] \
        [--redis redis://127.0.0.1:6379/0] [--workers 2] [--threads 4]

It makes a database of its own on the server (dropped afterwards), migrates it, makes a
cycle open for nominations, and starts gunicorn (`gunicorn.conf.py`, production settings,
rate limits raised out of the way: every flow comes from 127.0.0.1). For each rate it starts
a flow every 1/rate seconds for --seconds: the form (GET /indstil), the answers (POST, which
redirects to the check page, followed), send (POST /indstil/<key>/tjek, which redirects to the
receipt, followed). Each request is timed from the moment it was due, so a server that falls
behind shows it in the figures. Mail is queued in the outbox (no SMTP server), as on a site
whose mail server is slow.

Per rate, one line per request kind and then the whole flow:

    nomination_load rate=20 kind=form p50=… p95=… p99=… errors=0
    …
    nomination_load rate=20 p50=… p95=… p99=… errors=E

(milliseconds; the flow line is a whole nomination, form to receipt).
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DRAFT_KEY = re.compile(r'name="draft_key"[^>]*value="([^"]+)"')
REFERENCE = re.compile(r"AP-\d{4}-\d{4}")
KINDS = ("form", "answers", "check", "send", "receipt")


class Flow:
    """One person's nomination over one keep-alive connection, with cookies."""

    def __init__(self, port, answers, timings, errors):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.answers, self.timings, self.errors = answers, timings, errors

    def request(self, kind, method, path, form=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode()
        self.timings[kind].append(time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.errors[kind] += 1
            raise RuntimeError(f"{kind}: {response.status}")
        return response.status, response.getheader("Location"), page

    def follow(self, kind, location):
        return self.request(kind, "GET", urllib.parse.urlsplit(location).path)

    def run(self):
        _status, _location, page = self.request("form", "GET", "/indstil")
        key = DRAFT_KEY.search(page).group(1)
        form = {**self.answers, "draft_key": key, "csrf_token": CSRF.search(page).group(1)}
        status, location, page = self.request("answers", "POST", "/indstil", form)
        if status != 302:
            raise RuntimeError(f"answers refused: {status}")
        _status, _location, page = self.follow("check", location)
        status, location, page = self.request(
            "send", "POST", f"/indstil/{key}/tjek", {"csrf_token": CSRF.search(page).group(1)})
        _status, _location, page = self.follow("receipt", location)
        if not REFERENCE.search(page):
            raise RuntimeError("no reference on the receipt")
        self.connection.close()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def line(rate, values, errors, kind=None):
    ms = [v * 1000 for v in values]
    named = f" kind={kind}" if kind else ""
    return (f"nomination_load rate={rate}{named} p50={statistics.median(ms) if ms else 0:.1f} "
            f"p95={percentile(ms, .95):.1f} p99={percentile(ms, .99):.1f} errors={errors}")


def run_rate(port, rate, seconds, answers):
    timings, errors = defaultdict(list), defaultdict(int)
    flows, flow_errors = [], []
    lock = threading.Lock()

    def one(due):
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            Flow(port, answers, timings, errors).run()
        except Exception as error:  # noqa: BLE001  (counted: any failure of a flow)
            with lock:
                flow_errors.append(str(error))
            return
        with lock:
            flows.append(time.perf_counter() - due)  # from when it was due: queueing counts

    count = int(rate * seconds)
    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(max_workers=min(count, 400)) as pool:
        for n in range(count):
            pool.submit(one, start + n / rate)
    for kind in KINDS:
        print(line(rate, timings[kind], errors[kind], kind))
    print(line(rate, flows, len(flow_errors)))
    if flow_errors:
        print(f"#   first error: {flow_errors[0]}")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="10,20,30")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database", default=os.environ.get(
        "AWARD_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    sys.path.insert(0, str(CHECKOUT / "tests"))
    from fixtures.database import own_postgresql_database  # made here, dropped afterwards
    from fixtures.factories import answers_form  # the form a browser posts

    from award import create_app, timeutil
    from award.cycles.services import create_cycle
    from award.extensions import db

    with own_postgresql_database(args.database) as url:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWARD_", "FLASK_"))}
        port = 18000 + os.getpid() % 1000
        unlimited = "1000000 per hour"
        env = {**clean, "AWARD_ENV": "production", "AWARD_DATABASE_URL": url,
               "AWARD_SECRET_KEY": secrets.token_hex(32), "AWARD_PUBLIC_BASE_URL":
               f"http://127.0.0.1:{port}", "AWARD_RATELIMIT_STORAGE_URI": args.redis,
               "AWARD_RATELIMIT_KEY_PREFIX": f"load-{uuid.uuid4().hex}",
               "AWARD_NOMINATION_FORM_RATE_LIMIT": unlimited,
               "AWARD_NOMINATION_SUBMIT_RATE_LIMIT": unlimited,
               "AWARD_NOMINATION_SUBMIT_DRAFT_RATE_LIMIT": unlimited,
               "AWARD_ACCESS_LOG": "false", "AWARD_BIND": f"127.0.0.1:{port}",
               "AWARD_WORKERS": str(args.workers)}
        subprocess.run([BIN / "award", "db", "upgrade"], cwd=CHECKOUT, env=env, check=True,
                       capture_output=True)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load",
                          "RATELIMIT_STORAGE_URI": "memory://", "TESTING": True})
        with app.app_context():
            moment = timeutil.now()
            cycle = create_cycle(year=moment.year + 1, title="Belastning", theme="",
                                 actor="system", at=moment,
                                 opens_at=timeutil.parse_opening(f"{moment.year - 1}-01-01"),
                                 deadline_at=timeutil.parse_deadline(f"{moment.year + 1}-01-13"))
            db.session.commit()
            answers = answers_form(cycle)
            answers.pop("csrf_token", None)
            db.engine.dispose()
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "--threads", str(args.threads),
             "wsgi:app"], cwd=CHECKOUT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    connection.request("GET", "/readyz", headers={"Host": "127.0.0.1"})
                    if connection.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            print(f"# gunicorn {args.workers} workers x {args.threads} threads, "
                  f"{args.seconds:g} s per rate, {os.cpu_count()} cores")
            for rate in (int(r) for r in args.rates.split(",")):
                run_rate(port, rate, args.seconds, answers)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)


if __name__ == "__main__":
    main()
