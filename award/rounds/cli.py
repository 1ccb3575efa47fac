"""`award round …`."""

import csv
import io
import json

import click
from babel.dates import format_timedelta

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail, parse_time
from award.nominations.services import by_reference
from award.rounds import closing, decision, services
from award.rounds import results as round_results
from award.rounds.models import Method, Round


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



def round_for(year: int, number: int) -> Round:
    round_ = services.round_by_number(cycle_for(year), number)
    if round_ is None:
        fail(f"round {number} of {year} has not been opened")
    return round_


def nomination_for(year: int, reference: str):
    nomination = by_reference(reference.strip())
    if nomination is None or nomination.cycle.year != year:
        fail(f"no nomination {reference} in {year}")
    return nomination


@round_group.command("close")
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, required=True)
@click.option("--force", is_flag=True, help="Close even though sheets are missing.")
def round_close(year, number, force):
    """Close a round and store its results snapshot (once)."""
    round_ = round_for(year, number)
    with committing():
        try:
            closing.close_round(round_, actor=SYSTEM, at=timeutil.now(), force=force)
        except closing.MissingSheets as refused:
            for juror, entry in refused.missing:
                click.echo(f"missing: {juror.email} {entry.reference}", err=True)
            if round_.deadline_at and round_.deadline_at > timeutil.now():
                left = format_timedelta(round_.deadline_at - timeutil.now(), threshold=1.1,
                                        add_direction=True, locale="en")
                click.echo(f"The jurors' deadline is {round_.deadline_at.isoformat()}, {left}.",
                           err=True)
            click.echo("Nothing was closed; close anyway with --force.", err=True)
            raise
    click.echo(f"Closed {round_.name} of {year}. See `award results --year {year} "
               f"--round {number}`.")


@round_group.command("resolve")
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, required=True)
@click.option("--order", required=True, help="References in the chosen order, comma-separated.")
@click.option("--reason", required=True)
def round_resolve(year, number, order, reason):
    """Settle a tie (or a tie across the cut line) with an order and a reason."""
    round_ = round_for(year, number)
    chosen = [nomination_for(year, reference) for reference in order.split(",")
              if reference.strip()]
    with committing():
        round_results.resolve(round_, chosen, reason, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Recorded the order {', '.join(n.reference for n in chosen)}.")


@round_group.command("advance")
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, required=True)
@click.option("--below-quorum", is_flag=True,
              help="Send them on even though some have fewer sheets than the quorum.")
def round_advance(year, number, below_quorum):
    """The top entries of a closed round go on to the next round."""
    round_ = round_for(year, number)
    with committing():
        advanced = round_results.advance(round_, actor=SYSTEM, at=timeutil.now(),
                                         below_quorum_chosen=below_quorum)
    click.echo(f"{len(advanced)} advance from {round_.name}: "
               + ", ".join(n.reference for n in advanced))


@round_group.command("remind")
@click.option("--year", type=int, required=True)
@click.option("--number", type=int, required=True)
def round_remind(year, number):
    """E-mail a reminder to every panel juror with missing sheets."""
    round_ = round_for(year, number)
    with committing():
        reminded = closing.remind(round_, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Reminded {len(reminded)} jurors")


@click.command("results")
@click.option("--year", type=int, required=True)
@click.option("--round", "number", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table",
              show_default=True)
def results_command(year, number, fmt):
    """The results of a closed round."""
    current = round_results.results(round_for(year, number))
    if current is None:
        fail(f"round {number} of {year} is still open; close it first")
    data = round_results.as_json(current)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    columns = ["rank", "reference", "title", "score", "score_exact", "normalised", "sheets",
               "spread", "tied", "below_quorum", "disagreement", "advanced"]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for entry in data["entries"]:
            writer.writerow([entry[column] for column in columns])
        click.echo(out.getvalue(), nl=False)
        return
    for entry in data["entries"]:
        flags = [name for name in ("tied", "below_quorum", "disagreement", "advanced")
                 if entry[name]]
        click.echo(f"{entry['rank']:>3}  {entry['reference']}  {entry['score'] or '-':>5}  "
                   f"{entry['title']}  {' '.join(flags)}")
    click.echo(f"stable without any one juror: {data['stable_without_any_one_juror']}")


@click.command("decide")
@click.option("--year", type=int, required=True)
@click.option("--ref", "reference", required=True)
@click.option("--reason", default="")
def decide_command(year, reference, reason):
    """Record the winner from the final round."""
    cycle = cycle_for(year)
    nomination = nomination_for(year, reference)
    with committing():
        decision.decide(cycle, nomination, actor=SYSTEM, at=timeutil.now(), reason=reason)
    click.echo(f"The winner of {year}: {nomination.reference} {nomination.initiative_name}")


commands = (round_group, results_command, decide_command)
