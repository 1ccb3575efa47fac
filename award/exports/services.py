"""The export tables, and an export itself: built, written, and recorded in the audit log.

Three tables of a cycle:

- its nominations (drafts left out, withdrawn ones in), by default without the names, e-mails
  and phone numbers of the nominators and contact persons; with `personal_data` they are added;
- every score sheet of its rounds, drafts too: one row per juror and entry and round, with each
  criterion's score and comment;
- a closed round's results: the rows of `award.rounds.results.as_json`, the published shape,
  with the criteria means as columns, so the export shows the numbers of the results page and
  of `award results --format json`.

The files are Danish documents whatever language the page is shown in, so their headers and
labels are plain Danish here rather than messages of the catalogue: a spreadsheet built on one
year's export still fits the next.

Plain arguments in; the audit entry is added to the caller's transaction, which commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from award import audit
from award.criteria import results as engine
from award.cycles.models import Cycle
from award.exports import formats
from award.exports.formats import (
    DECIMAL,
    FRACTION,
    INTEGER,
    MOMENT,
    YES_NO,
    Column,
    Table,
)
from award.extensions import db
from award.jury.models import ScoreSheet
from award.nominations.models import Nomination, NominationStatus
from award.rounds import results as round_results
from award.rounds import services as rounds
from award.rounds.models import Round
from award.service import Refused

NOMINATIONS = "nominations"
SHEETS = "sheets"
RESULTS = "results"
WHATS = (NOMINATIONS, SHEETS, RESULTS)

# The Danish words of the files (see the module's docstring).
STATUSES = {NominationStatus.SUBMITTED: "Indsendt", NominationStatus.WITHDRAWN: "Trukket tilbage"}
SHEET_STATUSES = {"draft": "Kladde", "submitted": "Indsendt"}
RELATIONS = {"patient": "Patient", "paaroerende": "Pårørende", "medarbejder": "Medarbejder",
             "andet": "Andet"}
LANGUAGES = {"da": "dansk", "en": "engelsk"}
ELIGIBILITY = {"eligible": "Egnet", "ineligible": "Ikke egnet"}
INELIGIBILITY_REASONS = {
    "not_regional": "Ikke et regionalt initiativ", "not_implemented": "Ikke implementeret",
    "outside_call": "Uden for opslaget", "duplicate": "Dublet", "other": "Andet",
}


class ExportRefused(Refused):
    """An export that cannot be made (a round still open); the message says why."""


@dataclass(frozen=True)
class Export:
    filename: str
    media_type: str
    data: bytes
    rows: int


def closed_rounds(cycle: Cycle) -> list[Round]:
    """The cycle's rounds that have been closed (and so have results), first round first."""
    return [round_ for round_ in rounds.rounds(cycle) if round_.closed_at is not None]


def last_closed_round(cycle: Cycle) -> Round | None:
    closed = closed_rounds(cycle)
    return closed[-1] if closed else None


def filename(cycle: Cycle, what: str, fmt: str, *, personal_data: bool = False,
             round_: Round | None = None) -> str:
    """indstillinger-2024.xlsx, indstillinger-med-persondata-2024.csv, bedoemmelser-2024.xlsx,
    resultat-2024-runde-1.xlsx (ASCII, as the site's own addresses: "oe" for "ø")."""
    if what == NOMINATIONS:
        stem = "indstillinger-med-persondata" if personal_data else "indstillinger"
        return f"{stem}-{cycle.year}.{fmt}"
    if what == SHEETS:
        return f"bedoemmelser-{cycle.year}.{fmt}"
    return f"resultat-{cycle.year}-runde-{round_.number}.{fmt}"


# ---------------------------------------------------------------- the tables


def nominations_table(cycle: Cycle, *, personal_data: bool = False) -> Table:
    """Every nomination sent in the cycle, withdrawn ones too, by reference."""
    nominations = db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.cycle_id == cycle.id, Nomination.status != NominationStatus.DRAFT)
        .options(selectinload(Nomination.answers), selectinload(Nomination.attachments))
        .order_by(Nomination.reference)).all()
    references = {nomination.id: nomination.reference for nomination in nominations}
    criteria = cycle.criteria

    columns = [Column("Reference"), Column("Status"), Column("Initiativ"), Column("Region"),
               Column("Organisation"), Column("Afdeling eller enhed")]
    if personal_data:
        columns += [Column("Kontaktperson"), Column("Kontaktpersonens e-mail"),
                    Column("Kontaktpersonens telefon"), Column("Indstiller"),
                    Column("Indstillerens e-mail"), Column("Indstillerens telefon"),
                    Column("Indstillerens postadresse")]
    columns += [Column("Indstillerens relation"), Column("Beskrivelse"),
                Column("Svar om årets tema")]
    columns += [Column(f"Kriterium {criterion.number}: svar") for criterion in criteria]
    columns += [Column("Sprog"), Column("Indsendt (dansk tid)", MOMENT),
                Column("Trukket tilbage (dansk tid)", MOMENT), Column("Bilag", INTEGER),
                Column("Registreret af sekretariatet"), Column("Begrundelse for sen indstilling"),
                Column("Screening"), Column("Ikke egnet fordi"), Column("Screeningsnote"),
                Column("Lagt sammen med")]

    rows = []
    for n in nominations:
        row = [n.reference, STATUSES.get(n.status, n.status), n.initiative_name, n.region,
               n.organisation, n.unit]
        if personal_data:
            row += [n.contact_name, n.contact_email, n.contact_phone, n.nominator_name,
                    n.nominator_email, n.nominator_phone, n.nominator_address]
        row += [RELATIONS.get(n.nominator_relation, n.nominator_relation), n.description,
                n.theme_answer]
        row += [n.answer_for(criterion) for criterion in criteria]
        row += [LANGUAGES.get(n.language, n.language), n.submitted_at, n.withdrawn_at,
                len(n.attachments), n.entered_by, n.late_reason,
                ELIGIBILITY.get(n.eligibility or "", ""),
                INELIGIBILITY_REASONS.get(n.ineligibility_reason or "",
                                          n.ineligibility_reason),
                n.screening_note, references.get(n.merged_into_id)]
        rows.append(row)
    title = f"Indstillinger {cycle.year}" + (" med persondata" if personal_data else "")
    return Table(title=title, columns=columns, rows=rows)


def sheets_table(cycle: Cycle) -> Table:
    """Every score sheet of the cycle's rounds, drafts too: by round, juror and reference."""
    sheets = db.session.scalars(
        sa.select(ScoreSheet)
        .join(Round, ScoreSheet.round_id == Round.id)
        .where(Round.cycle_id == cycle.id)
        .options(selectinload(ScoreSheet.scores), joinedload(ScoreSheet.round),
                 joinedload(ScoreSheet.juror), joinedload(ScoreSheet.nomination))).all()
    sheets = sorted(sheets, key=lambda s: (s.round.number, s.juror.name.casefold(),
                                           s.juror.email, s.nomination.reference or ""))
    criteria = cycle.criteria

    columns = [Column("Runde", INTEGER), Column("Rundens navn"), Column("Jurymedlem"),
               Column("Jurymedlemmets e-mail"), Column("Reference"), Column("Initiativ")]
    for criterion in criteria:
        columns += [Column(f"Kriterium {criterion.number}: point", INTEGER),
                    Column(f"Kriterium {criterion.number}: kommentar")]
    columns += [Column("Samlet kommentar"), Column("Status"),
                Column("Indsendt (dansk tid)", MOMENT), Column("Indtastet af")]

    rows = []
    for sheet in sheets:
        scores = {score.criterion_id: score for score in sheet.scores}
        row = [sheet.round.number, sheet.round.name, sheet.juror.name, sheet.juror.email,
               sheet.nomination.reference, sheet.nomination.initiative_name]
        for criterion in criteria:
            score = scores.get(criterion.id)
            row += [score.value if score else None, score.comment if score else ""]
        row += [sheet.overall_comment, SHEET_STATUSES.get(sheet.status, sheet.status),
                sheet.submitted_at, sheet.entered_by]
        rows.append(row)
    return Table(title=f"Bedømmelser {cycle.year}", columns=columns, rows=rows)


def _number(value) -> Decimal | None:
    """A number of the published results ("4.29", or a float rounded there) as an exact
    decimal: what the JSON says, not a float near it."""
    return None if value is None else Decimal(str(value))


def _decided_by(line: engine.EntryResult) -> str:
    """How the entry's place was decided, in the results page's words."""
    if line.decided_by == engine.BY_CRITERION:
        return f"gennemsnittet for kriterium {line.decided_by_criterion}"
    return {engine.BY_SCORE: "pointene",
            engine.SHARED: "deles: står helt lige, ikke afgjort",
            engine.RESOLVED: "sekretariatets rækkefølge",
            engine.UNSCORED: "ingen point"}.get(line.decided_by, line.decided_by)


def _resolution(current: round_results.Results, line: engine.EntryResult) -> str:
    """The secretariat's recorded order that placed the entry, with its reason: the latest
    of those naming it, as the ranking applies it."""
    if line.decided_by != engine.RESOLVED:
        return ""
    for resolution in reversed(current.resolutions):
        if line.entry in resolution.order:
            return f"{current.references(resolution.order, ' > ')}: {resolution.reason}"
    return ""


def results_table(current: round_results.Results) -> Table:
    """The round's results in the published shape, one row per entry in rank order."""
    data = round_results.as_json(current)
    criteria = [str(number) for number in current.stored.inputs["criteria"]]
    columns = [Column("Plads", INTEGER), Column("Reference"), Column("Initiativ"),
               Column("Point", DECIMAL), Column("Point, eksakt brøk", FRACTION),
               Column("Normaliseret", DECIMAL, places=4)]
    columns += [Column(f"Kriterium {number}: gennemsnit", DECIMAL) for number in criteria]
    columns += [Column("Bedømmelser", INTEGER), Column("Spredning", DECIMAL),
                Column("Stemmelighed", YES_NO), Column("Under mindste antal", YES_NO),
                Column("Uenighed", YES_NO), Column("Går videre", YES_NO),
                Column("Pladsen afgjort af"), Column("Sekretariatets rækkefølge og begrundelse"),
                Column("Vinder", YES_NO)]
    round_ = current.round
    decision = round_.cycle.decision
    winner = decision.nomination_id if decision and decision.round_id == round_.id else None
    rows = []
    for entry, line in zip(data["entries"], current.outcome.entries, strict=True):
        rows.append([entry["rank"], entry["reference"], entry["title"],
                     _number(entry["score"]), entry["score_exact"],
                     _number(entry["normalised"]),
                     *(_number(entry["criteria"].get(number)) for number in criteria),
                     entry["sheets"], _number(entry["spread"]), entry["tied"],
                     entry["below_quorum"], entry["disagreement"], entry["advanced"],
                     _decided_by(line), _resolution(current, line),
                     line.entry == winner])
    return Table(title=f"Resultat {round_.cycle.year} runde {round_.number}", columns=columns,
                 rows=rows)


# ---------------------------------------------------------------- the export


def export(cycle: Cycle, what: str, fmt: str, *, actor: str, at: datetime,
           personal_data: bool = False, round_: Round | None = None) -> Export:
    """The file, and its audit entry ("export.downloaded") in the caller's transaction.

    `personal_data` only with the nominations; `round_`, a closed round of the cycle, only
    (and always) with the results."""
    if what not in WHATS or fmt not in formats.FORMATS:
        raise ValueError(f"unknown export {what!r} as {fmt!r}")
    if personal_data and what != NOMINATIONS:
        raise ExportRefused(_l("Kun indstillingerne kan hentes med persondata."))
    if (round_ is not None) != (what == RESULTS):
        raise ExportRefused(_l("Vælg en runde, når du henter et resultat, og kun da."))
    if what == NOMINATIONS:
        table = nominations_table(cycle, personal_data=personal_data)
    elif what == SHEETS:
        table = sheets_table(cycle)
    else:
        if round_.cycle_id != cycle.id:
            raise ExportRefused(_l("Runden hører ikke til %(year)d.", year=cycle.year))
        current = round_results.results(round_)
        if current is None:
            raise ExportRefused(_l("%(name)s er ikke lukket endnu, så der er intet resultat at "
                                   "hente.", name=round_.name))
        table = results_table(current)
    data = formats.write(table, fmt)
    details = {"what": what, "format": fmt, "personal_data": personal_data,
               "rows": len(table.rows)}
    if round_ is not None:
        details["round"] = round_.number
    audit.record(actor, "export.downloaded", "cycle", cycle.year, at, details)
    return Export(filename=filename(cycle, what, fmt, personal_data=personal_data,
                                    round_=round_),
                  media_type=formats.MEDIA_TYPES[fmt], data=data, rows=len(table.rows))
