"""A rate limit per client address holds off floods, with memory or Redis storage."""

import os
import uuid

import pytest
from conftest import answers_form, csrf_token

from award import create_app

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
    assert "For mange forsøg" in response.get_data(as_text=True)


def test_another_address_is_not_limited(limited_app, cycle):
    client = limited_app.test_client()
    token = csrf_token(client)
    for _ in range(4):
        client.post("/indstil", data=answers_form(cycle, csrf_token=token, initiative_name=""))
    other = client.post("/indstil", data=answers_form(cycle, csrf_token=token, initiative_name=""),
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
