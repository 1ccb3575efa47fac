"""axe-core finds no violations on the public pages of the nomination, in Danish and English."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

AXE = Axe()
# The buttons' names in Danish and, once translated, English.
CONTINUE = re.compile(r"^(Fortsæt|Continue)$")
SEND = re.compile(r"^(Send indstillingen|Send the nomination)$")


def switch_language(page, language):
    """The link in the header, as a person would use it; it returns to the same page."""
    link = "English" if language == "en" else "Dansk"
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def violations(page) -> str | None:
    results = AXE.run(page)
    return results.generate_report() if results.violations_count else None


@pytest.mark.parametrize("language", ["da", "en"])
def test_public_pages_have_no_axe_violations(page, cycle, fill_nomination, language):
    found = {}

    def check(what):
        report = violations(page)
        if report:
            found[what] = report

    page.goto("/")
    if language == "en":
        switch_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(cycle.title)
    check("front page")

    page.goto("/indstil")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check("form")

    page.get_by_role("button", name=CONTINUE).click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("form with errors")

    # The labels are filled in Danish (translations are optional); the page is then
    # checked in the chosen language.
    if language == "en":
        switch_language(page, "da")
    fill_nomination(page, cycle)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", name="Tjek dine svar, før du sender")).to_be_visible()
    if language == "en":
        switch_language(page, "en")
    check("check your answers")

    page.get_by_role("button", name=SEND).click()
    expect(page.get_by_text("AP-2024-0001")).to_be_visible()
    check("receipt")

    page.get_by_role("link", name="/indstilling/").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AP-2024-0001")
    check("the nomination behind the private link")

    assert not found, "\n\n".join(f"== {what} ({language})\n{report}"
                                  for what, report in found.items())
