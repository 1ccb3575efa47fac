"""The Persondata page in Chromium while the winner's travel grant runs: it says when the data
is due for deletion and why, a forced purge is done through the confirmation page as the
secretariat would, and the page then says whose contact was kept. axe-core finds no violations
on the page, the confirmation and the access request form, at a desktop's and a phone's
width."""

from datetime import UTC, date, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from fixtures.browser import log_in
from playwright.sync_api import expect

from award.announcements.models import Announcement
from award.extensions import db
from award.grants import services as grants
from award.jury import sheets
from award.rounds import closing, decision

SECRETARIAT = "sekretariat@example.dk"
PUBLISHED = datetime(2024, 4, 11, 8, 0, tzinfo=UTC)


def violations(page) -> str | None:
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else None


@pytest.fixture
def announced(app, clock, cycle, make_nomination, make_juror, make_user, open_round):
    """2024 decided and announced on 11 April 2024; the grant valid to 31 December 2025 with
    one claim waiting; the clock on 2 June 2025, while the grant runs."""
    winner = make_nomination(cycle, initiative_name="Flexklinikken", contact_name="Åse Østergård",
                             contact_email="aase@example.dk")
    other = make_nomination(cycle, initiative_name="Broen til bedre sundhed")
    juror = make_juror(cycle, "juror@example.dk", name="Jens Juror")
    round_ = open_round(cycle)
    for entry, score in ((winner, 5), (other, 3)):
        sheets.save_sheet(round_, juror, entry,
                          sheets.SheetInput(dict.fromkeys(range(1, 8), score), {}),
                          submit=True, actor=juror.email, at=clock())
    closing.close_round(round_, actor="system", at=clock())
    decision.decide(cycle, winner, actor=SECRETARIAT, at=clock())
    db.session.add(Announcement(
        cycle_id=cycle.id, headline_da="Flexklinikken vinder", created_at=PUBLISHED,
        updated_at=PUBLISHED, updated_by=SECRETARIAT, published_at=PUBLISHED,
        published_by=SECRETARIAT, first_published_at=PUBLISHED))
    clock.set(datetime(2025, 5, 1, 9, tzinfo=UTC))
    grants.add_claim(grants.grant_for(cycle), grants.ClaimDetails(
        travel_date=date(2025, 4, 28), event="Temadag om lighed", place="Odense",
        description="Tog tur-retur.", amount_ore=150_000, payee_name="Karen Jensen",
        payee_via_organisation=True),
        receipt=None, max_bytes=10 * 1024 * 1024, actor=SECRETARIAT, at=clock())
    db.session.commit()
    make_user(email=SECRETARIAT, name="Sara Sekretær")
    clock.set(datetime(2025, 6, 2, 8, 0, tzinfo=UTC))
    return winner


@pytest.mark.parametrize("width", [1280, 390])
def test_the_persondata_page_while_the_grant_runs(page, announced, width):
    found = {}

    def check(what):
        report = violations(page)
        if report:
            found[what] = report

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, SECRETARIAT)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/sekretariat/2024/persondata")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persondata 2024")
    expect(page.get_by_text(
        "Personoplysninger slettes tidligst den 31. december 2026: 12 måneder efter "
        "rejselegatets udløb den 31. december 2025.")).to_be_visible()
    expect(page.get_by_text("Rejselegatet løber til 31. december 2025; 1 udgift afventer "
                            "afgørelse.")).to_be_visible()
    check("the page")

    page.get_by_role("link", name="Slet persondata for 2024 …").click()
    expect(page.get_by_text(f"Kontaktpersonen på {announced.reference}: navn, "
                            "e-mailadresse og telefonnummer.")).to_be_visible()
    page.get_by_role("button", name="Slet persondata for 2024").click()
    expect(page.get_by_role("alert").get_by_text(
        "Persondata for 2024 må tidligst slettes den 31. december 2026", exact=False)
    ).to_be_visible()
    check("the confirmation, refused without force")
    page.get_by_label("Slet før opbevaringsperioden er udløbet").check()
    page.get_by_label("Begrundelse for at slette før tiden").fill("Indstillerne bad om det.")
    page.get_by_role("button", name="Slet persondata for 2024").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Persondata 2024")
    expect(page.get_by_text(f"Kontaktpersonen på {announced.reference} er bevaret, fordi det "
                            "er rejselegatets kontaktperson", exact=False).first).to_be_visible()
    check("the page after a forced purge")
    page.goto("/sekretariat/2024/rejsegodtgoerelse")
    expect(page.get_by_role("link", name="aase@example.dk")).to_be_visible()

    page.goto("/sekretariat/persondata/indsigt")
    expect(page.get_by_label("Et dokument til personen (PDF) med alle oplysningerne på "
                             "dansk")).to_be_checked()
    check("the access request form")
    assert not found, "\n\n".join(f"{what}:\n{report}" for what, report in found.items())
