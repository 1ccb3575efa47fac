"""axe-core finds no violations on the winner's public page, the archive, the published
nominations, the front page with the winner, and the secretariat's announcement editor (with
its preview, its confirmation and its error summary)."""

import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PASSWORD
from playwright.sync_api import expect

from award.announcements import services
from award.extensions import db

sys.path.insert(0, str(Path(__file__).parent.parent / "announcements"))
from decided_cycle import WINNER, make_decided  # noqa: E402

AXE = Axe()


@pytest.fixture
def published(request, clock):
    decided = make_decided(request)
    services.save(decided.cycle, {**services.draft(decided.cycle).__dict__,
                                  "headline_en": f"{WINNER} wins the award",
                                  "lead_en": "The **English** lead.",
                                  "body_en": "## About\n\nThe English body."},
                  actor="sekretariat@example.dk", at=clock())
    services.publish(decided.cycle, actor="sekretariat@example.dk", at=clock())
    services.publish_nominations(decided.cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    return decided


def test_the_public_outputs_have_no_axe_violations(page, published):
    found = {}

    def check(what):
        results = AXE.run(page)
        if results.violations_count:
            found[what] = results.generate_report()

    page.goto("/")
    expect(page.get_by_role("link", name="Læs om vinderen af 2024")).to_be_visible()
    check("front page with the winner")

    page.get_by_role("link", name="Læs om vinderen af 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024")
    expect(page.get_by_role("heading", name="Fakta om prisen")).to_be_visible()
    check("the winner's page")

    page.goto("/vindere/2024?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{WINNER} wins the award")
    check("the winner's page in English")

    page.goto("/vindere?lang=da")
    expect(page.get_by_role("link", name=f"2024: {WINNER}")).to_be_visible()
    check("the archive")

    page.goto("/indstillinger/2024")
    expect(page.get_by_role("heading", name=WINNER)).to_be_visible()
    check("the published nominations")

    assert not found, "\n\n".join(f"== {what}\n{report}" for what, report in found.items())


def test_the_announcement_editor_has_no_axe_violations(page, request, make_user):
    decided = make_decided(request)
    make_user()
    found = {}

    def check(what):
        results = AXE.run(page)
        if results.violations_count:
            found[what] = results.generate_report()

    page.goto("/log-ind")
    page.get_by_label("E-mail").fill("sekretariat@example.dk")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretariatet")
    page.goto("/sekretariat/2024/pressemeddelelse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pressemeddelelse og diplom 2024")
    expect(page.get_by_label("Overskrift", exact=True)).to_have_value(
        f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024")
    check("the editor with the draft")

    page.get_by_label("Brødtekst", exact=True).fill("## Mellemrubrik\n\nEt afsnit med **fed**.")
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_text("Forhåndsvisningen viser teksten i formularen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mellemrubrik")).to_be_visible()
    check("the preview")

    page.get_by_label("Overskrift", exact=True).fill("")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv en overskrift.")
    check("the editor with an error")

    page.goto("/sekretariat/2024/pressemeddelelse")
    page.get_by_role("button", name="Offentliggør pressemeddelelsen").click()
    expect(page.get_by_role("heading", name="Vil du offentliggøre pressemeddelelsen?")
           ).to_be_visible()
    check("the confirmation")
    page.get_by_role("button", name="Ja, offentliggør pressemeddelelsen").click()
    expect(page.get_by_text("En ny version af pressemeddelelsen er offentliggjort")
           ).to_be_visible()
    check("the editor after publishing")
    db.session.rollback()  # the live server committed in its own session
    assert services.is_published(decided.cycle)

    # The data changes after publication, and a nomination is left out of the public list.
    decided.cycle.grant_cap_ore = 1_500_000
    db.session.commit()
    page.get_by_label("Indstilling", exact=True).select_option(
        label=f"{decided.runner_up.reference}: {decided.runner_up.initiative_name}")
    page.get_by_label("Begrundelse").fill("Indstilleren har bedt om det.")
    page.get_by_role("button", name="Udelad af den offentlige liste").click()
    expect(page.get_by_role("cell", name="Indstilleren har bedt om det.")).to_be_visible()
    expect(page.get_by_text("Data er ændret siden offentliggørelsen")).to_be_visible()
    expect(page.get_by_text("rejsegodtgørelsen: op til 15.000 kr. nu mod 10.000 kr.")
           ).to_be_visible()
    page.get_by_text("1 offentliggjort version").click()
    check("the page with changed data, versions and a nomination left out")

    assert not found, "\n\n".join(f"== {what}\n{report}" for what, report in found.items())
