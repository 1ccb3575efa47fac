"""The whole judging in Chromium, in Danish, by labels as a person would: the secretariat
registers a letter, screens, merges a duplicate and opens round 1 (three go on); two jurors
score in the web, the third's paper sheets come in as CSV on the command line; round 1 closes
with a missing sheet, its numbers explain themselves, a tie across the cut line is resolved and
the top three advance; the final is scored and closed and the winner is recorded.

The scores (criterion and juror weights all 1, so T is a sheet's mean and S the mean of T):

round 1          Anna (web)             Bo (web)     Cecilie (CSV)   S
  Hjertet hjemme [5, 5, 5, 5, 5, 5, 4]  5            4               (34/7 + 5 + 4) / 3 = 97/21
  Flexklinikken  4                      (missing)    5               (4 + 5) / 2 = 9/2
  Broen          3                      3            2               8/3, tied with
  Sundhedsklin.  3                      3            2               8/3 across the cut line

final            Anna     Bo     Cecilie
  Hjertet hjemme 5        5      4        14/3
  Sundhedsklin.  5        4      4        13/3
  Flexklinikken  4        4      3        11/3
"""

import json
import re

import pytest
import sqlalchemy as sa
from conftest import JUDGING
from fixtures.browser import log_in
from playwright.sync_api import expect

from award.audit.models import AuditEntry
from award.cycles.models import Phase
from award.extensions import db
from award.nominations.models import Eligibility, Nomination
from award.rounds import services as rounds
from award.rounds.models import Decision, RoundResult

SECRETARIAT = "sekretariat@example.dk"
TITLE = "Prisen for Årets Patientoplevelse 2024"
# The nomination that came by letter: registered by the secretariat, AP-2024-0006.
LETTER = {
    "Initiativets navn": "Hjertet hjemme",
    "Hospital eller organisation": "Aalborg Universitetshospital",
    "Afdeling eller enhed (valgfrit)": "Hjertesygdomme",
    "Kort beskrivelse af initiativet": "Hjerterehabilitering i patientens eget hjem.",
    "Kontaktpersonens navn": "Mette Holm",
    "Kontaktpersonens e-mail": "mette.holm@example.dk",
    "Kontaktpersonens telefonnummer": "97 66 00 00",
    "Indstillerens navn": "Poul Brev",
    "Indstillerens e-mail": "poul@example.dk",
}
ROUND_1 = {  # initiative: (Anna, Bo, Cecilie); None: no sheet
    "Hjertet hjemme": ([5, 5, 5, 5, 5, 5, 4], [5] * 7, [4] * 7),
    "Flexklinikken": ([4] * 7, None, [5] * 7),
    "Broen til bedre sundhed": ([3] * 7, [3] * 7, [2] * 7),
    "Sundhedsklinikken": ([3] * 7, [3] * 7, [2] * 7),
}
FINAL = {
    "Hjertet hjemme": ([5] * 7, [5] * 7, [4] * 7),
    "Sundhedsklinikken": ([5] * 7, [4] * 7, [4] * 7),
    "Flexklinikken": ([4] * 7, [4] * 7, [3] * 7),
}


@pytest.fixture
def nominated(cycle, make_nomination, make_user, make_juror):
    """Five nominations from the public form (two of them the same clinic), the secretariat
    and a jury of three, while the call is open."""
    made = [
        make_nomination(cycle, initiative_name="Flexklinikken",
                        organisation="Bispebjerg og Frederiksberg Hospital"),
        make_nomination(cycle, initiative_name="Flexklinikken.",
                        organisation="Frederiksberg og Bispebjerg hospital",
                        nominator_name="Anden Indstiller"),
        make_nomination(cycle, initiative_name="Broen til bedre sundhed",
                        region="Region Sjælland", organisation="Nykøbing F. Sygehus"),
        make_nomination(cycle, initiative_name="Sundhedsklinikken",
                        region="Region Midtjylland", organisation="Aarhus Universitetshospital"),
        make_nomination(cycle, initiative_name="Frikommuneforsøget",
                        region="Region Syddanmark", organisation="Odense Kommune"),
    ]
    make_user(email=SECRETARIAT)
    jurors = [make_juror(cycle, f"{name.lower()}@example.dk", name=name)
              for name in ("Anna", "Bo", "Cecilie")]
    return made, jurors


def flash(page, text):
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def nav(page, label):
    page.get_by_role("navigation", name="Sekretariatets sider for 2024").get_by_role(
        "link", name=label, exact=True).click()


def score_in_the_web(juror_page, cycle, round_name, sheets):
    """A juror scores the round's entries from the dashboard, criterion by criterion."""
    for initiative, scores in sheets.items():
        juror_page.get_by_role("region", name=f"{TITLE}: {round_name}").get_by_role(
            "link", name=initiative, exact=True).click()
        heading(juror_page, initiative)
        for criterion, value in zip(cycle.criteria, scores, strict=True):
            juror_page.get_by_role("group", name=f"{criterion.number}. {criterion.text_da}"
                                   ).get_by_label(re.compile(rf"^{value} = ")).check()
        juror_page.get_by_role("button", name="Indsend bedømmelsen").click()
        flash(juror_page, f"Din bedømmelse af {initiative} er indsendt.")
        juror_page.get_by_role("link", name="Tilbage til oversigten").click()
        heading(juror_page, "Dine bedømmelser")


def import_paper_sheets(runner, tmp_path, number, email, sheets, references):
    """The secretariat types a juror's paper sheets into a CSV file and imports it."""
    rows = ["juror_email,reference,criterion,score,comment"]
    for initiative, scores in sheets.items():
        rows += [f"{email},{references[initiative]},{criterion},{score},"
                 for criterion, score in enumerate(scores, start=1)]
    path = tmp_path / f"runde-{number}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(args=["scores", "import", "--year", "2024", "--round", str(number),
                                 str(path)])
    assert result.exit_code == 0, result.output
    assert f"Imported {len(sheets)} sheets into round {number} of 2024" in result.output


def ranking(page):
    table = page.get_by_role("table", name=re.compile("^Rangorden"))
    return [" ".join(text.split()) for text in table.get_by_role("row").all_inner_texts()[1:]]


def test_the_whole_judging_in_the_browser(page, browser, live_server, cycle, nominated, clock,
                                          runner, tmp_path):
    made, (anna, bo, cecilie) = nominated
    flex, flex_copy, broen, sundhed, frikommune = made

    # ------------------------------------------------ a nomination that came by letter
    log_in(page, SECRETARIAT)
    heading(page, "Sekretariatet")
    page.get_by_role("link", name="Indstillinger 2024").click()
    heading(page, "Indstillinger 2024")
    expect(page.get_by_text("5 indstillinger.")).to_be_visible()
    page.get_by_role("link", name="Registrér en indstilling fra brev, telefon eller e-mail"
                     ).click()
    heading(page, "Registrér en indstilling")
    for label, value in LETTER.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("group", name="Region").get_by_label("Region Nordjylland", exact=True
                                                           ).check()
    for criterion in cycle.criteria:
        page.get_by_label(criterion.text_da, exact=True).fill(
            f"Brevets svar på kriterium {criterion.number}.")
    page.get_by_role("group", name="Indstillerens relation til initiativet").get_by_label(
        "Pårørende", exact=True).check()
    page.get_by_label("Indstilleren er orienteret om, hvordan oplysningerne bruges").check()
    page.get_by_role("button", name="Registrér indstillingen").click()
    flash(page, "AP-2024-0006 er registreret.")
    heading(page, "Hjertet hjemme")
    expect(page.get_by_text("Registreret af sekretariat@example.dk.")).to_be_visible()
    page.get_by_role("link", name="Alle indstillinger").click()
    expect(page.get_by_text("6 indstillinger.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("AP-2024-0006 Hjertet hjemme"))
           .get_by_text("registreret af sekretariatet")).to_be_visible()

    # ------------------------------------------------ the call closes: screening
    clock.set(JUDGING)
    nav(page, "Screening")
    heading(page, "Screening 2024")
    expect(page.get_by_text("6 indstillinger mangler at blive screenet.")).to_be_visible()
    for nomination in (flex, flex_copy, broen, sundhed):
        page.get_by_label(f"Vælg {nomination.reference}", exact=True).check()
    page.get_by_label("Vælg AP-2024-0006", exact=True).check()
    page.get_by_role("group", name="Vurdering").get_by_label("Egnet", exact=True).check()
    page.get_by_role("button", name="Gem vurderingen af de valgte").click()
    flash(page, "5 indstillinger er screenet.")
    expect(page.get_by_text("1 indstilling mangler at blive screenet.")).to_be_visible()

    page.get_by_label(f"Vælg {frikommune.reference}", exact=True).check()
    page.get_by_role("group", name="Vurdering").get_by_label("Ikke egnet", exact=True).check()
    page.get_by_label("Ikke et regionalt initiativ", exact=True).check()
    page.get_by_label("Bemærkning (valgfri; skal udfyldes ved »Andet«)").fill(
        "Et kommunalt projekt.")
    page.get_by_role("button", name="Gem vurderingen af de valgte").click()
    flash(page, "1 indstilling er screenet.")
    expect(page.get_by_role("row", name=re.compile(frikommune.reference))).to_contain_text(
        "Ikke egnet: Ikke et regionalt initiativ")
    expect(page.get_by_text("0 indstillinger mangler at blive screenet.")).to_be_visible()

    # The two Flexklinikken nominations are suggested as one initiative: merged.
    # Either may be kept: one button for each direction.
    expect(page.get_by_role("button", name=re.compile("^Læg .* sammen med "))).to_have_count(2)
    page.get_by_role("button", name=f"Læg {flex_copy.reference} sammen med {flex.reference}",
                     exact=True).click()
    flash(page, f"{flex_copy.reference} er lagt sammen med {flex.reference}. Juryen ser begge "
                f"indstilleres svar under {flex.reference}.")
    expect(page.get_by_role("listitem").filter(
        has_text=f"{flex_copy.reference} Flexklinikken. → {flex.reference} Flexklinikken"
    )).to_be_visible()
    expect(page.get_by_text("Der er ingen mulige dubletter.")).to_be_visible()

    # ------------------------------------------------ round 1: four entries, three go on
    nav(page, "Runder")
    heading(page, "Runder 2024")
    expect(page.get_by_text("Ingen runder er åbnet endnu.")).to_be_visible()
    expect(page.get_by_label("Rundens nummer")).to_have_value("1")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Runde 1")
    page.get_by_label("Antal, der går videre (valgfri)").fill("3")
    expect(page.get_by_role("group", name="Beregning").get_by_label("Vægtet gennemsnit")
           ).to_be_checked()
    expect(page.get_by_role("group", name="Panel").get_by_label("Hele juryen")).to_be_checked()
    page.get_by_role("button", name="Åbn runden").click()
    flash(page, "Runde 1 er åbnet.")
    heading(page, "Runde 1 2024")
    facts = page.locator("dl.award-answers")
    expect(facts).to_contain_text("Indstillinger4")
    expect(facts).to_contain_text("Går videre3")

    db.session.expire_all()
    references = {n.initiative_name: n.reference for n in (flex, broen, sundhed)}
    references["Hjertet hjemme"] = "AP-2024-0006"

    # ------------------------------------------------ the jurors score round 1
    contexts = {}
    for juror in (anna, bo):
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        contexts[juror.name] = juror_page = context.new_page()
        juror_page.set_default_timeout(10_000)
        log_in(juror_page, juror.email)
        heading(juror_page, "Dine bedømmelser")
        expect(juror_page.get_by_text("0 af 4 bedømt")).to_be_visible()
    try:
        # The duplicate reaches the jury as part of the entry it was merged into.
        expect(contexts["Anna"].get_by_role("link", name="Flexklinikken.", exact=True)
               ).to_have_count(0)
        for column, juror in enumerate((anna, bo)):
            sheets = {name: scores[column] for name, scores in ROUND_1.items()
                      if scores[column] is not None}
            score_in_the_web(contexts[juror.name], cycle, "Runde 1", sheets)
        expect(contexts["Anna"].get_by_text("4 af 4 bedømt")).to_be_visible()
        expect(contexts["Bo"].get_by_text("3 af 4 bedømt")).to_be_visible()
        import_paper_sheets(runner, tmp_path, 1, cecilie.email,
                            {name: scores[2] for name, scores in ROUND_1.items()}, references)

        # -------------------------------------------- closing with Bo's sheet missing
        page.get_by_role("link", name="Runder", exact=True).click()
        page.get_by_role("link", name="Runde 1", exact=True).click()
        heading(page, "Runde 1 2024")
        expect(page.get_by_role("row", name=re.compile("^Cecilie")))\
            .to_contain_text("4 af 4 bedømt")
        page.get_by_role("button", name="Luk runden", exact=True).click()
        # The confirmation says what closing does, what cannot be undone, and what is missing.
        heading(page, "Luk Runde 1")
        expect(page.get_by_text("Runden kan ikke åbnes igen")).to_be_visible()
        expect(page.get_by_role("heading", name="1 bedømmelse mangler")).to_be_visible()
        expect(page.get_by_role("listitem").filter(has_text="Bo – ")).to_have_text([
            f"Bo – {flex.reference} Flexklinikken"])
        page.get_by_role("button", name="Luk runden alligevel").click()
        flash(page, "Runde 1 er lukket. Resultatet er gemt og ændres ikke.")
        heading(page, "Resultat: Runde 1 2024")

        # -------------------------------------------- the results explain themselves
        rows = ranking(page)
        assert [row.split(" ")[:3] for row in rows] == [
            ["1", "AP-2024-0006", "Hjertet"], ["2", flex.reference, "Flexklinikken"],
            ["3*", broen.reference, "Broen"], ["3*", sundhed.reference, "Sundhedsklinikken"]]
        assert "4,62" in rows[0] and "4,50" in rows[1] and "2,67" in rows[2]
        assert "går videre" in rows[0] and "lighed om sidste plads" in rows[3]
        summary = page.get_by_text(
            "Sådan er tallet regnet ud: AP-2024-0006 Hjertet hjemme (plads 1)")
        explanation = page.locator("details").filter(has=summary)
        expect(explanation.get_by_text(re.compile(r"S = Σ w·T / Σ w"))).to_be_hidden()
        summary.click()
        formula = explanation.get_by_text(re.compile(r"S = Σ w·T / Σ w"))
        expect(formula).to_be_visible()
        expect(formula.locator("strong").first).to_have_text("97/21")
        expect(explanation).to_contain_text("ingen: hele panelet har indsendt.")
        flex_summary = page.get_by_text(
            f"Sådan er tallet regnet ud: {flex.reference} Flexklinikken (plads 2)")
        flex_summary.click()
        flex_explanation = page.locator("details").filter(has=flex_summary)
        expect(flex_explanation.get_by_text(re.compile(r"S = Σ w·T / Σ w")).locator("strong")
               .first).to_have_text("9/2")
        expect(flex_explanation).to_contain_text("Bo (ingen bedømmelse)")

        # -------------------------------------------- the tie across the cut line
        expect(page.get_by_role("listitem").filter(has_text="Stemmelighed:")).to_contain_text(
            f"{broen.reference} Broen til bedre sundhed og {sundhed.reference} "
            "Sundhedsklinikken står lige")
        expect(page.get_by_text("Det gælder den sidste plads, der går videre")).to_be_visible()
        expect(page.get_by_text("Afgør først stemmeligheden om den sidste plads.")
               ).to_be_visible()
        expect(page.get_by_role("button", name="Send dem videre")).to_have_count(0)
        resolve = page.locator("form").filter(
            has=page.get_by_role("button", name="Registrér rækkefølgen"))
        # A place chosen for each, not references typed.
        resolve.get_by_label(f"{sundhed.reference} Sundhedsklinikken").select_option("3. plads")
        resolve.get_by_label(f"{broen.reference} Broen til bedre sundhed").select_option(
            "4. plads")
        resolve.get_by_label("Begrundelse").fill(
            "Juryen vurderede på mødet, at Sundhedsklinikken når flest patienter.")
        page.get_by_role("button", name="Registrér rækkefølgen").click()
        flash(page, "Rækkefølgen er registreret med begrundelsen.")
        expect(page.get_by_role("listitem").filter(
            has_text=f"{sundhed.reference} > {broen.reference}")).to_contain_text(
            "Juryen vurderede på mødet, at Sundhedsklinikken når flest patienter.")
        rows = ranking(page)
        assert rows[2].startswith(f"3 {sundhed.reference}") and "går videre" in rows[2]
        assert rows[3].startswith(f"4 {broen.reference}") and "går videre" not in rows[3]
        expect(page.get_by_text(
            f"3 går videre: AP-2024-0006, {flex.reference}, {sundhed.reference}.")
        ).to_be_visible()
        page.get_by_role("button", name="Send dem videre").click()
        heading(page, "Send de bedste videre fra Runde 1")
        expect(page.get_by_text("De går videre til næste runde:")).to_contain_text(
            f"{sundhed.reference} Sundhedsklinikken")
        page.get_by_role("button", name="Send dem videre").click()
        flash(page, "3 indstillinger går videre. Du kan nu åbne næste runde.")
        heading(page, "Runder 2024")

        # -------------------------------------------- the final
        page.get_by_label("Rundens nummer").fill("2")
        page.get_by_label("Navn", exact=True).fill("Finalen")
        page.get_by_role("button", name="Åbn runden").click()
        flash(page, "Finalen er åbnet.")
        heading(page, "Finalen 2024")
        expect(page.locator("dl.award-answers")).to_contain_text("Indstillinger3")

        for column, juror in enumerate((anna, bo)):
            juror_page = contexts[juror.name]
            juror_page.reload()
            expect(juror_page.get_by_role("progressbar", name="0 af 3 bedømt")).to_be_visible()
            score_in_the_web(juror_page, cycle, "Finalen",
                             {name: scores[column] for name, scores in FINAL.items()})
            expect(juror_page.get_by_role("progressbar", name="3 af 3 bedømt")).to_be_visible()
        import_paper_sheets(runner, tmp_path, 2, cecilie.email,
                            {name: scores[2] for name, scores in FINAL.items()}, references)
    finally:
        for juror_page in contexts.values():
            juror_page.context.close()

    page.reload()
    expect(page.get_by_role("row", name=re.compile("^Bo"))).to_contain_text("3 af 3 bedømt")
    page.get_by_role("button", name="Luk runden", exact=True).click()
    heading(page, "Luk Finalen")
    page.get_by_role("button", name="Luk runden", exact=True).click()
    flash(page, "Finalen er lukket. Resultatet er gemt og ændres ikke.")
    heading(page, "Resultat: Finalen 2024")
    rows = ranking(page)
    assert [row.split(" ")[:2] for row in rows] == [
        ["1", "AP-2024-0006"], ["2", sundhed.reference], ["3", flex.reference]]
    assert "4,67" in rows[0] and "4,33" in rows[1] and "3,67" in rows[2]
    expect(page.get_by_role("heading", name="Afgør en stemmelighed")).to_have_count(0)

    # ------------------------------------------------ the winner
    winner = page.get_by_role("group", name="Vinder")
    # Not the first without a reason: refused, and said so.
    winner.get_by_label(f"{sundhed.reference} Sundhedsklinikken", exact=True).check()
    page.get_by_role("button", name="Registrér vinderen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"{sundhed.reference} er ikke nummer ét i Finalen. Skriv en begrundelse for valget.")
    winner = page.get_by_role("group", name="Vinder")
    winner.get_by_label("AP-2024-0006 Hjertet hjemme", exact=True).check()
    page.get_by_role("button", name="Registrér vinderen").click()
    heading(page, "Registrér vinderen af 2024")
    expect(page.get_by_text("AP-2024-0006 Hjertet hjemme registreres som vinder af 2024.")
           ).to_be_visible()
    page.get_by_role("button", name="Registrér vinderen").click()
    flash(page, "Hjertet hjemme er registreret som vinder af 2024.")
    expect(page.get_by_role("heading", name="Vinderen", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(
        r"^Hjertet hjemme er registreret som vinder af 2024 \(15\. januar 2024"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Registrér vinderen")).to_have_count(0)

    # ------------------------------------------------ the audit log, as the secretariat sees it
    page.get_by_role("link", name="Sekretariatet", exact=True).first.click()
    page.get_by_role("link", name="Log over handlinger").click()
    heading(page, "Log over handlinger")
    expect(page.get_by_text("Loggen er intakt:")).to_be_visible()
    filters = page.get_by_role("search", name="Filtrér loggen")
    filters.get_by_label("Handling").select_option("round.closed")
    filters.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("2 linjer passer.")).to_be_visible()
    log = page.get_by_role("table", name="Loggens linjer, nyeste først")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Runde 2024/2")
    expect(log.get_by_role("row").nth(2)).to_contain_text(
        f"Manglede: bo@example.dk/{flex.reference}")
    filters.get_by_label("Handling").select_option("cycle.decided")
    filters.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("1 linje passer.")).to_be_visible()
    expect(log.get_by_role("row").nth(1)).to_contain_text(SECRETARIAT)
    expect(log.get_by_role("row").nth(1)).to_contain_text("Vinder: AP-2024-0006")

    # ------------------------------------------------ and the data behind it
    db.session.expire_all()
    letter = db.session.scalar(sa.select(Nomination).where(
        Nomination.reference == "AP-2024-0006"))
    assert letter.entered_by == SECRETARIAT and not letter.is_late
    assert letter.nominator_relation == "paaroerende"
    assert [n.eligibility for n in (flex, flex_copy, broen, sundhed, letter)] == [
        Eligibility.ELIGIBLE] * 5
    assert (frikommune.eligibility, frikommune.ineligibility_reason,
            frikommune.screening_note) == (Eligibility.INELIGIBLE, "not_regional",
                                           "Et kommunalt projekt.")
    assert flex_copy.merged_into_id == flex.id

    decision = db.session.scalar(sa.select(Decision))
    final = rounds.round_by_number(cycle, 2)
    assert (decision.nomination_id, decision.round_id, decision.decided_by, decision.reason) \
        == (letter.id, final.id, SECRETARIAT, "")
    db.session.refresh(cycle)
    assert cycle.phase(clock()) is Phase.DECIDED

    first = rounds.round_by_number(cycle, 1)
    snapshot = db.session.scalar(sa.select(RoundResult).where(RoundResult.round_id == first.id))
    assert snapshot.left_out["missing"] == [[bo.id, flex.id]]
    assert len(snapshot.inputs["sheets"]) == 11
    assert (first.advance_count, first.closed_by) == (3, SECRETARIAT)
    assert first.advanced_at is not None and final.advance_count is None

    log = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    judging = ("nomination.registered", "nomination.screened", "nomination.merged",
               "round.opened", "round.closed", "round.tie_resolved", "round.advanced",
               "cycle.decided")
    steps = [(entry.actor, entry.action, entry.object_id) for entry in log
             if entry.action in judging]
    assert steps == [
        (SECRETARIAT, "nomination.registered", "AP-2024-0006"),
        *[(SECRETARIAT, "nomination.screened", n.reference)
          for n in (flex, flex_copy, broen, sundhed, letter)],
        (SECRETARIAT, "nomination.screened", frikommune.reference),
        (SECRETARIAT, "nomination.merged", flex_copy.reference),
        (SECRETARIAT, "round.opened", "2024/1"),
        (SECRETARIAT, "round.closed", "2024/1"),
        (SECRETARIAT, "round.tie_resolved", "2024/1"),
        (SECRETARIAT, "round.advanced", "2024/1"),
        (SECRETARIAT, "round.opened", "2024/2"),
        (SECRETARIAT, "round.closed", "2024/2"),
        (SECRETARIAT, "cycle.decided", "2024"),
    ]
    closed = json.loads(next(e for e in log if e.action == "round.closed").details)
    assert closed["forced"] is True
    assert closed["missing_sheets"] == [f"bo@example.dk/{flex.reference}"]
    # Every sheet: 4 + 3 from Anna, 3 + 3 from Bo in the web, 4 + 3 imported for Cecilie.
    submitted = [(e.actor, json.loads(e.details).get("entered_on_behalf_of")) for e in log
                 if e.action == "sheet.submitted"]
    assert sorted(submitted, key=str) == sorted(
        [("anna@example.dk", None)] * 7 + [("bo@example.dk", None)] * 6
        + [("system", "cecilie@example.dk")] * 7, key=str)
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
