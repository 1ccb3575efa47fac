from datetime import UTC, datetime

from award import create_app


def test_the_front_page_shows_the_open_call(client, cycle):
    page = client.get("/").get_data(as_text=True)
    assert "Prisen for Årets Patientoplevelse 2024" in page
    assert "Mere lighed i behandlingen i samarbejde med civilsamfundet" in page
    assert "Fristen for at indstille er 13. januar 2024 kl. 23.59." in page
    assert "Fristen udløber om 1 uge." in page  # the test clock stands at 5 January
    assert "Indstil et initiativ" in page
    assert "Initiativet har skabt mere lighed i behandling." in page
    assert "10.000,00\xa0kr." in page  # a non-breaking space keeps the amount together


def test_the_front_page_without_an_open_call(client, cycle, clock):
    clock.set(datetime(2024, 2, 1, tzinfo=UTC))
    page = client.get("/").get_data(as_text=True)
    assert "Fristen for at indstille til prisen 2024 er udløbet" in page
    assert "Indstil et initiativ</a>" not in page


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
                         "SECRET_KEY": "x", "PUBLIC_BASE_URL": "https://pris.regioner.dk"})
    client = public.test_client()
    assert client.get("/privatliv", base_url="https://pris.regioner.dk").status_code == 200
    assert client.get("/privatliv", base_url="https://evil.example").status_code == 400
