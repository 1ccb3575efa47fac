"""The earlier cycle of `award demo`: judged, decided, announced at its summit, with the
winner's travel grant and claims against it. Every step goes through the features' own
services (the jury, the round, the decision that makes the grant, the announcement's draft,
save and publish, the grant's claims), dated in that cycle's own past: the jury meets after
the January deadline, the winner is found in February, announced at the April summit, and the
winner travels in the months after."""

from datetime import UTC, datetime, time, timedelta

from flask import current_app

from award import timeutil
from award.announcements import services as announcements
from award.cycles.models import Cycle
from award.demo import CALL_TEXT_JUDGED, NOMINATIONS, add_nominations, create_demo_cycle
from award.demo.jury import SECRETARIAT, seat_demo_jury
from award.demo.plan import DemoCycle
from award.grants import services as grants
from award.jury import sheets
from award.nominations import screening
from award.rounds import closing, decision
from award.rounds import services as rounds

WINNER = "Sundhedsguider i boligområder"
# The earlier cycle's entries: initiatives the cycle being judged does not have.
ENTRIES = ("Sundhedsklinikken i Holstebro", "Frikommuneforsøg om sammenhængende forløb",
           "Fælles journal-app for patienter med flere sygdomme",
           "Sorggrupper for unge pårørende", WINNER)
# Each entry's usual score, and on how many criteria a juror gives one point less: the
# entries never tie and the winner stays first.
LEVEL = {WINNER: (5, 1), "Sorggrupper for unge pårørende": (4, 0),
         "Sundhedsklinikken i Holstebro": (4, 2),
         "Frikommuneforsøg om sammenhængende forløb": (3, 0),
         "Fælles journal-app for patienter med flere sygdomme": (3, 2)}
SIGNATORY = ("Birgitte Holm", "Formand for Danske Regioners Sundhedsudvalg")
# The claims, numbered 1, 2, 3 on the grant: paid in full; approved in part and not paid yet;
# waiting for approval. (days after the summit, event, place, description, amount in øre,
# payee, account reference or "" for via the organisation)
CLAIMS = [
    (58, "Oplæg på konference om lighed i sundhed", "Nyborg Strand",
     "Tog og overnatning for to sundhedsguider.", 345_000, "Amina Hassan", ""),
    (142, "Erfaringsudveksling med boligsocialt netværk", "Odense",
     "Tog for tre sundhedsguider og en taxa.", 287_550, "Mikkel Sørensen",
     "Reg.nr. 9570 kontonr. 0012345678"),
    (197, "Studiebesøg hos et sundhedsfællesskab", "Aalborg",
     "Fly og overnatning for to personer.", 199_000, "Louise Dam", ""),
]
NO_RECEIPT = "Billetterne er købt på rejsekort; udskriften fra rejsekortet er sendt med posten."
# Claim 2 is approved without the taxa, for which there is no receipt.
PARTLY = (237_550, "Taxaen på 500,00 kr. er ikke dokumenteret.")


def decided_cycle(planned: DemoCycle, moment: datetime) -> Cycle:
    """A cycle of an earlier year, decided and announced, with its grant and claims. The demo's
    accounts exist already (award.demo.jury.create_demo_accounts): the same jury served."""
    office = SECRETARIAT[1]
    cycle = create_demo_cycle(planned, moment, theme="", call_text=CALL_TEXT_JUDGED)
    halfway = planned.opens_at + (planned.deadline_at - planned.opens_at) / 2
    add_nominations(cycle, [n for n in NOMINATIONS if n[0] in ENTRIES], at=halfway)

    # The day after the call's last day: the jury starts.
    closed_on = planned.deadline_at.astimezone(timeutil.COPENHAGEN).date()
    jurors = seat_demo_jury(cycle, at(closed_on), office)
    screening.screen_remaining(cycle, actor=office, at=at(closed_on, 1))
    round_ = rounds.open_round(
        cycle, number=1, name="Runde 1", quorum=3, actor=office, at=at(closed_on, 1, 11),
        deadline_at=timeutil.local_midnight(closed_on + timedelta(days=28)))
    numbers = [c.number for c in cycle.criteria]
    for offset, juror in enumerate(jurors):
        for entry in rounds.entries(round_):
            level, lower = LEVEL[entry.initiative_name]
            lower += offset % 2  # some jurors are a little stricter than others
            scores = {n: max(1, level - (1 if (n + offset) % 7 < lower else 0)) for n in numbers}
            sheets.save_sheet(round_, juror, entry, sheets.SheetInput(scores, {}, ""),
                              submit=True, actor=juror.email, at=at(closed_on, 10 + offset))
    closing.close_round(round_, actor=office, at=at(closed_on, 30))
    winner = next(e for e in rounds.entries(round_) if e.initiative_name == WINNER)
    decision.decide(cycle, winner, actor=office, at=at(closed_on, 35))

    summit = planned.summit_date
    text = announcements.draft(cycle)
    announcements.save(cycle, text.__dict__, actor=office, at=at(summit, -3))
    announcements.set_signatory(cycle, *SIGNATORY, actor=office, at=at(summit, -3, 11))
    announcements.publish(cycle, actor=office, at=at(summit, 0, 15))

    grant = grants.grant_for(cycle)
    max_bytes = current_app.config["ATTACHMENT_MAX_BYTES"]
    for number, (days, event, place, description, amount, payee, account) in enumerate(
            CLAIMS, start=1):
        travelled = summit + timedelta(days=days)
        grants.add_claim(grant, grants.ClaimDetails(
            travel_date=travelled, event=event, place=place, description=description,
            amount_ore=amount, payee_name=payee, payee_account=account,
            payee_via_organisation=not account), receipt=None, max_bytes=max_bytes,
            actor=office, at=at(travelled, 5))
        if number == 1:
            grants.approve(grant, number, no_receipt_reason=NO_RECEIPT, actor=office,
                           at=at(travelled, 8))
            grants.pay(grant, number, travelled + timedelta(days=14), actor=office,
                       at=at(travelled, 14, 12))
        elif number == 2:
            grants.approve(grant, number, amount_ore=PARTLY[0], reason=PARTLY[1],
                           no_receipt_reason=NO_RECEIPT, actor=office, at=at(travelled, 8))
    return cycle


def at(day, days: int = 0, hour: int = 10) -> datetime:
    """`hour` o'clock in Copenhagen, `days` days after `day`, in UTC."""
    return datetime.combine(day + timedelta(days=days), time(hour),
                            timeutil.COPENHAGEN).astimezone(UTC)
