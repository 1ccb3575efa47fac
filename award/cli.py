"""The `award` command line: Flask's own commands (run, db …) and the platform's."""

import json
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import FlaskGroup

from award import audit, cycles, mail, timeutil
from award.criteria.weights import format_hundredths
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
                      "weight": format_hundredths(c.weight_hundredths, ".")}
                     for c in target.criteria],
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
    """Two demo cycles with realistic nominations: 2024 open for nominations, 2023 being judged
    by a jury whose log-ins are printed."""
    from award.demo import load_demo

    if db.session.scalar(db.select(Cycle.id).limit(1)) is not None:
        if if_empty:
            click.echo("The database has data already; demo not loaded.")
            return
        fail("the database has data already; the demo needs an empty database")
    for line in load_demo():
        click.echo(line)


# ---------------------------------------------------------------- accounts, jury, rounds, scores


def invitation_valid():
    from datetime import timedelta

    return timedelta(days=current_app.config["INVITATION_VALID_DAYS"])


def invitation_link(token: str) -> str:
    from award.auth.links import absolute_url

    return absolute_url("auth.accept_invitation", token=token)


@cli.group("user")
def user_group():
    """Accounts of the secretariat."""


@user_group.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["secretariat"]), default="secretariat",
              show_default=True, help="Jurors are added with `award jury add`.")
@click.option("--password", "ask_password", is_flag=True,
              help="Type a password now instead of printing an invitation link.")
def user_add(email, name, role, ask_password):
    """A secretariat user: with a password typed now, or an invitation link printed."""
    from award.auth import services as accounts
    from award.auth.models import Role

    moment = timeutil.now()
    try:
        user = accounts.create_user(email=email, name=name, role=Role(role), actor=SYSTEM,
                                    at=moment)
        if ask_password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            accounts.set_password(user, password, actor=SYSTEM, at=moment,
                                  min_length=current_app.config["PASSWORD_MIN_LENGTH"])
            url = None
        else:
            url = accounts.invite(user, link=invitation_link, valid=invitation_valid(),
                                  actor=SYSTEM, at=moment)
    except accounts.AccountError as error:
        fail(str(error))
    db.session.commit()
    mail.deliver_queued()
    click.echo(f"Created {role} user {user.email}")
    if url:
        click.echo(f"Invitation link (valid {invitation_valid().days} days, works once): {url}")


@cli.group()
def jury():
    """The jury of a cycle."""


@jury.command("add")
@click.option("--year", type=int, required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--kind", required=True,
              type=click.Choice(["patientrepraesentant", "patientorganisation", "fagperson"]))
@click.option("--weight", default="1", show_default=True, help="w_j > 0, at most two decimals.")
@click.option("--organisation", default="")
def jury_add(year, email, name, kind, weight, organisation):
    """Add a juror to a cycle's jury; prints the invitation link."""
    from award.auth.services import AccountError
    from award.criteria.weights import WeightError, parse_hundredths
    from award.jury import services as jury_services

    target = cycle_for(year)
    try:
        juror, url = jury_services.add_juror(
            target, email=email, name=name, kind=kind, weight_hundredths=parse_hundredths(weight),
            organisation=organisation, actor=SYSTEM, at=timeutil.now(), link=invitation_link,
            invitation_valid=invitation_valid())
    except (jury_services.JuryError, WeightError, AccountError) as error:
        fail(f"--weight: {error}" if isinstance(error, WeightError) else str(error))
    db.session.commit()
    mail.deliver_queued()
    click.echo(f"Added {juror.name} <{juror.email}> to the {year} jury ({kind}, weight "
               f"{format_hundredths(juror.weight_hundredths, '.')})")
    if url:
        click.echo(f"Invitation link (valid {invitation_valid().days} days, works once): {url}")


@jury.command("list")
@click.option("--year", type=int, required=True)
def jury_list(year):
    """The jury with kinds and weights."""
    from award.jury import services as jury_services

    members = jury_services.jurors(cycle_for(year))
    for juror in members:
        click.echo(f"{juror.email:<35} {juror.name:<30} {juror.kind:<20} "
                   f"{format_hundredths(juror.weight_hundredths, '.')}")
    click.echo(f"{len(members)} jurors")


@cli.group()
def criteria():
    """The criteria of a cycle."""


@criteria.command("weights")
@click.option("--year", type=int, required=True)
@click.option("--weights", required=True, help="One per criterion, e.g. 1,1,1,1,1,1,2.")
def criteria_weights(year, weights):
    """Set the criterion weights v_c (exact, at most two decimals, sum above 0)."""
    from award.criteria.weights import WeightError, parse_hundredths
    from award.jury import services as jury_services

    target = cycle_for(year)
    try:
        hundredths = [parse_hundredths(part) for part in weights.split(",")]
        jury_services.set_criterion_weights(target, hundredths, actor=SYSTEM, at=timeutil.now())
    except WeightError as error:
        fail(f"--weights: {error}")
    db.session.commit()
    click.echo(f"Criterion weights for {year}: "
               + ", ".join(format_hundredths(c.weight_hundredths, ".") for c in target.criteria))


@cli.group("round")
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
@click.option("--method", type=click.Choice(["weighted", "normalised"]), default="weighted",
              show_default=True)
@click.option("--deadline", help="Scoring deadline: a date (end of day) or date and time.")
def round_open(year, number, name, panel, advance, quorum, method, deadline):
    """Open a round so that its panel can score."""
    from award.jury import services as jury_services

    target = cycle_for(year)
    try:
        opened = jury_services.open_round(
            target, number=number, name=name, advance=advance, quorum=quorum, method=method,
            panel_emails=panel.split(",") if panel else None,
            deadline_at=parse_time(deadline, timeutil.parse_deadline, "--deadline"),
            actor=SYSTEM, at=timeutil.now())
    except jury_services.JuryError as error:
        fail(str(error))
    db.session.commit()
    until = (timeutil.format_deadline(opened.deadline_at) if opened.deadline_at
             else "no deadline")
    click.echo(f"Opened {opened.name} of {year}: {len(opened.panel)} jurors, "
               f"{len(jury_services.entries(opened))} entries, {until}")


@cli.group()
def scores():
    """Score sheets."""


@scores.command("import")
@click.option("--year", type=int, required=True)
@click.option("--round", "number", type=int, required=True)
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def scores_import(year, number, file):
    """Import sheets on jurors' behalf: juror_email,reference,criterion,score,comment.

    All rows or none; each problem is listed with its row number (the header is row 1).
    """
    from award.jury import services as jury_services
    from award.jury.imports import ImportRefused, import_sheets

    target = cycle_for(year)
    round_ = jury_services.round_by_number(target, number)
    if round_ is None:
        fail(f"round {number} of {year} has not been opened")
    try:
        result = import_sheets(round_, file.read(), actor=SYSTEM, at=timeutil.now())
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(problem, err=True)
        fail(f"nothing imported: {len(refused.problems)} problem(s) in {file.name}")
    db.session.commit()
    click.echo(f"Imported {result.sheets} sheets into round {number} of {year} "
               f"({result.replaced} replaced existing sheets)")
