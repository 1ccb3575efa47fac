"""The `award` command line: Flask's own commands (run, db …) and the platform's."""

import json
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import FlaskGroup

from award import audit, cycles, mail, timeutil
from award.extensions import db
from award.models import Cycle

SYSTEM = "system"


def create_cli_app():
    from award import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=create_cli_app)
def cli():
    """Prisen for Årets Patientoplevelse."""


def fail(message: str):
    raise click.ClickException(message)


def cycle_for(year: int) -> Cycle:
    cycle = cycles.by_year(year)
    if cycle is None:
        fail(f"no cycle for {year}; create it with `award cycle create --year {year} …`")
    return cycle


def parse_time(value: str | None, parser, option: str):
    if value is None:
        return None
    try:
        return parser(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date (2024-01-13) or a date and time "
             "(2024-01-13 12:00, Copenhagen time)")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date like 2024-04-11")


# ---------------------------------------------------------------- cycle

@cli.group()
def cycle():
    """Award cycles: one a year."""


@cycle.command("create")
@click.option("--year", type=int, required=True)
@click.option("--title", required=True)
@click.option("--theme", default="")
@click.option("--opens", required=True, help="Date (start of day) or date and time, Copenhagen.")
@click.option("--deadline", required=True,
              help="A date means the end of that day in Copenhagen; with a time it is exact.")
@click.option("--summit", help="Date of the award ceremony.")
@click.option("--summit-place")
@click.option("--call-text", default="")
@click.option("--theme-question")
def cycle_create(year, title, theme, opens, deadline, summit, summit_place, call_text,
                 theme_question):
    """Create a cycle with the seven published criteria."""
    try:
        created = cycles.create_cycle(
            year=year, title=title, theme=theme, call_text=call_text,
            opens_at=parse_time(opens, timeutil.parse_opening, "--opens"),
            deadline_at=parse_time(deadline, timeutil.parse_deadline, "--deadline"),
            summit_date=parse_day(summit, "--summit"), summit_place=summit_place,
            theme_question_da=theme_question, actor=SYSTEM, at=timeutil.now(),
        )
    except cycles.CycleError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Created cycle {created.year}: {created.title}")


@cycle.command("update")
@click.option("--year", type=int, required=True)
@click.option("--title")
@click.option("--theme")
@click.option("--opens")
@click.option("--deadline")
@click.option("--summit")
@click.option("--summit-place")
@click.option("--call-text")
@click.option("--theme-question")
def cycle_update(year, title, theme, opens, deadline, summit, summit_place, call_text,
                 theme_question):
    """Change a cycle; only the options given change."""
    target = cycle_for(year)
    changes = {
        "title": title, "theme": theme, "call_text": call_text, "summit_place": summit_place,
        "theme_question_da": theme_question,
        "opens_at": parse_time(opens, timeutil.parse_opening, "--opens"),
        "deadline_at": parse_time(deadline, timeutil.parse_deadline, "--deadline"),
        "summit_date": parse_day(summit, "--summit"),
    }
    changes = {field: value for field, value in changes.items() if value is not None}
    if not changes:
        fail("nothing to change: give at least one option, e.g. --deadline 2024-01-13")
    try:
        changed = cycles.update_cycle(target, changes, actor=SYSTEM, at=timeutil.now())
    except cycles.CycleError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Updated cycle {year}: {', '.join(changed) or 'nothing changed'}")


def cycle_as_dict(target: Cycle) -> dict:
    return {
        "year": target.year, "title": target.title, "theme": target.theme,
        "phase": str(target.phase(timeutil.now())),
        "opens_at": target.opens_at.isoformat(), "deadline_at": target.deadline_at.isoformat(),
        "summit_date": target.summit_date.isoformat() if target.summit_date else None,
        "summit_place": target.summit_place, "regions": target.regions,
        "scale": {"min": target.scale_min, "max": target.scale_max,
                  "labels": target.scale_labels},
        "tie_break": target.tie_break, "grant_cap_ore": target.grant_cap_ore,
        "criteria": [{"number": c.number, "text": c.text_da, "text_en": c.text_en,
                      "weight": f"{c.weight_hundredths / 100:.2f}"} for c in target.criteria],
    }


@cycle.command("show")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True)
def cycle_show(year, as_json):
    """The cycle, its phase, criteria and weights."""
    data = cycle_as_dict(cycle_for(year))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    target = cycle_for(year)
    click.echo(f"{data['year']}: {data['title']}")
    click.echo(f"Theme:    {data['theme']}")
    click.echo(f"Phase:    {data['phase']}")
    click.echo(f"Opens:    {timeutil.format_moment(target.opens_at)}")
    click.echo(f"Deadline: {timeutil.format_deadline(target.deadline_at)}")
    click.echo("Criteria (weight):")
    for criterion in data["criteria"]:
        click.echo(f"  {criterion['number']}. ({criterion['weight']}) {criterion['text']}")


# ---------------------------------------------------------------- nominations

@cli.group()
def nominations():
    """Nominations of a cycle."""


@nominations.command("list")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True)
def nominations_list(year, as_json):
    """Nominations with reference and status (drafts not included)."""
    from award.nominations.services import submitted

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


# ---------------------------------------------------------------- mail

@cli.group("mail")
def mail_group():
    """The e-mail outbox."""


@mail_group.command("send")
def mail_send():
    """Send every queued e-mail; what fails stays queued."""
    if not current_app.config["SMTP_HOST"]:
        fail("no SMTP server configured (AWARD_SMTP_HOST); the mail stays queued")
    sent, queued = mail.send_pending()
    click.echo(f"Sent {sent} e-mails; {queued} still queued")
    if queued:
        sys.exit(1)


# ---------------------------------------------------------------- audit

@cli.group("audit")
def audit_group():
    """The audit log."""


@audit_group.command("verify")
def audit_verify():
    """Check the hash chain of the audit log."""
    result = audit.verify()
    if not result.ok:
        fail(f"audit log broken after {result.count - 1} good entries: {result.problem}")
    click.echo(f"Audit log intact: {result.count} entries; head {result.head}")


# ---------------------------------------------------------------- demo

@cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when a cycle exists already.")
def demo(if_empty):
    """A complete demo cycle with realistic nominations."""
    from award.demo import load_demo

    if db.session.scalar(db.select(Cycle.id).limit(1)) is not None:
        if if_empty:
            click.echo("The database has data already; demo not loaded.")
            return
        fail("the database has data already; the demo needs an empty database")
    for line in load_demo():
        click.echo(line)
