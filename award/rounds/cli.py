"""`award round …`."""

import click

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, parse_time
from award.rounds import services
from award.rounds.models import Method


@click.group("round")
def round_group():
    """Judging rounds."""


@round_group.command("open")
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, required=True)
@click.option("--name", help="Default: Runde N.")
@click.option("--panel", help="Comma-separated e-mails; default: the whole jury.")
@click.option("--advance", type=int, help="How many entries advance to the next round.")
@click.option("--quorum", type=int, default=1, show_default=True,
              help="Minimum submitted sheets per entry.")
@click.option("--method", type=click.Choice([method.value for method in Method]),
              default=Method.WEIGHTED.value, show_default=True)
@click.option("--deadline", help="Scoring deadline: a date (end of day) or date and time.")
def round_open(year, number, name, panel, advance, quorum, method, deadline):
    """Open a round so that its panel can score."""
    target = cycle_for(year)
    with committing():
        opened = services.open_round(
            target, number=number, name=name, advance=advance, quorum=quorum, method=method,
            panel_emails=panel.split(",") if panel else None,
            deadline_at=parse_time(deadline, timeutil.parse_deadline, "--deadline"),
            actor=SYSTEM, at=timeutil.now())
    until = (timeutil.format_deadline(opened.deadline_at) if opened.deadline_at
             else "no deadline")
    click.echo(f"Opened {opened.name} of {year}: {len(opened.panel)} jurors, "
               f"{len(services.entries(opened))} entries, {until}")


commands = (round_group,)
