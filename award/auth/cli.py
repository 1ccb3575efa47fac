"""`award user …`."""

import click
from flask import current_app

from award import timeutil
from award.auth import services as accounts
from award.auth.links import invitation_link, invitation_valid
from award.auth.models import Role
from award.clitools import SYSTEM, committing


@click.group("user")
def user_group():
    """Accounts of the secretariat."""


@user_group.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["secretariat"]), default="secretariat",
              show_default=True, help="Jurors are added with `award jury add`.")
@click.option("--password", "ask_password", is_flag=True,
              help="Type a password now instead of printing an invitation link.")
def user_add(email, name, role, ask_password):
    """A secretariat user: with a password typed now, or an invitation link printed."""
    moment = timeutil.now()
    url = None
    with committing():
        user = accounts.create_user(email=email, name=name, role=Role(role), actor=SYSTEM,
                                    at=moment)
        if ask_password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            accounts.set_password(user, password, actor=SYSTEM, at=moment,
                                  min_length=current_app.config["PASSWORD_MIN_LENGTH"])
        else:
            url = accounts.invite(user, link=invitation_link, valid=invitation_valid(),
                                  actor=SYSTEM, at=moment)
    click.echo(f"Created {role} user {user.email}")
    if url:
        click.echo(f"Invitation link (valid {invitation_valid().days} days, works once): {url}")


commands = (user_group,)
