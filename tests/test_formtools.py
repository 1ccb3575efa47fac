"""What every form shares: WTForms' own messages in the person's language, control
characters refused in any field of any form, e-mail addresses mail can be sent to."""

import html

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token, login
from flask_babel import force_locale
from wtforms import IntegerField, StringField
from wtforms.validators import Length

from award.extensions import db
from award.formtools import FlaskForm
from award.jury.models import Juror
from award.nominations.models import Nomination

CONTROL_MESSAGE = ("Feltet indeholdt usynlige tegn, som ikke kan gemmes. Vi har fjernet dem. "
                   "Se teksten igennem, og prøv igen.")


class NumberForm(FlaskForm):
    class Meta:
        csrf = False

    count = IntegerField()
    name = StringField(validators=[Length(max=3)])


def test_built_in_messages_are_danish_by_default_and_english_on_request(app):
    with app.test_request_context(method="POST", data={"count": "tre", "name": "Søren"}):
        form = NumberForm()
        form.validate()
        assert form.count.errors == ["Skriv et helt tal, fx 3."]
        assert form.name.errors == ["Teksten må højst være 3 tegn lang."]
    with app.test_request_context(method="POST", data={"count": "tre", "name": "Søren"}), \
            force_locale("en"):
        form = NumberForm()
        form.validate()
        assert form.count.errors == ["Not a valid integer value."]
        assert form.name.errors == ["Field cannot be longer than 3 characters."]


# ---------------------------------------------------------------- control characters


def nomination_post(client, cycle, **overrides):
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key="k" * 32, **overrides)
    return client.post("/indstil", data=data)


@pytest.mark.parametrize("field", ["initiative_name", "description", "answer_3",
                                   "contact_email", "nominator_name", "region"])
def test_a_nul_in_any_field_of_the_public_form_is_refused_beside_it(client, cycle, field):
    value = answers_form(cycle)[field]
    response = nomination_post(client, cycle, **{field: value[:4] + "\x00" + value[4:]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="#{field}{"-0" if field == "region" else ""}">{CONTROL_MESSAGE}</a>' in page
    assert f'id="{field}-error"' in page
    assert "\x00" not in page
    # Everything else written is still there, and the field itself without the character.
    assert "Svar på kriterium 7." in page and "Bispebjerg og Frederiksberg Hospital" in page
    assert html.escape(value, quote=False) in page or f'value="{value}"' in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_escape_sequences_are_refused_and_line_breaks_and_tabs_in_a_text_area_are_not(
        client, cycle):
    page = nomination_post(client, cycle, initiative_name="Flex\x1b[2J\x1b[31mklinikken",
                           description="Linje 1\r\nLinje 2\n\tindrykket",
                           unit="Afsnit\x7f 3", organisation="Hospital\x9b").get_data(as_text=True)
    summary = page.split('data-module="error-summary"')[1].split("</ul>")[0]
    assert summary.count(CONTROL_MESSAGE) == 3  # name, unit, organisation
    assert "description" not in summary
    assert 'value="Flex[2J[31mklinikken"' in page
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0
    response = nomination_post(client, cycle, description="Linje 1\r\nLinje 2\n\tindrykket")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Nomination.description)) == "Linje 1\nLinje 2\n\tindrykket"


def test_a_line_break_in_a_one_line_field_is_refused(client, cycle):
    page = nomination_post(client, cycle, nominator_name="Søren\r\nAP-2024-0001  submitted"
                           ).get_data(as_text=True)
    assert f'href="#nominator_name">{CONTROL_MESSAGE}</a>' in page


def test_a_nul_in_a_secretariat_form_is_refused_and_nothing_is_saved(app, cycle, make_user):
    office = app.test_client()
    login(office, make_user())
    path = "/sekretariat/2024/jury/ny"
    response = office.post(path, data={
        "csrf_token": csrf_token(office, path), "name": "Jonas\x00 Lund",
        "email": "jonas@example.dk", "organisation": "Ungepanelet\x00",
        "kind": "patientrepraesentant", "weight": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count(CONTROL_MESSAGE) >= 2
    assert 'value="Jonas Lund"' in page and 'value="jonas@example.dk"' in page
    assert db.session.scalar(sa.select(sa.func.count(Juror.id))) == 0


# ---------------------------------------------------------------- e-mail addresses


@pytest.mark.parametrize("address", ["jørgen@eksempel.dk", "jorgen@æblegrød.dk",
                                     "\u0430nne@eksempel.dk"])  # a Cyrillic a
def test_an_address_mail_cannot_be_sent_to_is_refused_in_plain_danish(client, cycle, address):
    page = nomination_post(client, cycle, nominator_email=address).get_data(as_text=True)
    assert ("Skriv e-mailadressen uden æ, ø, å og andre specialtegn. Vi kan ikke sende e-mail "
            "til adresser med sådanne tegn, så brug en anden adresse, hvis din har dem.") in page
    assert "Skriv en e-mailadresse i formatet" not in page  # one message, the useful one
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0


def test_an_ordinary_address_is_accepted(client, cycle):
    assert nomination_post(client, cycle, nominator_email="joergen@eksempel.dk"
                           ).status_code == 302


def test_the_juror_form_refuses_an_international_address_too(app, cycle, make_user):
    office = app.test_client()
    login(office, make_user())
    path = "/sekretariat/2024/jury/ny"
    page = office.post(path, data={
        "csrf_token": csrf_token(office, path), "name": "Jørgen", "email": "jørgen@eksempel.dk",
        "kind": "fagperson", "weight": "1"}).get_data(as_text=True)
    assert "Skriv e-mailadressen uden æ, ø, å og andre specialtegn." in page
    assert db.session.scalar(sa.select(sa.func.count(Juror.id))) == 0
