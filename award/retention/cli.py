"""`award purge …`."""

from datetime import timedelta

import click
from flask import current_app

from award import timeutil
from award.clitools import SYSTEM, committing, fail
from award.retention import services


@click.group("purge", invoke_without_command=True)
@click.option("--drafts", is_flag=True,
              help="Unsent drafts not changed for DRAFT_RETENTION_DAYS (default 7), with their "
                   "answers and attachments.")
@click.pass_context
def purge_group(context, drafts):
    """Delete personal data that is no longer needed (run it daily, e.g. from cron)."""
    if context.invoked_subcommand is not None:
        return
    if not drafts:
        fail("say what to delete: --drafts")
    days = int(current_app.config["DRAFT_RETENTION_DAYS"])
    with committing():
        count = services.purge_drafts(timeutil.now(), timedelta(days=days), actor=SYSTEM)
    click.echo(f"Deleted {count} unsent draft{'' if count == 1 else 's'} "
               f"not changed for {days} days")


commands = (purge_group,)
