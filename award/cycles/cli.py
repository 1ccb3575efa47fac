"""`award cycle …` and `award criteria …`."""

import json

import click

from award import timeutil
from award.clitools import SYSTEM, committing, cycle_for, fail, parse_day, parse_time
from award.criteria.weights import format_hundredths, parse_hundredths
from award.cycles import services
from award.cycles.models import Cycle


@click.group("cycle")
def cycle_group():
    """Award cycles: one a year."""


@cycle_group.command("create")
@click.option("--year", type=int, required=True)
@click.option("--title", required=True)
@click.option("--theme", default="")
@click.option("--opens", required=True, help="Date (start of day) or date and time, Copenhagen.")
@click.option("--deadline", required=True,
              help="A date means the end of that day in Copenhagen; with a time it is exact.")
@click.option("--summit", help="Date of the award ceremony.")
@click.option("--summit-place", help="Where the summit is held: the city, e.g. Aarhus.")
@click.option("--call-text", default="")
@click.option("--theme-question")
def cycle_create(year, title, theme, opens, deadline, summit, summit_place, call_text,
                 theme_question):
    """Create a cycle with the seven published criteria."""
    with committing():
        created = services.create_cycle(
            year=year, title=title, theme=theme, call_text=call_text,
            opens_at=parse_time(opens, timeutil.parse_opening, "--opens"),
            deadline_at=parse_time(deadline, timeutil.parse_deadline, "--deadline"),
            summit_date=parse_day(summit, "--summit"), summit_place=summit_place,
            theme_question_da=theme_question, actor=SYSTEM, at=timeutil.now(),
        )
    click.echo(f"Created cycle {created.year}: {created.title}")


@cycle_group.command("update")
@click.option("--year", type=int, required=True)
@click.option("--title")
@click.option("--theme")
@click.option("--opens")
@click.option("--deadline")
@click.option("--summit")
@click.option("--summit-place", help="Where the summit is held: the city, e.g. Aarhus.")
@click.option("--call-text")
@click.option("--theme-question")
@click.option("--tie-break", help="Criterion numbers in order, e.g. 7,3.")
@click.option("--retention-months", type=int,
              help="Months after the announcement that nominators' and contact persons' "
                   "personal data is kept (1-120; default 12).")
def cycle_update(year, title, theme, opens, deadline, summit, summit_place, call_text,
                 theme_question, tie_break, retention_months):
    """Change a cycle; only the options given change."""
    target = cycle_for(year)
    changes = {
        "title": title, "theme": theme, "call_text": call_text, "summit_place": summit_place,
        "theme_question_da": theme_question, "tie_break": parse_numbers(tie_break, "--tie-break"),
        "opens_at": parse_time(opens, timeutil.parse_opening, "--opens"),
        "deadline_at": parse_time(deadline, timeutil.parse_deadline, "--deadline"),
        "summit_date": parse_day(summit, "--summit"), "retention_months": retention_months,
    }
    changes = {field: value for field, value in changes.items() if value is not None}
    if not changes:
        fail("nothing to change: give at least one option, e.g. --deadline 2024-01-13")
    with committing():
        changed = services.update_cycle(target, changes, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Updated cycle {year}: {', '.join(changed) or 'nothing changed'}")


def parse_numbers(value: str | None, option: str) -> list[int] | None:
    if value is None:
        return None
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        fail(f"{option}: '{value}' is not a list of criterion numbers like 7,3")


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


@cycle_group.command("show")
@click.option("--year", type=int, required=True)
@click.option("--json", "as_json", is_flag=True)
def cycle_show(year, as_json):
    """The cycle, its phase, criteria and weights."""
    target = cycle_for(year)
    data = cycle_as_dict(target)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['year']}: {data['title']}")
    click.echo(f"Theme:    {data['theme']}")
    click.echo(f"Phase:    {data['phase']}")
    click.echo(f"Opens:    {timeutil.format_moment(target.opens_at)}")
    click.echo(f"Deadline: {timeutil.format_deadline(target.deadline_at)}")
    click.echo("Criteria (weight):")
    for criterion in data["criteria"]:
        click.echo(f"  {criterion['number']}. ({criterion['weight']}) {criterion['text']}")


@click.group("criteria")
def criteria_group():
    """The criteria of a cycle."""


@criteria_group.command("weights")
@click.option("--year", type=int, required=True)
@click.option("--weights", required=True, help="One per criterion, e.g. 1,1,1,1,1,1,2.")
def criteria_weights(year, weights):
    """Set the criterion weights v_c (exact, at most two decimals, sum above 0)."""
    target = cycle_for(year)
    with committing("--weights: "):
        hundredths = [parse_hundredths(part) for part in weights.split(",")]
        services.set_criterion_weights(target, hundredths, actor=SYSTEM, at=timeutil.now())
    click.echo(f"Criterion weights for {year}: "
               + ", ".join(format_hundredths(c.weight_hundredths, ".") for c in target.criteria))


commands = (cycle_group, criteria_group)
