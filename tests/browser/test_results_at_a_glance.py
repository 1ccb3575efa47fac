"""The results read at a glance, on screen and on paper: every column of the ranking in sight
at 1280 px, each entry's flags in words beside it, the things to decide linked to their
entries, the explanation in plain Danish first, and the whole ranking on A4 landscape."""

import io
from datetime import timedelta

import pytest
from conftest import JUDGING
from fixtures.browser import log_in
from playwright.sync_api import expect
from pypdf import PdfReader

from award.extensions import db
from award.jury import sheets
from award.rounds import closing

SECRETARIAT = "sekretariat@example.dk"
RESULTS = "/sekretariat/2024/runder/1/resultat"
# A4 landscape less the print stylesheet's 12 mm margins, in CSS pixels (96 per inch).
PRINTED_WIDTH = round((297 - 2 * 12) / 25.4 * 96)

FITS = """region => {
  const table = region.querySelector('table').getBoundingClientRect();
  return {overflow: region.scrollWidth - region.clientWidth,
          tableRight: table.right, regionRight: region.getBoundingClientRect().right,
          pageOverflow: document.documentElement.scrollWidth
                        - document.documentElement.clientWidth};
}"""


@pytest.fixture
def flagged(cycle, make_nomination, make_user, make_juror, open_round, clock):
    """A closed round with every flag: one goes on, two tie across the cut line, one has fewer
    sheets than the quorum, the jurors disagree on one; the names are long, as real ones are."""
    make_user(email=SECRETARIAT)
    names = ("Flexklinikken: fleksible ambulante forløb for patienter med kroniske sygdomme",
             "Broen til bedre sundhed for borgere i udsatte boligområder",
             "Pårørendecafé på onkologisk afdeling, åben aften og weekend",
             "Fælles journal-app for patienter med flere sygdomme og deres pårørende",
             "Tolkning via video i akutmodtagelsen døgnet rundt")
    entries = [make_nomination(cycle, initiative_name=name) for name in names]
    jurors = [make_juror(cycle, f"{first.lower()}@example.dk", name=f"{first} {last}")
              for first, last in (("Mette", "Holm"), ("Jonas", "Lund"), ("Aisha", "Rahimi"))]
    round_ = open_round(cycle)
    round_.advance_count, round_.quorum = 2, 3
    scores = {0: (5, 5, 4), 1: (4, 4, 3), 2: (4, 4, 3), 3: (2, 2, None), 4: (1, 5, 3)}
    for index, by_juror in scores.items():
        for juror, score in zip(jurors, by_juror, strict=True):
            if score is not None:
                sheets.save_sheet(round_, juror, entries[index],
                                  sheets.SheetInput({c: score for c in range(1, 8)}, {}),
                                  submit=True, actor=juror.email, at=clock())
    closing.close_round(round_, actor=SECRETARIAT, at=clock(), force=True)
    db.session.commit()
    return entries


def test_every_column_is_in_sight_at_1280_px_with_the_flags_in_words(page, flagged):
    flex, broen, cafe, app_, video = (entry.reference for entry in flagged)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, SECRETARIAT)
    page.goto(RESULTS)
    region = page.get_by_role("region", name="Rangorden")
    fit = region.evaluate(FITS)
    assert fit["overflow"] <= 0 and fit["pageOverflow"] <= 0, fit
    assert fit["tableRight"] <= fit["regionRight"] <= 1280, fit
    for header in ("Plads", "Point", "Normaliseret", "K7", "Bedømmelser", "Spredning"):
        expect(region.get_by_role("columnheader", name=header)).to_be_in_viewport()

    # Each entry's flags in words, in the entry's own cell.
    def entry_cell(reference):
        return page.locator(f"#indstilling-{reference}").get_by_role("rowheader")

    expect(entry_cell(flex)).to_contain_text("går videre")
    for tied in (broen, cafe):
        expect(entry_cell(tied)).to_contain_text("stemmelighed")
        expect(entry_cell(tied)).to_contain_text("lighed om sidste plads")
    expect(entry_cell(app_)).to_contain_text("under mindste antal")
    expect(entry_cell(video)).to_contain_text("uenighed")
    expect(page.get_by_text("* deler pladsen.")).to_be_visible()

    # What the secretariat must decide names the entries and links to their rows.
    to_decide = page.locator(".award-to-decide")
    linked = to_decide.get_by_role("link").evaluate_all(
        "links => links.map(a => [a.hash, !!document.getElementById(a.hash.slice(1))])")
    assert {hash_ for hash_, _ in linked} == {f"#indstilling-{r}" for r in (broen, cafe, app_,
                                                                            video)}
    assert all(found for _, found in linked), linked
    to_decide.get_by_role("link", name=f"{app_} Fælles journal-app").click()
    expect(page.locator(f"#indstilling-{app_}")).to_be_in_viewport()

    # The explanation starts in plain Danish; the formula follows.
    details = page.locator(f"#forklaring-{flagged[0].id}")
    details.locator("summary").click()
    plain = details.locator("p").first
    expect(plain).to_have_text(
        "Tre jurymedlemmer bedømte initiativet. Mette Holm gav i alt 5,00, Jonas Lund 5,00 og "
        "Aisha Rahimi 4,00. De tæller lige meget, så initiativets point er gennemsnittet: 4,67.")
    expect(details.get_by_text("Det normaliserede tal,")).to_be_visible()
    expect(details.get_by_text("Formlen, for den der vil se den")).to_be_visible()
    expect(details.get_by_text("14/3", exact=True)).to_be_visible()


def test_the_whole_ranking_prints_on_a4_landscape(page, flagged):
    log_in(page, SECRETARIAT)
    page.goto(RESULTS)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": 700})
    fit = page.get_by_role("region", name="Rangorden").evaluate(FITS)
    assert fit["overflow"] <= 0 and fit["tableRight"] <= PRINTED_WIDTH, fit
    expect(page.get_by_role("navigation", name="Sekretariatets sider for 2024")).to_be_hidden()

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert width > height  # landscape
    first_page = pdf.pages[0].extract_text()
    for header in ("Plads", "Point", "Normaliseret", "K7", "Bedømmelser", "Spredning"):
        assert header in first_page
    for entry in flagged:
        assert entry.reference in first_page


NO_SIDEWAYS_SCROLL = """() => document.documentElement.scrollWidth
                             - document.documentElement.clientWidth"""


def test_the_round_page_does_not_scroll_sideways_on_a_phone(page, cycle, make_nomination,
                                                            make_user, make_juror, open_round,
                                                            clock):
    make_user(email=SECRETARIAT)
    for name in ("Flexklinikken: fleksible ambulante forløb for patienter med kroniske "
                 "sygdomme", "Pårørendecafé på onkologisk afdeling, åben aften og weekend"):
        make_nomination(cycle, initiative_name=name)
    for first in ("Mette", "Jonas", "Aisha"):
        make_juror(cycle, f"{first.lower()}@example.dk", name=f"{first} Holm-Rasmussen")
    open_round(cycle, deadline=JUDGING + timedelta(days=10))
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, SECRETARIAT)
    page.goto("/sekretariat/2024/runder/1")
    assert page.evaluate(NO_SIDEWAYS_SCROLL) <= 0
    # Stacked rows: each value with its label beside it.
    panel = page.get_by_role("table", name="Panelet og hvor langt hvert jurymedlem er")
    expect(panel.get_by_role("cell", name="Jurymedlem Aisha Holm-Rasmussen", exact=True)
           ).to_be_visible()
    expect(panel.locator("tr").nth(1)).to_have_css("display", "block")
    page.get_by_role("button", name="Luk runden", exact=True).click()
    expect(page.get_by_role("button", name="Luk runden alligevel")).to_be_visible()
    expect(page.get_by_text("Jurymedlemmerne har frist til")).to_contain_text("om 1 uge")
    assert page.evaluate(NO_SIDEWAYS_SCROLL) <= 0
