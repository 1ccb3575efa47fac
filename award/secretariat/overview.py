"""The secretariat's overview: each cycle with its phase, its counts, and what needs doing next,
as plain Danish sentences that each link to the page where it is done.

Read-only: everything is asked of the features' own services, nothing is stored. The links are
built with url_for, so it runs in a request (or a test's request context).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from award import timeutil
from award.announcements import services as announcements
from award.cycles.models import Cycle, Phase
from award.extensions import db
from award.grants import services as grants
from award.grants.models import ClaimStatus
from award.jury import jurors
from award.nominations import screening
from award.nominations.models import Eligibility, Nomination, NominationStatus
from award.retention import services as retention
from award.rounds import closing
from award.rounds import results as round_results
from award.rounds import services as rounds_
from award.rounds.models import Round


class Urgency(enum.IntEnum):
    """How soon a step is due; the overview lists the most urgent first."""

    OVERDUE = 0  # a date has passed: it should have been done already
    NOW = 1  # the next thing to do
    LATER = 2  # a date ahead, or something that can wait


def urgency_labels() -> dict:
    return {Urgency.OVERDUE: _l("Overskredet"), Urgency.NOW: _l("Gør nu"),
            Urgency.LATER: _l("Senere")}


def phase_labels() -> dict:
    return {Phase.DRAFT: _l("Ikke åbnet for indstillinger endnu"),
            Phase.OPEN: _l("Åben for indstillinger"),
            Phase.JUDGING: _l("Bedømmes"),
            Phase.DECIDED: _l("Vinderen er fundet"),
            Phase.ANNOUNCED: _l("Vinderen er offentliggjort"),
            Phase.ARCHIVED: _l("Afsluttet; persondata er slettet")}


@dataclass(frozen=True)
class Step:
    """One thing to do: the sentence, the page where it is done, and how soon."""

    what: str
    link: str
    urgency: Urgency


@dataclass
class CycleOverview:
    cycle: Cycle
    phase: Phase
    counts: list[str]
    steps: list[Step]


def overview(cycle: Cycle, at: datetime) -> CycleOverview:
    return CycleOverview(cycle, cycle.phase(at), counts(cycle), next_steps(cycle, at))


def personal_data_due(cycle: Cycle, at: datetime) -> retention.RetentionDue:
    """When the cycle's personal data is due for deletion, by the retention rules (which wait
    for the winner's travel grant). The one place the overview asks them."""
    return retention.retention_due(cycle, at)


def next_steps(cycle: Cycle, at: datetime) -> list[Step]:
    """What needs doing next in the cycle, the most urgent first (in the order of the cycle's
    life within the same urgency)."""
    phase = cycle.phase(at)
    if phase is Phase.ARCHIVED:
        return []
    steps = [*_call_steps(cycle, phase, at), *_screening_steps(cycle, phase),
             *_round_steps(cycle, phase, at), *_output_steps(cycle),
             *_grant_steps(cycle), *_retention_steps(cycle, at)]
    return sorted(steps, key=lambda step: step.urgency)


# ---------------------------------------------------------------- the counts


def counts(cycle: Cycle) -> list[str]:
    """'12 indstillinger', '8 egnede', '5 jurymedlemmer', '1 runde'."""
    received = announcements.received_count(cycle)
    eligible = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.cycle_id == cycle.id, Nomination.status == NominationStatus.SUBMITTED,
        Nomination.merged_into_id.is_(None), Nomination.eligibility == Eligibility.ELIGIBLE))
    jury = len(jurors.jurors(cycle))
    opened = len(rounds_.rounds(cycle))
    return [ngettext("%(num)d indstilling", "%(num)d indstillinger", received),
            ngettext("%(num)d egnet", "%(num)d egnede", eligible),
            ngettext("%(num)d jurymedlem", "%(num)d jurymedlemmer", jury),
            ngettext("%(num)d runde", "%(num)d runder", opened)]


# ---------------------------------------------------------------- the steps, phase by phase


def _link(endpoint: str, cycle: Cycle, anchor: str | None = None, **values) -> str:
    return url_for(f"secretariat.{endpoint}", year=cycle.year, _anchor=anchor, **values)


def _call_steps(cycle: Cycle, phase: Phase, at: datetime) -> list[Step]:
    steps = []
    if phase is Phase.DRAFT:
        steps.append(Step(_("Indkaldelsen åbner %(moment)s.",
                            moment=timeutil.format_moment(cycle.opens_at)),
                          _link("nomination_list", cycle), Urgency.LATER))
    elif phase is Phase.OPEN:
        received = announcements.received_count(cycle)
        steps.append(Step(ngettext(
            "Indkaldelsen er åben til %(deadline)s; %(num)d indstilling indtil nu.",
            "Indkaldelsen er åben til %(deadline)s; %(num)d indstillinger indtil nu.",
            received, deadline=timeutil.format_deadline(cycle.deadline_at)),
            _link("nomination_list", cycle), Urgency.LATER))
    if phase in (Phase.DRAFT, Phase.OPEN, Phase.JUDGING) and not jurors.jurors(cycle):
        steps.append(Step(_("Juryen har ingen medlemmer endnu."), _link("jury", cycle),
                          Urgency.NOW if phase is Phase.JUDGING else Urgency.LATER))
    return steps


def _screening_steps(cycle: Cycle, phase: Phase) -> list[Step]:
    """Screening and merging are possible from the first nomination until round 1 opens."""
    if phase not in (Phase.OPEN, Phase.JUDGING) or screening.judging_started(cycle):
        return []
    steps = []
    waiting = len(screening.unscreened(cycle))
    if waiting:
        steps.append(Step(ngettext("%(num)d indstilling venter på screening.",
                                   "%(num)d indstillinger venter på screening.", waiting),
                          _link("screening_page", cycle, status="unscreened"), Urgency.NOW))
    suggested = len(screening.likely_duplicates(cycle))
    if suggested:
        steps.append(Step(ngettext(
            "%(num)d par af indstillinger ligner dubletter; se, om de skal lægges sammen.",
            "%(num)d par af indstillinger ligner dubletter; se, om de skal lægges sammen.",
            suggested), _link("screening_page", cycle, "dubletter"), Urgency.NOW))
    return steps


def _round_steps(cycle: Cycle, phase: Phase, at: datetime) -> list[Step]:
    if phase is not Phase.JUDGING:
        return []
    opened = rounds_.rounds(cycle)
    if not opened:
        if screening.unscreened(cycle) or not jurors.jurors(cycle):
            return []  # the steps above come first
        return [Step(_("Runde %(number)d er ikke åbnet endnu.", number=1), _link("rounds", cycle),
                     Urgency.NOW)]
    last = opened[-1]
    if last.is_open():
        return [_open_round_step(cycle, last, at)]
    steps = []
    current = round_results.results(last)
    if current is not None and not last.order_settled() and current.outcome.tie_groups:
        steps.append(Step(_("Der er stemmelighed i runde %(number)d, som skal afgøres.",
                            number=last.number),
                          _link("results_page", cycle, "afgoer", number=last.number),
                          Urgency.NOW))
    if last.advance_count is not None:
        if last.advanced_at is None:
            steps.append(Step(
                _("Runde %(number)d er lukket; den bedste skal gå videre.", number=last.number)
                if last.advance_count == 1 else
                _("Runde %(number)d er lukket; de %(num)d bedste skal gå videre.",
                  number=last.number, num=last.advance_count),
                _link("results_page", cycle, number=last.number), Urgency.NOW))
        else:
            steps.append(Step(_("Runde %(number)d er ikke åbnet endnu.", number=last.number + 1),
                              _link("rounds", cycle), Urgency.NOW))
    else:
        steps.append(Step(_("Vinderen er ikke valgt endnu."),
                          _link("results_page", cycle, "vinder", number=last.number),
                          Urgency.NOW))
    return steps


def _open_round_step(cycle: Cycle, round_: Round, at: datetime) -> Step:
    missing = len(closing.completeness(round_).missing())
    link = _link("round_page", cycle, number=round_.number)
    owed = (ngettext("%(num)d bedømmelse mangler.", "%(num)d bedømmelser mangler.", missing)
            if missing else _("alle bedømmelser er afleveret, så runden kan lukkes."))
    if round_.deadline_at is None:
        return Step(_("Runde %(number)d er åben uden frist; %(owed)s", number=round_.number,
                      owed=owed), link, Urgency.LATER if missing else Urgency.NOW)
    deadline = timeutil.format_deadline(round_.deadline_at)
    if at >= round_.deadline_at:
        return Step(_("Fristen for runde %(number)d var %(deadline)s; %(owed)s",
                      number=round_.number, deadline=deadline, owed=owed), link,
                    Urgency.OVERDUE)
    return Step(_("Runde %(number)d slutter %(deadline)s; %(owed)s", number=round_.number,
                  deadline=deadline, owed=owed), link,
                Urgency.LATER if missing else Urgency.NOW)


def _output_steps(cycle: Cycle) -> list[Step]:
    """After the decision: the press release, the list of nominations, the diploma."""
    if cycle.decision is None:
        return []
    steps = []
    if not announcements.is_published(cycle):
        steps.append(Step(_("Pressemeddelelsen er ikke offentliggjort."),
                          _link("announcement", cycle, "tekst"), Urgency.NOW))
    elif announcements.announcement_changes(cycle):
        steps.append(Step(_("Data er ændret, siden pressemeddelelsen blev offentliggjort: se, "
                            "om der skal en ny version ud."),
                          _link("announcement", cycle, "tekst"), Urgency.NOW))
    if cycle.nominations_published_at is None:
        steps.append(Step(_("Listen over indstillingerne er ikke offentliggjort."),
                          _link("announcement", cycle, "indstillinger"), Urgency.NOW))
    elif announcements.list_changes(cycle):
        steps.append(Step(_("Indstillingerne er ændret, siden listen blev offentliggjort: se, "
                            "om der skal en ny version ud."),
                          _link("announcement", cycle, "indstillinger"), Urgency.NOW))
    if not cycle.signatory_name:
        steps.append(Step(_("Diplomet mangler navnet på den, der skriver under."),
                          _link("announcement", cycle, "diplom"), Urgency.NOW))
    return steps


def _grant_steps(cycle: Cycle) -> list[Step]:
    grant = grants.grant_for(cycle)
    if grant is None:
        return []
    pending = sum(1 for claim in grant.claims if claim.status == ClaimStatus.PENDING)
    unpaid = sum(1 for claim in grant.claims
                 if claim.status == ClaimStatus.APPROVED and claim.paid_at is None)
    steps = []
    if pending:
        steps.append(Step(ngettext(
            "%(num)d udgift til rejsegodtgørelsen venter på godkendelse.",
            "%(num)d udgifter til rejsegodtgørelsen venter på godkendelse.", pending),
            _link("grant_page", cycle, "til-behandling"), Urgency.NOW))
    if unpaid:
        steps.append(Step(ngettext(
            "%(num)d godkendt udgift til rejsegodtgørelsen venter på udbetaling.",
            "%(num)d godkendte udgifter til rejsegodtgørelsen venter på udbetaling.", unpaid),
            _link("grant_page", cycle), Urgency.NOW))
    return steps


def _retention_steps(cycle: Cycle, at: datetime) -> list[Step]:
    due = personal_data_due(cycle, at)
    if due.on is None or not due.held:
        return []
    if due.passed:
        return [Step(_("Personoplysninger skulle være slettet den %(day)s.",
                       day=timeutil.format_day(due.on)), _link("purge", cycle),
                     Urgency.OVERDUE)]
    return [Step(_("Personoplysninger skal slettes den %(day)s.",
                   day=timeutil.format_day(due.on)), _link("retention_page", cycle),
                 Urgency.LATER)]
