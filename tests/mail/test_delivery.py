"""What arrives at the mail server, and a mail server that hangs."""

import re
import socket
import threading
from email.utils import parsedate_to_datetime

import sqlalchemy as sa
from test_outbox import nominate

from award import mail
from award.extensions import db
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination


def test_each_message_has_a_date_and_a_message_id_at_the_senders_domain(client, cycle, smtp,
                                                                        clock):
    nominate(client, cycle)
    messages = smtp.messages
    assert sorted(m["To"] for m in messages) == ["karen.jensen@example.dk",
                                                 "soeren@example.dk"]
    for message in messages:
        assert parsedate_to_datetime(message["Date"]) == clock()  # the time it was sent
        assert re.fullmatch(r"<[^<>@\s]+@regioner\.dk>", message["Message-ID"])
    assert len({m["Message-ID"] for m in messages}) == 2


def test_without_a_domain_in_the_sender_the_message_id_uses_the_sites_host(app, client, cycle,
                                                                           smtp):
    app.config.update(MAIL_FROM="patientoplevelse", PUBLIC_BASE_URL="https://pris.regioner.dk")
    nominate(client, cycle)
    [receipt] = smtp.to("soeren@example.dk")
    assert re.fullmatch(r"<[^<>@\s]+@pris\.regioner\.dk>", receipt["Message-ID"])


class SilentServer:
    """An SMTP server that accepts the connection and never answers (a hung relay), until the
    test releases it. If nobody does, it lets go by itself after a while, so that a test of a
    request that waits for it fails instead of hanging."""

    LETS_GO_BY_ITSELF_AFTER = 30  # seconds; only a safety net, nothing is timed against it

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = threading.Event()
        self.released = threading.Event()
        self.thread = threading.Thread(target=self.hold, daemon=True)
        self.thread.start()

    def hold(self) -> None:
        connection, _address = self.listener.accept()
        self.accepted.set()
        self.released.wait(self.LETS_GO_BY_ITSELF_AFTER)
        self.released.set()
        connection.close()
        self.listener.close()

    def release(self) -> None:
        self.released.set()
        self.thread.join(5)


def test_a_hanging_smtp_server_never_holds_up_the_nomination(app, client, cycle):
    server = SilentServer()
    # The sender would wait for the greeting far longer than the server holds on.
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_TIMEOUT=120)
    try:
        response = nominate(client, cycle)
        held_when_answered = not server.released.is_set()
        assert response.status_code == 302 and response.headers["Location"].endswith(
            "/kvittering")
        assert held_when_answered  # the answer came while the server still held the mail
        assert server.accepted.wait(30)  # the background sender is connected, and waiting
        assert "AP-2024-0001" in client.get(response.headers["Location"]).get_data(as_text=True)
        assert not server.released.is_set()
        assert db.session.scalar(sa.select(Nomination.reference)) == "AP-2024-0001"
        assert [m.sent_at for m in db.session.scalars(sa.select(OutboxMessage))] == [None, None]
    finally:
        server.release()
        mail.wait_for_senders()
    db.session.expire_all()
    waiting = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [(m.sent_at, m.attempts) for m in waiting] == [(None, 1), (None, 1)]
    assert all(m.last_error.startswith("SMTPServerDisconnected") for m in waiting)
