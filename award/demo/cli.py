"""`award demo`."""

import click

from award.clitools import fail
from award.cycles.models import Cycle
from award.demo import load_demo
from award.extensions import db


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when a cycle exists already.")
def demo_command(if_empty):
    """Demo cycles with realistic nominations, a jury and log-ins (printed once)."""
    if db.session.scalar(db.select(Cycle.id).limit(1)) is not None:
        if if_empty:
            click.echo("The database has data already; demo not loaded.")
            return
        fail("the database has data already; the demo needs an empty database")
    for line in load_demo():
        click.echo(line)


commands = (demo_command,)
