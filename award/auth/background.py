"""Password-reset requests, handled after the answer has gone.

The request only hands the posted address to this queue, whatever it is, so the answer takes
the same time and does the same work (no database at all) for an address with an account and
one without. One worker thread per process then looks the address up, applies the per-account
limits, issues the link, commits and sends the mail. The queue is bounded: when it is full (a
flood) a request is dropped and logged, and the person may ask again. A request still in the
queue when the process stops is lost in the same way.
"""

import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask, current_app

from award import mail
from award.auth import services
from award.auth.links import external_url
from award.extensions import db

_jobs: queue.Queue = queue.Queue(maxsize=1000)
_worker: threading.Thread | None = None
_starting = threading.Lock()


def _work() -> None:
    while True:
        job = _jobs.get()
        try:
            job()
        except Exception:  # one failed job must not stop the others
            logging.getLogger(__name__).exception("background job failed")
        finally:
            _jobs.task_done()


def submit(app: Flask, job: Callable[[], None]) -> None:
    global _worker
    with _starting:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="award-auth-jobs", daemon=True)
            _worker.start()
    try:
        _jobs.put_nowait(job)
    except queue.Full:
        app.logger.warning("password reset dropped: too many waiting")


def wait() -> None:
    """Until every job handed over so far has run (tests)."""
    _jobs.join()


def request_reset_later(email: str, *, base: str, at: datetime) -> None:
    """Queue services.request_reset for the address; links point at `base`, the request's
    base_url() (production: PUBLIC_BASE_URL)."""
    app = current_app._get_current_object()

    def job() -> None:
        with app.app_context():
            config = app.config
            try:
                services.request_reset(
                    email, at=at, valid=timedelta(hours=config["PASSWORD_RESET_VALID_HOURS"]),
                    interval=timedelta(minutes=config["RESET_MAIL_INTERVAL_MINUTES"]),
                    per_day=config["RESET_MAILS_PER_DAY"],
                    link=lambda token: external_url(base, "auth.reset_password", token=token))
                db.session.commit()
            except Exception:
                db.session.rollback()
                app.logger.exception("password reset for %s failed", email)
                return
            mail.deliver_now()

    submit(app, job)
