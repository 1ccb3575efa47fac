from datetime import UTC, datetime

import pytest

from award import create_app
from award.public.ordinals import edition, ordinal
from award.templating import format_kroner, format_kroner_short


def test_the_front_page_shows_the_open_call(client, cycle):
    page = client.get("/").get_data(as_text=True)
    assert "Prisen for Årets Patientoplevelse 2024" in page
    assert "Mere lighed i behandlingen i samarbejde med civilsamfundet" in page
    assert "Fristen for at indstille er 13. januar 2024 kl. 23.59." in page
    assert "Fristen udløber om 1 uge." in page  # the test clock stands at 5 January
    assert "Indstil et initiativ" in page
    assert "Initiativet har skabt mere lighed i behandling." in page
    # Prose gives whole kroner without øre; a non-breaking space keeps the amount together.
    assert "Vinderen får et diplom og op til 10.000\xa0kr. til rejser" in page
    assert "10.000,00" not in page


def test_the_front_page_without_an_open_call(client, cycle, clock):
    clock.set(datetime(2024, 2, 1, tzinfo=UTC))
    page = client.get("/").get_data(as_text=True)
    assert "Fristen for at indstille til prisen 2024 er udløbet" in page
    assert "Indstil et initiativ</a>" not in page


@pytest.mark.parametrize(("year", "words"), [
    (2023, "for første gang"), (2024, "for anden gang"), (2025, "for tredje gang"),
    (2032, "for tiende gang"), (2033, "for 11. gang"),
])
def test_the_front_page_says_which_time_the_prize_is_awarded(client, make_cycle, clock, year,
                                                             words):
    make_cycle(year=year, opens=f"{year - 1}-11-21", deadline=f"{year}-01-13")
    clock.set(datetime(year, 1, 5, 10, tzinfo=UTC))
    page = client.get("/").get_data(as_text=True)
    assert f"Danske Regioner uddeler {words} Prisen for Årets Patientoplevelse." in page
    assert page.count(" gang Prisen") == 1


def test_the_front_page_says_so_while_the_jury_judges_too(client, cycle, clock):
    clock.set(datetime(2024, 2, 1, tzinfo=UTC))
    page = client.get("/").get_data(as_text=True)
    assert "Danske Regioner uddeler for anden gang Prisen for Årets Patientoplevelse." in page
    assert "tredje" not in page


def test_a_cycle_before_the_first_year_gets_no_ordinal(client, make_cycle, clock):
    make_cycle(year=2022, opens="2021-11-21", deadline="2022-01-13")
    clock.set(datetime(2022, 1, 5, 10, tzinfo=UTC))
    page = client.get("/").get_data(as_text=True)
    assert "Prisen for Årets Patientoplevelse 2022" in page
    assert " gang Prisen" not in page


def test_danish_and_english_ordinals():
    assert [ordinal(n) for n in range(1, 12)] == [
        "første", "anden", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende",
        "niende", "tiende", "11."]
    assert ordinal(23, "da") == "23."
    assert [ordinal(n, "en") for n in (1, 2, 3, 10, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "first", "second", "third", "tenth", "11th", "12th", "13th", "21st", "22nd", "23rd",
        "101st", "111th"]
    assert (edition(2023), edition(2024), edition(2025), edition(2027)) == (1, 2, 3, 5)
    assert edition(2022) is None
    with pytest.raises(ValueError):
        ordinal(0)


def test_kroner_in_prose_and_in_records():
    assert format_kroner_short(1_000_000) == "10.000\xa0kr."
    assert format_kroner_short(250_050) == "2.500,50\xa0kr."
    assert format_kroner_short(250_005) == "2.500,05\xa0kr."
    assert format_kroner_short(0) == "0\xa0kr."
    assert format_kroner_short(-1_000_000) == "-10.000\xa0kr."
    # Records keep øre, whole kroner or not.
    assert format_kroner(1_000_000) == "10.000,00\xa0kr."
    assert format_kroner(250_050) == "2.500,50\xa0kr."


def test_the_filters_are_there_for_templates(app):
    render = app.jinja_env.from_string("{{ 1000000 | kroner_short }} / {{ 1000000 | kroner }}")
    assert render.render() == "10.000\xa0kr. / 10.000,00\xa0kr."


def test_the_front_page_with_no_cycle_at_all(client):
    page = client.get("/").get_data(as_text=True)
    assert "Der er ikke åbnet for indstillinger lige nu." in page


def test_privacy_and_accessibility_pages_are_linked_from_every_page(client, cycle):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/privatliv"' in page and 'href="/tilgaengelighed"' in page
    assert "Datatilsynet" in client.get("/privatliv").get_data(as_text=True)
    assert "WCAG" in client.get("/tilgaengelighed").get_data(as_text=True)


def test_the_language_switch_only_redirects_within_the_site(client):
    assert client.get("/sprog/en?next=/privatliv").headers["Location"] == "/privatliv"
    assert client.get("/sprog/en?next=https://evil.example/").headers["Location"] == "/"
    assert client.get("/sprog/en?next=//evil.example/").headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_no_redirect_leaves_the_site_however_the_target_is_disguised(client):
    for target in ("https://evil.example/", "//evil.example/", "/\t/evil.example",
                   "/\\evil.example", "\\\\evil.example",
                   "javascript:alert(1)", "/\n/evil.example"):
        location = client.get("/sprog/en", query_string={"next": target}).headers["Location"]
        assert location == "/", (target, location)


def test_with_a_public_address_other_host_names_are_refused(app):
    public = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "SECRET_KEY": "x", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                         "PUBLIC_BASE_URL": "https://pris.regioner.dk"})
    client = public.test_client()
    assert client.get("/privatliv", base_url="https://pris.regioner.dk").status_code == 200
    assert client.get("/privatliv", base_url="https://evil.example").status_code == 400
