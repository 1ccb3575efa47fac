"""The English catalogue: complete, well-formed, and what an English-speaking visitor sees."""

import html
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import answers_form, csrf_token

from award.extensions import db
from award.mail.models import OutboxMessage

TRANSLATIONS = Path(__file__).resolve().parent.parent / "award" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"


def english_catalog():
    with ENGLISH_PO.open("rb") as file:
        return read_po(file, locale="en")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalog():
    """The .mo is git-ignored and built by `make install`; build it here when it is stale,
    so the pages below are checked against the catalogue as it is in the .po."""
    mo = ENGLISH_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < ENGLISH_PO.stat().st_mtime:
        with mo.open("wb") as file:
            write_mo(file, english_catalog(), use_fuzzy=True)


# ---------------------------------------------------------------- the catalogue


def test_every_english_message_is_translated_and_none_is_fuzzy():
    catalog = english_catalog()
    messages = [message for message in catalog if message.id]
    assert messages, "the English catalogue is empty"
    untranslated = [message.id for message in messages  # plural entries: every form
                    if not all(message.string if isinstance(message.string, tuple)
                               else [message.string])]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_english_messages_keep_their_placeholders():
    catalog = english_catalog()
    problems = [(message.id, [str(error) for error in errors])
                for message, errors in catalog.check()]
    assert not problems
    placeholders = re.compile(r"%\(\w+\)\w")
    for message in catalog:
        if not message.id:
            continue
        # A plural entry is a tuple: each English form keeps the singular's placeholders.
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert sorted(placeholders.findall(source)) == sorted(placeholders.findall(form)), (
                message.id)


# ---------------------------------------------------------------- the pages


def visible_text(page: str) -> list[str]:
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return [html.unescape(part).strip() for part in re.split(r"<[^>]+>", page)
            if part.strip()]


def untranslated_on(page: str) -> list[str]:
    """Text on the page that is, word for word, a Danish message with an English translation."""
    danish = {message.id for message in english_catalog()
              if message.id and message.string and message.string != message.id}
    return [text for text in visible_text(page) if text in danish]


def in_english(client):
    response = client.get("/sprog/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_site_is_danish_until_the_visitor_picks_english(client, cycle):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="da">' in page
    assert "Indstil et initiativ" in page


def test_the_front_page_in_english(client, cycle):
    in_english(client)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Patient Experience of the Year Award" in page
    assert "Nominate an initiative" in page
    assert "Who can make a nomination?" in page
    assert "Skip to main content" in page
    assert 'hreflang="da">Dansk</a>' in page, "the way back to Danish"
    assert "Indstil et initiativ" not in page
    assert untranslated_on(page) == []


def test_the_nomination_form_in_english(client, cycle):
    in_english(client)
    page = client.get("/indstil").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Nominate an initiative</h1>" in page
    assert "Name of the initiative" in page
    assert "What is your connection to the initiative?" in page
    assert ">Continue</button>" in page
    assert "Fortsæt" not in page
    assert untranslated_on(page) == []


@pytest.mark.parametrize("path", ["/privatliv", "/tilgaengelighed", "/findes-ikke"])
def test_the_other_public_pages_in_english(client, cycle, path):
    in_english(client)
    page = client.get(path).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "How we use your information" in page, "the footer"
    assert untranslated_on(page) == []


def test_form_errors_in_english(client, cycle):
    in_english(client)
    data = answers_form(cycle, initiative_name="", contact_email="not an address")
    data.update(csrf_token=csrf_token(client), draft_key="e" * 32)
    page = client.post("/indstil", data=data, content_type="multipart/form-data").get_data(
        as_text=True)
    assert "There are problems with your answers" in page
    assert "Enter the name of the initiative." in page
    assert "Enter an email address in the format name@example.com." in page
    assert untranslated_on(page) == []


def test_an_english_nomination_gets_english_pages_and_receipt(client, cycle):
    in_english(client)
    data = answers_form(cycle)
    data.update(csrf_token=csrf_token(client), draft_key="n" * 32)
    check = client.post("/indstil", data=data, content_type="multipart/form-data",
                        follow_redirects=True).get_data(as_text=True)
    assert "Check your answers before you send" in check
    assert untranslated_on(check) == []

    token = csrf_token(client, f"/indstil/{'n' * 32}/tjek")
    receipt = client.post(f"/indstil/{'n' * 32}/tjek", data={"csrf_token": token},
                          follow_redirects=True).get_data(as_text=True)
    assert "Thank you! The nomination has been sent" in receipt
    assert untranslated_on(receipt) == []

    link = re.search(r'href="https?://[^/"]+(/indstilling/[^"]+)"', receipt).group(1)
    for path, english in [(link, "Withdraw the nomination"),
                          (f"{link}/ret", "Save changes"),
                          (f"{link}/traek-tilbage", "Yes, withdraw the nomination")]:
        page = client.get(path).get_data(as_text=True)
        assert english in page, path
        assert untranslated_on(page) == [], path

    mails = {m.to_address: m for m in db.session.scalars(sa.select(OutboxMessage))}
    to_nominator = mails["soeren@example.dk"]
    assert to_nominator.subject == "Receipt for your nomination AP-2024-0001"
    assert "Thank you for your nomination for the Patient Experience of the Year Award 2024." \
        in to_nominator.body
    assert "Kind regards" in to_nominator.body
    assert "Med venlig hilsen" not in to_nominator.body
    # The contact person did not choose a language: the notice comes in Danish and English.
    to_contact = mails["karen.jensen@example.dk"]
    assert to_contact.subject == (
        "Jeres initiativ er indstillet til Prisen for Årets Patientoplevelse 2024 / "
        "Your initiative has been nominated for the Patient Experience of the Year Award 2024")
    assert "Dear Karen Jensen," in to_contact.body


def test_check_your_answers_shows_the_criteria_in_english(client, cycle):
    in_english(client)
    data = answers_form(cycle)
    data.update(csrf_token=csrf_token(client), draft_key="c" * 32)
    check = client.post("/indstil", data=data, content_type="multipart/form-data",
                        follow_redirects=True).get_data(as_text=True)
    first = cycle.criteria[0]
    assert f"1. {first.text_en}" in check
    assert first.text_da not in check
