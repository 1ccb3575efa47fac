"""The travel-grant record tells the truth (issue 12): claims numbered per grant; approval (in
full or in part, with a receipt or the reason there is none, never before the journey) and
payment as two steps; each claim's payee; a pending claim corrected or withdrawn. Through the
services: every refusal says why and changes nothing."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from grant_data import (  # noqa: F401
    ACCOUNT,
    NO_RECEIPT,
    PDF,
    PNG,
    SECRETARIAT,
    TRAVELLED,
    add,
    approve,
    decided_fixture,
    details,
    make_decided_fixture,
    plain,
)

from award.audit.models import AuditEntry
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.services import ClaimState, GrantRefused, GrantStatus
from award.nominations.services import Upload


def audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def snapshot():
    """Everything a refused step must leave as it was: every claim's columns and the log."""
    db.session.expire_all()
    rows = db.session.execute(sa.select(Claim.__table__).order_by(Claim.id)).all()
    return rows, db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def refused(step, message: str | None = None) -> str:
    """The step is refused, with `message` when given, and changes nothing."""
    before = snapshot()
    with pytest.raises(GrantRefused) as error:
        step()
    db.session.rollback()
    assert snapshot() == before
    if message is not None:
        assert plain(error.value) == message
    return plain(error.value)


def fresh(claim) -> Claim:
    db.session.expire_all()
    return db.session.get(Claim, claim.id)


def pay(grant, clock, claim, paid_on=None):
    paid = grants.pay(grant, claim.number, paid_on or grants.local_day(clock()),
                      actor=SECRETARIAT, at=clock())
    db.session.commit()
    return paid


# ---------------------------------------------------------------- numbers


def test_claims_are_numbered_from_one_per_grant_and_keep_their_number(make_decided, clock):
    earlier = make_decided(year=2024)
    first = add(earlier.grant, clock, 100_000)
    second = add(earlier.grant, clock, 100_000)
    third = add(earlier.grant, clock, 100_000)
    assert [first.number, second.number, third.number] == [1, 2, 3]

    # The next year's grant starts at 1 again, whatever ids the claims have.
    clock.set(datetime(2024, 12, 1, 10, 0, tzinfo=UTC))  # the 2025 call is open
    later = make_decided(year=2025, juror="juror2025@example.dk")
    claim = add(later.grant, clock, 100_000, travel_date=grants.local_day(later.grant.created_at))
    assert claim.number == 1 and claim.id == 4

    # Rejecting, withdrawing and approving renumber nothing; a new claim takes the next number.
    grants.reject(earlier.grant, 1, "Privat rejse.", actor=SECRETARIAT, at=clock())
    grants.withdraw(earlier.grant, 2, "", actor=SECRETARIAT, at=clock())
    db.session.commit()
    approve(earlier.grant, clock, third)
    fourth = add(earlier.grant, clock, 100_000)
    db.session.expire_all()
    numbers = db.session.execute(
        sa.select(Claim.grant_id, Claim.number).order_by(Claim.id)).all()
    assert numbers == [(earlier.grant.id, 1), (earlier.grant.id, 2), (earlier.grant.id, 3),
                       (later.grant.id, 1), (earlier.grant.id, 4)]
    assert fourth.number == 4
    added = [entry.details for entry in audit("grant.claim_added")]
    assert ['"claim":1' in d for d in added] == [True, False, False, True, False]


def test_a_number_is_unique_within_its_grant(decided, clock):
    claim = add(decided.grant, clock, 100_000)
    db.session.add(Claim(grant_id=decided.grant.id, number=claim.number, travel_date=TRAVELLED,
                         event="Dobbelt", place="Odense", description="", amount_ore=100,
                         status=ClaimStatus.PENDING, created_at=clock(), created_by="x",
                         decision_reason="", no_receipt_reason="", payee_name="x",
                         payee_account="x"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


# ---------------------------------------------------------------- the payee


@pytest.mark.parametrize(("overrides", "message"), [
    ({"payee": "  "}, "Skriv, hvem pengene skal udbetales til."),
    ({"payee": "x" * 201}, "Modtagerens navn må højst være 200 tegn langt."),
    ({"account": ""}, "Skriv modtagerens kontoreference, eller vælg, at pengene udbetales via "
                      "organisationen."),
    ({"via_organisation": True}, "Pengene udbetales enten til en konto eller via "
                                 "organisationen. Vælg det ene."),
    ({"account": "1234\x00"}, "Teksten indeholder usynlige tegn (kontroltegn), som ikke kan "
                              "gemmes. Skriv den igen uden dem."),
])
def test_each_claim_names_its_payee(decided, clock, overrides, message):
    refused(lambda: add(decided.grant, clock, 100_000, **overrides), message)


def test_a_payee_is_paid_to_an_account_or_via_the_organisation(decided, clock):
    to_account = add(decided.grant, clock, 100_000, payee=" Mette Hansen ")
    via = add(decided.grant, clock, 100_000, payee="Sygehus Sønderjylland", account="",
              via_organisation=True)
    assert (to_account.payee_name, to_account.payee_account,
            to_account.payee_via_organisation) == ("Mette Hansen", ACCOUNT, False)
    assert (via.payee_name, via.payee_account, via.payee_via_organisation) == (
        "Sygehus Sønderjylland", "", True)
    assert '"payee_via_organisation":true' in audit("grant.claim_added")[1].details


# ---------------------------------------------------------------- approval


def test_approval_asks_for_a_receipt_or_the_reason_there_is_none(decided, clock):
    grant = decided.grant
    bare = add(grant, clock, 100_000)
    refused(lambda: approve(grant, clock, bare, no_receipt_reason="  "),
            "Udgift nr. 1 har ingen kvittering. Tilføj den ved at rette udgiften, eller skriv, "
            "hvorfor der ikke er nogen.")
    approve(grant, clock, bare, no_receipt_reason=" Billetten er købt på rejsekort. ")
    assert fresh(bare).no_receipt_reason == "Billetten er købt på rejsekort."
    assert '"no_receipt_reason":"Billetten er købt på rejsekort."' in (
        audit("grant.claim_approved")[0].details)

    with_receipt = add(grant, clock, 100_000, receipt=Upload("tog.pdf", PDF))
    approve(grant, clock, with_receipt, no_receipt_reason="")
    assert fresh(with_receipt).no_receipt_reason == ""


def test_a_journey_not_yet_made_is_approved_from_its_day(decided, clock):
    grant = decided.grant
    today = grants.local_day(clock())
    claim = add(grant, clock, 100_000, travel_date=date(2024, 3, 1))  # booked ahead: allowed
    assert today < date(2024, 3, 1)
    refused(lambda: approve(grant, clock, claim),
            "Udgift nr. 1 kan ikke godkendes endnu: rejsen den 1. marts 2024 er ikke "
            "foretaget. Den kan godkendes fra den dag.")
    # 1 March, 00.30 in Copenhagen (still 29 February in UTC): the day has come.
    clock.set(datetime(2024, 2, 29, 23, 30, tzinfo=UTC))
    approve(grant, clock, claim)
    assert fresh(claim).status == ClaimStatus.APPROVED


def test_partial_approval_needs_a_reason_and_stays_within_claim_and_balance(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 300_000)
    for amount, message in (
            (300_001, "Der kan højst godkendes 3.000,00 kr., som er det beløb, der er søgt om."),
            (0, "Det godkendte beløb skal være større end 0 kr."),
            (250_000, "Skriv en begrundelse, når der godkendes mindre end de 3.000,00 kr., der "
                      "er søgt om.")):
        refused(lambda amount=amount: approve(grant, clock, claim, amount_ore=amount), message)

    approve(grant, clock, claim, amount_ore=250_000,
            reason="Hotellet er kun dækket for én nat.")
    stored = fresh(claim)
    assert (stored.amount_ore, stored.approved_ore, stored.decision_reason) == (
        300_000, 250_000, "Hotellet er kun dækket for én nat.")
    assert grants.claim_state(stored) is ClaimState.PARTLY_APPROVED
    assert str(grants.claim_state_labels()[ClaimState.PARTLY_APPROVED]) == "Delvist godkendt"
    summary = grants.summarise(db.session.get(Grant, grant.id), clock())
    assert (summary.approved_ore, summary.balance_ore, summary.paid_ore) == (
        250_000, 750_000, 0)
    assert '"approved_ore":250000' in audit("grant.claim_approved")[0].details

    # The cap counts what was approved: 7.500 kr. are left, so a claim of 8.000 kr. can be
    # approved with at most 7.500 kr.
    big = add(grant, clock, 800_000)
    refused(lambda: approve(grant, clock, big),
            "Udgift nr. 2 kan ikke godkendes med 8.000,00 kr., fordi det er mere end resten af "
            "bevillingen. Der er 7.500,00 kr. tilbage af bevillingen.")
    refused(lambda: approve(grant, clock, big, amount_ore=750_001, reason="Resten."))
    approve(grant, clock, big, amount_ore=750_000, reason="Resten af bevillingen.")
    summary = grants.summarise(db.session.get(Grant, grant.id), clock())
    assert (summary.approved_ore, summary.balance_ore, summary.status) == (
        1_000_000, 0, GrantStatus.USED_UP)


def test_approving_in_full_records_no_partial_reason(decided, clock):
    claim = add(decided.grant, clock, 100_000)
    approve(decided.grant, clock, claim, amount_ore=100_000, reason="Ikke nødvendig.")
    stored = fresh(claim)
    assert (stored.approved_ore, stored.decision_reason) == (100_000, "")
    assert grants.claim_state(stored) is ClaimState.APPROVED


# ---------------------------------------------------------------- payment


def test_payment_comes_after_approval_once_and_is_the_approved_amount(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 300_000)
    today = grants.local_day(clock())
    refused(lambda: pay(grant, clock, claim),
            "Udgift nr. 1 er ikke godkendt endnu, så den kan ikke udbetales.")

    approve(grant, clock, claim, amount_ore=200_000, reason="Kun toget er dækket.")
    assert grants.claim_state(fresh(claim)) is ClaimState.PARTLY_APPROVED
    refused(lambda: pay(grant, clock, claim, paid_on=date(2024, 1, 1)),
            f"Udbetalingen kan ikke ligge før godkendelsen den {today.day}. januar 2024.")
    refused(lambda: pay(grant, clock, claim, paid_on=date(2024, 12, 24)),
            "Udbetalingsdatoen 24. december 2024 er ikke kommet endnu. Registrér udbetalingen, "
            "når den er sket.")

    pay(grant, clock, claim)
    stored = fresh(claim)
    assert (stored.paid_ore, stored.approved_ore, stored.paid_on, stored.paid_by) == (
        200_000, 200_000, today, SECRETARIAT)
    assert stored.decided_at is not None and stored.paid_at is not None
    assert grants.claim_state(stored) is ClaimState.PAID
    (entry,) = audit("grant.claim_paid")
    assert '"paid_ore":200000' in entry.details and '"claim":1' in entry.details

    refused(lambda: pay(grant, clock, claim),
            f"Udgift nr. 1 er allerede udbetalt den {today.day}. januar 2024.")
    summary = grants.summarise(db.session.get(Grant, grant.id), clock())
    assert (summary.approved_ore, summary.paid_ore, summary.status) == (
        200_000, 200_000, GrantStatus.PARTLY_PAID)


def test_rejected_and_withdrawn_claims_are_never_paid(decided, clock):
    grant = decided.grant
    add(grant, clock, 100_000)
    add(grant, clock, 100_000)
    grants.reject(grant, 1, "Privat.", actor=SECRETARIAT, at=clock())
    grants.withdraw(grant, 2, "", actor=SECRETARIAT, at=clock())
    db.session.commit()
    for number in (1, 2):
        refused(lambda number=number: grants.pay(grant, number, grants.local_day(clock()),
                                                 actor=SECRETARIAT, at=clock()),
                f"Udgift nr. {number} er ikke godkendt, så den kan ikke udbetales.")


def test_the_database_never_holds_more_paid_than_approved(decided, clock):
    claim = add(decided.grant, clock, 100_000)
    approve(decided.grant, clock, claim, amount_ore=50_000, reason="Halvdelen.")
    for column, value in (("paid_ore", 50_001), ("approved_ore", 100_001)):
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.update(Claim).where(Claim.id == claim.id)
                               .values({column: value}))
            db.session.flush()
        db.session.rollback()


# ---------------------------------------------------------------- correcting and withdrawing


def test_a_pending_claim_is_corrected_and_the_log_says_what_changed(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 100_000)
    changes = grants.correct_claim(
        grant, 1, details(125_050, place="Odense Congress Center", payee="Sygehus Sønderjylland",
                          account="", via_organisation=True),
        receipt=Upload("billet.png", PNG), max_bytes=1024 * 1024, actor=SECRETARIAT,
        at=clock())
    db.session.commit()
    assert set(changes) == {"amount_ore", "place", "payee_name", "payee_account",
                            "payee_via_organisation", "receipt"}
    stored = fresh(claim)
    assert (stored.number, stored.amount_ore, stored.place, stored.payee_name,
            stored.payee_via_organisation, stored.receipt_filename) == (
        1, 125_050, "Odense Congress Center", "Sygehus Sønderjylland", True, "billet.png")
    (entry,) = audit("grant.claim_corrected")
    assert '"amount_ore":[100000,125050]' in entry.details
    assert '"place":["Odense","Odense Congress Center"]' in entry.details

    # The same details again change nothing and are not logged.
    assert grants.correct_claim(
        grant, 1, details(125_050, place="Odense Congress Center", payee="Sygehus Sønderjylland",
                          account="", via_organisation=True),
        receipt=None, max_bytes=1024, actor=SECRETARIAT, at=clock()) == {}
    assert len(audit("grant.claim_corrected")) == 1
    # A correction is checked as a new claim is.
    refused(lambda: grants.correct_claim(grant, 1, details(1_000_001), receipt=None,
                                         max_bytes=1024, actor=SECRETARIAT, at=clock()),
            "Beløbet på 10.000,01 kr. er større end hele bevillingen (10.000,00 kr.).")


def test_a_pending_claim_is_withdrawn_once_and_frees_nothing(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 100_000)
    grants.withdraw(grant, 1, " Rejsen blev aflyst. ", actor=SECRETARIAT, at=clock())
    db.session.commit()
    stored = fresh(claim)
    assert (stored.status, stored.decision_reason, stored.withdrawn_by, stored.decided_at) == (
        ClaimStatus.WITHDRAWN, "Rejsen blev aflyst.", SECRETARIAT, None)
    assert str(grants.claim_state_labels()[grants.claim_state(stored)]) == "Trukket tilbage"
    assert len(audit("grant.claim_withdrawn")) == 1
    summary = grants.summarise(db.session.get(Grant, grant.id), clock())
    assert (summary.pending_ore, summary.approved_ore) == (0, 0)
    for step in (lambda: grants.withdraw(grant, 1, "", actor=SECRETARIAT, at=clock()),
                 lambda: approve(grant, clock, claim),
                 lambda: grants.correct_claim(grant, 1, details(100_000), receipt=None,
                                              max_bytes=1024, actor=SECRETARIAT, at=clock())):
        refused(step, "Udgift nr. 1 er trukket tilbage.")


def test_only_a_pending_claim_is_corrected_or_withdrawn(decided, clock):
    grant = decided.grant
    approved = add(grant, clock, 100_000)
    approve(grant, clock, approved)
    rejected = add(grant, clock, 100_000)
    grants.reject(grant, rejected.number, "Privat.", actor=SECRETARIAT, at=clock())
    db.session.commit()
    for number, word in ((1, "godkendt"), (2, "afvist")):
        refused(lambda number=number: grants.correct_claim(
            grant, number, details(1_000), receipt=None, max_bytes=1024, actor=SECRETARIAT,
            at=clock()), f"Udgift nr. {number} er allerede {word}.")
        refused(lambda number=number: grants.withdraw(grant, number, "", actor=SECRETARIAT,
                                                      at=clock()),
                f"Udgift nr. {number} er allerede {word}.")
    refused(lambda: grants.withdraw(grant, 3, "", actor=SECRETARIAT, at=clock()),
            "Udgift nr. 3 findes ikke på bevillingen RG-2024-01.")


def test_a_claim_without_a_payee_is_corrected_before_it_is_approved(decided, clock):
    """Claims added before payees were recorded have none (the migration cannot know it)."""
    claim = add(decided.grant, clock, 100_000)
    db.session.execute(sa.update(Claim).values(payee_name="", payee_account=""))
    db.session.commit()
    refused(lambda: approve(decided.grant, clock, claim),
            "Udgift nr. 1 kan ikke godkendes, fordi den ikke siger, hvem pengene skal "
            "udbetales til. Ret udgiften først.")
