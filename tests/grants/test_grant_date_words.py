"""The grant's date fields take a day written in words as well (one date field everywhere)."""

from grant_data import decided_fixture, make_decided_fixture, secretariat_fixture  # noqa: F401
from test_grant_pages import PAGE, claim_form, claims, text_of, token

from award.extensions import db
from award.grants.models import Grant


def test_a_claim_and_the_validity_in_words(decided, secretariat, client):
    response = client.post(f"{PAGE}/udgifter", data=claim_form(client, travel_date="2. maj 2024"))
    assert response.status_code == 302, text_of(response)
    assert claims()[0].travel_date.isoformat() == "2024-05-02"
    response = client.post(f"{PAGE}/gyldighed",
                           data={"csrf_token": token(client), "valid_until": "30. juni 2026"})
    assert response.status_code == 302
    assert db.session.get(Grant, decided.grant.id).valid_until.isoformat() == "2026-06-30"
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="30.6.2026" autocomplete="off" spellcheck="false" data-date-picker' in page
