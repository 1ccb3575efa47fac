"""The transactional outbox: mail is queued with the change that causes it and sent
after commit, by a background sender so that no request waits on SMTP; what cannot be sent
now stays queued for `award mail send`."""

import smtplib
import threading
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from award import timeutil
from award.extensions import db
from award.mail.models import OutboxMessage


def queue(kind: str, to: str, template: str, languages=("da",), *, cycle=None,
          nomination=None, user=None, secrets=(), **context) -> OutboxMessage:
    """Render templates/mail/<template>.txt in each language (in order) into one message.

    The first line of the rendered template is the subject. The message is linked to the
    cycle, the nomination and the user it belongs to (the cycle defaults to the nomination's),
    so that a purge can find it; those objects are in the template's context too. `secrets`
    are the private links in it (tokens): the stored body keeps them only until it is sent.
    """
    links = {name: value for name, value in
             (("cycle", cycle), ("nomination", nomination), ("user", user)) if value is not None}
    subjects, bodies = [], []
    for language in languages:
        with force_locale(language):
            subject, _, body = render_template(f"mail/{template}.txt", **links,
                                               **context).partition("\n")
        subjects.append(subject.strip())
        bodies.append(body.strip())
    separator = "\n\n" + "-" * 40 + "\n\n"
    body = separator.join(bodies) + "\n"
    if cycle is None and nomination is not None:
        cycle = nomination.cycle
    if any(linked is not None and linked.id is None for linked in (cycle, nomination, user)):
        db.session.flush()
    message = OutboxMessage(
        kind=kind, to_address=to, subject=" / ".join(dict.fromkeys(subjects)), body=body,
        cycle_id=cycle.id if cycle is not None else None,
        nomination_id=nomination.id if nomination is not None else None,
        user_id=user.id if user is not None else None,
        secrets=[secret for secret in dict.fromkeys(secrets) if secret and secret in body] or None,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault("outbox_queued", []).append(message.id)
    return message


# What the stored body shows, once sent, where a private link was.
REDACTED = "[privat link fjernet efter afsendelse]"


def _redact(message: OutboxMessage) -> None:
    """After sending: no usable private link stays in the database."""
    for secret in sorted(message.secrets or (), key=len, reverse=True):
        message.body = message.body.replace(secret, REDACTED)
    message.secrets = None


@sa.event.listens_for(Session, "after_rollback")
def _forget_queued(session) -> None:
    """Mail queued in a transaction that was rolled back was never written."""
    session.info.pop("outbox_queued", None)


_senders: set[threading.Thread] = set()


def deliver_queued() -> None:
    """After commit: hand the mail this session queued to a background sender, so that the
    request never waits on the SMTP server. What cannot be sent stays queued."""
    send_in_background(db.session.info.pop("outbox_queued", []))


def send_in_background(ids: list[int]) -> bool:
    """Send these queued messages from a background thread; False without a mail server."""
    if not ids or not current_app.config["SMTP_HOST"]:
        return False
    app = current_app._get_current_object()

    def send() -> None:
        try:
            with app.app_context():
                send_pending(ids)
        finally:
            _senders.discard(threading.current_thread())

    sender = threading.Thread(target=send, name="outbox-sender", daemon=True)
    _senders.add(sender)
    sender.start()
    return True


def deliver_now() -> None:
    """After commit, for commands: send the mail this session queued and wait for it."""
    ids = db.session.info.pop("outbox_queued", [])
    if ids:
        send_pending(ids)


def wait_for_senders(timeout: float = 30) -> None:
    """Wait until the background senders started so far have finished (tests, shutdown)."""
    for sender in list(_senders):
        sender.join(timeout)


def queued() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                              .order_by(OutboxMessage.id)).all()


def recently_sent(limit: int) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_not(None))
                              .order_by(OutboxMessage.sent_at.desc()).limit(limit)).all()


def connect():
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    smtp = (smtplib.SMTP_SSL if config["SMTP_SSL"] else smtplib.SMTP)(host, port, timeout=timeout)
    if config["SMTP_STARTTLS"]:
        smtp.starttls()
    if config["SMTP_USERNAME"]:
        smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    return smtp


def _message_id(message: OutboxMessage) -> str:
    """Unique, at the sender's domain (MAIL_FROM), else at the site's host name
    (PUBLIC_BASE_URL), else at this machine's name; short enough to stay on one line."""
    config = current_app.config
    _name, address = parseaddr(config["MAIL_FROM"] or "")
    domain = address.rpartition("@")[2] if "@" in address else ""
    domain = domain or urlsplit(config.get("PUBLIC_BASE_URL") or "").hostname or ""
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    if not domain:
        return make_msgid(idstring=f"outbox-{message.id}")
    return f"<outbox-{message.id}.{uuid.uuid4().hex[:16]}@{domain}>"


def _as_email(message: OutboxMessage, moment: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(moment)
    email["Message-ID"] = _message_id(message)
    email.set_content(message.body)
    return email


CLAIM_FOR = timedelta(minutes=10)


def _claim(message_id: int, moment) -> bool:
    """Take the message for this sender, atomically; False when another sender has it."""
    taken = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               sa.or_(OutboxMessage.claimed_until.is_(None),
                      OutboxMessage.claimed_until <= moment))
        .values(claimed_until=moment + CLAIM_FOR)
    ).rowcount
    db.session.commit()
    return taken == 1


def send_pending(ids=None) -> tuple[int, int]:
    """Send queued messages (only `ids` when given). Returns (sent, still queued).

    Each message is claimed before it is sent and marked sent in its own commit right after
    the server accepted it.
    """
    query = sa.select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None))
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    pending = db.session.scalars(query.order_by(OutboxMessage.id)).all()
    if not pending or not current_app.config["SMTP_HOST"]:
        return 0, len(pending)
    moment = timeutil.now()
    mine = [db.session.get(OutboxMessage, id_) for id_ in pending if _claim(id_, moment)]
    if not mine:
        return 0, len(pending)
    sent = 0
    try:
        smtp = connect()
    except (OSError, smtplib.SMTPException) as error:
        for message in mine:
            _failed(message, error)
        db.session.commit()
        return 0, len(pending)
    with smtp:
        for message in mine:
            sending_at = timeutil.now()
            try:
                smtp.send_message(_as_email(message, sending_at))
            except (OSError, smtplib.SMTPException) as error:
                _failed(message, error)
            else:
                message.sent_at = message.last_attempt_at = sending_at
                message.attempts += 1
                message.claimed_until = None
                _redact(message)
                sent += 1
            db.session.commit()
    return sent, len(pending) - sent


def _failed(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_attempt_at = timeutil.now()
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_until = None
    current_app.logger.warning("mail %s to %s not sent: %s", message.id, message.to_address, error)
