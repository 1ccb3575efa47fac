"""How long a citizen waits: the form post and the final submit, timed over many nominations.

Run by hand: `.venv/bin/python bench/nominations.py [COUNT]`. Uses a throwaway SQLite
database, or AWARD_BENCH_DATABASE_URL (an empty PostgreSQL database) when set. Mail is queued
in the outbox (no SMTP server), as on a site whose mail server is slow or down.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime

from flask_migrate import upgrade

from award import create_app, timeutil
from award.cycles.services import create_cycle
from award.extensions import db
from award.nominations.services import new_key

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name:<22} n={len(ms):<5} median {statistics.median(ms):7.1f} ms   "
          f"p95 {percentile(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms")


def main(count: int) -> None:
    url = os.environ.get("AWARD_BENCH_DATABASE_URL")
    folder = tempfile.mkdtemp()
    url = url or f"sqlite:///{folder}/bench.sqlite3"
    moment = datetime(2024, 1, 5, 10, 0, tzinfo=UTC)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "CLOCK": lambda: moment, "RATELIMIT_ENABLED": False, "SMTP_HOST": None})
    with app.app_context():
        upgrade()
        cycle = create_cycle(year=2024, title="Benchmark", theme="", actor="system", at=moment,
                             opens_at=timeutil.parse_opening("2023-11-21"),
                             deadline_at=timeutil.parse_deadline("2024-01-13"))
        db.session.commit()
        form = {
            "initiative_name": "Flexklinikken", "region": "Region Hovedstaden",
            "organisation": "Bispebjerg og Frederiksberg Hospital", "unit": "",
            "description": "En klinik uden tidsbestilling. " * 40,
            "contact_name": "Karen Jensen", "contact_email": "karen@example.dk",
            "contact_phone": "35 31 35 31", "nominator_name": "Søren Ærø",
            "nominator_email": "soeren@example.dk", "nominator_relation": "patient",
            "privacy_confirmed": "y", "website": "",
            **{f"answer_{c.number}": "Et grundigt svar med eksempler. " * 60
               for c in cycle.criteria},
        }
        client = app.test_client()
        token = CSRF.search(client.get("/indstil").get_data(as_text=True)).group(1)
        posts, submits = [], []
        for _ in range(count):
            key = new_key()
            started = time.perf_counter()
            response = client.post("/indstil", data={**form, "csrf_token": token,
                                                     "draft_key": key})
            posts.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
            started = time.perf_counter()
            response = client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})
            submits.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
        print(f"{count} nominations on {db.engine.dialect.name}, answers of "
              f"{len(form['answer_1'])} characters each")
        report("form post (save draft)", posts)
        report("submit (reference, audit, 2 mails queued)", submits)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
