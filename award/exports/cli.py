"""`award export`."""

import os
import tempfile
from pathlib import Path

import click

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.exports import services
from award.exports.formats import FORMATS
from award.extensions import db
from award.rounds import services as rounds

SUFFIXES = {f".{fmt}": fmt for fmt in FORMATS}


@click.command("export")
@click.option("--year", type=int, required=True)
@click.option("--what", type=click.Choice(services.WHATS), required=True,
              help="nominations: the cycle's nominations; sheets: every score sheet of its "
                   "rounds; results: a closed round's results.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv: for Danish Excel (UTF-8 with BOM, semicolons, decimal comma); "
                   "xlsx: a workbook.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write (replaced if it exists); its folder must exist.")
@click.option("--round", "number", type=int,
              help="With --what results: the round. Default: the last closed round.")
@click.option("--personal-data/--no-personal-data", default=False,
              help="With --what nominations: include the names, e-mails and phone numbers of "
                   "the nominators and contact persons. Default: --no-personal-data (without "
                   "them).")
def export_command(year, what, fmt, out, number, personal_data):
    """Export a cycle's nominations, score sheets or a closed round's results as CSV or XLSX.

    Every export is recorded in the audit log. The file is written only when the export is
    complete, readable by its owner alone; a file with personal data falls under the GDPR:
    keep it out of shared folders and delete it when the task is done.
    """
    cycle = cycle_for(year)
    if not out.parent.is_dir():
        fail(f"--out: the folder {out.parent} does not exist")
    if SUFFIXES.get(out.suffix.lower(), fmt) != fmt:
        fail(f"--out: {out.name} ends in {out.suffix} but --format is {fmt}")
    if personal_data and what != services.NOMINATIONS:
        fail("--personal-data applies only to --what nominations")
    round_ = None
    if what == services.RESULTS:
        if number is None:
            round_ = services.last_closed_round(cycle)
            if round_ is None:
                fail(f"no round of {year} has been closed; there are no results to export")
        else:
            round_ = rounds.round_by_number(cycle, number)
            if round_ is None:
                fail(f"round {number} of {year} has not been opened")
            if round_.closed_at is None:
                fail(f"round {number} of {year} is still open; close it first")
    elif number is not None:
        fail("--round applies only to --what results")

    # Written beside the target and moved into place after the audit entry is committed: no
    # file without its audit entry, and no half-written file under the name asked for.
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with committing():
            made = services.export(cycle, what, fmt, actor=SYSTEM, at=timeutil.now(),
                                   personal_data=personal_data, round_=round_)
            with os.fdopen(handle, "wb") as file:
                handle = None
                file.write(made.data)
        os.replace(temporary, out)
    except BaseException:
        if handle is not None:
            os.close(handle)
        db.session.rollback()
        Path(temporary).unlink(missing_ok=True)
        raise
    scope = (" with personal data" if personal_data
             else " without personal data" if what == services.NOMINATIONS else "")
    click.echo(f"Wrote {out}: {what} of {year}"
               + (f", {round_.name}" if round_ is not None else "")
               + f"{scope}, {made.rows} rows ({fmt})")


commands = (export_command,)
