"""`award nominations …`."""

import json

import click

from award import mail, timeutil
from award.auth.links import absolute_url
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.extensions import db
from award.nominations import screening
from award.nominations.imports import ImportRefused, import_nominations
from award.nominations.models import IneligibilityReason
from award.nominations.services import LateWithoutReason, by_reference, submitted
from award.service import Refused


@click.group("nominations")
def nominations_group():
    """Nominations of a cycle."""


@nominations_group.command("list")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True)
def nominations_list(year, as_json):
    """Nominations with reference and status (drafts not included)."""
    rows = [{
        "reference": n.reference, "status": n.status, "late": n.is_late,
        "entered_by": n.entered_by, "eligibility": n.eligibility,
        "merged_into": n.merged_into.reference if n.merged_into else None,
        "initiative": n.initiative_name,
        "organisation": n.organisation, "region": n.region,
        "submitted_at": n.submitted_at.isoformat() if n.submitted_at else None,
        "attachments": len(n.attachments),
    } for n in submitted(cycle_for(year))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        late = " LATE" if row["late"] else ""
        click.echo(f"{row['reference']}  {row['status']:<10}{late} {row['initiative']} "
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



@nominations_group.command("import")
@click.option("--year", type=int, required=True)
@click.option("--late", is_flag=True, help="The deadline has passed: register them as late.")
@click.option("--reason", default="", help="Why late nominations are accepted (with --late).")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def nominations_import(year, late, reason, file):
    """Register nominations received on paper, from a JSON list; all or none."""
    cycle = cycle_for(year)
    if late and not reason.strip():
        fail("--late needs --reason: why are nominations accepted after the deadline?")
    try:
        imported = import_nominations(
            cycle, file.read(), actor=SYSTEM, at=timeutil.now(),
            edit_url=lambda token: absolute_url("nominations.view", token=token),
            late_reason=reason if late else None)
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(problem, err=True)
        fail(f"nothing imported: {len(refused.problems)} problem(s) in {file.name}")
    except LateWithoutReason as refused:
        db.session.rollback()
        fail(f"nothing imported: {refused} (use --late --reason …)")
    except Refused as refused:
        db.session.rollback()
        fail(f"nothing imported: {refused}")
    db.session.commit()
    mail.deliver_now()
    click.echo(f"Imported {len(imported)} nominations: "
               + ", ".join(n.reference for n in imported)
               + (" (late)" if imported and imported[0].is_late else ""))


commands = (nominations_group,)
