"""`award nominations …`."""

import json

import click

from award.clitools import cycle_for
from award.nominations.services import submitted


@click.group("nominations")
def nominations_group():
    """Nominations of a cycle."""


@nominations_group.command("list")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True)
def nominations_list(year, as_json):
    """Nominations with reference and status (drafts not included)."""
    rows = [{
        "reference": n.reference, "status": n.status, "initiative": n.initiative_name,
        "organisation": n.organisation, "region": n.region,
        "submitted_at": n.submitted_at.isoformat() if n.submitted_at else None,
        "attachments": len(n.attachments),
    } for n in submitted(cycle_for(year))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['reference']}  {row['status']:<10} {row['initiative']} "
                   f"({row['organisation']})")
    click.echo(f"{len(rows)} nominations")


commands = (nominations_group,)
