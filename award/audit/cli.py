"""`award audit …`."""

import click

from award import audit
from award.clitools import fail


@click.group("audit")
def audit_group():
    """The audit log."""


@audit_group.command("verify")
def audit_verify():
    """Check the hash chain of the audit log."""
    result = audit.verify()
    if not result.ok:
        fail(f"audit log broken after {result.count - 1} good entries: {result.problem}")
    click.echo(f"Audit log intact: {result.count} entries; head {result.head}")


commands = (audit_group,)
