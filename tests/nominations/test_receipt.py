"""The receipt page: the private edit link for the browser that sent the nomination, without
the link's token readable in its cookie; what it says about the receipt e-mail is true."""

import base64
import re
import zlib

import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award.extensions import db
from award.nominations.models import Nomination
from award.tokens import token_hash

KEY = "k" * 32


def readable(cookie: str) -> str:
    """What anyone who has the session cookie can read, without the secret key: Flask signs
    its session, it does not encrypt it."""
    compressed = cookie.startswith(".")
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if compressed else data).decode()


def fill_in(client, cycle):
    data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=KEY)
    assert client.post("/indstil", data=data).status_code == 302


def edit_link(page: str) -> str | None:
    match = re.search(r"/indstilling/([A-Za-z0-9_-]{40,})", page)
    return match.group(1) if match else None


def test_the_sender_sees_the_edit_link_but_the_cookie_does_not_hold_its_token(client, cycle):
    fill_in(client, cycle)
    token = csrf_token(client, f"/indstil/{KEY}/tjek")
    client.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})
    page = client.get(f"/indstil/{KEY}/kvittering").get_data(as_text=True)
    edit_token = edit_link(page)
    assert edit_token, "the browser that sent it sees its private link"
    assert db.session.scalar(sa.select(Nomination.edit_token_hash)) == token_hash(edit_token)
    assert client.get(f"/indstilling/{edit_token}").status_code == 200  # and it works
    cookie = client.get_cookie("session").value
    assert edit_token not in readable(cookie)
    assert KEY in readable(cookie)  # the cookie is readable: it just holds no token


def test_after_a_double_click_on_send_the_receipt_still_shows_the_link(app, client, cycle):
    """The browser drops the first click's response (and any cookie it set) and follows the
    second, which finds the nomination already sent."""
    fill_in(client, cycle)
    token = csrf_token(client, f"/indstil/{KEY}/tjek")
    second_click = app.test_client()
    second_click.set_cookie("session", client.get_cookie("session").value)
    client.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})  # the first click
    response = second_click.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})
    assert response.headers["Location"] == f"/indstil/{KEY}/kvittering"
    page = second_click.get(response.headers["Location"]).get_data(as_text=True)
    edit_token = edit_link(page)
    assert edit_token and client.get(f"/indstilling/{edit_token}").status_code == 200


def test_a_forged_receipt_in_the_cookie_shows_no_link(app, client, cycle):
    fill_in(client, cycle)
    token = csrf_token(client, f"/indstil/{KEY}/tjek")
    client.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})
    stranger = app.test_client()
    with stranger.session_transaction() as session:  # even with the secret key to sign it
        session["receipt"] = {"key": KEY, "id": "a-guessed-receipt-id"}
    page = stranger.get(f"/indstil/{KEY}/kvittering").get_data(as_text=True)
    assert "AP-2024-0001" in page
    assert edit_link(page) is None and "soeren@example.dk" not in page


def test_the_receipt_says_the_mail_is_on_its_way_not_that_it_was_sent(client, cycle):
    fill_in(client, cycle)  # no SMTP server: the receipt waits in the outbox
    token = csrf_token(client, f"/indstil/{KEY}/tjek")
    client.post(f"/indstil/{KEY}/tjek", data={"csrf_token": token})
    page = client.get(f"/indstil/{KEY}/kvittering").get_data(as_text=True)
    assert "Vi har sendt" not in page
    assert "Vi sender en kvittering med en kopi af dine svar til soeren@example.dk." in page
