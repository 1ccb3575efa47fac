"""Nominations the secretariat registers: in the web, and imported from a JSON file, all or
none; after the deadline late, with a reason, and marked wherever they are listed."""

import io
import json
import re

import pytest
import sqlalchemy as sa
from conftest import JUDGING, answers_form, csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination, NominationStatus

PAGE = "/sekretariat/2024/indstillinger/ny"


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def item(**overrides) -> dict:
    data = {"initiative": {"name": "Flexklinikken", "region": "Region Hovedstaden",
                           "organisation": "Bispebjerg og Frederiksberg Hospital", "unit": "",
                           "description": "En klinik uden tidsbestilling."},
            "answers": {str(n): f"Svar {n} fra brevet." for n in range(1, 8)},
            "theme_answer": "",
            "contact": {"name": "Karen Jensen", "email": "karen@example.dk",
                        "phone": "35 31 35 31"},
            "nominator": {"name": "Ole Brev", "email": "ole@example.dk", "phone": "",
                          "relation": "andet"}}
    for key, value in overrides.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    return data


def test_register_a_letter_in_the_web(office, cycle):
    data = {**answers_form(cycle, nominator_name="Ole Brev"),
            "csrf_token": csrf_token(office, PAGE)}
    data.pop("privacy_confirmed")
    refused = office.post(PAGE, data=data)
    assert refused.status_code == 400
    assert "Bekræft, at indstilleren er orienteret" in refused.get_data(as_text=True)
    response = office.post(PAGE, data={**data, "privacy_confirmed": "y"})
    assert response.status_code == 302
    nomination = db.session.scalar(sa.select(Nomination))
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.entered_by == "sekretariat@example.dk" and not nomination.is_late
    assert db.session.scalars(sa.select(OutboxMessage.to_address)).all() == [
        "soeren@example.dk", "karen.jensen@example.dk"]


def test_after_the_deadline_it_is_late_and_needs_a_reason(office, cycle, clock):
    clock.set(JUDGING)
    data = {**answers_form(cycle), "csrf_token": csrf_token(office, PAGE)}
    page = office.post(PAGE, data=data).get_data(as_text=True)
    assert "registreres som for sen. Skriv begrundelsen." in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0
    for bad, message in (("Posten\x00kom", "Feltet indeholdt usynlige tegn"),
                         ("x" * 2001, "Teksten må højst være 2000 tegn lang.")):
        refused = office.post(PAGE, data={**data, "late_reason": bad})
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0
    response = office.post(PAGE, data={**data, "late_reason": "Posten kom 14. januar."})
    assert response.status_code == 302
    nomination = db.session.scalar(sa.select(Nomination))
    assert nomination.late_reason == "Posten kom 14. januar."
    listing = office.get("/sekretariat/2024/indstillinger").get_data(as_text=True)
    assert "for sent" in listing
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.registered"))
    assert json.loads(entry.details)["late"] is True


def test_import_all_or_none_with_errors_naming_item_and_field(runner, cycle, clock, tmp_path):
    path = tmp_path / "breve.json"
    only_one_answer = {**item(), "answers": {"1": "Kun ét svar."}}
    path.write_text(json.dumps([item(), item(contact={"email": "ikke-en-adresse"}),
                                only_one_answer]), encoding="utf-8")
    result = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert result.exit_code != 0
    assert "item 2: contact.email: Skriv en e-mailadresse" in result.output
    assert "item 3: answers.2: Skriv, hvordan initiativet opfylder kriterium 2." in result.output
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0

    path.write_text(json.dumps([item(), item(initiative={"name": "Broen"})]), encoding="utf-8")
    clock.set(JUDGING)
    late = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert late.exit_code != 0 and "--late --reason" in late.output
    result = runner.invoke(args=["nominations", "import", "--year", "2024", str(path), "--late",
                                 "--reason", "Modtaget med posten efter fristen."])
    assert result.exit_code == 0, result.output
    assert "Imported 2 nominations: AP-2024-0001, AP-2024-0002 (late)" in result.output
    listed = json.loads(runner.invoke(args=["nominations", "list", "--year", "2024",
                                            "--json"]).output)
    assert [(row["late"], row["entered_by"]) for row in listed] == [(True, "system")] * 2
    assert runner.invoke(args=["nominations", "import", "--year", "2024",
                               str(tmp_path / "findes-ikke.json")]).exit_code != 0
    path.write_text("{ikke json", encoding="utf-8")
    broken = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert broken.exit_code != 0 and "the file is not JSON" in broken.output


def test_an_archived_cycle_takes_no_more_nominations(office, cycle, clock):
    cycle.purged_at = clock()
    db.session.commit()
    data = {**answers_form(cycle), "csrf_token": csrf_token(office, PAGE)}
    page = office.post(PAGE, data=data).get_data(as_text=True)
    assert "årgangen er arkiveret" in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def post_registration(office, data, files=()):
    return office.post(PAGE, data={**data, "attachments": [
        (io.BytesIO(content), name) for name, content in files]},
        content_type="multipart/form-data")


def draft_key_in(page: str) -> str:
    return re.search(r'name="draft_key" type="hidden" value="([^"]+)"', page).group(1)


def test_a_file_sent_with_a_refused_registration_is_kept(office, cycle, clock):
    """The letter's enclosure is attached once: a refused post (a field missing, then the
    late reason missing) keeps it, and the registered nomination has it."""
    clock.set(JUDGING)
    data = {**answers_form(cycle, initiative_name=""), "csrf_token": csrf_token(office, PAGE)}
    refused = post_registration(office, data, [("brevets-bilag.pdf", PDF_BYTES)])
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Skriv initiativets navn." in page
    assert "Fjern brevets-bilag.pdf" in page
    data["draft_key"] = draft_key_in(page)
    page = post_registration(office, {**data, "initiative_name": "Flexklinikken"}).get_data(
        as_text=True)
    assert "registreres som for sen. Skriv begrundelsen." in page
    assert 'href="#late_reason"' in page and "Fjern brevets-bilag.pdf" in page
    assert db.session.scalar(sa.select(Nomination.status)) == NominationStatus.DRAFT
    response = post_registration(office, {**data, "initiative_name": "Flexklinikken",
                                          "late_reason": "Brevet kom 15. januar."})
    assert response.status_code == 302
    # A second press of the button registers nothing more.
    again = post_registration(office, {**data, "initiative_name": "Flexklinikken",
                                       "late_reason": "Brevet kom 15. januar."})
    assert again.status_code == 302 and again.location == response.location
    [nomination] = db.session.scalars(sa.select(Nomination)).all()
    assert nomination.status == NominationStatus.SUBMITTED and nomination.is_late
    assert [(a.filename, a.data) for a in nomination.attachments] == [
        ("brevets-bilag.pdf", PDF_BYTES)]
    shown = office.get(response.location).get_data(as_text=True)
    assert "brevets-bilag.pdf" in shown


def test_the_public_form_never_opens_a_registration_draft(office, client, cycle):
    data = {**answers_form(cycle, initiative_name=""), "csrf_token": csrf_token(office, PAGE)}
    key = draft_key_in(post_registration(office, data, [("brev.pdf", PDF_BYTES)]).get_data(
        as_text=True))
    assert client.get(f"/indstil/{key}").status_code == 404
    assert client.get(f"/indstil/{key}/tjek").status_code == 404
    public = {**answers_form(cycle), "csrf_token": csrf_token(client), "draft_key": key}
    assert client.post("/indstil", data=public).status_code == 302
    registration_draft = db.session.scalar(sa.select(Nomination).where(
        Nomination.draft_key == key))
    assert registration_draft.initiative_name == "" and registration_draft.entered_by
