"""`award jury …` and `award scores …`."""

import click

from award import timeutil
from award.auth.links import invitation_link, invitation_valid
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.criteria.weights import WeightError, format_hundredths, parse_hundredths
from award.extensions import db
from award.jury import conflicts, jurors
from award.jury.imports import ImportRefused, import_sheets
from award.jury.models import JurorKind
from award.nominations.services import by_reference
from award.rounds.services import round_by_number


def weight_option(value: str) -> int:
    try:
        return parse_hundredths(value)
    except WeightError as error:
        fail(f"--weight: {error}")


@click.group("jury")
def jury_group():
    """The jury of a cycle."""


@jury_group.command("add")
@click.option("--year", type=int, required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice([kind.value for kind in JurorKind]))
@click.option("--weight", default="1", show_default=True, help="w_j > 0, at most two decimals.")
@click.option("--organisation", default="")
def jury_add(year, email, name, kind, weight, organisation):
    """Add a juror to a cycle's jury; prints the invitation link."""
    target = cycle_for(year)
    with committing():
        juror, url = jurors.add_juror(
            target, email=email, name=name, kind=kind, weight_hundredths=weight_option(weight),
            organisation=organisation, actor=SYSTEM, at=timeutil.now(), link=invitation_link,
            invitation_valid=invitation_valid())
    click.echo(f"Added {juror.name} <{juror.email}> to the {year} jury ({kind}, weight "
               f"{format_hundredths(juror.weight_hundredths, '.')})")
    if url:
        click.echo(f"Invitation link (valid {invitation_valid().days} days, works once): {url}")


@jury_group.command("list")
@click.option("--year", type=int, required=True)
def jury_list(year):
    """The jury with kinds and weights."""
    members = jurors.jurors(cycle_for(year))
    for juror in members:
        click.echo(f"{juror.email:<35} {juror.name:<30} {juror.kind:<20} "
                   f"{format_hundredths(juror.weight_hundredths, '.')}")
    click.echo(f"{len(members)} jurors")


@jury_group.command("weight")
@click.option("--year", type=int, required=True)
@click.option("--email", required=True)
@click.option("--weight", required=True, help="w_j > 0, at most two decimals.")
def jury_weight(year, email, weight):
    """Set a juror's weight."""
    juror = jurors.juror_by_email(cycle_for(year), email)
    if juror is None:
        fail(f"{email} is not on the {year} jury")
    with committing():
        jurors.set_juror_weight(juror, weight_option(weight), actor=SYSTEM, at=timeutil.now())
    click.echo(f"{juror.email}: weight {format_hundredths(juror.weight_hundredths, '.')}")


@click.group("conflicts")
def conflicts_group():
    """Conflicts of interest."""


@conflicts_group.command("add")
@click.option("--year", type=int, required=True)
@click.option("--juror", "email", required=True)
@click.option("--ref", "reference", required=True)
@click.option("--reason", required=True)
def conflicts_add(year, email, reference, reason):
    """Record a juror's conflict of interest on an entry."""
    cycle = cycle_for(year)
    juror = jurors.juror_by_email(cycle, email)
    if juror is None:
        fail(f"{email} is not on the {year} jury")
    nomination = by_reference(reference.strip())
    if nomination is None or nomination.cycle_id != cycle.id:
        fail(f"no nomination {reference} in {year}")
    with committing():
        conflict = conflicts.declare_conflict(juror, nomination, reason, actor=SYSTEM,
                                              at=timeutil.now())
    entry = conflict.nomination.reference
    merged = (f" ({nomination.reference} is judged as part of it)"
              if entry != nomination.reference else "")
    click.echo(f"Recorded: {juror.email} is conflicted on {entry}{merged}")


@click.group("scores")
def scores_group():
    """Score sheets."""


@scores_group.command("import")
@click.option("--year", type=int, required=True)
@click.option("--round", "number", type=int, required=True)
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def scores_import(year, number, file):
    """Import sheets on jurors' behalf: juror_email,reference,criterion,score,comment.

    All rows or none; each problem is listed with its row number (the header is row 1).
    """
    target = cycle_for(year)
    round_ = round_by_number(target, number)
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


commands = (jury_group, conflicts_group, scores_group)
