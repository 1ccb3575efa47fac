"""The grant's rules through the services: made once with the decision, claims within the cap
to the øre, validity, the derived status, receipts checked by content, amounts read exactly;
whatever is refused changes nothing."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from grant_data import (  # noqa: F401
    FAKE_PDF,
    ORGANISATION,
    PDF,
    SECRETARIAT,
    WINNER,
    add,
    approve,
    decided_fixture,
    make_decided_fixture,
    plain,
)

from award.audit.models import AuditEntry
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.money import AmountError, format_plain, parse_kroner
from award.grants.services import GrantRefused, GrantStatus
from award.nominations.services import Upload
from award.rounds import decision
from award.service import Refused
from award.timeutil import format_day


def actions() -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def status(grant, clock) -> GrantStatus:
    db.session.expire_all()
    return grants.summarise(db.session.get(Grant, grant.id), clock()).status


# ---------------------------------------------------------------- the record


def test_the_decision_makes_the_grant_once(decided, clock):
    grant = decided.grant
    assert grant is not None
    assert grant.reference == "RG-2024-01"
    assert grant.cycle_id == decided.cycle.id
    assert grant.nomination.initiative_name == WINNER
    assert grant.nomination.organisation == ORGANISATION
    assert grant.nomination.contact_name == "Åse Østergård"
    assert grant.cap_ore == 1_000_000 == decided.cycle.grant_cap_ore
    assert grant.purpose == "at præsentere initiativet andre steder i sundhedsvæsenet"
    assert grant.valid_until == date(2025, 12, 31)
    assert grant.created_at == decided.cycle.decision.decided_at
    assert count(Grant) == 1
    created = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "grant.created")).all()
    assert [(e.actor, e.object_id) for e in created] == [(SECRETARIAT, "RG-2024-01")]
    assert actions().index("cycle.decided") < actions().index("grant.created")

    with pytest.raises(Refused):  # a second decision is refused before any grant is made
        decision.decide(decided.cycle, decided.winner, actor=SECRETARIAT, at=clock(),
                        reason="Om igen.")
    db.session.rollback()
    assert count(Grant) == 1


def test_the_cap_comes_from_the_cycle(make_decided):
    made = make_decided(year=2024, cap_ore=750_000)
    assert made.grant.cap_ore == 750_000


# ---------------------------------------------------------------- the cap


def test_claims_up_to_the_cap_exactly_and_not_one_ore_more(decided, clock):
    grant = decided.grant
    assert status(grant, clock) is GrantStatus.GRANTED
    first = add(grant, clock, 876_544)  # 8.765,44 kr.
    approve(grant, clock, first)
    assert status(grant, clock) is GrantStatus.PARTLY_APPROVED

    over = add(grant, clock, 123_457)  # one øre more than the 1.234,56 kr. left
    before = (actions(), count(Claim))
    with pytest.raises(GrantRefused) as refused:
        approve(grant, clock, over)
    db.session.rollback()
    assert plain(refused.value) == (
        f"Udgift nr. {over.number} kan ikke godkendes med 1.234,57 kr., fordi det er mere end "
        "resten af bevillingen. Der er 1.234,56 kr. tilbage af bevillingen.")
    assert (actions(), count(Claim)) == before
    assert db.session.get(Claim, over.id).status == ClaimStatus.PENDING

    exact = add(grant, clock, 123_456)
    approve(grant, clock, exact)
    summary = grants.summarise(db.session.get(Grant, grant.id), clock())
    assert (summary.approved_ore, summary.balance_ore) == (1_000_000, 0)
    assert summary.status is GrantStatus.USED_UP
    assert [(line.claim.id, line.approved_ore, line.balance_ore) for line in summary.ledger] == [
        (first.id, 876_544, 123_456), (exact.id, 1_000_000, 0)]
    # Nothing is left for the pending one-øre-too-much claim, nor for any other.
    with pytest.raises(GrantRefused) as refused:
        approve(grant, clock, over)
    db.session.rollback()
    assert "Der er 0,00 kr. tilbage af bevillingen." in plain(refused.value)


def test_a_claim_larger_than_the_whole_grant_is_refused_when_added(decided, clock):
    with pytest.raises(GrantRefused) as refused:
        add(decided.grant, clock, 1_000_001)
    db.session.rollback()
    assert plain(refused.value) == ("Beløbet på 10.000,01 kr. er større end hele bevillingen "
                                    "(10.000,00 kr.).")
    assert count(Claim) == 0


def test_a_claim_is_decided_once(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 100_000)
    approve(grant, clock, claim)
    for attempt in (lambda: approve(grant, clock, claim),
                    lambda: grants.reject(grant, claim.number, "Fejl.", actor=SECRETARIAT,
                                          at=clock())):
        with pytest.raises(GrantRefused) as refused:
            attempt()
        db.session.rollback()
        assert str(refused.value) == f"Udgift nr. {claim.number} er allerede godkendt."
    with pytest.raises(GrantRefused) as refused:
        grants.approve(grant, 999_999, actor=SECRETARIAT, at=clock())
    assert str(refused.value) == "Udgift nr. 999999 findes ikke på bevillingen RG-2024-01."


def test_rejecting_needs_a_reason_and_frees_nothing(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 250_000)
    for reason in ("", "   \n "):
        with pytest.raises(GrantRefused) as refused:
            grants.reject(grant, claim.number, reason, actor=SECRETARIAT, at=clock())
        db.session.rollback()
        assert str(refused.value) == "Skriv en begrundelse for afvisningen."
    assert db.session.get(Claim, claim.id).status == ClaimStatus.PENDING

    grants.reject(grant, claim.number, "  Rejsen var privat.  ", actor="leder@example.dk",
                  at=clock())
    db.session.commit()
    rejected = db.session.get(Claim, claim.id)
    assert (rejected.status, rejected.decision_reason, rejected.decided_by) == (
        ClaimStatus.REJECTED, "Rejsen var privat.", "leder@example.dk")
    assert status(grant, clock) is GrantStatus.GRANTED
    assert "grant.claim_rejected" in actions()


# ---------------------------------------------------------------- validity and status


def test_a_journey_before_the_grant_was_given_is_refused(decided, clock):
    grant = decided.grant
    given = grants.local_day(grant.created_at)
    with pytest.raises(GrantRefused) as refused:
        add(grant, clock, 100_000, travel_date=date(1, 1, 1))
    db.session.rollback()
    assert str(refused.value) == (
        f"Rejsen den 1. januar 1 ligger før bevillingen blev givet ({format_day(given)}). "
        "Udgiften kan ikke dækkes.")
    assert count(Claim) == 0
    assert add(grant, clock, 100_000, travel_date=given).status == ClaimStatus.PENDING


def test_a_journey_after_the_last_day_is_refused(decided, clock):
    grant = decided.grant
    with pytest.raises(GrantRefused) as refused:
        add(grant, clock, 100_000, travel_date=date(2026, 1, 1))
    db.session.rollback()
    assert str(refused.value) == ("Rejsen den 1. januar 2026 ligger efter bevillingens sidste "
                                  "gyldighedsdag, 31. december 2025. Udgiften kan ikke dækkes.")
    assert count(Claim) == 0
    on_the_day = add(grant, clock, 100_000, travel_date=date(2025, 12, 31))
    assert on_the_day.status == ClaimStatus.PENDING

    # Moving the last day earlier leaves the claim pending but not approvable.
    assert grants.change_validity(grant, date(2025, 6, 30), actor=SECRETARIAT, at=clock())
    db.session.commit()
    with pytest.raises(GrantRefused) as refused:
        approve(grant, clock, on_the_day)
    db.session.rollback()
    assert "ligger efter bevillingens sidste gyldighedsdag, 30. juni 2025" in str(refused.value)
    changed = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "grant.validity_changed")).one()
    assert changed.details == '{"from":"2025-12-31","to":"2025-06-30"}'


def test_validity_cannot_end_before_an_approved_journey_or_the_grant(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 100_000, travel_date=date(2024, 9, 12))
    clock.set(datetime(2024, 9, 12, 12, 0, tzinfo=UTC))
    approve(grant, clock, claim)
    with pytest.raises(GrantRefused) as refused:
        grants.change_validity(grant, date(2024, 9, 11), actor=SECRETARIAT, at=clock())
    db.session.rollback()
    assert str(refused.value) == ("Der er godkendt en udgift til en rejse den 12. september "
                                  "2024, så bevillingen kan ikke udløbe før den dag.")
    with pytest.raises(GrantRefused) as refused:
        grants.change_validity(grant, date(2023, 12, 31), actor=SECRETARIAT, at=clock())
    db.session.rollback()
    assert "kan ikke udløbe før den dag, den blev givet (15. januar 2024)" in str(refused.value)
    assert db.session.get(Grant, grant.id).valid_until == date(2025, 12, 31)
    assert not grants.change_validity(grant, date(2025, 12, 31), actor=SECRETARIAT, at=clock())
    assert grants.change_validity(grant, date(2026, 12, 31), actor=SECRETARIAT, at=clock())
    db.session.commit()
    assert actions().count("grant.validity_changed") == 1


def pay(grant, clock, claim, paid_on=None):
    grants.pay(grant, claim.number, paid_on or grants.local_day(clock()), actor=SECRETARIAT,
               at=clock())
    db.session.commit()


def test_status_follows_the_claims_and_the_clock_and_never_says_paid_when_approved(
        decided, clock):
    grant = decided.grant
    assert status(grant, clock) is GrantStatus.GRANTED
    half = add(grant, clock, 500_000)
    assert status(grant, clock) is GrantStatus.GRANTED  # pending is not approved
    approve(grant, clock, half)
    assert status(grant, clock) is GrantStatus.PARTLY_APPROVED  # approved is not paid
    pay(grant, clock, half)
    assert status(grant, clock) is GrantStatus.PARTLY_PAID

    # The last day is 31 December 2025, Danish time: still valid late that evening.
    clock.set(datetime(2025, 12, 31, 22, 59, tzinfo=UTC))  # 23.59 in Copenhagen
    assert status(grant, clock) is GrantStatus.PARTLY_PAID
    clock.set(datetime(2025, 12, 31, 23, 0, tzinfo=UTC))  # 1 January 2026, 00.00
    assert status(grant, clock) is GrantStatus.EXPIRED

    # A journey within the validity can still be approved afterwards; a grant approved in
    # full is used up, not expired, and completed once all of it is paid.
    rest = add(grant, clock, 500_000, travel_date=date(2025, 11, 20))
    approve(grant, clock, rest)
    assert status(grant, clock) is GrantStatus.USED_UP
    pay(grant, clock, rest)
    assert status(grant, clock) is GrantStatus.COMPLETED
    labels = {str(label) for label in grants.status_labels().values()}
    assert labels == {"Bevilget", "Delvist godkendt", "Delvist udbetalt", "Opbrugt",
                      "Afsluttet", "Udløbet"}


@pytest.mark.parametrize(("approved", "paid", "today", "expected"), [
    (0, 0, date(2025, 12, 31), GrantStatus.GRANTED),
    (1, 0, date(2025, 12, 31), GrantStatus.PARTLY_APPROVED),
    (50, 49, date(2025, 12, 31), GrantStatus.PARTLY_APPROVED),
    (50, 50, date(2025, 12, 31), GrantStatus.PARTLY_PAID),
    (100, 0, date(2025, 12, 31), GrantStatus.USED_UP),
    (100, 99, date(2025, 12, 31), GrantStatus.USED_UP),
    (100, 100, date(2025, 12, 31), GrantStatus.COMPLETED),
    (0, 0, date(2026, 1, 1), GrantStatus.EXPIRED),
    (99, 99, date(2026, 1, 1), GrantStatus.EXPIRED),
    (100, 0, date(2026, 1, 1), GrantStatus.USED_UP),
    (100, 100, date(2026, 1, 1), GrantStatus.COMPLETED),
])
def test_status_of(approved, paid, today, expected):
    assert grants.status_of(100, approved, paid, date(2025, 12, 31), today) is expected


# ---------------------------------------------------------------- receipts and text


def test_a_receipt_is_checked_by_what_it_holds(decided, clock):
    grant = decided.grant
    claim = add(grant, clock, 100_000, receipt=Upload("tog\x1b.pdf", PDF))
    stored = db.session.get(Claim, claim.id)
    assert (stored.receipt_filename, stored.receipt_media_type, stored.receipt_data) == (
        "tog.pdf", "application/pdf", PDF)

    before = (actions(), count(Claim))
    for upload, message in (
            (Upload("kvittering.pdf", FAKE_PDF),
             "Filen kvittering.pdf kan ikke vedhæftes, fordi den ikke er en PDF-, Word- (DOCX), "
             "PNG- eller JPEG-fil."),
            (Upload("tom.pdf", b""), "Filen tom.pdf er tom."),
            (Upload("stor.pdf", PDF + b"\0" * 10 * 1024 * 1024),
             "Filen stor.pdf er for stor. Den må højst fylde 10 MB.")):
        with pytest.raises(GrantRefused) as refused:
            add(grant, clock, 100_000, receipt=upload)
        db.session.rollback()
        assert str(refused.value) == message
    assert (actions(), count(Claim)) == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("event", "  ", "Skriv, hvilket arrangement rejsen var til."),
    ("place", "", "Skriv, hvor arrangementet var."),
    ("event", "x" * 301, "Arrangementet må højst være 300 tegn langt."),
    ("place", "Oden\x00se", "Teksten indeholder usynlige tegn (kontroltegn), som ikke kan "
                            "gemmes. Skriv den igen uden dem."),
])
def test_claim_texts_are_checked(decided, clock, field, value, message):
    with pytest.raises(GrantRefused) as refused:
        add(decided.grant, clock, 100_000, **{field: value})
    db.session.rollback()
    assert str(refused.value) == message
    assert count(Claim) == 0


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(("text", "ore"), [
    ("2.500,00", 250_000), ("2500,50", 250_050), ("2500", 250_000), ("2.500", 250_000),
    ("2500,5", 250_050), ("0,01", 1), ("10.000,00", 1_000_000), ("1.234.567,89", 123_456_789),
    ("2 500,00", 250_000), ("2\xa0500,00", 250_000), (" 2500 kr. ", 250_000),
    ("2.500,00 kr", 250_000), ("007", 700), ("9999,99", 999_999),
])
def test_amounts_are_read_exactly(text, ore):
    assert parse_kroner(text) == ore


@pytest.mark.parametrize(("text", "message"), [
    ("", "Skriv beløbet i kroner, fx 2.500,00 eller 2500."),
    ("   ", "Skriv beløbet i kroner, fx 2.500,00 eller 2500."),
    ("2500,505", "Beløbet kan højst have to decimaler (øre), fx 2500,50."),
    ("0,001", "Beløbet kan højst have to decimaler (øre), fx 2500,50."),
    ("-100", "Beløbet skal være større end 0 kr."),
    ("-0,50", "Beløbet skal være større end 0 kr."),
    ("0", "Beløbet skal være større end 0 kr."),
    ("0,00", "Beløbet skal være større end 0 kr."),
    ("2500.50", "Skriv øre efter et komma, fx 2500,50. Punktum bruges kun mellem tusinder, "
                "fx 2.500,50."),
    ("2.50", "Skriv øre efter et komma, fx 2500,50. Punktum bruges kun mellem tusinder, "
             "fx 2.500,50."),
    ("abc", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("1e3", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("2.5000", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("25.00.00", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("2.500 000", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("2500,", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    (",50", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("+2500", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("٢٥٠٠", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("NaN", "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ("1" * 13, "Beløbet er for stort."),
])
def test_amounts_that_are_refused(text, message):
    with pytest.raises(AmountError) as refused:
        parse_kroner(text)
    assert str(refused.value) == message


def test_amounts_round_trip_to_the_form():
    for ore in (1, 99, 100, 250_050, 1_000_000):
        assert parse_kroner(format_plain(ore)) == ore
