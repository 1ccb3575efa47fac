"""`award grant …`: the grant and its claims from the command line, the JSON shape, and bad input
refused with a message and a non-zero exit that changes nothing."""

import json

import pytest
import sqlalchemy as sa
from grant_data import FAKE_PDF, PDF, WINNER, decided_fixture, make_decided_fixture, plain  # noqa: F401

from award.audit.models import AuditEntry
from award.extensions import db
from award.grants.models import Claim, Grant

ADD = ["grant", "claim", "add", "--year", "2024", "--date", "2024-01-15",
       "--event", "Temadag om patientinddragelse", "--place", "Odense",
       "--payee", "Mette Hansen", "--account", "Reg.nr. 1234 kontonr. 0001234567"]
APPROVE = ["grant", "claim", "approve", "--year", "2024", "--no-receipt-reason", "Rejsekort.",
           "--claim"]


def show(runner) -> dict:
    result = runner.invoke(args=["grant", "show", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def claim_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Claim.id)))


def test_a_claim_from_adding_to_approval(decided, runner, tmp_path):
    data = show(runner)
    assert {key: data[key] for key in ("reference", "cap_ore", "approved_ore", "balance_ore",
                                       "status", "valid_until", "claims", "initiative")} == {
        "reference": "RG-2024-01", "cap_ore": 1_000_000, "approved_ore": 0,
        "balance_ore": 1_000_000, "status": "granted", "valid_until": "2025-12-31",
        "claims": [], "initiative": WINNER}
    assert data["status_text"] == "Bevilget"
    assert data["contact"]["name"] == "Åse Østergård"

    receipt = tmp_path / "kvittering.pdf"
    receipt.write_bytes(PDF)
    added = runner.invoke(args=[*ADD, "--amount", "2.500,50", "--description", "Tog.",
                                "--receipt", str(receipt)])
    assert added.exit_code == 0, added.output
    assert added.output.strip() == "1"  # the claim's number on this grant
    stored = db.session.scalars(sa.select(Claim)).one()
    assert (stored.number, stored.amount_ore, stored.receipt_filename, stored.created_by) == (
        1, 250_050, "kvittering.pdf", "system")

    approved = runner.invoke(args=["grant", "claim", "approve", "--year", "2024",
                                   "--claim", "1"])
    assert approved.exit_code == 0, approved.output
    assert ("Approved claim 1: 2.500,50 kr. of 2.500,50 kr. claimed, not paid yet; balance "
            "7.499,50 kr.") in plain(approved.output)

    data = show(runner)
    assert (data["approved_ore"], data["paid_ore"], data["balance_ore"], data["status"]) == (
        250_050, 0, 749_950, "partly_approved")
    (claim,) = data["claims"]
    assert {key: claim[key] for key in ("number", "id", "amount_ore", "approved_ore",
                                        "paid_ore", "status", "date", "event", "place",
                                        "payee", "receipt", "balance_after_ore")} == {
        "number": 1, "id": stored.id, "amount_ore": 250_050, "approved_ore": 250_050,
        "paid_ore": None, "status": "approved", "date": "2024-01-15",
        "event": "Temadag om patientinddragelse", "place": "Odense",
        "payee": {"name": "Mette Hansen", "account": "Reg.nr. 1234 kontonr. 0001234567",
                  "via_organisation": False},
        "receipt": "kvittering.pdf", "balance_after_ore": 749_950}
    text = runner.invoke(args=["grant", "show", "--year", "2024"])
    assert text.exit_code == 0 and "RG-2024-01" in text.output
    assert "Delvist godkendt" in text.output and "udbetalt" not in text.output.lower()

    paid = runner.invoke(args=["grant", "claim", "pay", "--year", "2024", "--claim", "1",
                               "--date", "2024-01-15"])
    assert paid.exit_code == 0, paid.output
    assert ("Paid claim 1: 2.500,50 kr. to Mette Hansen on 2024-01-15"
            in plain(paid.output))
    data = show(runner)
    assert (data["approved_ore"], data["paid_ore"], data["status"], data["status_text"]) == (
        250_050, 250_050, "partly_paid", "Delvist udbetalt")
    (claim,) = data["claims"]
    assert (claim["status"], claim["status_text"], claim["paid_ore"], claim["paid_on"],
            claim["paid_by"]) == ("paid", "Udbetalt", 250_050, "2024-01-15", "system")


def test_reject_needs_a_reason_and_a_claim_is_decided_once(decided, runner):
    claim_id = int(runner.invoke(args=[*ADD, "--amount", "600"]).output.strip())
    assert claim_id == 1
    reject = ["grant", "claim", "reject", "--year", "2024", "--claim", str(claim_id)]
    blank = runner.invoke(args=[*reject, "--reason", "  "])
    assert blank.exit_code != 0 and "Skriv en begrundelse for afvisningen." in blank.output
    done = runner.invoke(args=[*reject, "--reason", "Ikke en præsentation."])
    assert done.exit_code == 0, done.output
    again = runner.invoke(args=[*APPROVE, str(claim_id)])
    assert again.exit_code != 0
    assert f"Udgift nr. {claim_id} er allerede afvist." in again.output
    (claim,) = show(runner)["claims"]
    assert (claim["status"], claim["reason"]) == ("rejected", "Ikke en præsentation.")


def test_over_the_cap_is_refused_with_the_balance(decided, runner):
    first = int(runner.invoke(args=[*ADD, "--amount", "6.000,00"]).output.strip())
    second = int(runner.invoke(args=[*ADD, "--amount", "6000"]).output.strip())
    assert (first, second) == (1, 2)
    assert runner.invoke(args=[*APPROVE, str(first)]).exit_code == 0
    before = audit_count()
    refused = runner.invoke(args=[*APPROVE, str(second)])
    assert refused.exit_code != 0
    assert "Der er 4.000,00 kr. tilbage af bevillingen." in plain(refused.output)
    assert audit_count() == before
    assert show(runner)["claims"][1]["status"] == "pending"


@pytest.mark.parametrize(("args", "message"), [
    (["--amount", "2500,505"], "--amount: Beløbet kan højst have to decimaler (øre)"),
    (["--amount", "-5"], "--amount: Beløbet skal være større end 0 kr."),
    (["--amount", "0"], "--amount: Beløbet skal være større end 0 kr."),
    (["--amount", "mange"], "--amount: Skriv beløbet i kroner med højst to decimaler"),
    (["--amount", "2500.50"], "--amount: Skriv øre efter et komma"),
    (["--amount", "100", "--date", "2.5.2024"], "--date: '2.5.2024' is not a date"),
    (["--amount", "100", "--payee", " "], "Skriv, hvem pengene skal udbetales til."),
    (["--amount", "100", "--via-organisation"],
     "give either --account or --via-organisation, not both"),
    (["--amount", "100", "--date", "2026-01-01"],
     "Rejsen den 1. januar 2026 ligger efter bevillingens sidste gyldighedsdag"),
    (["--amount", "100", "--event", " "], "Skriv, hvilket arrangement rejsen var til."),
    (["--amount", "100", "--place", "Odense\x1b[31m"], "usynlige tegn"),
])
def test_bad_claims_are_refused(decided, runner, args, message):
    before = audit_count()
    result = runner.invoke(args=[*ADD, *args])
    assert result.exit_code != 0
    assert message in plain(result.output)
    assert claim_count() == 0 and audit_count() == before


def test_receipts_are_checked_by_content(decided, runner, tmp_path):
    fake = tmp_path / "kvittering.pdf"
    fake.write_bytes(FAKE_PDF)
    result = runner.invoke(args=[*ADD, "--amount", "100", "--receipt", str(fake)])
    assert result.exit_code != 0
    assert "Filen kvittering.pdf kan ikke vedhæftes" in result.output
    missing = runner.invoke(args=[*ADD, "--amount", "100", "--receipt",
                                  str(tmp_path / "findes-ikke.pdf")])
    assert missing.exit_code != 0 and "does not exist" in missing.output
    assert claim_count() == 0


def test_validity_and_the_missing(decided, runner):
    moved = runner.invoke(args=["grant", "validity", "--year", "2024", "--until", "2026-12-31"])
    assert moved.exit_code == 0, moved.output
    assert show(runner)["valid_until"] == "2026-12-31"
    bad = runner.invoke(args=["grant", "validity", "--year", "2024", "--until", "31-12-2026"])
    assert bad.exit_code != 0 and "--until" in bad.output
    early = runner.invoke(args=["grant", "validity", "--year", "2024", "--until", "2020-01-01"])
    assert early.exit_code != 0 and "kan ikke udløbe før" in early.output
    assert db.session.scalar(sa.select(Grant.valid_until)).isoformat() == "2026-12-31"

    unknown = runner.invoke(args=[*APPROVE, "999"])
    assert unknown.exit_code != 0 and "Udgift nr. 999 findes ikke" in unknown.output
    no_cycle = runner.invoke(args=["grant", "show", "--year", "2031"])
    assert no_cycle.exit_code != 0 and "no cycle for 2031" in no_cycle.output


def test_a_cycle_without_a_winner_has_no_grant(cycle, runner):
    result = runner.invoke(args=["grant", "show", "--year", "2024", "--json"])
    assert result.exit_code != 0 and "2024 has no travel grant" in result.output


def test_claim_commands_name_the_claim_by_its_number(decided, runner):
    for command in ("approve", "reject", "pay", "correct", "withdraw"):
        help_text = runner.invoke(args=["grant", "claim", command, "--help"]).output
        assert "number within the year's grant" in " ".join(help_text.split()), command


def test_partial_approval_payment_correction_and_withdrawal(decided, runner):
    assert runner.invoke(args=[*ADD, "--amount", "3000"]).output.strip() == "1"
    via = runner.invoke(args=[*ADD[:-4], "--amount", "500", "--payee", "Sygehus Sønderjylland",
                              "--via-organisation"])
    assert via.exit_code == 0 and via.output.strip() == "2"

    pay = ["grant", "claim", "pay", "--year", "2024", "--date", "2024-01-15", "--claim"]
    early = runner.invoke(args=[*pay, "1"])
    assert early.exit_code != 0
    assert "Udgift nr. 1 er ikke godkendt endnu, så den kan ikke udbetales." in early.output

    corrected = runner.invoke(args=["grant", "claim", "correct", "--year", "2024", "--claim",
                                    "1", "--amount", "2.800,00", "--place", "Vejle"])
    assert corrected.exit_code == 0, corrected.output
    assert "Corrected claim 1: amount_ore, place" in corrected.output
    unreasoned = runner.invoke(args=[*APPROVE, "1", "--amount", "2000"])
    assert unreasoned.exit_code != 0
    assert "Skriv en begrundelse, når der godkendes mindre end" in plain(unreasoned.output)
    partial = runner.invoke(args=[*APPROVE, "1", "--amount", "2000", "--reason",
                                  "Kun toget er dækket."])
    assert partial.exit_code == 0, partial.output
    assert ("Approved claim 1: 2.000,00 kr. of 2.800,00 kr. claimed, not paid yet"
            in plain(partial.output))
    assert runner.invoke(args=[*pay, "1"]).exit_code == 0
    twice = runner.invoke(args=[*pay, "1"])
    assert twice.exit_code != 0 and "Udgift nr. 1 er allerede udbetalt" in twice.output

    withdrawn = runner.invoke(args=["grant", "claim", "withdraw", "--year", "2024", "--claim",
                                    "2", "--reason", "Aflyst."])
    assert withdrawn.exit_code == 0, withdrawn.output
    data = show(runner)
    assert (data["approved_ore"], data["paid_ore"], data["pending_ore"]) == (200_000, 200_000, 0)
    first, second = data["claims"]
    assert (first["number"], first["amount_ore"], first["approved_ore"], first["paid_ore"],
            first["status"], first["reason"], first["place"]) == (
        1, 280_000, 200_000, 200_000, "paid", "Kun toget er dækket.", "Vejle")
    assert (second["number"], second["status"], second["status_text"], second["payee"]) == (
        2, "withdrawn", "Trukket tilbage",
        {"name": "Sygehus Sønderjylland", "account": "", "via_organisation": True})
    assert audit_count() and db.session.scalar(
        sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action.in_(["grant.claim_corrected", "grant.claim_withdrawn",
                                   "grant.claim_paid"]))) == 3
