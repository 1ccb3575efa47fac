"""axe-core finds no violations on the secretariat's grant page in Chromium: with claims
paid, approved, rejected and pending (receipt, running balance, the forms), after a refused
claim (error summary, errors beside the fields), on the approval step's page and after a
refused approval over the balance, and on the payment, correction and withdrawal steps'
pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from fixtures.browser import log_in
from playwright.sync_api import expect

from award.extensions import db
from award.grants import services as grants
from award.jury import sheets
from award.nominations.services import Upload
from award.rounds import closing, decision

SECRETARIAT = "sekretariat@example.dk"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def violations(page) -> str | None:
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else None


@pytest.fixture
def grant(app, clock, cycle, make_nomination, make_juror, make_user, open_round):
    """A decided cycle with its grant: 3.000 kr. paid, 3.000 kr. approved, one claim
    rejected, one of 6.000 kr. pending with a receipt (more than the 4.000 kr. left)."""
    winner = make_nomination(cycle, initiative_name="Ældrevenlig akutmodtagelse på Ærø",
                             contact_name="Åse Østergård")
    other = make_nomination(cycle, initiative_name="Broen til bedre sundhed")
    juror = make_juror(cycle, "juror@example.dk", name="Jens Juror")
    round_ = open_round(cycle)
    for entry, score in ((winner, 5), (other, 3)):
        sheets.save_sheet(round_, juror, entry,
                          sheets.SheetInput(dict.fromkeys(range(1, 8), score), {}),
                          submit=True, actor=juror.email, at=clock())
    db.session.commit()
    closing.close_round(round_, actor="system", at=clock())
    decision.decide(cycle, winner, actor=SECRETARIAT, at=clock())
    db.session.commit()
    made = grants.grant_for(cycle)

    def add(amount_ore, event, receipt=None):
        return grants.add_claim(made, grants.ClaimDetails(
            travel_date=grants.local_day(made.created_at), event=event, place="Odense",
            description="Tog tur-retur.", amount_ore=amount_ore, payee_name="Mette Hansen",
            payee_account="Reg.nr. 1234 kontonr. 0001234567"), receipt=receipt,
            max_bytes=10 * 1024 * 1024, actor=SECRETARIAT, at=clock())

    paid = add(300_000, "Temadag om patientinddragelse", Upload("billet.png", PNG))
    approved = add(300_000, "Konference om lighed i sundhed", Upload("billet.png", PNG))
    rejected = add(50_000, "Privat tur")
    add(600_000, "Årsmøde i Danske Patienter", Upload("billet.png", PNG))
    db.session.flush()
    for claim in (paid, approved):
        grants.approve(made, claim.number, actor=SECRETARIAT, at=clock())
    grants.pay(made, paid.number, grants.local_day(clock()), actor=SECRETARIAT, at=clock())
    grants.reject(made, rejected.number, "Ikke en præsentation af initiativet.",
                  actor=SECRETARIAT, at=clock())
    db.session.commit()
    make_user(email=SECRETARIAT, name="Sara Sekretær")
    return made


def test_the_grant_page_has_no_axe_violations(page, grant):
    found = {}

    def check(what):
        report = violations(page)
        if report:
            found[what] = report

    log_in(page, SECRETARIAT)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto("/sekretariat/2024/rejsegodtgoerelse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejsegodtgørelse 2024")
    expect(page.get_by_text("Status: Delvist godkendt")).to_be_visible()
    check("the grant page")

    page.get_by_label("Beløb i kroner").fill("2500,505")
    page.get_by_role("button", name="Tilføj udgiften").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "Beløbet kan højst have to decimaler (øre)")
    check("a refused claim")

    page.get_by_role("link", name="Godkend udgift nr. 4").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Godkend udgift nr. 4")
    check("the approval step")
    page.get_by_role("button", name="Ja, godkend udgift nr. 4").click()
    expect(page.get_by_role("alert")).to_contain_text("tilbage af bevillingen")
    check("a refused approval")

    page.goto("/sekretariat/2024/rejsegodtgoerelse")
    page.get_by_role("link", name="Registrér udbetalingen af udgift nr. 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Registrér udbetalingen af udgift nr. 2")
    check("the payment step")

    for link, heading, what in (("Ret udgift nr. 4", "Ret udgift nr. 4", "the correction step"),
                                ("Træk udgift nr. 4 tilbage", "Træk udgift nr. 4 tilbage",
                                 "the withdrawal step")):
        page.goto("/sekretariat/2024/rejsegodtgoerelse")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(what)

    assert not found, "\n\n".join(f"== {what}\n{report}" for what, report in found.items())
