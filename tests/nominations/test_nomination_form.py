"""The public form's rules, through HTTP as a browser sends them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award.audit.models import AuditEntry
from award.extensions import db
from award.nominations import services
from award.nominations.models import Nomination, NominationStatus


def post_form(client, cycle, files=(), **overrides):
    data = answers_form(cycle, **overrides)
    data.setdefault("csrf_token", csrf_token(client))
    data.setdefault("draft_key", "k" * 32)
    if files:
        data["attachments"] = list(files)
    return client.post("/indstil", data=data, content_type="multipart/form-data")


def submit(client, key):
    token = csrf_token(client, f"/indstil/{key}/tjek")
    return client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})


def submitted_nominations():
    return db.session.scalars(
        sa.select(Nomination).where(Nomination.status != NominationStatus.DRAFT)
    ).all()


def test_a_complete_form_leads_to_check_answers_then_a_reference(client, cycle):
    response = post_form(client, cycle)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indstil/{'k' * 32}/tjek"
    check = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tjek dine svar" in check and "Flexklinikken" in check and "Søren Ærø" in check

    receipt = submit(client, "k" * 32)
    assert receipt.status_code == 302
    page = client.get(receipt.headers["Location"]).get_data(as_text=True)
    assert 'Dit referencenummer er <strong class="award-reference">AP-2024-0001</strong>' in page
    assert re.search(r"/indstilling/[A-Za-z0-9_-]{40,}", page), "the private edit link is shown"
    [nomination] = submitted_nominations()
    assert nomination.reference == "AP-2024-0001"


def test_the_session_cookie_stays_small_however_many_are_submitted(client, cycle, app):
    # A patient organisation nominating many initiatives from one browser.
    app.config.update(NOMINATION_FORM_RATE_LIMIT="1000/hour",
                      NOMINATION_SUBMIT_RATE_LIMIT="1000/hour")
    for number in range(60):
        key = f"{number:02d}" + "k" * 30
        post_form(client, cycle, draft_key=key)
        submit(client, key)
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 1000, len(cookie.value)
    assert len(submitted_nominations()) == 60


def test_references_count_up_per_cycle(client, cycle, make_nomination):
    first, second = make_nomination(cycle), make_nomination(cycle)
    assert (first.reference, second.reference) == ("AP-2024-0001", "AP-2024-0002")


def test_every_required_field_missing_is_named_in_the_summary_and_beside_it(client, cycle):
    empty = {name: "" for name in answers_form(cycle)}
    response = post_form(client, cycle, **empty)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    expected = {
        "initiative_name": "Skriv initiativets navn.",
        "region-0": "Vælg en region.",
        "organisation": "Skriv hospitalets eller organisationens navn.",
        "description": "Beskriv kort initiativet.",
        "answer_1": "Skriv, hvordan initiativet opfylder kriterium 1.",
        "answer_7": "Skriv, hvordan initiativet opfylder kriterium 7.",
        "contact_name": "Skriv navnet på en kontaktperson ved initiativet.",
        "contact_email": "Skriv kontaktpersonens e-mailadresse.",
        "contact_phone": "Skriv et telefonnummer.",
        "nominator_name": "Skriv dit navn.",
        "nominator_email": "Skriv din e-mailadresse.",
        "nominator_relation-0": "Vælg din relation til initiativet.",
        "privacy_confirmed": "Bekræft, at du har læst, hvordan oplysningerne bruges.",
    }
    summary = page.split('data-module="error-summary"')[1].split("</ul>")[0]
    links = re.findall(r'href="#([^"]+)">([^<]+)</a>', summary)
    assert [anchor for anchor, _ in links] == [  # in the order of the page
        "initiative_name", "region-0", "organisation", "description",
        *(f"answer_{n}" for n in range(1, 8)), "contact_name", "contact_email", "contact_phone",
        "nominator_name", "nominator_email", "nominator_relation-0", "privacy_confirmed"]
    for anchor, message in expected.items():
        assert (anchor, message) in links, anchor
    assert page.count('class="form-error-message"') == 18  # 7 criteria + 11 other fields
    assert "unit-error" not in page and "nominator_phone-error" not in page  # optional
    assert submitted_nominations() == []


def test_answers_of_only_spaces_are_missing_answers(client, cycle):
    response = post_form(client, cycle, answer_3="   \r\n  ", initiative_name="  ",
                         contact_email="   ")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in ("Skriv, hvordan initiativet opfylder kriterium 3.",
                    "Skriv initiativets navn.", "Skriv kontaktpersonens e-mailadresse."):
        assert f">{message}</a>" in page, message


def test_over_long_text_invalid_email_and_phone_are_refused_with_the_text_kept(client, cycle):
    long_answer = "Lang tekst " * 300  # 3300 characters
    response = post_form(client, cycle, answer_3=long_answer, contact_email="karen@",
                         nominator_phone="ring til mig")
    page = response.get_data(as_text=True)
    assert "Teksten må højst være 3000 tegn lang." in page
    assert "Skriv en e-mailadresse i formatet navn@eksempel.dk." in page
    assert "Skriv et gyldigt telefonnummer, fx 12 34 56 78 eller +45 12 34 56 78." in page
    assert long_answer.strip() in page
    assert 'value="karen@"' in page
    assert submitted_nominations() == []


def test_line_breaks_count_as_one_character_as_on_the_page(client, cycle):
    paragraphs = "\r\n".join(["x" * 99] * 20)  # 1980 characters and 19 line breaks
    assert post_form(client, cycle, description=paragraphs).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(Nomination.description)) == paragraphs.replace("\r\n", "\n")


@pytest.mark.parametrize("field", [
    "initiative_name", "organisation", "unit", "description", "answer_1", "answer_7",
    "contact_name", "nominator_name",
])
def test_html_and_script_are_shown_as_text_never_run(client, cycle, field):
    attack = '<script>alert("x")</script><b onmouseover="alert(1)">fed</b>'
    assert post_form(client, cycle, **{field: attack}).status_code == 302
    page = client.get(f"/indstil/{'k' * 32}/tjek").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<b onmouseover" not in page


def test_html_is_escaped_when_a_refused_form_is_shown_again(client, cycle):
    attack = '"><script>alert(1)</script>'
    page = post_form(client, cycle, initiative_name=attack, contact_email="x").get_data(
        as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&#34;&gt;&lt;script&gt;" in page


def test_danish_letters_and_emoji_are_kept_intact(client, cycle, smtp):
    text = "Æblegrød på Ærø – sådan! 👩‍⚕️🏥 «citat»"
    post_form(client, cycle, initiative_name=text, description=text, nominator_name="Åse Øster")
    submit(client, "k" * 32)
    [nomination] = submitted_nominations()
    assert nomination.initiative_name == text and nomination.description == text
    assert nomination.nominator_name == "Åse Øster"
    [receipt] = smtp.to("soeren@example.dk")
    assert text in receipt.get_content()


def test_a_double_submit_makes_one_nomination(client, cycle):
    post_form(client, cycle)
    key = "k" * 32
    token = csrf_token(client, f"/indstil/{key}/tjek")
    first = client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})
    second = client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(submitted_nominations()) == 1
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("nomination.submitted") == 1


def test_posting_the_form_again_after_submitting_does_not_make_another(client, cycle):
    post_form(client, cycle)
    submit(client, "k" * 32)
    response = post_form(client, cycle)  # the back button, then "Fortsæt" again
    assert response.status_code == 302 and response.headers["Location"].endswith("/kvittering")
    assert len(submitted_nominations()) == 1


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_a_missing_or_wrong_csrf_token_refuses_but_keeps_the_answers(client, cycle, token):
    data = answers_form(cycle, description="Mit lange svar om klinikken.", draft_key="k" * 32)
    if token:
        data["csrf_token"] = token
    response = client.post("/indstil", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mit lange svar om klinikken." in page
    assert "Der er problemer med det, du har skrevet" in page
    assert "Siden har været åben længe, så af sikkerhedshensyn skal du sende den igen." in page
    assert "CSRF" not in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_the_submit_button_needs_a_valid_csrf_token(client, cycle):
    post_form(client, cycle)
    response = client.post(f"/indstil/{'k' * 32}/tjek", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert submitted_nominations() == []


def test_a_filled_honeypot_saves_nothing(client, cycle):
    response = post_form(client, cycle, website="http://spam.example")
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_the_check_page_sends_an_incomplete_draft_back_to_the_form(client, cycle, clock):
    # E.g. a draft stored before a criterion was added to the cycle.
    draft = services.open_draft(cycle, "k" * 32, "da", clock())
    services.apply_answers(draft, answers_form(cycle, initiative_name=""), clock())
    db.session.commit()
    response = client.get(f"/indstil/{'k' * 32}/tjek")
    assert response.status_code == 302 and response.headers["Location"] == f"/indstil/{'k' * 32}"


def test_a_refused_form_stores_nothing(client, cycle):
    page = post_form(client, cycle, initiative_name="").get_data(as_text=True)
    assert "Skriv initiativets navn." in page and "Svar på kriterium 7." in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0
    assert client.get(f"/indstil/{'k' * 32}/tjek").status_code == 404


def test_an_unknown_draft_or_edit_link_is_not_found(client, cycle):
    assert client.get(f"/indstil/{'x' * 32}/tjek").status_code == 404
    assert client.get(f"/indstilling/{'x' * 43}").status_code == 404
    assert client.get("/indstilling/short").status_code == 404


# ---------------------------------------------------------------- the deadline

DEADLINE = datetime(2024, 1, 13, 23, 0, tzinfo=UTC)  # end of 13 January 2024, Copenhagen


def test_one_second_before_the_deadline_is_accepted(client, cycle, clock):
    post_form(client, cycle)
    clock.set(DEADLINE - timedelta(seconds=1))
    assert submit(client, "k" * 32).headers["Location"].endswith("/kvittering")
    assert len(submitted_nominations()) == 1


def test_at_the_deadline_the_submission_is_refused_and_every_answer_shown(client, cycle, clock):
    post_form(client, cycle, description="Beskrivelse, der ikke må gå tabt.")
    clock.set(DEADLINE)
    response = submit(client, "k" * 32)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Indstillingen er ikke sendt" in page
    assert "Fristen for at indstille er udløbet." in page
    assert "Beskrivelse, der ikke må gå tabt." in page
    assert "Svar på kriterium 7." in page and "karen.jensen@example.dk" in page
    assert submitted_nominations() == []


def test_the_form_refused_at_the_deadline_shows_everything_written(client, cycle, clock):
    csrf = csrf_token(client)
    clock.set(DEADLINE + timedelta(seconds=5))
    data = answers_form(cycle, description="Skrevet hele aftenen.", csrf_token=csrf,
                        draft_key="k" * 32)
    page = client.post("/indstil", data=data).get_data(as_text=True)
    assert "Fristen for at indstille er udløbet." in page
    assert "Skrevet hele aftenen." in page and "Svar på kriterium 4." in page


def test_after_the_deadline_the_form_offers_no_button_and_only_the_reason(client, cycle,
                                                                          clock):
    csrf = csrf_token(client)
    clock.set(DEADLINE)
    data = answers_form(cycle, initiative_name="", description="Skrevet hele aftenen.",
                        csrf_token=csrf, draft_key="k" * 32)
    page = client.post("/indstil", data=data).get_data(as_text=True)
    summary = page.split('data-module="error-summary"')[1].split("</ul>")[0]
    assert "Fristen for at indstille er udløbet. Indstillingen er ikke sendt." in summary
    assert "Skriv initiativets navn." not in page  # it could not be sent anyway
    assert ">Fortsæt</button>" not in page
    assert "Fristen er udløbet, så indstillingen kan ikke sendes." in page
    assert "Skrevet hele aftenen." in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


@pytest.mark.parametrize(("opens", "deadline", "end_of_day"), [
    # 31 March 2024: clocks go forward at 02:00, so the day ends at 22:00 UTC.
    ("2024-02-01", "2024-03-31", datetime(2024, 3, 31, 22, 0, tzinfo=UTC)),
    # 27 October 2024: clocks go back at 03:00, so the day ends at 23:00 UTC.
    ("2024-10-01", "2024-10-27", datetime(2024, 10, 27, 23, 0, tzinfo=UTC)),
], ids=["summer-time-starts", "winter-time-returns"])
def test_a_deadline_on_a_day_the_clocks_change(client, make_cycle, clock, opens, deadline,
                                               end_of_day):
    clock.set(end_of_day - timedelta(days=20))
    cycle = make_cycle(year=2024, opens=opens, deadline=deadline)
    post_form(client, cycle)
    clock.set(end_of_day - timedelta(seconds=1))
    assert submit(client, "k" * 32).headers["Location"].endswith("/kvittering")
    post_form(client, cycle, draft_key="m" * 32)
    clock.set(end_of_day)
    assert "Indstillingen er ikke sendt" in submit(client, "m" * 32).get_data(as_text=True)
    assert len(submitted_nominations()) == 1


def test_the_form_is_closed_before_opening_and_after_the_deadline(client, cycle, clock):
    clock.set(datetime(2023, 11, 20, 12, 0, tzinfo=UTC))
    page = client.get("/indstil").get_data(as_text=True)
    assert "Der er lukket for indstillinger" in page and "Du kan indstille fra" in page
    clock.set(DEADLINE)
    page = client.get("/indstil").get_data(as_text=True)
    assert "udløb 13. januar 2024 kl. 23.59" in page
