"""`award nominations …`."""

import json

import click

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.nominations import screening
from award.nominations.models import IneligibilityReason
from award.nominations.services import by_reference, submitted


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



@nominations_group.command("screen")
@click.option("--ref", "reference", help="One nomination, e.g. AP-2024-0001.")
@click.option("--year", type=int, help="With --all-remaining: the cycle.")
@click.option("--all-remaining", is_flag=True, help="Every nomination not yet screened.")
@click.option("--eligible/--ineligible", required=True)
@click.option("--reason", type=click.Choice([reason.value for reason in IneligibilityReason]),
              help="Why a nomination is ineligible.")
@click.option("--note", default="", help="A note; required with --reason other.")
def nominations_screen(reference, year, all_remaining, eligible, reason, note):
    """Mark a nomination eligible or ineligible (with a reason), or all remaining eligible."""
    moment = timeutil.now()
    if all_remaining:
        if reference or year is None or not eligible:
            fail("use --year Y --all-remaining --eligible (without --ref)")
        with committing():
            count = screening.screen_remaining(cycle_for(year), actor=SYSTEM, at=moment)
        click.echo(f"Marked {count} nominations eligible")
        return
    if not reference:
        fail("give --ref AP-… (or --year Y --all-remaining --eligible)")
    nomination = by_reference(reference.strip())
    if nomination is None:
        fail(f"no nomination {reference}")
    with committing():
        screening.screen(nomination, eligible=eligible, reason=reason, note=note, actor=SYSTEM,
                         at=moment)
    click.echo(f"{nomination.reference}: {nomination.eligibility}"
               + (f" ({reason})" if reason else ""))


commands = (nominations_group,)
