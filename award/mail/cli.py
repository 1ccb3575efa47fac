"""`award mail …`."""

import sys

import click
from flask import current_app

from award import mail
from award.clitools import fail


@click.group("mail")
def mail_group():
    """The e-mail outbox."""


@mail_group.command("send")
def mail_send():
    """Send every queued e-mail; what fails stays queued."""
    if not current_app.config["SMTP_HOST"]:
        fail("no SMTP server configured (AWARD_SMTP_HOST); the mail stays queued")
    sent, queued = mail.send_pending()
    click.echo(f"Sent {sent} e-mails; {queued} still queued")
    if queued:
        sys.exit(1)


commands = (mail_group,)
