"""The spread chart on the results page: for each scored entry, every counted juror's total
as a dot on the score scale, the range between the lowest and the highest, and the weighted
mean as a bar. Drawn on the server as SVG coordinates; the page renders them and says the
same in words for screen readers, so nothing depends on colour or on seeing the drawing."""

from dataclasses import dataclass

from award.rounds.results import Results

LEFT = 230  # room for the reference and the start of the name
WIDTH = 640
ROW = 34
TOP = 30


@dataclass
class ChartRow:
    reference: str
    name: str
    y: int
    dots: list[float]  # x of each counted juror's total
    low: float
    high: float
    mean: float  # x of the weighted mean S_e
    totals: list[float]  # the totals themselves, for the text
    score: float


@dataclass
class Chart:
    rows: list[ChartRow]
    ticks: list[tuple[int, float]]  # (scale value, x)
    width: int
    height: int
    left: int
    omitted: int  # scored entries below the rows drawn (a large round draws its first ones)


def spread_chart(current: Results, limit: int | None = None) -> Chart:
    """The chart of the scored entries in ranking order; with `limit`, of the first ones."""
    cycle = current.round.cycle
    low, high = cycle.scale_min, cycle.scale_max
    span = WIDTH - LEFT - 20

    def x(value: float) -> float:
        return round(LEFT + (value - low) / (high - low) * span, 1)

    rows = []
    for line in current.outcome.entries:
        if line.score is None:
            continue
        totals = [float(part.total) for part in line.parts]
        nomination = current.nomination(line.entry)
        rows.append(ChartRow(
            reference=nomination.reference, name=nomination.initiative_name,
            y=TOP + len(rows) * ROW, dots=[x(total) for total in totals],
            low=x(min(totals)), high=x(max(totals)), mean=x(float(line.score)),
            totals=totals, score=float(line.score)))
    omitted = max(0, len(rows) - limit) if limit is not None else 0
    rows = rows[:len(rows) - omitted]
    return Chart(rows=rows, ticks=[(value, x(value)) for value in range(low, high + 1)],
                 width=WIDTH, height=TOP + len(rows) * ROW + 10, left=LEFT, omitted=omitted)
