"""Rate limits per client address and per draft hold off floods, with memory or Redis
storage, and spare a burst of people behind one address; a refused post shows the page it
came from with everything written."""

import os
import re
import uuid

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award import create_app
from award.extensions import db
from award.nominations.models import Nomination, NominationStatus

STORAGES = ["memory://"]
if os.environ.get("AWARD_TEST_REDIS_URL"):
    STORAGES.append(os.environ["AWARD_TEST_REDIS_URL"])


@pytest.fixture(params=STORAGES)
def limited_app(request, app, database_url, clock):
    limited = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
        "CLOCK": clock, "RATELIMIT_STORAGE_URI": request.param,
        # A fresh key space per run, so Redis keeps nothing between tests.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "NOMINATION_FORM_RATE_LIMIT": "3 per hour",
    })
    with limited.app_context():
        yield limited


def test_the_fourth_form_post_in_an_hour_is_refused(limited_app, cycle):
    client = limited_app.test_client()
    token = csrf_token(client)
    for _ in range(3):
        response = client.post("/indstil", data=answers_form(cycle, csrf_token=token,
                                                             initiative_name=""))
        assert response.status_code == 200
    response = client.post("/indstil", data=answers_form(cycle, csrf_token=token))
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Der er kommet mange indsendelser fra din internetforbindelse" in page
    assert "Flexklinikken" in page  # the answers are on the page, not lost


def test_another_address_is_not_limited(limited_app, cycle):
    client = limited_app.test_client()
    token = csrf_token(client)
    for _ in range(4):
        client.post("/indstil", data=answers_form(cycle, csrf_token=token, initiative_name=""))
    other = client.post("/indstil", data=answers_form(cycle, csrf_token=token, initiative_name=""),
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def post_form(client, cycle, key, **overrides):
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=key, **overrides)
    return client.post("/indstil", data=data)


def press_send(client, key):
    token = csrf_token(client, f"/indstil/{key}/tjek")
    return client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})


def sent():
    return db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.status == NominationStatus.SUBMITTED))


def test_a_hospital_behind_one_address_can_send_thirty_nominations_in_an_hour(client, cycle):
    for number in range(30):
        key = f"{number:02d}" + "h" * 30
        assert post_form(client, cycle, key).status_code == 302
        response = press_send(client, key)
        assert response.status_code == 302, (number, response.status_code)
    assert sent() == 30


def test_a_script_pressing_send_on_one_draft_is_held_and_others_are_not(client, cycle):
    key, other = "s" * 32, "o" * 32
    post_form(client, cycle, key)
    token = csrf_token(client, f"/indstil/{key}/tjek")
    for _ in range(10):  # sent once, then led to the receipt
        assert client.post(f"/indstil/{key}/tjek", data={"csrf_token": token}).status_code == 302
    assert client.post(f"/indstil/{key}/tjek", data={"csrf_token": token}).status_code == 429
    assert sent() == 1
    post_form(client, cycle, other)  # someone else behind the same address
    assert press_send(client, other).status_code == 302
    assert sent() == 2


def test_a_send_refused_by_the_limit_shows_the_answers_and_the_button(client, cycle, app):
    app.config["NOMINATION_SUBMIT_RATE_LIMIT"] = "1 per hour"
    post_form(client, cycle, "a" * 32)
    press_send(client, "a" * 32)
    post_form(client, cycle, "b" * 32, description="Min beskrivelse, der ikke må gå tabt.")
    response = press_send(client, "b" * 32)
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Tjek dine svar, før du sender" in page
    assert "Indstillingen er ikke sendt" in page
    assert "Der er kommet mange indsendelser fra din internetforbindelse på kort tid." in page
    assert re.search(r"Vent \d+ minutter?, og prøv så igen\.", page)
    assert "Min beskrivelse, der ikke må gå tabt." in page and "Svar på kriterium 7." in page
    assert ">Send indstillingen</button>" in page  # a way on once the wait is over
    assert sent() == 1


def test_a_form_post_refused_by_the_limit_shows_everything_written(client, cycle, app):
    app.config["NOMINATION_FORM_RATE_LIMIT"] = "1 per hour"
    post_form(client, cycle, "c" * 32, initiative_name="")
    response = post_form(client, cycle, "c" * 32, description="Skrevet hele aftenen.")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Der er problemer med det, du har skrevet" in page
    assert "Der er kommet mange indsendelser fra din internetforbindelse på kort tid." in page
    assert "Skrevet hele aftenen." in page and "Svar på kriterium 7." in page
    assert f'value="{"c" * 32}"' in page  # the same draft when it is sent again
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == 0
