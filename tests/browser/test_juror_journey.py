"""A juror's whole job in Chromium, in Danish: invitation, password, log-in, a conflict,
sheets (a draft, then submitted), progress; axe-core on the log-in, dashboard and sheet."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import JUDGING
from playwright.sync_api import expect

from award.extensions import db
from award.jury import jurors

NEW_PASSWORD = "mit eget gode kodeord"


def no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def invitation(app, clock, cycle, make_nomination, make_user, open_round, live_server):
    for n in (1, 2, 3):
        make_nomination(cycle, initiative_name=f"Initiativ {n}",
                        nominator_name=f"Indstiller Nummer{n}")
    # The call has closed: the juror is invited and round 1 opens for a month.
    clock.set(JUDGING)
    make_user(role="juror", email="jurymedlem@example.dk", name="Jonas Lund", password=None)
    _juror, url = jurors.add_juror(
        cycle, email="jurymedlem@example.dk", name="Jonas Lund", kind="patientrepraesentant",
        actor="system", at=clock(), invitation_valid=timedelta(days=7),
        link=lambda token: f"{live_server.url}/konto/invitation/{token}")
    db.session.commit()
    open_round(cycle, deadline=clock() + timedelta(days=30))
    return url


def score(page, criterion, value):
    group = page.get_by_role("group", name=f"{criterion.number}. {criterion.text_da}")
    group.get_by_label(re.compile(rf"^{value} = ")).check()


def test_a_juror_does_the_whole_job_in_the_browser(page, invitation, cycle):
    page.goto(invitation)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vælg din adgangskode")
    page.get_by_label("Ny adgangskode").fill(NEW_PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskoden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_text("Din adgangskode er gemt.")).to_be_visible()
    no_axe_violations(page)
    page.get_by_label("E-mail").fill("jurymedlem@example.dk")
    page.get_by_label("Adgangskode").fill(NEW_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dine bedømmelser")
    expect(page.get_by_text("0 af 3 bedømt")).to_be_visible()
    no_axe_violations(page)

    # A conflict on the first entry, declared with the keyboard from the entry list.
    page.get_by_role("link", name="Erklær inhabilitet for Initiativ 1").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Begrundelse").fill("Min søster arbejder i klinikken.")
    page.get_by_role("button", name="Erklær inhabilitet").click()
    expect(page.get_by_text("0 af 2 bedømt")).to_be_visible()
    conflicted_row = page.get_by_role("row", name=re.compile("Initiativ 1"))
    expect(conflicted_row.get_by_text("Inhabil", exact=True)).to_be_visible()
    # The entry is not linked; the only link takes the conflict back.
    expect(conflicted_row.get_by_role("link")).to_have_count(1)
    expect(conflicted_row.get_by_role("link")).to_have_accessible_name(
        "Træk inhabiliteten tilbage for Initiativ 1")

    # The second entry: a draft, then submitted.
    page.get_by_role("link", name="Initiativ 2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiativ 2")
    expect(page.get_by_text("Svar på kriterium 3.")).to_be_visible()
    expect(page.get_by_text("Indstiller Nummer2")).to_have_count(0)
    no_axe_violations(page)
    score(page, cycle.criteria[0], 4)
    # The keyboard alone: arrow keys move within a radio group.
    page.get_by_role("group", name=f"2. {cycle.criteria[1].text_da}").get_by_label(
        re.compile("^1 = ")).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.get_by_label("Kommentar til kriterium 1 (valgfri)").fill("Meget nyskabende.")
    page.get_by_role("button", name="Gem som kladde").click()
    expect(page.get_by_text("er gemt som kladde")).to_be_visible()
    expect(page.get_by_label("Kommentar til kriterium 1 (valgfri)")).to_have_value(
        "Meget nyskabende.")
    expect(page.get_by_role("group", name=f"2. {cycle.criteria[1].text_da}")
           .get_by_label(re.compile("^3 = "))).to_be_checked()

    page.get_by_role("button", name="Indsend bedømmelsen").click()
    expect(page.get_by_role("heading", name="Der er problemer med det, du har skrevet")
           ).to_be_visible()
    page.get_by_role("link", name="Vælg, i hvilken grad initiativet opfylder kriterium 3."
                     ).click()
    expect(page.get_by_role("group", name=f"3. {cycle.criteria[2].text_da}")
           .get_by_label(re.compile("^1 = "))).to_be_focused()
    no_axe_violations(page)
    for criterion in cycle.criteria[2:]:
        score(page, criterion, 5)
    page.get_by_role("button", name="Indsend bedømmelsen").click()
    expect(page.get_by_text("Din bedømmelse af Initiativ 2 er indsendt.")).to_be_visible()
    expect(page.get_by_text("1 af 2 bedømt")).to_be_visible()

    # "Gem og næste" from the third entry, reached by the next link.
    page.get_by_role("link", name="Næste indstilling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiativ 3")
    for criterion in cycle.criteria:
        score(page, criterion, 3)
    page.get_by_role("button", name="Gem og næste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine bedømmelser")
    expect(page.get_by_text("2 af 2 bedømt")).to_be_visible()
    expect(page.get_by_role("progressbar", name="2 af 2 bedømt")).to_be_visible()

    # The conflicted entry cannot be reached, not even by its address.
    conflicted = page.url.replace("/jury", "") + "/jury/runder/1/indstillinger/1"
    response = page.goto(conflicted)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen adgang")
    expect(page.get_by_text("Svar på kriterium")).to_have_count(0)

    # Log out; the invitation link is spent.
    page.goto("/jury")
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_text("Du er logget ud.")).to_be_visible()
    page.goto(invitation)
    expect(page.get_by_role("heading", level=1)).to_have_text("Linket virker ikke længere")
