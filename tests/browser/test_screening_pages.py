"""The screening page and the nominations list in Chromium: at a phone's width nothing
scrolls sideways (each row stacked, its cells named); every shown nomination is marked at
once and screened; the list shows the screening status and sorts by a column."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from fixtures.browser import log_in, scroll_width
from playwright.sync_api import expect

SCREENING = "/sekretariat/2024/screening"
LIST = "/sekretariat/2024/indstillinger"


@pytest.fixture
def nominated(cycle, make_nomination, make_user):
    make_user()
    return [
        make_nomination(cycle, initiative_name="Flexklinikken for socialt udsatte borgere",
                        organisation="Bispebjerg og Frederiksberg Hospital"),
        make_nomination(cycle, initiative_name="Broen til bedre sundhed",
                        region="Region Sjælland", organisation="Nykøbing F. Sygehus"),
        make_nomination(cycle, initiative_name="Akutteam for ældre",
                        region="Region Midtjylland", organisation="Aarhus Universitetshospital"),
    ]


def scrolls_sideways(page) -> bool:
    return scroll_width(page) > page.viewport_size["width"]


@pytest.mark.parametrize("width", [390, 1280])
def test_screen_everything_shown_and_sort_the_list(page, nominated, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sekretariat@example.dk")
    page.goto(SCREENING)
    assert not scrolls_sideways(page)
    row = page.get_by_role("row").filter(has_text="Broen til bedre sundhed")
    expect(row).to_contain_text("Ikke screenet")
    if width == 390:  # stacked: each cell says which column it is
        expect(row.get_by_role("cell").filter(has_text="Region Sjælland")).to_have_css(
            "display", "block")
    assert Axe().run(page).violations_count == 0

    page.get_by_role("link", name="Markér alle viste").click()
    for nomination in nominated:
        expect(page.get_by_label(f"Vælg {nomination.reference}")).to_be_checked()
    page.get_by_role("radio", name="Egnet", exact=True).check()
    page.get_by_role("button", name="Gem vurderingen af de valgte").click()
    expect(page.get_by_text("3 indstillinger er screenet.")).to_be_visible()
    for nomination in nominated:
        expect(page.get_by_label(f"Vælg {nomination.reference}")).not_to_be_checked()

    page.goto(LIST)
    assert not scrolls_sideways(page)
    expect(page.get_by_role("row").filter(has_text="Akutteam for ældre")).to_contain_text(
        "Egnet")
    page.get_by_role("link", name=re.compile("^Initiativ")).click()
    names = page.get_by_role("row").locator("a[href*='/indstillinger/AP-']")
    expect(names).to_have_text(["Akutteam for ældre", "Broen til bedre sundhed",
                                "Flexklinikken for socialt udsatte borgere"])
    page.get_by_role("link", name=re.compile("^Initiativ")).click()
    expect(names.first).to_have_text("Flexklinikken for socialt udsatte borgere")
    page.get_by_label("Søg i navn, organisation, beskrivelse eller reference").fill("Nykøbing")
    page.get_by_role("button", name="Vis").click()
    expect(names).to_have_text(["Broen til bedre sundhed"])
    assert not scrolls_sideways(page)
    assert Axe().run(page).violations_count == 0
