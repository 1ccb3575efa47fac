"""`award announcement` and `award diploma`."""

import os
import tempfile
from pathlib import Path

import click

from award import timeutil
from award.announcements import documents, services
from award.clitools import SYSTEM, committing, cycle_for, fail
from award.service import Refused


def write_file(out: Path, data: bytes) -> None:
    """Written beside the target and moved into place: no half-written file under the name
    asked for."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_out(out: Path | None, suffix: str) -> None:
    if out is None:
        return
    if not out.parent.is_dir():
        fail(f"--out: the folder {out.parent} does not exist")
    if out.suffix.lower() != suffix:
        fail(f"--out: {out.name} should end in {suffix}")


@click.command("announcement")
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(list(documents.FORMATS)), required=True,
              help="md: Markdown; html: one HTML file with its styles; pdf: A4 (needs --out).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced if it exists). Without it, md and html go to "
                   "standard output.")
@click.option("--publish", is_flag=True,
              help="Publish a new version on /vindere/<year> first (the saved text, or the "
                   "draft when nothing has been saved, with the facts from the data now).")
@click.option("--working-copy", is_flag=True,
              help="The saved text with the facts from the data now, even while a version is "
                   "published (what publishing would publish).")
def announcement_command(year, fmt, out, publish, working_copy):
    """The winner announcement of a decided cycle, in Danish. While it is published: the
    published version, as /vindere/<year> serves it (frozen when it was published). Otherwise,
    or with --working-copy: the text the secretariat saved (the draft while nothing has been
    saved) with the facts box from the data now. Refused until the winner is decided."""
    cycle = cycle_for(year)
    if fmt == "pdf" and out is None:
        fail("--format pdf needs --out FILE.pdf")
    check_out(out, f".{fmt}")
    if publish:
        with committing():
            services.publish(cycle, actor=SYSTEM, at=timeutil.now())
    try:
        release = (None if working_copy else services.published_release(cycle)) \
            or services.live_release(cycle)
    except Refused as refused:
        fail(str(refused))
    data = documents.render(release, fmt)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_file(out, data)
    state = (f"published version {release.number}" if release.number is not None
             else "working copy, not published" if services.is_published(cycle)
             else "not published")
    click.echo(f"Wrote {out}: the announcement of {year} ({fmt}, {state})")


@click.command("diploma")
@click.option("--year", type=int, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF to write (replaced if it exists).")
def diploma_command(year, out):
    """The winner's diploma: one A4 page, landscape. Refused until the winner is decided."""
    cycle = cycle_for(year)
    check_out(out, ".pdf")
    try:
        data = documents.diploma_pdf(cycle)
    except Refused as refused:
        fail(str(refused))
    write_file(out, data)
    if not cycle.signatory_name:
        click.echo("note: no signatory is set; the line under the signature is empty "
                   "(set one on the secretariat's announcement page)", err=True)
    click.echo(f"Wrote {out}: the diploma of {year}")


commands = (announcement_command, diploma_command)
