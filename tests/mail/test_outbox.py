"""Mail goes through the outbox: saved with the nomination, sent after commit."""

import re

import sqlalchemy as sa
from conftest import answers_form, csrf_token, free_port

from award import mail
from award.extensions import db
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination

KEY = "k" * 32


def nominate(client, cycle, **overrides):
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=KEY, **overrides)
    assert client.post("/indstil", data=data).status_code == 302
    token = csrf_token(client, f"/indstil/{KEY}/tjek")
    return client.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})


def test_receipt_and_contact_notice_arrive_over_smtp(client, cycle, smtp):
    nominate(client, cycle)
    [receipt] = smtp.to("soeren@example.dk")
    [notice] = smtp.to("karen.jensen@example.dk")
    assert receipt["Subject"] == "Kvittering for din indstilling AP-2024-0001"
    body = receipt.get_content()
    assert "AP-2024-0001" in body and "Svar på kriterium 7." in body
    link = re.search(r"http://localhost/indstilling/[A-Za-z0-9_-]+", body).group(0)
    assert "Flexklinikken" in client.get(link.removeprefix("http://localhost")).get_data(
        as_text=True)
    notice_body = notice.get_content()
    assert "Flexklinikken" in notice_body and "Datatilsynet" in notice_body
    assert "Your initiative has been nominated" in notice_body or "----" in notice_body
    assert db.session.scalar(sa.select(sa.func.count()).where(
        OutboxMessage.sent_at.is_(None))) == 0


def test_with_the_smtp_server_down_the_nomination_is_saved_and_mail_waits(
        client, cycle, app, smtp, runner):
    port = smtp.port
    app.config["SMTP_PORT"] = free_port()  # nothing listens here
    response = nominate(client, cycle)
    assert response.headers["Location"].endswith("/kvittering")
    assert "AP-2024-0001" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(sa.select(Nomination.reference)) == "AP-2024-0001"
    mail.wait_for_senders()  # the answer did not wait for the attempt; the test does
    queued = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [m.sent_at for m in queued] == [None, None]
    assert all(m.attempts == 1 and "Connection refused" in m.last_error for m in queued)
    assert smtp.messages == []

    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1 and "0 e-mails" in result.output  # still down

    app.config["SMTP_PORT"] = port  # the server is back
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 e-mails; 0 still queued" in result.output
    assert sorted(m["To"] for m in smtp.messages) == ["karen.jensen@example.dk",
                                                      "soeren@example.dk"]
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0 e-mails")


def test_without_an_smtp_server_configured_mail_stays_queued(client, cycle, runner):
    nominate(client, cycle)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code != 0 and "no SMTP server configured" in result.output


def test_a_new_contact_person_is_told_too(client, cycle, make_nomination, smtp):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/ret"
    data = answers_form(cycle, contact_name="Ny Kontakt", contact_email="ny@example.dk",
                        csrf_token=csrf_token(client, path))
    assert client.post(path, data=data).status_code == 302
    [notice] = smtp.to("ny@example.dk")
    assert "Kære Ny Kontakt" in notice.get_content()
    path = f"/indstilling/{nomination.edit_token}/ret"
    data = answers_form(cycle, contact_name="Ny Kontakt", contact_email="ny@example.dk",
                        unit="Anden afdeling", csrf_token=csrf_token(client, path))
    client.post(path, data=data)
    assert len(smtp.to("ny@example.dk")) == 1  # an unchanged contact is not told again


def test_a_message_another_sender_has_taken_is_not_sent_twice(client, cycle, make_nomination,
                                                               smtp, clock, runner):
    make_nomination(cycle)  # queues the receipt and the contact notice
    receipt, notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
    assert mail._claim(receipt.id, clock())  # another sender is busy with the receipt
    assert not mail._claim(receipt.id, clock())  # ... and nobody else can take it
    result = runner.invoke(args=["mail", "send"])
    assert "Sent 1 e-mails; 1 still queued" in result.output
    assert [m["To"] for m in smtp.messages] == ["karen.jensen@example.dk"]
    clock.advance(minutes=10)  # that sender died: its claim runs out
    assert "Sent 1 e-mails; 0 still queued" in runner.invoke(args=["mail", "send"]).output
    assert sorted(m["To"] for m in smtp.messages) == ["karen.jensen@example.dk",
                                                      "soeren@example.dk"]
