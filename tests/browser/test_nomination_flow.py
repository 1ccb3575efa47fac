"""The nomination from start to finish in Chromium, through the form's labels, as people use it:
with the mouse, with the keyboard alone, without JavaScript; errors and what is kept."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fixtures.browser import log_in
from fixtures.factories import answers_form
from playwright.sync_api import expect

THEME_QUESTION = "Hvordan skaber initiativet mere lighed i samarbejde med civilsamfundet?"
# The deadline "frem til den 13. januar 2024" ends at midnight in Copenhagen (UTC+1).
DEADLINE = datetime(2024, 1, 13, 23, 0, tzinfo=UTC)
CHECK_HEADING = "Tjek dine svar, før du sender"
LONG_TEXT = (
    "Klinikken har åbent uden tidsbestilling, så borgere uden fast bopæl kan komme, når de "
    "har overskud. Personalet møder dem, hvor de er – også på gaden. 😊\n\n"
) * 12


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "projektbeskrivelse.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    return path


@pytest.fixture
def themed_cycle(make_cycle):
    return make_cycle(theme_question_da=THEME_QUESTION)


def edit_link_in(message) -> str:
    match = re.search(r"https?://\S+/indstilling/[\w-]+", message.get_content())
    assert match, message.get_content()
    return match.group(0)


def answer_row(page, label):
    """The answer shown beside its question on check-your-answers and the view page."""
    return page.get_by_role("term").filter(has_text=label).locator("xpath=..")


def test_nominate_receive_mails_correct_and_lose_edit_at_deadline(
        page, themed_cycle, fill_nomination, smtp, clock, pdf, live_server):
    page.goto("/")
    page.get_by_role("link", name="Indstil et initiativ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indstil et initiativ")

    # The theme question need not be answered, and the form says so, as it promises.
    expect(page.get_by_label(THEME_QUESTION)).to_have_accessible_description(
        re.compile(r"^Valgfrit\."))
    values = fill_nomination(
        page, themed_cycle, region="Region Sjælland", unit="Akutmodtagelsen",
        nominator_phone="20 30 40 50", nominator_relation="paaroerende",
        theme_answer="Frivillige fra gadeplansorganisationer er med i teamet.",
    )
    page.get_by_label("Bilag (valgfrit)").set_input_files(pdf)
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Tjek dine svar"))
    main = page.get_by_role("main")
    for name in fill_nomination.labels:
        expect(main).to_contain_text(values[name])
    for criterion in themed_cycle.criteria:
        expect(answer_row(page, criterion.text_da)).to_contain_text(
            values[f"answer_{criterion.number}"])
    expect(answer_row(page, THEME_QUESTION)).to_contain_text(values["theme_answer"])
    expect(answer_row(page, "Region")).to_contain_text("Region Sjælland")
    expect(answer_row(page, "Relation til initiativet")).to_contain_text("Pårørende")
    expect(main.get_by_role("listitem").filter(has_text="projektbeskrivelse.pdf")).to_be_visible()

    page.get_by_role("button", name="Send indstillingen").click()

    expect(page.get_by_role("heading", name="Tak! Indstillingen er sendt")).to_be_visible()
    expect(page.get_by_text("AP-2024-0001")).to_be_visible()
    [receipt] = smtp.to(values["nominator_email"])
    [notice] = smtp.to(values["contact_email"])
    assert "AP-2024-0001" in receipt["Subject"]
    assert "AP-2024-0001" in receipt.get_content()
    assert values["answer_3"] in receipt.get_content()
    edit_link = edit_link_in(receipt)
    assert edit_link.startswith(live_server.url + "/indstilling/")
    expect(page.get_by_role("link", name=edit_link)).to_be_visible()
    assert "Jeres initiativ er indstillet" in notice["Subject"]
    assert values["contact_name"] in notice.get_content()
    assert values["initiative_name"] in notice.get_content()

    # The private link: view the nomination, then correct a field.
    page.goto(edit_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Din indstilling AP-2024-0001")
    page.get_by_role("link", name="Ret indstillingen").click()
    name_field = page.get_by_label("Initiativets navn", exact=True)
    expect(name_field).to_have_value(values["initiative_name"])
    expect(page.get_by_label(themed_cycle.criteria[0].text_da)).to_have_value(values["answer_1"])
    name_field.fill("Flexklinikken på Bispebjerg")
    page.get_by_role("button", name="Gem rettelserne").click()
    expect(page.get_by_role("status")).to_have_text("Dine rettelser er gemt.")
    expect(answer_row(page, "Initiativets navn")).to_contain_text("Flexklinikken på Bispebjerg")
    expect(page.get_by_role("listitem").filter(has_text="projektbeskrivelse.pdf")).to_be_visible()

    # Open until the last second of 13 January in Copenhagen.
    clock.set(DEADLINE - timedelta(seconds=1))
    page.reload()
    expect(page.get_by_role("link", name="Ret indstillingen")).to_be_visible()

    clock.set(DEADLINE)
    page.reload()
    expect(page.get_by_role("link", name="Ret indstillingen")).to_have_count(0)
    expect(page.get_by_role("link", name="Træk indstillingen tilbage")).to_have_count(0)
    expect(page.get_by_text("Fristen er udløbet, så indstillingen kan ikke længere ændres."))\
        .to_be_visible()
    expect(answer_row(page, "Initiativets navn")).to_contain_text("Flexklinikken på Bispebjerg")

    page.goto(edit_link + "/ret")
    assert page.url == edit_link
    expect(page.get_by_text("Fristen er udløbet, så indstillingen kan ikke længere ændres."))\
        .to_be_visible()
    expect(page.get_by_role("button", name="Gem rettelserne")).to_have_count(0)


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, target, most=6):
    """Press Tab until `target` has focus; it must come within `most` presses, in order."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if is_focused(target):
            return
    raise AssertionError(f"{target} not reached with {most} presses of Tab")


def test_nominate_with_the_keyboard_alone(page, cycle, fill_nomination, smtp):
    labels = fill_nomination.labels
    values = {
        "initiative_name": "Broen til bedre sundhed",
        "organisation": "Nykøbing F. Sygehus",
        "unit": "",
        "description": "Samskabt forløb for borgere med komplekse behov.",
        "contact_name": "Mette Holm",
        "contact_email": "mette.holm@example.dk",
        "contact_phone": "54 84 54 84",
        "nominator_name": "Åse Østergård",
        "nominator_email": "aase@example.dk",
        "nominator_phone": "",
    }

    def type_into(name):
        tab_to(page, page.get_by_label(labels[name], exact=True))
        page.keyboard.type(values[name])

    page.goto("/")
    start = page.get_by_role("link", name="Indstil et initiativ")
    tab_to(page, start, most=10)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indstil et initiativ")

    type_into("initiative_name")
    # Into the radio group: Space picks the focused region, the arrow keys move the choice.
    tab_to(page, page.get_by_role("radio", name="Region Hovedstaden"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Region Sjælland")).to_be_checked()
    for name in ("organisation", "unit", "description"):
        type_into(name)
    for criterion in cycle.criteria:
        tab_to(page, page.get_by_label(criterion.text_da, exact=True))
        page.keyboard.type(f"Opfyldt, se nr. {criterion.number}.")
    for name in ("contact_name", "contact_email", "contact_phone",
                 "nominator_name", "nominator_email", "nominator_phone"):
        type_into(name)
    tab_to(page, page.get_by_role("radio", name="Patient", exact=True))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Medarbejder")).to_be_checked()
    privacy = page.get_by_label(fill_nomination.privacy_label)
    tab_to(page, privacy)
    page.keyboard.press("Space")
    expect(privacy).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Fortsæt"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()
    expect(answer_row(page, "Relation til initiativet")).to_contain_text("Medarbejder")
    expect(answer_row(page, "Region")).to_contain_text("Region Sjælland")
    tab_to(page, page.get_by_role("button", name="Send indstillingen"), most=40)
    page.keyboard.press("Enter")

    expect(page.get_by_text("AP-2024-0001")).to_be_visible()
    assert len(smtp.to("aase@example.dk")) == 1


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_nominate_without_javascript(page_without_javascript, cycle, fill_nomination, smtp):
    page = page_without_javascript
    page.goto("/indstil")
    # The character counter is the script's work; without it the plain hint stays.
    expect(page.get_by_text("Du kan skrive op til 2000 tegn.")).to_be_visible()

    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv initiativets navn.")

    values = fill_nomination(page, cycle)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()
    expect(answer_row(page, "Initiativets navn")).to_contain_text(values["initiative_name"])
    page.get_by_role("button", name="Send indstillingen").click()

    expect(page.get_by_role("heading", name="Tak! Indstillingen er sendt")).to_be_visible()
    expect(page.get_by_text("AP-2024-0001")).to_be_visible()
    [receipt] = smtp.to(values["nominator_email"])
    expect(page.get_by_role("link", name=edit_link_in(receipt))).to_be_visible()


def required_fields(page, cycle):
    """(message, field, what gets the focus) for every required field, in the form's order.

    For a choice the message belongs to the group and the focus goes to its first radio."""
    def field(label):
        located = page.get_by_label(label, exact=True)
        return located, located

    def choice(legend, first):
        return (page.get_by_role("group", name=legend),
                page.get_by_role("radio", name=first, exact=True))

    return [
        ("Skriv initiativets navn.", *field("Initiativets navn")),
        ("Vælg en region.", *choice("Region", "Region Hovedstaden")),
        ("Skriv hospitalets eller organisationens navn.", *field("Hospital eller organisation")),
        ("Beskriv kort initiativet.", *field("Kort beskrivelse af initiativet")),
        *[(f"Skriv, hvordan initiativet opfylder kriterium {criterion.number}.",
           *field(criterion.text_da)) for criterion in cycle.criteria],
        ("Skriv navnet på en kontaktperson ved initiativet.", *field("Kontaktpersonens navn")),
        ("Skriv kontaktpersonens e-mailadresse.", *field("Kontaktpersonens e-mail")),
        ("Skriv et telefonnummer.", *field("Kontaktpersonens telefonnummer")),
        ("Skriv dit navn.", *field("Dit navn")),
        ("Skriv din e-mailadresse.", *field("Din e-mail")),
        ("Vælg din relation til initiativet.",
         *choice("Hvad er din relation til initiativet?", "Patient")),
        ("Bekræft, at du har læst, hvordan oplysningerne bruges.",
         *field("Jeg har læst, hvordan oplysningerne bruges")),
    ]


def test_error_summary_at_the_top_links_to_each_field(page, cycle):
    page.goto("/indstil")
    page.get_by_role("button", name="Fortsæt").click()

    expect(page).to_have_title(re.compile(r"^Fejl: Indstil et initiativ"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text(
        "Der er problemer med det, du har skrevet")
    expect(summary).to_be_focused()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert summary.bounding_box()["y"] < heading["y"], "the summary sits above the heading"

    expected = required_fields(page, cycle)
    links = summary.get_by_role("link")
    expect(links).to_have_text([message for message, _, _ in expected])
    for index, (message, field, focused) in enumerate(expected):
        # The message beside the field is read out with it ...
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
        # ... and its link in the summary takes the person there.
        links.nth(index).click()
        expect(focused).to_be_focused()


# Without JavaScript it is the server alone that puts the answers back (the script only
# mirrors them in the tab as a second safety net).
@pytest.mark.parametrize("browser_page", ["page", "page_without_javascript"])
def test_refused_form_keeps_everything_typed(request, browser_page, cycle, fill_nomination, pdf):
    page = request.getfixturevalue(browser_page)
    labels = fill_nomination.labels
    long_answers = {f"answer_{n}": f"Kriterium {n}: {LONG_TEXT}" for n in range(1, 8)}
    page.goto("/indstil")
    values = fill_nomination(
        page, cycle, description=LONG_TEXT, contact_email="karen.jensen(at)example.dk",
        unit="Enhed for Ældre og Udsatte – Ærø & Østerbro", nominator_relation="andet",
        nominator_phone="+45 20 30 40 50", privacy_confirmed="", **long_answers,
    )
    page.get_by_label("Bilag (valgfrit)").set_input_files(pdf)
    page.get_by_role("button", name="Fortsæt").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text([
        "Skriv en e-mailadresse i formatet navn@eksempel.dk.",
        "Bekræft, at du har læst, hvordan oplysningerne bruges.",
    ])
    expect(page.get_by_label(labels["contact_email"])).to_have_accessible_description(
        re.compile("Skriv en e-mailadresse i formatet navn@eksempel.dk."))
    for name, label in labels.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(values[name].strip())
    for criterion in cycle.criteria:
        expect(page.get_by_label(criterion.text_da, exact=True)).to_have_value(
            values[f"answer_{criterion.number}"].strip())
    expect(page.get_by_role("radio", name=values["region"])).to_be_checked()
    expect(page.get_by_role("radio", name="Andet")).to_be_checked()
    # The file is kept (a browser never sends it again by itself), listed with a box to
    # remove it.
    expect(page.get_by_label(re.compile("^Fjern projektbeskrivelse.pdf"))).not_to_be_checked()

    page.get_by_label(labels["contact_email"]).fill("karen.jensen@example.dk")
    page.get_by_label(fill_nomination.privacy_label).check()
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()
    expect(answer_row(page, cycle.criteria[6].text_da)).to_contain_text(
        values["answer_7"].strip())
    expect(page.get_by_role("listitem").filter(has_text="projektbeskrivelse.pdf")).to_be_visible()


def test_a_file_attached_on_a_refused_page_reaches_the_nomination(
        page, cycle, fill_nomination, make_user, smtp, tmp_path):
    """Issue 12, Must 6: attach a PDF, leave a required field empty, be refused, fix the
    field, see the file on check-your-answers, send: the nomination has it, and so has one the
    secretariat registers the same way."""
    attachment = tmp_path / "vigtigt-bilag.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    page.goto("/indstil")
    fill_nomination(page, cycle, initiative_name="")
    page.get_by_label("Bilag (valgfrit)").set_input_files(attachment)
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Skriv initiativets navn."])
    expect(page.get_by_label(re.compile("^Fjern vigtigt-bilag.pdf"))).to_be_visible()
    page.get_by_label("Initiativets navn", exact=True).fill("Flexklinikken")
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("listitem").filter(has_text="vigtigt-bilag.pdf")).to_be_visible()
    expect(main).not_to_contain_text("Ingen bilag")
    page.get_by_role("button", name="Send indstillingen").click()
    expect(page.get_by_text("AP-2024-0001")).to_be_visible()

    make_user()
    log_in(page, "sekretariat@example.dk")
    page.goto("/sekretariat/2024/indstillinger/AP-2024-0001")
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(
        "vigtigt-bilag.pdf"))).to_be_visible()

    page.goto("/sekretariat/2024/indstillinger/ny")
    fill_registration(page, cycle, initiative_name="")
    page.get_by_label("Bilag (valgfrit)").set_input_files(attachment)
    page.get_by_role("button", name="Registrér indstillingen").click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Skriv initiativets navn."])
    expect(page.get_by_label(re.compile("^Fjern vigtigt-bilag.pdf"))).to_be_visible()
    page.get_by_label("Initiativets navn", exact=True).fill("Broen til bedre sundhed")
    page.get_by_role("button", name="Registrér indstillingen").click()
    expect(page.get_by_text("AP-2024-0002 er registreret.")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(
        "vigtigt-bilag.pdf"))).to_be_visible()


def fill_registration(page, cycle, **overrides):
    """The registration page by its labels: the public form's fields but for the nominator's,
    which are worded for the secretariat, and the notice, which is only confirmed."""
    values = answers_form(cycle, **overrides)
    for name in ("initiative_name", "organisation", "description", "contact_name",
                 "contact_email", "contact_phone"):
        page.locator(f"#{name}").fill(values[name])
    for name in ("nominator_name", "nominator_email"):
        page.locator(f"#{name}").fill(values[name])
    page.get_by_role("radio", name=values["region"], exact=True).check()
    for criterion in cycle.criteria:
        page.get_by_label(criterion.text_da, exact=True).fill(values[f"answer_{criterion.number}"])
    page.get_by_role("radio", name="Patient", exact=True).check()
    page.locator("#privacy_confirmed").check()


def test_form_sent_after_the_deadline_is_refused_and_keeps_the_answers(
        page_without_javascript, cycle, fill_nomination, clock):
    page = page_without_javascript
    page.goto("/indstil")
    values = fill_nomination(page, cycle, answer_2=LONG_TEXT)

    clock.set(DEADLINE)
    page.get_by_role("button", name="Fortsæt").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Fristen for at indstille er udløbet. Indstillingen er ikke sendt.")
    expect(page.get_by_label(cycle.criteria[1].text_da)).to_have_value(LONG_TEXT.strip())
    expect(page.get_by_label("Initiativets navn")).to_have_value(values["initiative_name"])
    expect(page.get_by_label(fill_nomination.privacy_label)).to_be_checked()
    # No button that cannot work: the page says why instead.
    expect(page.get_by_role("button", name="Fortsæt")).to_have_count(0)
    expect(page.get_by_text("Fristen er udløbet, så indstillingen kan ikke sendes.")
           ).to_be_visible()


def test_submit_after_the_deadline_is_refused_and_shows_the_answers(page, cycle,
                                                                     fill_nomination, clock):
    page.goto("/indstil")
    values = fill_nomination(page, cycle, answer_5=LONG_TEXT)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", name=CHECK_HEADING)).to_be_visible()

    clock.set(DEADLINE)
    page.get_by_role("button", name="Send indstillingen").click()

    expect(page.get_by_role("alert")).to_contain_text("Indstillingen er ikke sendt")
    expect(page.get_by_role("alert")).to_contain_text("Fristen for at indstille er udløbet.")
    expect(answer_row(page, cycle.criteria[4].text_da)).to_contain_text(LONG_TEXT.strip())
    expect(answer_row(page, "Initiativets navn")).to_contain_text(values["initiative_name"])
    expect(page.get_by_text("AP-2024-")).to_have_count(0)


def test_correction_after_the_deadline_is_refused_and_keeps_the_text(page, cycle,
                                                                      make_nomination, clock):
    nomination = make_nomination(cycle)
    page.goto(f"/indstilling/{nomination.edit_token}/ret")
    description = page.get_by_label("Kort beskrivelse af initiativet")
    description.fill(LONG_TEXT)

    clock.set(DEADLINE)
    page.get_by_role("button", name="Gem rettelserne").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Fristen er udløbet, så indstillingen kan ikke længere ændres")
    expect(description).to_have_value(LONG_TEXT.strip())
    expect(page.get_by_role("button", name="Gem rettelserne")).to_have_count(0)


# ---------------------------------------------------------------- how the pages look


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                  viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def box(locator):
    return locator.bounding_box()


def test_on_a_phone_the_alerts_have_their_icon_and_the_reference_stays_whole(
        phone, cycle, fill_nomination):
    page = phone
    page.goto("/indstil")
    page.get_by_role("button", name="Fortsæt").click()
    summary = page.get_by_role("alert")
    icon = summary.get_by_role("img", name="Fejl")
    expect(icon).to_be_visible()  # DKFDS leaves the gutter for it: it must not stay empty
    heading = summary.get_by_role("heading")
    assert box(icon)["x"] + box(icon)["width"] <= box(heading)["x"]
    assert box(icon)["width"] >= 16 and box(icon)["y"] < box(heading)["y"] + box(heading)["height"]

    fill_nomination(page, cycle)
    page.get_by_role("button", name="Fortsæt").click()
    page.get_by_role("button", name="Send indstillingen").click()
    success = page.locator(".alert-success")
    expect(success.get_by_role("img", name="Succes")).to_be_visible()
    reference = page.get_by_text("AP-2024-0001", exact=True)
    expect(reference).to_be_visible()
    assert reference.evaluate("element => element.getClientRects().length") == 1, \
        "the reference breaks over two lines"
    assert box(reference)["height"] < 50


def test_the_button_has_room_below_the_privacy_checkbox(phone, cycle):
    phone.goto("/indstil")
    checkbox = phone.get_by_label("Jeg har læst, hvordan oplysningerne bruges")
    button = phone.get_by_role("button", name="Fortsæt")
    gap = box(button)["y"] - (box(checkbox)["y"] + box(checkbox)["height"])
    assert gap >= 24, gap


def test_the_site_has_an_icon(page, cycle):
    response = page.request.get("/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/x-icon"
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page.goto("/indstil")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(href).status == 200
