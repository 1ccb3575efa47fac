"""axe-core finds no violations on the secretariat's pages, each in the states that show the
most: a cycle taken through screening (suggested duplicates, a merge, a late letter), round 1
(conflict, draft, missing sheet, close anyway, a tie across the cut line, every explanation
open), the final and the decision; forms empty and with errors; then every page again at a
phone's width.

The cycle is built through the services, as tests/rounds/test_judging.py does; the pages are
visited in the order the judging reaches them. axe's "incomplete" results (colour contrast it
cannot decide over a background image, say) are not violations.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import JUDGING, answers_form
from fixtures.browser import log_in
from playwright.sync_api import expect

from award import mail
from award.extensions import db
from award.jury import conflicts, sheets
from award.nominations import screening
from award.nominations import services as nominations
from award.nominations.services import Upload
from award.rounds import closing, decision
from award.rounds import results as round_results
from award.rounds import services as rounds

AXE = Axe()
SECRETARIAT = "sekretariat@example.dk"
YEAR = "/sekretariat/2024"
# The smallest PDF detect_media_type recognises: an attachment to list and link.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CONTROLS_AND_ERROR_LINKS = """() => {
  const problems = [];
  const controls = [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button')].filter(c => c.id);
  for (const id of new Set(controls.map(c => c.id))) {
    const same = controls.filter(c => c.id === id);
    if (same.length > 1) problems.push(`${same.length} form controls have the id "${id}"`);
  }
  for (const link of document.querySelectorAll('[data-module=error-summary] a[href^="#"]')) {
    if (!document.getElementById(decodeURIComponent(link.hash.slice(1))))
      problems.push(`error summary link "${link.textContent}" leads to no ${link.hash}`);
  }
  return problems;
}"""


def submit(round_, juror, entry, scores, at, *, draft=False):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {1: "Godt eksempel."}),
                      submit=not draft, actor=juror.email, at=at)


@pytest.fixture
def nominated(cycle, make_nomination, make_user, make_juror):
    """Six nominations (two pairs alike), the secretariat, two jurors with an account and one
    only invited, while the call is open."""
    made = [
        make_nomination(cycle, initiative_name="Flexklinikken",
                        organisation="Bispebjerg og Frederiksberg Hospital"),
        make_nomination(cycle, initiative_name="Flexklinikken.",
                        organisation="Frederiksberg og Bispebjerg hospital"),
        make_nomination(cycle, initiative_name="Broen til bedre sundhed",
                        region="Region Sjælland", organisation="Nykøbing F. Sygehus"),
        make_nomination(cycle, initiative_name="Broen til bedre sundhed!",
                        region="Region Sjælland", organisation="Nykøbing F Sygehus"),
        make_nomination(cycle, initiative_name="Sundhedsklinikken",
                        region="Region Midtjylland", organisation="Aarhus Universitetshospital"),
        make_nomination(cycle, initiative_name="Frikommuneforsøget",
                        region="Region Syddanmark", organisation="Odense Kommune"),
    ]
    make_user(email=SECRETARIAT)
    jurors = [make_juror(cycle, "anna@example.dk", name="Anna Andersen", weight=150),
              make_juror(cycle, "bo@example.dk", name="Bo Bech"),
              make_juror(cycle, "cecilie@example.dk", name="Cecilie Clausen",
                         kind="patientrepraesentant", password=None)]
    return made, jurors


def test_secretariat_pages_have_no_axe_violations(page, cycle, nominated, clock, smtp):
    (flex, flex_copy, broen, broen_copy, sundhed, frikommune), (anna, bo, cecilie) = nominated
    # The receipts so far are sent: the outbox lists them, and the mail queued later.
    sent, queued = mail.send_pending()
    assert sent == len(smtp.messages) > 0 and queued == 0
    found, paths = {}, []

    def check(what, path=None):
        if path:
            paths.append(path)
            response = page.goto(path)
            assert response.status < 500, f"{what}: {path} answered {response.status}"
        results = AXE.run(page)
        if results.violations_count:
            found[what] = results.generate_report()
        # Two things axe lets pass: a control whose id another control has too (a label then
        # names only the first), and an error summary link to a field that is not there.
        problems = page.evaluate(CONTROLS_AND_ERROR_LINKS)
        if problems:
            found[what] = found.get(what, "") + "\n".join(problems)

    log_in(page, SECRETARIAT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretariatet")
    check("start page")

    # ------------------------------------------------ while the call is open
    check("nominations list", f"{YEAR}/indstillinger")
    check("register form", f"{YEAR}/indstillinger/ny")
    page.get_by_role("button", name="Registrér indstillingen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("register form with errors")
    check("jury", f"{YEAR}/jury")
    check("criterion weights and tie-break", f"{YEAR}/kriterier/vaegte")
    page.get_by_label(f"1. {cycle.criteria[0].text_da}").fill("en")
    page.get_by_label("Rækkefølgen ved lighed").fill("7, x")
    page.get_by_role("button", name="Gem vægtene").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("criterion weights with errors")
    check("add juror form", f"{YEAR}/jury/ny")
    page.get_by_role("button", name="Tilføj og send invitation").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("add juror form with errors")
    check("juror weight form", f"{YEAR}/jury/{anna.id}/vaegt")
    check("round list before the deadline", f"{YEAR}/runder")

    # ------------------------------------------------ the call has closed: a late letter, screening
    clock.set(JUDGING)
    late = nominations.register(
        cycle, answers_form(cycle, initiative_name="Hjertet hjemme", region="Region Nordjylland",
                            organisation="Aalborg Universitetshospital",
                            nominator_name="Poul Brev", nominator_relation="paaroerende",
                            nominator_email="", nominator_address="Algade 5\n9000 Aalborg"),
        actor=SECRETARIAT, at=clock(), late_reason="Brevet var poststemplet den 12. januar.",
        uploads=[Upload("brevet.pdf", PDF)], edit_url=lambda token: f"/indstilling/{token}")
    screening.merge(flex_copy, flex, actor=SECRETARIAT, at=clock())
    screening.screen(frikommune, eligible=False, reason="other", note="Et kommunalt projekt.",
                     actor=SECRETARIAT, at=clock())
    screening.screen(late, eligible=True, actor=SECRETARIAT, at=clock())
    db.session.commit()
    check("nominations list with a late one", f"{YEAR}/indstillinger")
    check("a nomination (late, by letter without e-mail, attachment)",
          f"{YEAR}/indstillinger/{late.reference}")
    check("a merged nomination", f"{YEAR}/indstillinger/{flex_copy.reference}")
    check("screening with suggestions and a merged one", f"{YEAR}/screening")
    # One suggested pair (the other is merged), a button for each way.
    expect(page.get_by_role("button", name=re.compile("^Læg .* sammen med"))).to_have_count(2)
    page.get_by_role("button", name="Gem vurderingen af de valgte").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("screening with errors")
    page.get_by_role("link", name="Vælg mindst én indstilling.").click()
    expect(page.get_by_role("group", name="7 indstillinger vist")).to_be_focused()
    check("screening filtered", f"{YEAR}/screening?status=ineligible&q=kommune")
    page.goto(f"{YEAR}/screening")
    page.get_by_role("button", name="Læg sammen", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("merging any two, with errors")
    check("round list with the form", f"{YEAR}/runder")
    page.get_by_label("Rundens nummer").fill("")
    page.get_by_role("group", name="Panel").get_by_label("Udvalgte jurymedlemmer").check()
    page.get_by_role("button", name="Åbn runden").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("round list with errors")
    page.get_by_role("link", name="Vælg mindst ét jurymedlem til panelet.").click()
    expect(page.get_by_role("group", name="Jurymedlemmer i panelet")).to_be_focused()

    # ------------------------------------------------ round 1: two go on
    screening.screen_remaining(cycle, actor=SECRETARIAT, at=clock())
    first = rounds.open_round(cycle, number=1, advance=2, actor=SECRETARIAT, at=clock(),
                              deadline_at=clock().replace(month=2))
    conflicts.declare_conflict(cecilie, sundhed, "Min søster er afdelingssygeplejerske.",
                               actor=SECRETARIAT, at=clock())
    # Flexklinikken first; the two Broen alike (a tie across the cut line); the letter last.
    for juror, scores in ((anna, (5, 3, 3, 2, 2)), (bo, (4, 3, 3, 2, None)),
                          (cecilie, (5, 3, None, None, 1))):
        for entry, score in zip((flex, broen, broen_copy, sundhed, late), scores, strict=True):
            if score is not None:
                submit(first, juror, entry, [score] * 7, clock())
    submit(first, bo, late, [2, 2, 3], clock(), draft=True)
    db.session.commit()
    check("an open round", f"{YEAR}/runder/1")
    check("juror's sheets", f"{YEAR}/runder/1/jurymedlemmer/{bo.id}")
    check("a sheet entered for a juror (draft)",
          f"{YEAR}/runder/1/jurymedlemmer/{bo.id}/{late.id}")
    page.get_by_role("button", name="Indsend bedømmelsen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    check("a sheet entered for a juror, with errors")
    check("conflict form", f"{YEAR}/runder/1/inhabilitet")
    page.get_by_role("button", name="Registrér inhabilitet").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("conflict form with errors")
    page.goto(f"{YEAR}/runder/1")
    page.get_by_role("button", name="Luk runden", exact=True).click()
    expect(page.get_by_role("button", name="Luk runden alligevel")).to_be_visible()
    check("close anyway: the missing sheets")
    page.get_by_role("button", name="Luk runden alligevel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultat: Runde 1 2024")
    expect(page.get_by_text("lighed om sidste plads").first).to_be_visible()
    for summary in page.locator("details > summary").all():
        summary.click()
    expect(page.locator("details:not([open])")).to_have_count(0)
    check("results with a tie and the explanations open")
    page.get_by_role("button", name="Registrér rækkefølgen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("results with errors in the tie form")
    check("closed round", f"{YEAR}/runder/1")
    check("an entry's explanation on a page of its own",
          f"{YEAR}/runder/1/resultat/{broen.reference}")

    # ------------------------------------------------ the final and the decision
    db.session.expire_all()
    first = rounds.round_by_number(cycle, 1)
    round_results.resolve(first, [broen_copy, broen], "Juryen drøftede dem på mødet.",
                          actor=SECRETARIAT, at=clock())
    db.session.commit()
    check("confirming that the best go on", f"{YEAR}/runder/1/videre")
    round_results.advance(first, actor=SECRETARIAT, at=clock())
    final = rounds.open_round(cycle, number=2, name="Finalen", actor=SECRETARIAT, at=clock(),
                              panel_emails=[anna.email, bo.email])
    # The final ends in a tie for first place: the tie form and the decision form together.
    for juror in (anna, bo):
        for entry in (flex, broen_copy):
            submit(final, juror, entry, [4] * 7, clock())
    db.session.commit()
    check("results after the tie was resolved and the best advanced", f"{YEAR}/runder/1/resultat")
    closing.close_round(final, actor=SECRETARIAT, at=clock())
    db.session.commit()
    check("final results with a tie for first and the decision form",
          f"{YEAR}/runder/2/resultat")
    page.get_by_role("group", name="Vinder").get_by_label(
        f"{flex.reference} Flexklinikken", exact=True).check()
    page.get_by_role("button", name="Registrér vinderen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("final results with errors in the decision form")
    round_results.resolve(final, [flex, broen_copy], "Juryen drøftede dem på mødet.",
                          actor=SECRETARIAT, at=clock())
    db.session.commit()
    check("final results with the decision form", f"{YEAR}/runder/2/resultat")
    page.get_by_role("group", name="Vinder").get_by_label(
        f"{flex.reference} Flexklinikken", exact=True).check()
    page.get_by_role("button", name="Registrér vinderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrér vinderen af 2024")
    check("confirming the winner")
    decision.decide(cycle, flex, actor=SECRETARIAT, at=clock())
    db.session.commit()
    check("final results with the winner", f"{YEAR}/runder/2/resultat")
    check("round list after the decision", f"{YEAR}/runder")
    check("register form once decided", f"{YEAR}/indstillinger/ny")
    check("jury after the judging", f"{YEAR}/jury")
    check("exports", f"{YEAR}/eksport")
    check("outbox, sent and queued", "/sekretariat/udbakke")
    expect(page.get_by_role("button", name="Send nu")).to_be_visible()
    check("audit log", "/sekretariat/log")
    check("audit log filtered", "/sekretariat/log?action=round.closed&from=2024-01-01")
    check("start page after the judging", "/sekretariat/")

    # ------------------------------------------------ every page again, on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    for path in dict.fromkeys(paths):
        check(f"{path} on a phone", path)

    assert not found, "\n\n".join(f"== {what}\n{report}" for what, report in found.items())
