"""`award grant …`: the winner's travel grant from the command line."""

import json
import os
from pathlib import Path

import click
from flask import current_app

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail, parse_day
from award.cycles.models import Cycle
from award.grants import services
from award.grants.models import Grant
from award.grants.money import AmountError, parse_kroner
from award.nominations.services import Upload
from award.templating import format_kroner


@click.group("grant")
def grant_group():
    """The winner's travel grant (rejsegodtgørelse) and its claims."""


@grant_group.group("claim")
def claim_group():
    """Claims against the grant: add, approve, reject."""


def grant_for(cycle: Cycle) -> Grant:
    grant = services.grant_for(cycle)
    if grant is None:
        fail(f"{cycle.year} has no travel grant: it is made when the winner is recorded "
             f"(`award decide --year {cycle.year} --ref …`)")
    return grant


def as_json(grant: Grant) -> dict:
    summary = services.summarise(grant, timeutil.now())
    nomination = grant.nomination
    after = {line.claim.id: line for line in summary.ledger}
    return {
        "reference": grant.reference,
        "year": grant.cycle.year,
        "nomination": nomination.reference,
        "initiative": nomination.initiative_name,
        "organisation": nomination.organisation,
        "contact": {"name": nomination.contact_name, "email": nomination.contact_email,
                    "phone": nomination.contact_phone},
        "purpose": grant.purpose,
        "cap_ore": grant.cap_ore,
        "approved_ore": summary.approved_ore,
        "pending_ore": summary.pending_ore,
        "balance_ore": summary.balance_ore,
        "status": str(summary.status),
        "status_text": str(services.status_labels()[summary.status]),
        "valid_until": grant.valid_until.isoformat(),
        "created_at": grant.created_at.isoformat(),
        "claims": [{
            "id": claim.id,
            "date": claim.travel_date.isoformat(),
            "event": claim.event,
            "place": claim.place,
            "description": claim.description,
            "amount_ore": claim.amount_ore,
            "status": str(claim.status),
            "receipt": claim.receipt_filename,
            "created_at": claim.created_at.isoformat(),
            "created_by": claim.created_by,
            "decided_at": claim.decided_at.isoformat() if claim.decided_at else None,
            "decided_by": claim.decided_by,
            "reason": claim.decision_reason,
            "balance_after_ore": after[claim.id].balance_ore if claim.id in after else None,
        } for claim in grant.claims],
    }


@grant_group.command("show")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json_", is_flag=True, help="Print JSON.")
def grant_show(year, as_json_):
    """The grant: cap, approved, balance, status, validity and every claim."""
    data = as_json(grant_for(cycle_for(year)))
    if as_json_:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['reference']}: {data['initiative']} ({data['organisation']})")
    click.echo(f"status: {data['status_text']}; valid until {data['valid_until']}")
    click.echo(f"cap {format_kroner(data['cap_ore'])}, approved "
               f"{format_kroner(data['approved_ore'])}, pending "
               f"{format_kroner(data['pending_ore'])}, balance "
               f"{format_kroner(data['balance_ore'])}")
    for claim in data["claims"]:
        click.echo(f"  #{claim['id']} {claim['date']} {format_kroner(claim['amount_ore'])} "
                   f"{claim['status']}: {claim['event']}, {claim['place']}")


def read_receipt(path: str | None) -> Upload | None:
    if path is None:
        return None
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if os.path.getsize(path) > limit:  # refused before reading a huge file into memory
        fail(f"--receipt: {Path(path).name} is larger than {limit // (1024 * 1024)} MB")
    return Upload(Path(path).name, Path(path).read_bytes())


@claim_group.command("add")
@click.option("--year", type=int, required=True)
@click.option("--amount", required=True, help="Kroner, Danish style: 2.500,00 or 2500,50.")
@click.option("--date", "travel_date", required=True, help="The day of travel: 2025-05-02.")
@click.option("--event", required=True, help="The event the initiative was presented at.")
@click.option("--place", required=True)
@click.option("--description", default="")
@click.option("--receipt", type=click.Path(exists=True, dir_okay=False, readable=True),
              help="PDF, DOCX, PNG or JPEG.")
def claim_add(year, amount, travel_date, event, place, description, receipt):
    """Add a claim; it waits for approval. Prints the claim's id."""
    grant = grant_for(cycle_for(year))
    try:
        amount_ore = parse_kroner(amount)
    except AmountError as error:
        fail(f"--amount: {error}")
    day = parse_day(travel_date, "--date")
    upload = read_receipt(receipt)
    with committing():
        claim = services.add_claim(
            grant, travel_date=day, event=event, place=place, description=description,
            amount_ore=amount_ore, receipt=upload,
            max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"], actor=SYSTEM,
            at=timeutil.now())
    click.echo(claim.id)


@claim_group.command("approve")
@click.option("--year", type=int, required=True)
@click.option("--claim", "claim_id", type=int, required=True)
def claim_approve(year, claim_id):
    """Approve a pending claim, if the balance covers it."""
    grant = grant_for(cycle_for(year))
    with committing():
        claim = services.approve(grant, claim_id, actor=SYSTEM, at=timeutil.now())
    balance = services.summarise(grant, timeutil.now()).balance_ore
    click.echo(f"Approved claim {claim.id} ({format_kroner(claim.amount_ore)}); balance "
               f"{format_kroner(balance)}")


@claim_group.command("reject")
@click.option("--year", type=int, required=True)
@click.option("--claim", "claim_id", type=int, required=True)
@click.option("--reason", required=True)
def claim_reject(year, claim_id, reason):
    """Reject a pending claim, with the reason."""
    grant = grant_for(cycle_for(year))
    with committing():
        claim = services.reject(grant, claim_id, reason, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Rejected claim {claim.id} ({format_kroner(claim.amount_ore)})")


@grant_group.command("validity")
@click.option("--year", type=int, required=True)
@click.option("--until", required=True, help="The last day of validity: 2026-12-31.")
def grant_validity(year, until):
    """Move the grant's last day of validity."""
    grant = grant_for(cycle_for(year))
    day = parse_day(until, "--until")
    with committing():
        changed = services.change_validity(grant, day, actor=SYSTEM, at=timeutil.now())
    click.echo(f"{grant.reference} is valid until {grant.valid_until.isoformat()}"
               + ("" if changed else " (unchanged)"))


commands = (grant_group,)
