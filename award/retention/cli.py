"""`award purge …` and `award subject-access …`."""

import json
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.retention import documents, services


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _describe(plan: services.PurgePlan) -> list[str]:
    if plan.contact_only:
        return [f"the name, e-mail and phone number of the grant's contact person on "
                f"{plan.retention.contact_kept} (set to {services.PURGED}), kept by the "
                "earlier purge while the grant ran",
                f"{_plural(plan.messages, 'outbox message', 'outbox messages')} to them "
                f"({plan.unsent_messages} not sent yet)"]
    people = "nominators and contact persons"
    if plan.keeps_contact:
        people = (f"nominators and contact persons (but the contact person on "
                  f"{plan.keeps_contact}, see below)")
    return [
        f"names, e-mails and phone numbers of {people} on "
        f"{_plural(plan.nominations, 'nomination', 'nominations')} (set to {services.PURGED}), "
        "with their private edit and receipt links",
        f"{_plural(plan.messages, 'outbox message', 'outbox messages')} to them "
        f"({plan.unsent_messages} not sent yet)",
        f"{_plural(plan.drafts, 'unsent draft', 'unsent drafts')} with their answers and files",
    ]


def _kept(plan: services.PurgePlan) -> list[str]:
    kept = [f"the initiatives with {_plural(plan.answers, 'answer', 'answers')} and "
            f"{_plural(plan.attachments, 'attachment', 'attachments')}, the scores, results, "
            "decision, the grant with its claims and receipts, and the audit log"]
    if plan.keeps_contact:
        kept.append(f"the contact person on {plan.keeps_contact} (name, e-mail, phone): the "
                    "travel grant's contact, kept while the grant runs")
    return kept


@click.group("purge", invoke_without_command=True)
@click.option("--drafts", is_flag=True,
              help="Unsent drafts not changed for DRAFT_RETENTION_DAYS (default 7), with their "
                   "answers and attachments.")
@click.option("--year", type=int,
              help="The personal data of the cycle's nominators and contact persons, once its "
                   "retention period has passed (after the later of the winner announcement "
                   "and the end of the winner's travel grant).")
@click.option("--force", is_flag=True,
              help="With --year: before the retention period has passed (needs --reason).")
@click.option("--reason", help="With --force: why the data is deleted early (audited).")
@click.option("--dry-run", is_flag=True, help="With --year: say what would go, change nothing.")
@click.pass_context
def purge_group(context, drafts, year, force, reason, dry_run):
    """Delete personal data that is no longer needed (run --drafts daily, e.g. from cron)."""
    if context.invoked_subcommand is not None:
        return
    if drafts and year is not None:
        fail("give --drafts or --year YEAR, not both")
    if year is None:
        if force or reason is not None or dry_run:
            fail("--force, --reason and --dry-run go with --year YEAR")
        if not drafts:
            fail("say what to delete: --drafts, or --year YEAR for a cycle's personal data")
        purge_drafts()
        return
    if reason is not None and not force:
        fail("--reason goes with --force")
    if force and not (reason or "").strip():
        fail("--force needs --reason '…': why the personal data is deleted before the "
             "retention period has passed")
    purge_cycle(cycle_for(year), force=force, reason=reason or "", dry_run=dry_run)


def purge_drafts():
    days = int(current_app.config["DRAFT_RETENTION_DAYS"])
    with committing():
        count = services.purge_drafts(timeutil.now(), timedelta(days=days), actor=SYSTEM)
    click.echo(f"Deleted {count} unsent draft{'' if count == 1 else 's'} "
               f"not changed for {days} days")


def purge_cycle(cycle, *, force: bool, reason: str, dry_run: bool):
    at = timeutil.now()
    if dry_run:
        refusal = services.why_not_purge(cycle, at, force=force, reason=reason)
        if refusal and not services.retention_due(cycle, at).held:
            fail(str(refusal))
        plan = services.purge_plan(cycle, at)
        click.echo(f"{cycle.year}:")
        for line in services.explain_due(plan.retention):
            click.echo(f"  {line}")
        click.echo("A purge would delete:")
        for line in _describe(plan):
            click.echo(f"  - {line}")
        click.echo("and keep:")
        for line in _kept(plan):
            click.echo(f"  - {line}")
        click.echo(f"Not now: {refusal}" if refusal else "It may run now.")
        return
    with committing(f"{cycle.year}: "):
        done = services.purge_cycle(cycle, at, actor=SYSTEM, force=force, reason=reason)
    click.echo(f"Purged the personal data of {cycle.year}:")
    for line in _describe(done):
        click.echo(f"  - {line}")
    click.echo("Kept:")
    for line in _kept(done):
        click.echo(f"  - {line}")


@click.command("subject-access")
@click.option("--email", required=True, help="The address asked about (any case).")
@click.option("--format", "what", type=click.Choice(["json", "pdf"]), default="json",
              show_default=True,
              help="json: printed; pdf: a readable Danish document to hand to the person.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="The file to write (needed with --format pdf).")
def subject_access(email, what, out):
    """Everything held about one e-mail address (a data subject's access request), as JSON or
    as a Danish PDF document. Recorded in the audit log without the address."""
    if services.normalise_address(email) is None:
        fail(f"--email: '{email}' is not an e-mail address like navn@eksempel.dk")
    if what == "pdf" and not out:
        fail("--format pdf needs --out FILE.pdf")
    at = timeutil.now()
    with committing():
        found = services.subject_access(email, at)
        document = documents.access_pdf(found, at) if what == "pdf" else None
        services.record_subject_access(found, actor=SYSTEM, at=at)
    data = document or (json.dumps(found, ensure_ascii=False, indent=2) + "\n").encode()
    if out:
        Path(out).write_bytes(data)
        click.echo(f"Wrote {out}")
    else:
        click.echo(data.decode(), nl=False)


commands = (purge_group, subject_access)
