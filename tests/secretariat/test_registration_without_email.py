"""A nomination by phone or letter needs no e-mail address: the secretariat registers it with
a phone number or a postal address (on the web and with `award nominations import`). No
receipt mail then and no edit link to anyone: the nomination's page offers a receipt letter
(PDF, A4) to print and post. The registration page speaks of the nominator in the third
person. The address is personal data: exported, handed over on a subject access request and
purged."""

import io
import json
import re

import pytest
import sqlalchemy as sa
from conftest import JUDGING, answers_form, csrf_token, login
from pypdf import PdfReader
from test_registration import PAGE, item

from award.audit.models import AuditEntry
from award.exports import services as exports
from award.extensions import db
from award.mail.models import OutboxMessage
from award.nominations import services as nominations
from award.nominations.models import Nomination
from award.retention import services as retention

ADDRESS = "Storegade 12, 1. th.\n4800 Nykøbing F"
MISSING = "Skriv indstillerens e-mail, telefonnummer eller postadresse"


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def registration(cycle, office, **overrides) -> dict:
    return {**answers_form(cycle, nominator_name="Ole Brev", **overrides),
            "csrf_token": csrf_token(office, PAGE)}


def test_import_with_phone_only_or_address_only_mails_only_the_contact_person(
        runner, cycle, smtp, tmp_path):
    path = tmp_path / "breve.json"
    path.write_text(json.dumps([
        item(nominator={"email": "", "phone": "20 30 40 50"}),
        item(nominator={"email": "", "address": ADDRESS}),
        item(nominator={"email": "ole@example.dk"}),
    ]), encoding="utf-8")
    result = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert result.exit_code == 0, result.output
    by_phone, by_letter, by_mail = db.session.scalars(
        sa.select(Nomination).order_by(Nomination.reference)).all()
    assert (by_phone.nominator_phone, by_phone.nominator_email) == ("20 30 40 50", "")
    assert (by_letter.nominator_address, by_letter.nominator_email) == (ADDRESS, "")
    # No edit link exists for a nomination without the nominator's own e-mail address.
    assert by_phone.edit_token_hash is None and by_letter.edit_token_hash is None
    assert by_mail.edit_token_hash is not None

    # The contact person is told of all three (GDPR art. 14); only the nominator with an
    # address of their own gets a receipt, and no one else gets an edit link.
    received = [(m["To"], m.get_content()) for m in smtp.messages]
    assert sorted(to for to, _body in received) == ["karen@example.dk"] * 3 + ["ole@example.dk"]
    links = [to for to, body in received if re.search(r"/indstilling/[A-Za-z0-9_-]{20,}", body)]
    assert links == ["ole@example.dk"]
    assert db.session.scalars(sa.select(OutboxMessage.nomination_id).where(
        OutboxMessage.kind == "nomination.receipt")).all() == [by_mail.id]
    receipts = {json.loads(entry.details)["receipt"] for entry in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "nomination.registered"))}
    assert receipts == {"letter", "e-mail"}


def test_import_refuses_a_nominator_who_cannot_be_reached(runner, cycle, tmp_path):
    path = tmp_path / "breve.json"
    path.write_text(json.dumps([
        item(nominator={"email": "", "phone": "", "address": ""}),
        item(nominator={"email": "", "address": ["Storegade 12"]}),
    ]), encoding="utf-8")
    result = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert result.exit_code != 0
    assert f"item 1: nominator.email: {MISSING}" in result.output
    assert "item 2: nominator.address: must be text" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_register_by_letter_on_the_web_and_print_the_receipt_letter(office, cycle, clock):
    refused = office.post(PAGE, data=registration(cycle, office, nominator_email=""))
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert MISSING in page and 'href="#nominator_email"' in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0

    response = office.post(PAGE, data=registration(cycle, office, nominator_email="",
                                                   nominator_address=ADDRESS))
    assert response.status_code == 302
    nomination = db.session.scalar(sa.select(Nomination))
    assert nomination.nominator_address == ADDRESS and nomination.edit_token_hash is None
    assert db.session.scalars(sa.select(OutboxMessage.to_address)).all() == [
        "karen.jensen@example.dk"]  # the contact person's notice, no receipt

    page = office.get(response.location).get_data(as_text=True)
    assert "Indstilleren har ingen e-mail og har ikke fået en kvittering." in page
    assert "Storegade 12, 1. th." in page
    letter_url = f"/sekretariat/2024/indstillinger/{nomination.reference}/kvitteringsbrev.pdf"
    assert letter_url in page and "Kvitteringsbrev (PDF)" in page

    letter = office.get(letter_url)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert "attachment" in letter.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(letter.data))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for expected in (nomination.reference, "Ole Brev", "Storegade 12, 1. th.", "4800 Nykøbing F",
                     "Flexklinikken", "Hvad sker der nu?", "Juryen bedømmer indstillingerne",
                     "Kontakt sekretariatet, hvis du vil rette indstillingen", "35 29 81 00",
                     "patientoplevelse@regioner.dk"):
        assert expected in text, expected
    assert "/indstilling/" not in text  # no edit link in a letter
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.receipt_letter"))
    assert entry.object_id == nomination.reference and entry.actor == "sekretariat@example.dk"


def test_no_letter_once_the_personal_data_is_purged(office, cycle, clock, make_nomination):
    nomination = make_nomination(cycle)
    clock.set(JUDGING)
    retention.purge_cycle(cycle, clock(), actor="system", force=True, reason="Test.")
    db.session.commit()
    page_url = f"/sekretariat/2024/indstillinger/{nomination.reference}"
    assert "Kvitteringsbrev (PDF)" not in office.get(page_url).get_data(as_text=True)
    refused = office.get(f"{page_url}/kvitteringsbrev.pdf", follow_redirects=True)
    assert "Persondata for 2024 er slettet" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "nomination.receipt_letter")) == 0


def test_the_registration_page_speaks_of_the_nominator_in_the_third_person(office, cycle):
    page = office.get(PAGE).get_data(as_text=True)
    for label in ("Indstillerens navn", "Indstillerens e-mail", "Indstillerens telefonnummer",
                  "Indstillerens postadresse", "Indstillerens relation til initiativet",
                  "Indstilleren er orienteret om, hvordan oplysningerne bruges"):
        assert label in page, label
    for second_person in ("Om dig", "Dit navn", "Din e-mail", "Dit telefonnummer",
                          "Hvad er din relation", "Skriv det, du ved"):
        assert second_person not in page, second_person
    refused = office.post(PAGE, data={"csrf_token": csrf_token(office, PAGE)})
    errors = refused.get_data(as_text=True)
    for message in ("Skriv indstillerens navn.", "Vælg indstillerens relation til initiativet.",
                    MISSING):
        assert message in errors, message
    for second_person in ("Skriv dit navn.", "Skriv din e-mailadresse.", "Vælg din relation"):
        assert second_person not in errors, second_person


def test_the_nomination_page_names_the_nominator_in_the_third_person(office, cycle,
                                                                    make_nomination):
    nomination = make_nomination(cycle)
    page = office.get(f"/sekretariat/2024/indstillinger/{nomination.reference}")
    text = page.get_data(as_text=True)
    assert ">Indstilleren</h2>" in text and "Om dig" not in text


def test_the_address_is_exported_handed_over_and_purged(cycle, clock):
    values = answers_form(cycle, nominator_email="ole@example.dk", nominator_address=ADDRESS)
    nomination = nominations.register(cycle, values, actor="system", at=clock(),
                                      edit_url=lambda token: f"/indstilling/{token}")
    db.session.commit()
    table = exports.nominations_table(cycle, personal_data=True)
    column = [c.header for c in table.columns].index("Indstillerens postadresse")
    assert table.rows[0][column] == ADDRESS
    assert "Indstillerens postadresse" not in [
        c.header for c in exports.nominations_table(cycle).columns]
    found = retention.subject_access("ole@example.dk", clock())
    assert found["nominations"][0]["personal_data"]["nominator_address"] == ADDRESS

    clock.set(JUDGING)
    retention.purge_cycle(cycle, clock(), actor="system", force=True, reason="Test.")
    db.session.commit()
    db.session.refresh(nomination)
    assert nomination.nominator_address == retention.PURGED
