"""Each message in the outbox knows whose it is (the cycle, the nomination or the user), so
that a purge can find a person's mail; private links do not outlive the sending."""

import importlib.util
import re

import pytest
import sqlalchemy as sa
from conftest import csrf_token
from test_outbox import nominate

from award.auth.models import User
from award.extensions import db
from award.mail import REDACTED
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination

TOKEN_IN = {
    "receipt": re.compile(r"/indstilling/([A-Za-z0-9_-]{20,})"),
    "invitation": re.compile(r"/konto/invitation/([A-Za-z0-9_-]{20,})"),
    "reset": re.compile(r"/konto/nulstil/([A-Za-z0-9_-]{20,})"),
}


@pytest.fixture
def smtp_later(app, smtp):
    """The SMTP server, switched off until the test sends: mail waits in the outbox first."""
    app.config["SMTP_HOST"] = None

    def send(runner):
        app.config["SMTP_HOST"] = "127.0.0.1"
        result = runner.invoke(args=["mail", "send"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        return smtp.messages

    return send


def reset_requests_handled() -> None:
    """Where reset requests are handled after the answer (award/auth/background.py), wait."""
    if importlib.util.find_spec("award.auth.background") is not None:
        importlib.import_module("award.auth.background").wait()


def the_outbox_as_text() -> str:
    """Every column of every row, as the database holds them."""
    rows = db.session.execute(sa.text("SELECT * FROM outbox_messages")).all()
    return "\n".join(" | ".join(str(value) for value in row) for row in rows)


def message(kind: str) -> OutboxMessage:
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == kind))


def test_the_receipt_is_linked_and_its_edit_link_is_gone_once_sent(client, cycle, runner,
                                                                   smtp_later):
    nominate(client, cycle)
    nomination = db.session.scalar(sa.select(Nomination))
    receipt, notice = message("nomination.receipt"), message("nomination.contact_notice")
    for queued in (receipt, notice):
        assert (queued.cycle_id, queued.nomination_id, queued.user_id) == (
            cycle.id, nomination.id, None)
    token = TOKEN_IN["receipt"].search(receipt.body).group(1)
    assert token in the_outbox_as_text()  # waiting: the link has to be sent

    [sent_receipt] = [m for m in smtp_later(runner) if m["To"] == "soeren@example.dk"]
    assert token in sent_receipt.get_content()  # the nominator got the link
    assert token not in the_outbox_as_text()
    receipt = message("nomination.receipt")
    assert REDACTED in receipt.body and "AP-2024-0001" in receipt.body  # the rest is kept
    assert "Svar på kriterium 7." in receipt.body
    assert client.get(f"/indstilling/{token}").status_code == 200  # the link itself still works


def test_an_invitation_is_linked_to_its_user_and_its_link_is_gone_once_sent(
        app, runner, smtp_later):
    result = runner.invoke(args=["user", "add", "--email", "ny@example.dk", "--name", "Ny"])
    assert result.exit_code == 0, result.output
    token = TOKEN_IN["invitation"].search(result.output).group(1)
    invitation = message("user.invitation")
    assert invitation.user_id == db.session.scalar(
        sa.select(User.id).where(User.email == "ny@example.dk"))
    assert (invitation.cycle_id, invitation.nomination_id) == (None, None)
    assert token in the_outbox_as_text()

    [sent] = smtp_later(runner)
    assert token in sent.get_content()
    assert token not in the_outbox_as_text()
    assert REDACTED in message("user.invitation").body


def test_a_juror_invitation_is_linked_to_the_user_and_the_cycle(cycle, make_juror):
    juror = make_juror(cycle, "juror@example.dk", password=None)
    invitation = message("user.invitation")
    assert (invitation.user_id, invitation.cycle_id) == (juror.user_id, cycle.id)
    assert f"medlem af juryen for Prisen for Årets Patientoplevelse {cycle.year}" \
        in invitation.body


def test_a_reset_link_is_gone_once_sent(client, make_user, runner, smtp_later):
    user = make_user()
    path = "/konto/glemt-adgangskode"
    client.post(path, data={"csrf_token": csrf_token(client, path),
                            "email": "sekretariat@example.dk"})
    reset_requests_handled()
    reset = message("user.password_reset")
    assert reset.user_id == user.id
    token = TOKEN_IN["reset"].search(reset.body).group(1)
    assert token in the_outbox_as_text()

    [sent] = smtp_later(runner)
    assert token in sent.get_content()
    assert token not in the_outbox_as_text()


def test_a_message_that_fails_keeps_its_link_to_be_sent_later(client, cycle, app, smtp,
                                                               runner):
    app.config["SMTP_HOST"] = None
    nominate(client, cycle)
    token = TOKEN_IN["receipt"].search(message("nomination.receipt").body).group(1)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1)  # nothing listens there
    assert runner.invoke(args=["mail", "send"]).exit_code == 1
    db.session.expire_all()
    assert message("nomination.receipt").attempts == 1
    assert token in message("nomination.receipt").body


def test_a_purge_of_a_nomination_takes_its_mail(client, cycle, make_nomination):
    kept = make_nomination(cycle, initiative_name="Bliver")
    purged = make_nomination(cycle, initiative_name="Slettes",
                             nominator_email="slettes@example.dk")
    db.session.execute(sa.delete(Nomination).where(Nomination.id == purged.id))
    db.session.commit()
    left = db.session.scalars(sa.select(OutboxMessage.nomination_id)
                               .order_by(OutboxMessage.id)).all()
    assert left == [kept.id, kept.id]
    assert "slettes@example.dk" not in the_outbox_as_text()
