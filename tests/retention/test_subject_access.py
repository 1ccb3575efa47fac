"""`award subject-access --email E` and its secretariat page: everything held about one
address, matched without regard to case, as JSON; never a password hash or a token; recorded
in the audit log without the address; nothing left for a nominator after the purge."""

import io
import json
import re

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from pypdf import PdfReader
from retention_data import DRAFT, DUE, GRANT_RUNS, PEOPLE, WITHDRAWN, judged_and_announced

from award.audit.models import AuditEntry
from award.auth.models import User, UserToken
from award.extensions import db

PAGE = "/sekretariat/persondata/indsigt"


@pytest.fixture
def announced(cycle, make_nomination, make_juror, open_round, clock):
    return judged_and_announced(cycle, make_nomination, make_juror, open_round, clock)


def access(runner, email):
    result = runner.invoke(args=["subject-access", "--email", email])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def exported():
    return db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "subject_access.exported").order_by(AuditEntry.id)).all()


def test_a_nominator_gets_their_nomination_answers_files_and_mail(runner, announced):
    entries, *_ = announced
    person = PEOPLE[0]
    found = access(runner, person["nominator_email"].upper())
    assert found["address"] == person["nominator_email"]
    [held] = found["nominations"]
    assert held["reference"] == entries[0].reference and held["as"] == ["nominator"]
    assert held["personal_data"] == {
        "nominator_name": person["nominator_name"], "nominator_email": person["nominator_email"],
        "nominator_phone": person["nominator_phone"], "nominator_address": "",
        "nominator_relation": "patient"}
    # The contact person's data is a third party's: not handed to the nominator.
    assert person["contact_email"] not in json.dumps(held["personal_data"])
    assert held["initiative"]["name"] == "Flexklinikken"
    assert [a["criterion"] for a in held["answers"]] == list(range(1, 8))
    assert held["answers"][0]["text"] == "Svar på kriterium 1."
    assert held["attachments"] == []
    [receipt] = found["outbox"]
    assert receipt["kind"] == "nomination.receipt"
    # The edit link in the unsent receipt is blanked.
    assert "/indstilling/" not in receipt["body"] and "[privat link fjernet" in receipt["body"]
    assert found["account"] is None and found["jury_seats"] == []
    assert found["audit_entries"] == []


def test_a_contact_person_and_a_draft_are_found_whatever_the_case(runner, announced):
    found = access(runner, "karen.kontaktsen@EXAMPLE.dk")
    [held] = found["nominations"]
    assert held["as"] == ["contact"]
    assert held["personal_data"]["contact_email"] == PEOPLE[0]["contact_email"]
    assert "nominator_name" not in held["personal_data"]
    assert [m["kind"] for m in found["outbox"]] == ["nomination.contact_notice"]

    withdrawn = access(runner, WITHDRAWN["nominator_email"])["nominations"]
    assert [n["status"] for n in withdrawn] == ["withdrawn"]
    [draft] = access(runner, DRAFT["contact_email"])["nominations"]
    assert draft["status"] == "draft" and draft["reference"] is None
    assert draft["attachments"][0]["filename"] == "kladde.pdf"


def test_a_juror_gets_the_account_seats_sheets_and_own_log_entries(runner, announced, app):
    found = access(runner, "Anna@Example.dk")
    account = found["account"]
    assert account["name"] == "Anna Ågård" and account["role"] == "juror"
    assert set(account) == {"name", "email", "role", "active", "created_at", "password_set_at",
                            "last_login_at"}
    [seat] = found["jury_seats"]
    assert seat["cycle"] == 2024 and seat["weight"] == "0.50"
    assert len(seat["score_sheets"]) == 3
    assert [m["kind"] for m in found["outbox"]] == ["round.reminder"]
    entries = found["audit_entries"]
    matched = {(entry["action"], tuple(entry["matched_in"])) for entry in entries}
    assert {("user.created", ("object",)), ("juror.added", ("object",)),
            ("round.opened", ("details",)), ("sheet.submitted", ("actor", "details"))} <= matched
    # Only Anna's: one account and one seat, three sheets; none of Bo's entries.
    assert [entry["action"] for entry in entries].count("juror.added") == 1
    assert [entry["action"] for entry in entries].count("sheet.submitted") == 3
    assert set(entries[0]) == {"action", "at", "object_type", "object_id", "matched_in"}
    assert {"table": "score_sheets", "column": "entered_by", "rows": 3} in \
        found["recorded_as_actor"]
    text = json.dumps(found)
    user = db.session.scalar(sa.select(User).where(User.email == "anna@example.dk"))
    assert user.password_hash not in text and user.session_stamp not in text
    for token in db.session.scalars(sa.select(UserToken.token_hash)):
        assert token not in text


def test_nothing_is_left_for_a_nominator_after_the_purge(runner, announced, clock):
    clock.set(DUE)
    assert runner.invoke(args=["purge", "--year", "2024"]).exit_code == 0
    for address in (PEOPLE[0]["nominator_email"], PEOPLE[0]["contact_email"],
                    DRAFT["nominator_email"]):
        found = access(runner, address)
        assert (found["nominations"], found["outbox"], found["account"], found["jury_seats"],
                found["audit_entries"], found["recorded_as_actor"]) == (
            [], [], None, [], [], []), address
    # The juror is still there: jurors are not part of the purge.
    assert access(runner, "anna@example.dk")["account"] is not None


def test_it_is_recorded_without_the_address(runner, announced):
    access(runner, PEOPLE[1]["nominator_email"])
    [entry] = exported()
    assert entry.actor == "system" and entry.object_id == "not recorded"
    assert json.loads(entry.details) == {"nominations": 1, "messages": 1, "account": False,
                                         "jury_seats": 0, "audit_entries": 0}
    assert "example.dk" not in entry.details


@pytest.mark.parametrize("email", ["", "ikke en adresse", "a@b@c", "x" * 250 + "@e.dk"])
def test_not_an_address_is_refused(runner, announced, email):
    result = runner.invoke(args=["subject-access", "--email", email])
    assert result.exit_code != 0 and "is not an e-mail address" in result.output
    assert exported() == []


def test_the_page_downloads_the_same_json_on_request(app, announced, make_user, clock):
    office = app.test_client()
    login(office, make_user())
    page = office.get(PAGE)
    assert page.status_code == 200 and "Indsigt for én person" in page.get_data(as_text=True)

    refused = office.post(PAGE, data={"csrf_token": csrf_token(office, PAGE),
                                      "email": "ikke en adresse"})
    assert refused.status_code == 400
    assert "navn@eksempel.dk" in refused.get_data(as_text=True)
    assert exported() == []

    response = office.post(PAGE, data={"csrf_token": csrf_token(office, PAGE),
                                       "email": " Karen.Kontaktsen@example.dk ",
                                       "what": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == "attachment; filename=indsigt-2024-01-15.json"
    assert response.headers["Cache-Control"] == "no-store"
    found = json.loads(response.get_data())
    assert found["nominations"][0]["as"] == ["contact"]
    [entry] = exported()
    assert entry.actor == "sekretariat@example.dk" and "karen" not in entry.details.lower()


def test_only_the_secretariat(app, announced):
    anonymous = app.test_client()
    assert anonymous.get(PAGE).status_code in (302, 403)
    assert anonymous.post(PAGE, data={"email": "anna@example.dk"}).status_code in (302, 400, 403)
    assert exported() == []


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_page_gives_a_danish_document_to_hand_to_the_person(app, announced, make_user,
                                                                 clock):
    """The default download: a PDF in plain Danish that lists what is held, also when the
    secretariat's own pages are in English."""
    entries, *_ = announced
    person = PEOPLE[0]
    clock.set(GRANT_RUNS)
    office = app.test_client()
    login(office, make_user())
    form = office.get(f"{PAGE}?lang=en").get_data(as_text=True)
    assert 'name="what"' in form and 'value="pdf" checked' in form
    for forged in ("", "xml"):
        refused = office.post(PAGE, data={"csrf_token": csrf_token(office, PAGE),
                                          "email": person["nominator_email"], "what": forged})
        assert refused.status_code == 400 and refused.mimetype == "text/html", forged
    assert exported() == []
    response = office.post(PAGE, data={"csrf_token": csrf_token(office, PAGE),
                                       "email": person["nominator_email"].upper(),
                                       "what": "pdf"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=indsigt-2025-06-02.pdf"
    text = pdf_text(response.get_data())
    for expected in (
            "Indsigt i dine personoplysninger",
            f"e-mailadressen {person['nominator_email']}",
            "Danske Regioner er dataansvarlig", "Du kan klage til Datatilsynet",
            f"Flexklinikken ({entries[0].reference}, 2024)", "Du står som Indstiller",
            f"Navn {person['nominator_name']}", f"Telefonnummer {person['nominator_phone']}",
            "Relation til initiativet Patient", "Svar på kriterium 7 Svar på kriterium 7.",
            "Personoplysninger slettes tidligst den 31. december 2026: 12 måneder efter "
            "rejselegatets udløb den 31. december 2025.",
            "E-mails til dig", "Private links i e-mailene er fjernet her."):
        assert expected in text, expected
    # The contact person's details are a third party's: not among the nominator's own (only
    # in the receipt they were sent, which repeats what they wrote).
    assert f"Navn {person['contact_name']}" not in text
    assert f"E-mailadresse {person['contact_email']}" not in text
    assert "/indstilling/" not in text
    [entry] = exported()
    assert "example.dk" not in entry.details


def test_a_jurors_document_and_an_unknown_address(runner, announced, tmp_path):
    out = tmp_path / "indsigt.pdf"
    result = runner.invoke(args=["subject-access", "--email", "anna@example.dk",
                                 "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    for expected in ("Din brugerkonto", "Navn Anna Ågård", "Rolle Jurymedlem",
                     "Juryen for 2024", "Vægt 0.50", "Runde 1,", "Indsendt",
                     "Handlinger, der er skrevet ned", "sheet.submitted"):
        assert expected in text, expected
    refused = runner.invoke(args=["subject-access", "--email", "anna@example.dk",
                                  "--format", "pdf"])
    assert refused.exit_code != 0 and "--out" in refused.output

    nobody = tmp_path / "ingen.pdf"
    assert runner.invoke(args=["subject-access", "--email", "ingen@example.dk", "--format",
                               "pdf", "--out", str(nobody)]).exit_code == 0
    assert "Vi har ingen oplysninger om denne e-mailadresse." in pdf_text(nobody.read_bytes())
    assert len(exported()) == 2
