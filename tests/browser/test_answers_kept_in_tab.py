"""Long answers survive a lost page: what is typed is kept in the tab and put back."""


def test_typed_answers_come_back_after_the_page_is_lost(page, cycle):
    page.goto("/indstil")
    page.get_by_label("Initiativets navn", exact=True).fill("Flexklinikken")
    page.get_by_label("Initiativet er nyskabende.", exact=True).fill(
        "Et langt svar, skrevet over en hel aften. Æøå 🏥")
    page.goto("/")  # a server error, a closed laptop lid, a wrong click: the form is gone
    page.goto("/indstil")
    assert page.get_by_label("Initiativets navn", exact=True).input_value() == "Flexklinikken"
    assert page.get_by_label("Initiativet er nyskabende.", exact=True).input_value() == (
        "Et langt svar, skrevet over en hel aften. Æøå 🏥")


def test_another_tab_starts_empty(page, browser, live_server, cycle):
    page.goto("/indstil")
    page.get_by_label("Initiativets navn", exact=True).fill("Flexklinikken")
    other = page.context.new_page()
    other.goto(f"{live_server.url}/indstil")
    assert other.get_by_label("Initiativets navn", exact=True).input_value() == ""
