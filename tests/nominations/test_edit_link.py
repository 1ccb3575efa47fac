"""The private edit link from the receipt: view, correct, withdraw until the deadline."""

import io
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award.audit.models import AuditEntry
from award.extensions import db
from award.nominations.models import NominationStatus

AFTER_DEADLINE = datetime(2024, 1, 13, 23, 0, tzinfo=UTC)


def test_the_link_shows_the_nomination(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    page = client.get(f"/indstilling/{nomination.edit_token}").get_data(as_text=True)
    assert "AP-2024-0001" in page and "Flexklinikken" in page and "Ret indstillingen" in page


def test_a_correction_is_saved_and_audited(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/ret"
    data = answers_form(cycle, description="Rettet beskrivelse.", csrf_token=csrf_token(client,
                                                                                        path))
    response = client.post(path, data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dine rettelser er gemt." in page and "Rettet beskrivelse." in page
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.corrected"))
    assert entry.object_id == "AP-2024-0001" and '"description"' in entry.details


def test_a_refused_correction_shows_what_was_written(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/ret"
    data = answers_form(cycle, description="Ny tekst.", contact_email="ikke-en-adresse",
                        csrf_token=csrf_token(client, path))
    page = client.post(path, data=data).get_data(as_text=True)
    assert "Skriv en e-mailadresse i formatet navn@eksempel.dk." in page and "Ny tekst." in page
    db.session.refresh(nomination)
    assert nomination.description != "Ny tekst."


def test_a_file_sent_with_a_refused_correction_is_kept_and_audited(client, cycle,
                                                                  make_nomination):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/ret"
    data = answers_form(cycle, description="Ny tekst.", contact_email="ikke-en-adresse",
                        csrf_token=csrf_token(client, path))
    data["attachments"] = [(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "rapport.pdf")]
    page = client.post(path, data=data, content_type="multipart/form-data").get_data(
        as_text=True)
    assert "Skriv en e-mailadresse i formatet navn@eksempel.dk." in page
    assert "Fjern rapport.pdf" in page and "ikke gemt" not in page
    db.session.refresh(nomination)
    assert nomination.description != "Ny tekst."
    assert [a.filename for a in nomination.attachments] == ["rapport.pdf"]
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.corrected"))
    assert json.loads(entry.details) == {"attachments_added": ["rapport.pdf"],
                                         "attachments_removed": [], "fields": []}
    # A refused post that changes no file (a forged id to remove) records nothing.
    data.pop("attachments")
    client.post(path, data={**data, "remove_attachment": "999999"})
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "nomination.corrected")) == 1


def test_withdrawal_is_confirmed_saved_and_audited(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/traek-tilbage"
    assert "Vil du trække indstillingen AP-2024-0001 tilbage?" in client.get(path).get_data(
        as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Indstillingen blev trukket tilbage" in page and "Ret indstillingen" not in page
    db.session.refresh(nomination)
    assert nomination.status == NominationStatus.WITHDRAWN
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "nomination.withdrawn" in actions


def test_after_the_deadline_the_link_only_shows(client, cycle, make_nomination, clock):
    nomination = make_nomination(cycle)
    token = nomination.edit_token
    clock.set(AFTER_DEADLINE)
    page = client.get(f"/indstilling/{token}").get_data(as_text=True)
    assert "Fristen er udløbet, så indstillingen kan ikke længere ændres." in page
    assert "Ret indstillingen" not in page
    assert client.get(f"/indstilling/{token}/ret").headers["Location"] == f"/indstilling/{token}"
    clock.set(AFTER_DEADLINE.replace(hour=10))  # fetch tokens while the form is open
    correct_csrf = csrf_token(client, f"/indstilling/{token}/ret")
    withdraw_csrf = csrf_token(client, f"/indstilling/{token}/traek-tilbage")
    clock.set(AFTER_DEADLINE)
    data = answers_form(cycle, description="For sent.", csrf_token=correct_csrf)
    page = client.post(f"/indstilling/{token}/ret", data=data).get_data(as_text=True)
    assert "Fristen er udløbet" in page and "For sent." in page
    page = client.post(f"/indstilling/{token}/traek-tilbage",
                       data={"csrf_token": withdraw_csrf}).get_data(as_text=True)
    assert "Fristen er udløbet" in page
    db.session.refresh(nomination)
    assert nomination.description != "For sent." and nomination.status == "submitted"


def test_the_edit_token_is_not_stored_in_clear(cycle, make_nomination):
    nomination = make_nomination(cycle)
    assert nomination.edit_token not in (nomination.edit_token_hash, nomination.draft_key)
    assert len(nomination.edit_token_hash) == 64


def test_pages_never_leak_the_link_through_the_referrer(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    response = client.get(f"/indstilling/{nomination.edit_token}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/award.css").headers.get("Cache-Control", "")


def test_the_draft_link_in_the_history_shows_no_personal_data_to_another_browser(app, client,
                                                                                 cycle):
    key = "k" * 32
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=key)
    client.post("/indstil", data=data)
    client.post(f"/indstil/{key}/tjek", data={"csrf_token": csrf_token(client,
                                                                        f"/indstil/{key}/tjek")})
    own = client.get(f"/indstil/{key}/kvittering").get_data(as_text=True)
    assert "soeren@example.dk" in own and "/indstilling/" in own
    stranger = app.test_client().get(f"/indstil/{key}/kvittering")
    page = stranger.get_data(as_text=True)
    assert stranger.status_code == 200 and "AP-2024-0001" in page
    assert "soeren@example.dk" not in page and "/indstilling/" not in page
    assert "Søren" not in page


def test_a_correction_after_the_deadline_names_the_deadline_and_offers_no_button(
        client, cycle, make_nomination, clock):
    nomination = make_nomination(cycle)
    path = f"/indstilling/{nomination.edit_token}/ret"
    csrf = csrf_token(client, path)
    clock.set(AFTER_DEADLINE)
    data = answers_form(cycle, description="For sent.", contact_email="ikke-en-adresse",
                        csrf_token=csrf)
    page = client.post(path, data=data).get_data(as_text=True)
    assert "Fristen er udløbet, så indstillingen kan ikke længere ændres" in page
    assert "Skriv en e-mailadresse i formatet" not in page
    assert ">Gem rettelserne</button>" not in page and "For sent." in page
