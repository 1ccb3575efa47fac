"""A decided cycle, made through the real services: nominations (one withdrawn, one merged
into the winner, one ineligible, one left a draft), screening, a jury of the kinds asked for,
round 1 opened, every sheet submitted, the round closed and the winner recorded.

Not a conftest.py: a second module of that name would shadow tests/conftest.py for the test
modules that import from it. A test module makes its fixture with make_decided(request)."""

from dataclasses import dataclass
from datetime import date

from award.cycles.models import Cycle
from award.extensions import db
from award.jury import sheets
from award.jury.models import Juror, JurorKind
from award.nominations import screening
from award.nominations import services as nominations
from award.nominations.models import IneligibilityReason, Nomination, NominationStatus
from award.rounds import closing, decision

SUMMIT = date(2024, 4, 11)
WINNER = "Flexklinikken"
WINNER_ORGANISATION = "Bispebjerg og Frederiksberg Hospital"
# The answers the draft quotes (criteria 3 and 7), and the personal data that must never
# reach a public page.
VALUE_ANSWER = "Patienterne fortæller, at de for første gang føler sig set og hørt."
EQUALITY_ANSWER = "Socialt udsatte borgere får den samme behandling som alle andre."
PERSONAL = {
    "nominator_name": ["Søren Ærø", "Mette Marie Madsen", "Peter Holm Hansen"],
    "nominator_email": ["soeren@example.dk", "mette.madsen@example.dk", "peter.holm@example.dk"],
    "nominator_phone": ["+45 21 21 21 21", "+45 22 22 22 22", "+45 23 23 23 23"],
    "contact_name": ["Karen Jensen", "Lars Kontakt Larsen", "Hanne Kontakt Holm"],
    "contact_email": ["karen.jensen@example.dk", "lars.kontakt@example.dk",
                      "hanne.kontakt@example.dk"],
    "contact_phone": ["+45 35 31 35 31", "+45 31 31 31 31", "+45 32 32 32 32"],
}

DEFAULT_JURY = {JurorKind.PATIENT_REPRESENTATIVE: 5, JurorKind.PATIENT_ORGANISATION: 2,
                JurorKind.EXPERT: 3}


@dataclass
class Decided:
    cycle: Cycle
    winner: Nomination
    runner_up: Nomination
    duplicate: Nomination
    ineligible: Nomination
    withdrawn: Nomination
    jurors: list[Juror]


def personal(index: int) -> dict:
    return {field: values[index] for field, values in PERSONAL.items()}


def make_decided(request, jury=None, year=2024, summit=SUMMIT, place="Aalborg") -> Decided:
    """Build it with the suite's factories (asked of pytest by name: a test module's fixture
    calls this with its `request`)."""
    make_cycle, make_nomination, make_juror, open_round, clock = (
        request.getfixturevalue(name) for name in (
            "make_cycle", "make_nomination", "make_juror", "open_round", "clock"))
    cycle = make_cycle(year=year, summit_date=summit, summit_place=place)
    winner = make_nomination(cycle, initiative_name=WINNER, answer_3=VALUE_ANSWER,
                             answer_7=EQUALITY_ANSWER, **personal(0))
    runner_up = make_nomination(
        cycle, initiative_name="Broen til bedre sundhed", region="Region Syddanmark",
        organisation="Odense Universitetshospital", answer_2="Broen er i drift.",
        **personal(1))
    duplicate = make_nomination(cycle, initiative_name="Flex-klinikken på Bispebjerg",
                                answer_1="Den anden indstillers svar om nyskabelse.",
                                **personal(2))
    ineligible = make_nomination(cycle, initiative_name="Kommunens sundhedshus",
                                 region="Region Sjælland", organisation="Køge Kommune")
    withdrawn = make_nomination(cycle, initiative_name="Det trukne initiativ")
    nominations.withdraw(withdrawn, clock())
    draft = Nomination(cycle=cycle, draft_key=nominations.new_key(), created_at=clock(),
                       updated_at=clock(), status=NominationStatus.DRAFT,
                       initiative_name="En kladde, der aldrig blev sendt")
    db.session.add(draft)
    db.session.commit()

    jurors = []
    for kind, count in (jury or DEFAULT_JURY).items():
        for number in range(1, count + 1):
            jurors.append(make_juror(cycle, f"{kind}{number}@example.dk",
                                     name=f"Jurymedlem {kind} {number}", kind=kind))
    clock.set(max(clock(), cycle.deadline_at))
    screening.merge(duplicate, winner, actor="system", at=clock())
    screening.screen(ineligible, eligible=False, reason=IneligibilityReason.NOT_REGIONAL,
                     actor="system", at=clock())
    db.session.commit()
    round_ = open_round(cycle)
    for juror in jurors:
        for entry, score in ((winner, 5), (runner_up, 3)):
            sheets.save_sheet(round_, juror, entry,
                              sheets.SheetInput(dict.fromkeys(range(1, 8), score), {}),
                              submit=True, actor=juror.email, at=clock())
    db.session.commit()
    closing.close_round(round_, actor="system", at=clock())
    decision.decide(cycle, winner, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    return Decided(cycle, winner, runner_up, duplicate, ineligible, withdrawn, jurors)

