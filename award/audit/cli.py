"""`award audit …`."""

import re

import click

from award import audit
from award.clitools import fail

HASH = re.compile(r"^[0-9a-f]{64}$")


def _expectation(expect: str | None, expect_head: str | None,
                 expect_count: int | None) -> tuple[int, str] | None:
    """An earlier head, as (count, hash), from --expect N:HASH or the two separate options."""
    if expect is not None:
        if expect_head is not None or expect_count is not None:
            raise click.UsageError("give --expect, or --expect-head with --expect-count; not both")
        count, _, head = expect.partition(":")
        if not count.strip().isdigit():
            raise click.BadParameter("expected COUNT:HASH, as printed by `award audit verify`",
                                     param_hint="--expect")
        expect_count, expect_head = int(count), head
    elif (expect_head is None) != (expect_count is None):
        raise click.UsageError("--expect-head and --expect-count go together")
    if expect_head is None:
        return None
    expect_head = expect_head.strip().lower()
    if not HASH.match(expect_head):
        raise click.BadParameter("a head is 64 hexadecimal characters", param_hint="--expect-head")
    if expect_count < 0:
        raise click.BadParameter("a count is 0 or more", param_hint="--expect-count")
    return expect_count, expect_head


@click.group("audit")
def audit_group():
    """The audit log."""


@audit_group.command("verify")
@click.option("--expect", metavar="COUNT:HASH",
              help="An earlier printed head ('5120:317a…'): it must still be in the log.")
@click.option("--expect-head", metavar="HASH", help="An earlier printed head hash.")
@click.option("--expect-count", type=int, metavar="COUNT",
              help="The entry count printed with --expect-head.")
def audit_verify(expect, expect_head, expect_count):
    """Check the hash chain of the audit log, that it ends at its recorded head, and (with an
    earlier head kept outside the database) that no entries were cut from its end."""
    expectation = _expectation(expect, expect_head, expect_count)
    result = audit.verify(expectation)
    if not result.ok:
        fail(f"audit log broken after {result.good} good entries: {result.problem}")
    click.echo(f"Audit log intact: {result.count} entries; head {result.head}")
    if expectation:
        count, head = expectation
        click.echo(f"It contains the earlier head {head} as entry {count}.")


commands = (audit_group,)
