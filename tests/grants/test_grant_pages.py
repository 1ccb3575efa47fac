"""The secretariat's grant page: the record, claims added with a receipt, approved and rejected,
validity moved; every refusal a Danish message beside the form that changes nothing; the PDF
and CSV downloads; receipts that no cache keeps; nobody else gets in."""

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from fixtures.factories import csrf_token, login
from grant_data import (  # noqa: F401
    ACCOUNT,
    FAKE_PDF,
    NO_RECEIPT,
    PDF,
    PNG,
    SECRETARIAT,
    WINNER,
    add,
    approve,
    decided_fixture,
    make_decided_fixture,
    pdf_text,
    plain,
    read_csv,
    secretariat_fixture,
)
from pypdf import PdfReader

from award.audit.models import AuditEntry
from award.auth.models import User
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.money import format_plain
from award.nominations.services import Upload

PAGE = "/sekretariat/2024/rejsegodtgoerelse"


def token(client) -> str:
    return csrf_token(client, PAGE)


def claim_form_values(**overrides) -> dict:
    return {"travel_date": "2.5.2024", "event": "Temadag om patientinddragelse",
            "place": "Odense Congress Center", "description": "Tog tur-retur Aarhus–Odense.",
            "amount": "2.500,50", "payee_name": "Mette Hansen", "payee_method": "konto",
            "payee_account": "Reg.nr. 1234 kontonr. 0001234567", **overrides}


def approve_on_page(client, claim, **values):
    """The approval step's form sent as the page fills it in (the amount claimed), plus
    `values`; a claim without a receipt says why."""
    data = {"csrf_token": token(client), "amount": format_plain(claim.amount_ore),
            "no_receipt_reason": NO_RECEIPT, **values}
    return client.post(f"{PAGE}/udgifter/{claim.number}/godkend", data=data)


def claim_form(client, **overrides) -> dict:
    return {"csrf_token": token(client), **claim_form_values(**overrides)}


def audit_actions() -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def claims() -> list[Claim]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Claim).order_by(Claim.id)).all()


def text_of(response) -> str:
    """The page's text as a person reads it: no tags, white space as single spaces."""
    html = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", plain(html)).replace(" .", ".").replace(" ,", ",")


# ---------------------------------------------------------------- who may see it


def test_only_the_secretariat_gets_in(app, decided, client, clock):
    claim = add(decided.grant, clock, 100_000, receipt=Upload("kvittering.pdf", PDF))
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "/log-ind" in anonymous.headers["Location"]

    juror = app.test_client()
    login(juror, db.session.scalars(sa.select(User).where(User.email == "juror@example.dk"))
          .one())
    for path in (PAGE, f"{PAGE}/bevilling.pdf", f"{PAGE}/bevilling.csv",
                 f"{PAGE}/udgifter/{claim.number}/kvittering",
                 f"{PAGE}/udgifter/{claim.number}/godkend", f"{PAGE}/udgifter/{claim.number}/ret",
                 f"{PAGE}/udgifter/{claim.number}/udbetal",
                 f"{PAGE}/udgifter/{claim.number}/traek-tilbage"):
        assert juror.get(path).status_code == 403, path
    valid = {"csrf_token": csrf_token(juror, "/jury"), "reason": "Nej.",
             "valid_until": "1.1.2030", "paid_on": "16.1.2024",
             "no_receipt_reason": NO_RECEIPT, **claim_form_values()}
    for path in (f"{PAGE}/udgifter", f"{PAGE}/udgifter/{claim.number}/godkend",
                 f"{PAGE}/udgifter/{claim.number}/afvis", f"{PAGE}/gyldighed",
                 f"{PAGE}/udgifter/{claim.number}/ret", f"{PAGE}/udgifter/{claim.number}/udbetal",
                 f"{PAGE}/udgifter/{claim.number}/traek-tilbage"):
        assert juror.post(path, data=valid).status_code == 403, path
    assert [c.status for c in claims()] == [ClaimStatus.PENDING]
    assert db.session.get(Grant, decided.grant.id).valid_until.year == 2025


def test_a_cycle_without_a_winner_has_no_grant_yet(cycle, secretariat, client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Vinderen af 2024 er ikke registreret endnu." in text_of(response)
    assert client.get("/sekretariat/2031/rejsegodtgoerelse").status_code == 404
    token_ = token(client)
    for path in (f"{PAGE}/udgifter", f"{PAGE}/gyldighed", f"{PAGE}/udgifter/1/godkend"):
        assert client.post(path, data={"csrf_token": token_}).status_code == 404
    for path in (f"{PAGE}/bevilling.pdf", f"{PAGE}/bevilling.csv"):
        assert client.get(path).status_code == 404


# ---------------------------------------------------------------- the page


def test_the_page_shows_the_record(decided, secretariat, client):
    response = client.get(PAGE)
    assert response.status_code == 200
    page = text_of(response)
    for expected in (WINNER, "RG-2024-01", "Sygehus Sønderjylland, Aabenraa", "Åse Østergård",
                     "aase.oestergaard@example.dk", "Op til 10.000,00 kr.",
                     "At præsentere initiativet andre steder i sundhedsvæsenet",
                     "31. december 2025", "Status: Bevilget",
                     "Der er ikke tilføjet nogen udgifter endnu."):
        assert expected in page, expected
    assert f'href="{PAGE}"' in response.get_data(as_text=True)  # in the cycle's menu
    html = response.get_data(as_text=True)
    assert f'href="{PAGE}/bevilling.pdf"' in html and f'href="{PAGE}/bevilling.csv"' in html
    assert client.get(f"{PAGE}?lang=en").status_code == 200


def test_the_contact_person_is_shown_as_the_nomination_has_it(decided, secretariat, client):
    winner = decided.winner
    # After the retention period the nomination's personal data reads "[slettet]".
    winner.contact_name = winner.contact_email = winner.contact_phone = "[slettet]"
    db.session.commit()
    page = text_of(client.get(PAGE))
    assert "Kontaktperson [slettet] Formål" in page
    assert 'href="mailto:[slettet]"' not in client.get(PAGE).get_data(as_text=True)
    winner.contact_name = winner.contact_email = winner.contact_phone = ""
    db.session.commit()
    assert "Kontaktperson Ikke oplyst Formål" in text_of(client.get(PAGE))


def test_a_claim_is_added_with_its_receipt(decided, secretariat, client):
    response = client.post(f"{PAGE}/udgifter", data={
        **claim_form(client), "receipt": (io.BytesIO(PNG), "billet æøå.png")},
        content_type="multipart/form-data")
    assert response.status_code == 302, text_of(response)
    (claim,) = claims()
    assert (claim.amount_ore, claim.travel_date.isoformat(), claim.event, claim.place) == (
        250_050, "2024-05-02", "Temadag om patientinddragelse", "Odense Congress Center")
    assert (claim.receipt_filename, claim.receipt_media_type, claim.created_by) == (
        "billet æøå.png", "image/png", SECRETARIAT)
    assert claim.status == ClaimStatus.PENDING
    assert "grant.claim_added" in audit_actions()
    page = text_of(client.get(response.headers["Location"]))
    assert claim.number == 1
    assert "Udgift nr. 1 på 2.500,50 kr. er tilføjet og venter på godkendelse." in page
    assert "1 udgift venter på godkendelse" in page

    receipt = client.get(f"{PAGE}/udgifter/{claim.number}/kvittering")
    assert receipt.status_code == 200 and receipt.get_data() == PNG
    assert receipt.headers["Cache-Control"] == "no-store"
    assert receipt.headers["Content-Disposition"].startswith("attachment;")
    assert receipt.mimetype == "image/png"
    assert client.get(f"{PAGE}/udgifter/{claim.number + 1}/kvittering").status_code == 404


@pytest.mark.parametrize(("overrides", "message"), [
    ({"amount": "2500,505"}, "Beløbet kan højst have to decimaler (øre), fx 2500,50."),
    ({"amount": "-100"}, "Beløbet skal være større end 0 kr."),
    ({"amount": "0,00"}, "Beløbet skal være større end 0 kr."),
    ({"amount": "to tusind"},
     "Skriv beløbet i kroner med højst to decimaler, fx 2.500,00 eller 2500."),
    ({"amount": ""}, "Skriv beløbet i kroner, fx 2.500,00."),
    ({"amount": "10.000,01"},
     "Beløbet på 10.000,01 kr. er større end hele bevillingen (10.000,00 kr.)."),
    ({"travel_date": "31.2.2024"}, "Skriv en dato, der findes, fx 2.5.2025 eller 2025-05-02."),
    ({"travel_date": "i morgen"}, "Skriv en dato, der findes, fx 2.5.2025 eller 2025-05-02."),
    ({"travel_date": "1.1.2026"}, "Rejsen den 1. januar 2026 ligger efter bevillingens sidste "
                                  "gyldighedsdag, 31. december 2025. Udgiften kan ikke dækkes."),
    ({"event": "   "}, "Skriv, hvilket arrangement rejsen var til."),
    ({"place": "Oden\x00se"}, "Feltet indeholdt usynlige tegn"),
    ({"receipt": (io.BytesIO(FAKE_PDF), "kvittering.pdf")},
     "Filen kvittering.pdf kan ikke vedhæftes, fordi den ikke er en PDF-, Word- (DOCX), PNG- "
     "eller JPEG-fil."),
])
def test_bad_claims_are_refused_in_danish_and_change_nothing(decided, secretariat, client,
                                                             overrides, message):
    before = audit_actions()
    response = client.post(f"{PAGE}/udgifter", data=claim_form(client, **overrides),
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = text_of(response)
    assert "Der er problemer med det, du har skrevet" in page
    assert message in page
    assert claims() == [] and audit_actions() == before
    if "receipt" in overrides:  # a refused post keeps no file, and says so
        assert "Filen kvittering.pdf er ikke gemt. Vælg den igen" in page


def test_a_refused_post_keeps_what_was_written_but_not_the_file(decided, secretariat, client):
    response = client.post(f"{PAGE}/udgifter", data={
        **claim_form(client, amount="2500.50"), "receipt": (io.BytesIO(PDF), "tog.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="Odense Congress Center"' in page and 'value="2500.50"' in page
    assert 'href="#amount"' in page
    assert "Filen tog.pdf er ikke gemt. Vælg den igen, når du har rettet fejlene." in page
    assert claims() == []


def test_claims_are_approved_and_rejected_from_the_page(decided, secretariat, client, clock):
    first = add(decided.grant, clock, 250_050)
    second = add(decided.grant, clock, 100_000, event="Årsmøde i Danske Patienter")
    response = approve_on_page(client, first)
    assert response.status_code == 302
    page = text_of(client.get(PAGE))
    assert ("Udgift nr. 1 er godkendt med 2.500,50 kr. og er ikke udbetalt endnu. Der er "
            "7.499,50 kr. tilbage af bevillingen." in page)
    assert "Status: Delvist godkendt" in page
    # The running balance: granted, then the approved claim and what is left after it.
    assert "Bevilget 10.000,00 kr. 0,00 kr. 10.000,00 kr." in page
    assert ("Nr. 1: Temadag om patientinddragelse 2.500,50 kr. 2.500,50 kr. 7.499,50 kr."
            in page)

    unreasoned = client.post(f"{PAGE}/udgifter/2/afvis",
                             data={"csrf_token": token(client), "afvis-2-reason": " "})
    assert unreasoned.status_code == 400
    assert "Skriv en begrundelse for afvisningen." in text_of(unreasoned)
    assert 'href="#afvis-2-reason"' in unreasoned.get_data(as_text=True)
    assert claims()[1].status == ClaimStatus.PENDING

    rejected = client.post(f"{PAGE}/udgifter/{second.number}/afvis", data={
        "csrf_token": token(client), "afvis-2-reason": "Rejsen var ikke en præsentation."})
    assert rejected.status_code == 302
    assert [c.status for c in claims()] == [ClaimStatus.APPROVED, ClaimStatus.REJECTED]
    assert claims()[1].decision_reason == "Rejsen var ikke en præsentation."
    page = text_of(client.get(PAGE))
    assert "Udgift nr. 2 er afvist." in page
    assert "Begrundelse: Rejsen var ikke en præsentation." in page

    step = text_of(client.get(f"{PAGE}/udgifter/2/godkend"))
    assert "Udgift nr. 2 er ikke længere til behandling (status: Afvist)." in step
    assert "Ja, godkend" not in step
    again = approve_on_page(client, second)
    assert again.status_code == 400
    assert "Udgift nr. 2 er allerede afvist." in text_of(again)
    again = client.post(f"{PAGE}/udgifter/2/afvis",
                        data={"csrf_token": token(client), "afvis-2-reason": "Igen."})
    assert again.status_code == 400
    assert "Udgift nr. 2 er allerede afvist." in text_of(again)
    for path in (f"{PAGE}/udgifter/999/godkend", f"{PAGE}/udgifter/999/udbetal",
                 f"{PAGE}/udgifter/999/ret", f"{PAGE}/udgifter/999/traek-tilbage",
                 f"{PAGE}/udgifter/99999999999/godkend"):
        assert client.post(path, data={"csrf_token": token(client)}).status_code == 404, path
        assert client.get(path).status_code == 404, path
    assert audit_actions().count("grant.claim_approved") == 1
    assert audit_actions().count("grant.claim_rejected") == 1


def test_an_approval_over_the_balance_shows_it(decided, secretariat, client, clock):
    first = add(decided.grant, clock, 600_000)
    second = add(decided.grant, clock, 600_000)
    assert approve_on_page(client, first).status_code == 302
    page = text_of(client.get(PAGE))
    assert ("Udgiften er større end resten af bevillingen (4.000,00 kr.). Den kan kun "
            "godkendes delvist, med højst det, der er tilbage." in page)
    refused = approve_on_page(client, second)
    assert refused.status_code == 400
    assert ("Udgift nr. 2 kan ikke godkendes med 6.000,00 kr., fordi det er mere end resten "
            "af bevillingen. Der er 4.000,00 kr. tilbage af bevillingen." in text_of(refused))
    assert [c.status for c in claims()] == [ClaimStatus.APPROVED, ClaimStatus.PENDING]


def test_a_stale_form_is_asked_again_not_a_500(decided, secretariat, client, clock):
    claim = add(decided.grant, clock, 100_000)
    for path, data in ((f"{PAGE}/udgifter/1/godkend", {"amount": "1000"}),
                       (f"{PAGE}/udgifter/1/afvis", {"afvis-1-reason": "x"}),
                       (f"{PAGE}/udgifter/1/ret", claim_form_values()),
                       (f"{PAGE}/udgifter/1/traek-tilbage", {}),
                       (f"{PAGE}/gyldighed", {"valid_until": "1.1.2027"}),
                       (f"{PAGE}/udgifter", claim_form_values())):
        response = client.post(path, data=data)
        assert response.status_code == 400, path
    assert [c.status for c in claims()] == [ClaimStatus.PENDING]
    assert claims()[0].event == claim.event


def test_validity_is_changed_and_recorded(decided, secretariat, client, clock):
    response = client.post(f"{PAGE}/gyldighed",
                           data={"csrf_token": token(client), "valid_until": "30.6.2026"})
    assert response.status_code == 302
    assert "Bevillingen gælder nu til og med 30. juni 2026." in text_of(client.get(PAGE))
    assert db.session.get(Grant, decided.grant.id).valid_until.isoformat() == "2026-06-30"
    assert audit_actions().count("grant.validity_changed") == 1
    for value, message in (("30.13.2026", "Skriv en dato, der findes"),
                           ("", "Skriv bevillingens sidste gyldighedsdag."),
                           ("2020-01-01", "Bevillingen kan ikke udløbe før den dag, den blev "
                                          "givet (15. januar 2024).")):
        refused = client.post(f"{PAGE}/gyldighed",
                              data={"csrf_token": token(client), "valid_until": value})
        assert refused.status_code == 400
        assert message in text_of(refused)
    db.session.expire_all()
    assert db.session.get(Grant, decided.grant.id).valid_until.isoformat() == "2026-06-30"
    assert audit_actions().count("grant.validity_changed") == 1


# ---------------------------------------------------------------- the downloads


@pytest.fixture
def ledger(decided, clock):
    """Three claims: two approved (2.500,50 kr., paid, and 4.000,00 kr.), one rejected."""
    grant = decided.grant
    first = add(grant, clock, 250_050, event="Årsmøde i Dansk Selskab for Patientsikkerhed",
                place="Ærøskøbing")
    second = add(grant, clock, 400_000, event="Sundhedsfagligt Råd", place="Aalborg")
    third = add(grant, clock, 99_900, event="Privat tur", place="Skagen")
    for claim in (first, second):
        clock.advance(days=1)
        approve(grant, clock, claim)
    grants.reject(grant, third.number, "Ikke en præsentation af initiativet.",
                  actor=SECRETARIAT, at=clock())
    grants.pay(grant, first.number, grants.local_day(clock()), actor=SECRETARIAT, at=clock())
    db.session.commit()
    return first, second, third


def test_the_record_as_pdf(decided, ledger, secretariat, client):
    response = client.get(f"{PAGE}/bevilling.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=RG-2024-01.pdf"
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_data()

    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = pdf_text(data)
    for expected in ("Bevilling af rejsegodtgørelse", "RG-2024-01", WINNER,
                     "Sygehus Sønderjylland, Aabenraa", "Åse Østergård",
                     "Op til 10.000,00 kr.", "2.500,50 kr.", "4.000,00 kr.", "999,00 kr.",
                     "6.500,50 kr.", "3.499,50 kr.", "7.499,50 kr.", "Delvist godkendt",
                     "Årsmøde i Dansk Selskab for Patientsikkerhed", "Ærøskøbing",
                     "Ikke en præsentation af initiativet.", "31. december 2025",
                     "Udskrevet 17. januar 2024", "Heraf udbetalt 2.500,50 kr.",
                     "Udgift nr. 1 godkendt: Årsmøde i Dansk Selskab for Patientsikkerhed",
                     "Udgift nr. 2 godkendt: Sundhedsfagligt Råd",
                     f"Modtager: Mette Hansen (konto {ACCOUNT})",
                     f"Ingen kvittering: {NO_RECEIPT}",
                     "Udbetalt 2.500,50 kr. den 17. januar 2024"):
        assert expected in text, expected
    # Each claim's row starts with its number.
    for row in ("1 15. januar 2024 Årsmøde", "2 15. januar 2024 Sundhedsfagligt Råd",
                "3 15. januar 2024 Privat tur"):
        assert f" {row}" in text, row
    assert audit_actions().count("grant.downloaded") == 1


def test_the_record_as_csv_for_danish_excel(decided, ledger, secretariat, client):
    first, second, third = ledger
    response = client.get(f"{PAGE}/bevilling.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=RG-2024-01.csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = read_csv(response.get_data())
    header, *body = rows
    assert header[:10] == ["Bevilling", "Udgift nr.", "Rejsedato", "Arrangement", "Sted",
                           "Beskrivelse", "Modtager", "Udbetales", "Søgt (kr.)", "Status"]
    column = {name: index for index, name in enumerate(header)}
    assert [row[column["Udgift nr."]] for row in body] == ["1", "2", "3"]
    assert [row[column["Arrangement"]] for row in body][0] == (
        "Årsmøde i Dansk Selskab for Patientsikkerhed")
    assert body[0][column["Sted"]] == "Ærøskøbing"
    assert [row[column["Søgt (kr.)"]] for row in body] == ["2500,50", "4000,00", "999,00"]
    assert [row[column["Godkendt (kr.)"]] for row in body] == ["2500,50", "4000,00", ""]
    assert [row[column["Status"]] for row in body] == ["Udbetalt", "Godkendt", "Afvist"]
    assert [row[column["Udbetalt (kr.)"]] for row in body] == ["2500,50", "", ""]
    assert [row[column["Udbetalt den"]] for row in body] == ["2024-01-17", "", ""]
    assert [row[column["Modtager"]] for row in body] == ["Mette Hansen"] * 3
    assert body[0][column["Udbetales"]] == "Reg.nr. 1234 kontonr. 0001234567"
    assert body[0][column["Uden kvittering, fordi"]] == NO_RECEIPT
    assert [row[column["Godkendt i alt (kr.)"]] for row in body] == ["2500,50", "6500,50", ""]
    assert [row[column["Tilbage af bevillingen (kr.)"]] for row in body] == [
        "7499,50", "3499,50", ""]
    assert body[2][column["Begrundelse"]] == "Ikke en præsentation af initiativet."
    assert audit_actions().count("grant.downloaded") == 1


# ---------------------------------------------------------------- a claim's steps


def test_a_claim_names_its_payee_on_the_page(decided, secretariat, client):
    for overrides, message in (
            ({"payee_name": " "}, "Skriv, hvem pengene skal udbetales til."),
            ({"payee_method": ""}, "Vælg, hvordan pengene udbetales."),
            ({"payee_account": ""}, "Skriv modtagerens kontoreference, eller vælg, at pengene "
                                    "udbetales via organisationen.")):
        response = client.post(f"{PAGE}/udgifter", data=claim_form(client, **overrides))
        assert response.status_code == 400
        assert message in text_of(response)
    assert claims() == []
    via = client.post(f"{PAGE}/udgifter", data=claim_form(
        client, payee_name="Sygehus Sønderjylland", payee_method="organisation",
        payee_account="ignored when paid via the organisation"))
    assert via.status_code == 302
    (claim,) = claims()
    assert (claim.payee_name, claim.payee_account, claim.payee_via_organisation) == (
        "Sygehus Sønderjylland", "", True)
    assert "Sygehus Sønderjylland (via organisationen)" in text_of(client.get(PAGE))


def test_approval_has_a_page_that_says_what_will_happen_first(decided, secretariat, client,
                                                               clock):
    claim = add(decided.grant, clock, 300_000)
    page = text_of(client.get(PAGE))
    assert "Godkend udgift nr. 1" in page and "Ret udgift nr. 1" in page
    before = audit_actions()
    step = client.get(f"{PAGE}/udgifter/1/godkend")
    assert step.status_code == 200
    text = text_of(step)
    for expected in ("Godkend udgift nr. 1", "Søgt beløb 3.000,00 kr.",
                     f"Modtager Mette Hansen (konto {ACCOUNT})",
                     "Der er 10.000,00 kr. tilbage af bevillingen.",
                     "Godkendelsen er ikke en udbetaling.",
                     "Det kan ikke fortrydes", "Hvorfor er der ingen kvittering?",
                     "Ja, godkend udgift nr. 1", "Fortryd"):
        assert expected in text, expected
    assert 'value="3000,00"' in step.get_data(as_text=True)
    assert audit_actions() == before and claims()[0].status == ClaimStatus.PENDING

    partial = approve_on_page(client, claim, amount="2.000")
    assert partial.status_code == 400
    assert ("Skriv en begrundelse, når der godkendes mindre end de 3.000,00 kr., der er søgt "
            "om." in text_of(partial))
    assert 'value="2.000"' in partial.get_data(as_text=True)  # what was written is kept
    no_reason = approve_on_page(client, claim, no_receipt_reason=" ")
    assert no_reason.status_code == 400
    assert "Udgift nr. 1 har ingen kvittering." in text_of(no_reason)
    assert claims()[0].status == ClaimStatus.PENDING and audit_actions() == before

    done = approve_on_page(client, claim, amount="2.000", reason="Kun toget er dækket.")
    assert done.status_code == 302
    (stored,) = claims()
    assert (stored.approved_ore, stored.decision_reason, stored.no_receipt_reason) == (
        200_000, "Kun toget er dækket.", NO_RECEIPT)
    page = text_of(client.get(PAGE))
    assert "Udgift nr. 1 er godkendt med 2.000,00 kr. og er ikke udbetalt endnu." in page
    assert "Delvist godkendt" in page and "Udbetalt" not in page
    assert "1 godkendt udgift er ikke udbetalt" in page


def test_a_future_journey_has_no_approval_yet(decided, secretariat, client, clock):
    add(decided.grant, clock, 100_000, travel_date=date(2024, 6, 1))
    expected = ("Udgift nr. 1 kan ikke godkendes endnu: rejsen den 1. juni 2024 er ikke "
                "foretaget. Den kan godkendes fra den dag.")
    page = text_of(client.get(PAGE))
    assert expected in page and "Godkend udgift nr. 1" not in page
    step = text_of(client.get(f"{PAGE}/udgifter/1/godkend"))
    assert expected in step and "Ja, godkend" not in step
    refused = approve_on_page(client, claims()[0])
    assert refused.status_code == 400 and expected in text_of(refused)
    assert claims()[0].status == ClaimStatus.PENDING


def test_payment_has_a_page_and_comes_after_approval(decided, secretariat, client, clock):
    claim = add(decided.grant, clock, 250_050)
    blocked = text_of(client.get(f"{PAGE}/udgifter/1/udbetal"))
    assert ("Udgift nr. 1 kan ikke udbetales, fordi den ikke er godkendt (status: Afventer)."
            in blocked)
    assert "Ja, registrér udbetalingen" not in blocked
    approve(decided.grant, clock, claim)
    page = text_of(client.get(PAGE))
    assert "Registrér udbetalingen af udgift nr. 1" in page

    before = audit_actions()
    step = client.get(f"{PAGE}/udgifter/1/udbetal")
    text = text_of(step)
    for expected in (f"Det bliver registreret, at 2.500,50 kr. er udbetalt til Mette Hansen "
                     f"(konto {ACCOUNT}) den dato, du skriver nedenfor.",
                     "Det kan ikke fortrydes", "Udbetalt den", "Ja, registrér udbetalingen"):
        assert expected in text, expected
    assert audit_actions() == before
    today = grants.local_day(clock())
    future = client.post(f"{PAGE}/udgifter/1/udbetal",
                         data={"csrf_token": token(client), "paid_on": "24.12.2024"})
    assert future.status_code == 400
    assert "Udbetalingsdatoen 24. december 2024 er ikke kommet endnu." in text_of(future)
    paid = client.post(f"{PAGE}/udgifter/1/udbetal", data={
        "csrf_token": token(client), "paid_on": f"{today.day}.{today.month}.{today.year}"})
    assert paid.status_code == 302
    page = text_of(client.get(PAGE))
    assert (f"Udbetalingen af udgift nr. 1 er registreret: 2.500,50 kr. til Mette Hansen den "
            f"{today.day}. januar 2024." in page)
    assert "Status: Delvist udbetalt" in page
    assert "Heraf udbetalt 2.500,50 kr." in page
    again = client.post(f"{PAGE}/udgifter/1/udbetal", data={
        "csrf_token": token(client), "paid_on": f"{today.day}.{today.month}.{today.year}"})
    assert again.status_code == 400
    assert f"Udgift nr. 1 er allerede udbetalt den {today.day}. januar 2024." in text_of(again)
    assert audit_actions().count("grant.claim_paid") == 1


def test_a_pending_claim_is_corrected_and_withdrawn_on_its_pages(decided, secretariat, client,
                                                                  clock):
    add(decided.grant, clock, 100_000)
    form = client.get(f"{PAGE}/udgifter/1/ret")
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    for value in ('value="15.1.2024"', 'value="Odense"', 'value="1000,00"',
                  'value="Mette Hansen"', f'value="{ACCOUNT}"'):
        assert value in html, value
    corrected = client.post(f"{PAGE}/udgifter/1/ret", data={
        **claim_form(client, travel_date="15.1.2024", amount="1.250,00", place="Vejle"),
        "receipt": (io.BytesIO(PDF), "tog.pdf")}, content_type="multipart/form-data")
    assert corrected.status_code == 302
    (claim,) = claims()
    assert (claim.number, claim.amount_ore, claim.place, claim.receipt_filename) == (
        1, 125_000, "Vejle", "tog.pdf")
    assert "Udgift nr. 1 er rettet." in text_of(client.get(PAGE))
    assert audit_actions().count("grant.claim_corrected") == 1

    step = text_of(client.get(f"{PAGE}/udgifter/1/traek-tilbage"))
    assert "Udgiften kan ikke længere godkendes eller udbetales." in step
    assert "Det kan ikke fortrydes" in step
    assert claims()[0].status == ClaimStatus.PENDING
    withdrawn = client.post(f"{PAGE}/udgifter/1/traek-tilbage",
                            data={"csrf_token": token(client), "reason": "Rejsen blev aflyst."})
    assert withdrawn.status_code == 302
    page = text_of(client.get(PAGE))
    assert "Udgift nr. 1 er trukket tilbage." in page and "Trukket tilbage" in page
    assert claims()[0].status == ClaimStatus.WITHDRAWN
    for path in ("ret", "traek-tilbage", "godkend"):
        blocked = text_of(client.get(f"{PAGE}/udgifter/1/{path}"))
        assert ("Udgift nr. 1 er ikke længere til behandling (status: Trukket tilbage)."
                in blocked), path
    refused = client.post(f"{PAGE}/udgifter/1/ret", data=claim_form(client))
    assert refused.status_code == 400
    assert "Udgift nr. 1 er trukket tilbage." in text_of(refused)
    assert claims()[0].place == "Vejle"
