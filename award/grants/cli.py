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
    """Claims against the grant: add, correct, withdraw, approve, reject, pay.

    --claim N is the claim's number within that year's grant (1, 2, 3 …), as the page, the
    PDF and CSV record and `award grant show` show it."""


CLAIM_NUMBER_HELP = "The claim's number within the year's grant (1, 2, 3 …)."


def grant_for(cycle: Cycle) -> Grant:
    grant = services.grant_for(cycle)
    if grant is None:
        fail(f"{cycle.year} has no travel grant: it is made when the winner is recorded "
             f"(`award decide --year {cycle.year} --ref …`)")
    return grant


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def as_json(grant: Grant) -> dict:
    summary = services.summarise(grant, timeutil.now())
    nomination = grant.nomination
    after = {line.claim.id: line for line in summary.ledger}
    states = services.claim_state_labels()
    claims = []
    for claim in grant.claims:
        state = services.claim_state(claim)
        claims.append({
            "number": claim.number,
            "id": claim.id,
            "date": claim.travel_date.isoformat(),
            "event": claim.event,
            "place": claim.place,
            "description": claim.description,
            "payee": {"name": claim.payee_name, "account": claim.payee_account,
                      "via_organisation": claim.payee_via_organisation},
            "amount_ore": claim.amount_ore,
            "approved_ore": claim.approved_ore,
            "paid_ore": claim.paid_ore,
            "status": str(state),
            "status_text": str(states[state]),
            "receipt": claim.receipt_filename,
            "no_receipt_reason": claim.no_receipt_reason,
            "created_at": claim.created_at.isoformat(),
            "created_by": claim.created_by,
            "decided_at": iso(claim.decided_at),
            "decided_by": claim.decided_by,
            "reason": claim.decision_reason,
            "paid_on": iso(claim.paid_on),
            "paid_at": iso(claim.paid_at),
            "paid_by": claim.paid_by,
            "withdrawn_at": iso(claim.withdrawn_at),
            "withdrawn_by": claim.withdrawn_by,
            "balance_after_ore": after[claim.id].balance_ore if claim.id in after else None,
        })
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
        "paid_ore": summary.paid_ore,
        "pending_ore": summary.pending_ore,
        "balance_ore": summary.balance_ore,
        "status": str(summary.status),
        "status_text": str(services.status_labels()[summary.status]),
        "valid_until": grant.valid_until.isoformat(),
        "created_at": grant.created_at.isoformat(),
        "claims": claims,
    }


@grant_group.command("show")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json_", is_flag=True, help="Print JSON.")
def grant_show(year, as_json_):
    """The grant: cap, approved, paid, balance, status, validity and every claim."""
    data = as_json(grant_for(cycle_for(year)))
    if as_json_:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['reference']}: {data['initiative']} ({data['organisation']})")
    click.echo(f"status: {data['status_text']}; valid until {data['valid_until']}")
    click.echo(f"cap {format_kroner(data['cap_ore'])}, approved "
               f"{format_kroner(data['approved_ore'])}, paid "
               f"{format_kroner(data['paid_ore'])}, pending "
               f"{format_kroner(data['pending_ore'])}, balance "
               f"{format_kroner(data['balance_ore'])}")
    for claim in data["claims"]:
        approved = (f", approved {format_kroner(claim['approved_ore'])}"
                    if claim["approved_ore"] not in (None, claim["amount_ore"]) else "")
        click.echo(f"  nr. {claim['number']} {claim['date']} "
                   f"{format_kroner(claim['amount_ore'])}{approved} {claim['status_text']}: "
                   f"{claim['event']}, {claim['place']}; payee {claim['payee']['name']}")


def read_receipt(path: str | None) -> Upload | None:
    if path is None:
        return None
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if os.path.getsize(path) > limit:  # refused before reading a huge file into memory
        fail(f"--receipt: {Path(path).name} is larger than {limit // (1024 * 1024)} MB")
    return Upload(Path(path).name, Path(path).read_bytes())


def amount_option(value: str | None, option: str = "--amount") -> int | None:
    if value is None:
        return None
    try:
        return parse_kroner(value)
    except AmountError as error:
        fail(f"{option}: {error}")


def payee_options(account: str | None, via_organisation: bool) -> tuple[str, bool]:
    if account is not None and via_organisation:
        fail("give either --account or --via-organisation, not both")
    if account is None and not via_organisation:
        fail("say how the payee is paid: --account REFERENCE or --via-organisation")
    return account or "", via_organisation


def claim_options(command):
    """The options that describe a claim, shared by add and correct."""
    for option in reversed([
        click.option("--amount", help="Kroner, Danish style: 2.500,00 or 2500,50."),
        click.option("--date", "travel_date", help="The day of travel: 2025-05-02."),
        click.option("--event", help="The event the initiative was presented at."),
        click.option("--place"),
        click.option("--description"),
        click.option("--payee", help="Who is paid: a name."),
        click.option("--account", help="The payee's account reference."),
        click.option("--via-organisation", is_flag=True,
                     help="The payee is paid via the organisation, not to an account."),
        click.option("--receipt", type=click.Path(exists=True, dir_okay=False, readable=True),
                     help="PDF, DOCX, PNG or JPEG."),
    ]):
        command = option(command)
    return command


@claim_group.command("add")
@click.option("--year", type=int, required=True)
@claim_options
def claim_add(year, amount, travel_date, event, place, description, payee, account,
              via_organisation, receipt):
    """Add a claim; it waits for approval. Prints the claim's number.

    --amount, --date, --event, --place, --payee and one of --account or --via-organisation
    are required."""
    for name, value in (("--amount", amount), ("--date", travel_date), ("--event", event),
                        ("--place", place), ("--payee", payee)):
        if value is None:
            fail(f"missing option {name}")
    grant = grant_for(cycle_for(year))
    account, via_organisation = payee_options(account, via_organisation)
    details = services.ClaimDetails(
        travel_date=parse_day(travel_date, "--date"), event=event, place=place,
        description=description or "", amount_ore=amount_option(amount), payee_name=payee,
        payee_account=account, payee_via_organisation=via_organisation)
    upload = read_receipt(receipt)
    with committing():
        claim = services.add_claim(
            grant, details, receipt=upload,
            max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"], actor=SYSTEM,
            at=timeutil.now())
    click.echo(claim.number)


@claim_group.command("correct")
@click.option("--year", type=int, required=True)
@click.option("--claim", "number", type=int, required=True, help=CLAIM_NUMBER_HELP)
@claim_options
def claim_correct(year, number, amount, travel_date, event, place, description, payee,
                  account, via_organisation, receipt):
    """Correct a pending claim: the options given replace what it says; --receipt adds or
    replaces its receipt."""
    grant = grant_for(cycle_for(year))
    claim = services.claim_by_number(grant, number)
    if claim is None:
        fail(f"Udgift nr. {number} findes ikke på bevillingen {grant.reference}.")
    if account is not None or via_organisation:
        account, via_organisation = payee_options(account, via_organisation)
    else:
        account, via_organisation = claim.payee_account, claim.payee_via_organisation
    details = services.ClaimDetails(
        travel_date=parse_day(travel_date, "--date") or claim.travel_date,
        event=claim.event if event is None else event,
        place=claim.place if place is None else place,
        description=claim.description if description is None else description,
        amount_ore=amount_option(amount) or claim.amount_ore,
        payee_name=claim.payee_name if payee is None else payee,
        payee_account=account, payee_via_organisation=via_organisation)
    upload = read_receipt(receipt)
    with committing():
        changes = services.correct_claim(
            grant, number, details, receipt=upload,
            max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"], actor=SYSTEM,
            at=timeutil.now())
    click.echo(f"Corrected claim {number}: {', '.join(changes)}" if changes
               else f"Claim {number} already says that; nothing changed")


@claim_group.command("withdraw")
@click.option("--year", type=int, required=True)
@click.option("--claim", "number", type=int, required=True, help=CLAIM_NUMBER_HELP)
@click.option("--reason", default="", help="Why (optional).")
def claim_withdraw(year, number, reason):
    """Withdraw a pending claim. It cannot be undone."""
    grant = grant_for(cycle_for(year))
    with committing():
        claim = services.withdraw(grant, number, reason, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Withdrew claim {claim.number} ({format_kroner(claim.amount_ore)})")


@claim_group.command("approve")
@click.option("--year", type=int, required=True)
@click.option("--claim", "number", type=int, required=True, help=CLAIM_NUMBER_HELP)
@click.option("--amount", help="Approve less than claimed (at most the balance); needs --reason.")
@click.option("--reason", default="", help="Why less than claimed is approved.")
@click.option("--no-receipt-reason", default="",
              help="Why the claim has no receipt (required when it has none).")
def claim_approve(year, number, amount, reason, no_receipt_reason):
    """Approve a pending claim, in full or in part, if the balance covers it. Approval is not
    payment: record that with `award grant claim pay`."""
    grant = grant_for(cycle_for(year))
    with committing():
        claim = services.approve(grant, number, amount_ore=amount_option(amount),
                                 reason=reason, no_receipt_reason=no_receipt_reason,
                                 actor=SYSTEM, at=timeutil.now())
    balance = services.summarise(grant, timeutil.now()).balance_ore
    click.echo(f"Approved claim {claim.number}: {format_kroner(claim.approved_ore)} of "
               f"{format_kroner(claim.amount_ore)} claimed, not paid yet; balance "
               f"{format_kroner(balance)}")


@claim_group.command("reject")
@click.option("--year", type=int, required=True)
@click.option("--claim", "number", type=int, required=True, help=CLAIM_NUMBER_HELP)
@click.option("--reason", required=True)
def claim_reject(year, number, reason):
    """Reject a pending claim, with the reason."""
    grant = grant_for(cycle_for(year))
    with committing():
        claim = services.reject(grant, number, reason, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Rejected claim {claim.number} ({format_kroner(claim.amount_ore)})")


@claim_group.command("pay")
@click.option("--year", type=int, required=True)
@click.option("--claim", "number", type=int, required=True, help=CLAIM_NUMBER_HELP)
@click.option("--date", "paid_on", required=True, help="The day it was paid: 2025-06-10.")
def claim_pay(year, number, paid_on):
    """Record that an approved claim was paid (its approved amount). Once; it cannot be
    undone."""
    grant = grant_for(cycle_for(year))
    day = parse_day(paid_on, "--date")
    with committing():
        claim = services.pay(grant, number, day, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Paid claim {claim.number}: {format_kroner(claim.paid_ore)} to "
               f"{claim.payee_name} on {claim.paid_on.isoformat()}")


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
