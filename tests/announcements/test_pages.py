"""The secretariat's announcement page and the public pages it makes appear: editing with a
sanitised preview, publishing (with confirmation), /vindere/<year> and its downloads, the
front page's link, the archive, and who may do what."""

import io
import re
from html.parser import HTMLParser

import pytest
from conftest import csrf_token, login
from decided_cycle import WINNER, WINNER_ORGANISATION, make_decided
from markupsafe import escape
from pypdf import PdfReader

from award.announcements import services
from award.extensions import db

PAGE = "/sekretariat/2024/pressemeddelelse"

HOSTILE_BODY = """Et første afsnit om initiativet.

<script>alert('body')</script>

<img src=x onerror="alert(1)">

<a href="javascript:alert(4)" onclick="alert(5)">rå html</a>

[Klik her](javascript:alert(document.cookie)) [Også her](JAVASCRIPT:alert(2))
<javascript:alert(3)> [Mellemrum]( javascript:alert(6)) [Data](data:text/html,<b>x</b>)

[Danske Regioner](https://www.regioner.dk)
"""
HOSTILE_LEAD = 'En indledning <b onmouseover="alert(7)">med</b> **fed** tekst.'


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def unsafe(html: str, allowed_scripts=()) -> list[str]:
    """Scripts (other than the site's own files), event handlers and javascript:/data: links
    in the HTML, as a browser would read them."""
    found = []
    for tag, attrs in Tags(html).tags:
        if tag == "script" and attrs.get("src") not in allowed_scripts:
            found.append(f"<script {attrs}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in ("href", "src", "action", "formaction") and (
                    cleaned.startswith("javascript:") or cleaned.startswith("data:")):
                found.append(f"<{tag} {name}={value}>")
    return found


# The site's own script files, on every page (base.html).
SITE_SCRIPTS = {"/static/dkfds/js/dkfds.min.js", "/static/award.js"}


@pytest.fixture
def decided(request):
    return make_decided(request)


@pytest.fixture
def secretariat(client, make_user):
    user = make_user()
    login(client, user)
    return user


def post(client, path, data, token_from=PAGE):
    return client.post(path, data={"csrf_token": csrf_token(client, token_from), **data})


def save(client, **fields):
    data = {"headline_da": f"{WINNER} vinder", "lead_da": "", "body_da": "", "headline_en": "",
            "lead_en": "", "body_en": "", "action": "save", **fields}
    return post(client, PAGE, data)


def publish(client):
    asked = post(client, f"{PAGE}/offentliggoer", {})
    assert asked.status_code == 200
    assert "Vil du offentliggøre pressemeddelelsen?" in asked.get_data(as_text=True)
    return post(client, f"{PAGE}/offentliggoer", {"confirmed": "publish"})


def test_the_secretariats_pages_need_the_secretariat(decided, client, make_user):
    paths = [PAGE, f"{PAGE}.pdf", f"{PAGE}.md", "/sekretariat/2024/diplom.pdf"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/log-ind" in response.location, path
    login(client, decided.jurors[0].user)
    for path in paths:
        assert client.get(path).status_code == 403, path
    # With a valid CSRF token (the log-out form on every page): the refusal is the role's.
    token = csrf_token(client, "/")
    for path in (PAGE, f"{PAGE}/offentliggoer", f"{PAGE}/tilbagekald",
                 f"{PAGE}/indstillinger", f"{PAGE}/indstillinger/udelad",
                 f"{PAGE}/indstillinger/medtag", "/sekretariat/2024/diplom/underskriver"):
        response = client.post(path, data={"csrf_token": token, "headline_da": "Nej",
                                           "body_da": "Nej", "action": "save",
                                           "confirmed": "publish", "signatory_name": "Nej",
                                           "nomination": decided.winner.id, "reason": "Nej"})
        assert response.status_code == 403, path
    assert services.announcement_for(decided.cycle) is None
    assert services.omissions(decided.cycle) == []
    db.session.refresh(decided.cycle)
    assert decided.cycle.nominations_published_at is None
    assert decided.cycle.signatory_name == ""


def test_the_page_shows_the_draft_and_the_preview_is_sanitised(decided, client, secretariat):
    page = client.get(PAGE).get_data(as_text=True)
    assert f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024" in page
    assert "Forhåndsvisning" in page and "Fakta om prisen" in page

    data = {"headline_da": "Overskrift <script>alert('headline')</script>",
            "lead_da": HOSTILE_LEAD, "body_da": HOSTILE_BODY, "headline_en": "", "lead_en": "",
            "body_en": "", "action": "preview"}
    preview = post(client, PAGE, data)
    html = preview.get_data(as_text=True)
    # What the page could not show as written is an error beside its field...
    assert preview.status_code == 400
    assert 'Indledningen indeholder HTML, som ikke kan bruges: &lt;b onmouseover=' in html
    assert "Brødteksten indeholder HTML, som ikke kan bruges: " \
           "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;." in html
    # ...and the preview beside it is sanitised all the same.
    assert "Et første afsnit om initiativet." in html and "<strong>fed</strong>" in html
    assert '<a href="https://www.regioner.dk" rel="noopener noreferrer">' in html
    assert unsafe(html, SITE_SCRIPTS) == []
    assert services.announcement_for(decided.cycle) is None  # a preview saves nothing


@pytest.mark.parametrize(("body", "message"), [
    ("Før <b>fed</b> efter.", "Brødteksten indeholder HTML, som ikke kan bruges: <b>."),
    ("<!-- en note -->", "Brødteksten indeholder HTML, som ikke kan bruges: <!-- en note -->."),
    ("[Klik her](javascript:alert(document.cookie))",
     "Brødteksten har et link, som ikke kan bruges: javascript:alert(document.cookie)."),
    ("[Mellemrum]( JAVASCRIPT:alert(6))", "har et link, som ikke kan bruges: JAVASCRIPT:"),
    ("<javascript:alert(3)>", "har et link, som ikke kan bruges: javascript:alert(3)."),
    ("[Data](data:text/html,x)", "har et link, som ikke kan bruges: data:text/html,x."),
    ("![Logo](https://example.dk/logo.png)",
     "Brødteksten har et billede, som ikke kan vises: https://example.dk/logo.png."),
])
def test_markdown_the_page_cannot_show_is_refused_beside_the_field(
        decided, client, secretariat, body, message):
    for action in ("save", "publish"):
        refused = save(client, body_da=body, action=action)
        assert refused.status_code == 400, action
        html = refused.get_data(as_text=True)
        assert escape(message) in html, action
        assert 'id="body_da-error"' in html and 'aria-invalid="true"' in html, action
        assert "Vil du offentliggøre" not in html, action
    assert services.announcement_for(decided.cycle) is None


def test_links_and_markdown_the_page_shows_are_accepted(decided, client, secretariat):
    body = ("Læs mere på [Danske Regioner](https://www.regioner.dk), <https://regioner.dk>, "
            "[skriv til os](mailto:pris@regioner.dk) og [vinderne](/vindere).\n\n"
            "> Et citat\n\n## En mellemrubrik\n\n1 < 2 og 3 > 2 & mere.")
    # The headline is plain text, never Markdown: whatever it holds is shown as written.
    headline = "Overskrift <script>alert('headline')</script>"
    assert save(client, headline_da=headline, body_da=body).status_code == 302
    assert services.announcement_for(decided.cycle).body_da == body
    assert publish(client).status_code == 302
    page = client.get("/vindere/2024").get_data(as_text=True)
    assert "Overskrift &lt;script&gt;" in page and "1 &lt; 2 og 3 &gt; 2 &amp; mere." in page
    assert '<a href="mailto:pris@regioner.dk" rel="noopener noreferrer">' in page
    assert unsafe(page, SITE_SCRIPTS) == []


def test_hostile_text_stored_before_the_rules_is_neither_published_nor_rendered(
        decided, client, secretariat, clock):
    assert save(client, body_da="Et første afsnit om initiativet.").status_code == 302
    announcement = services.announcement_for(decided.cycle)
    announcement.lead_da, announcement.body_da = HOSTILE_LEAD, HOSTILE_BODY
    db.session.commit()

    refused = post(client, f"{PAGE}/offentliggoer", {"confirmed": "publish"})
    assert refused.status_code == 400
    assert "Indledningen indeholder HTML" in refused.get_data(as_text=True)
    assert client.get("/vindere/2024").status_code == 404

    # The secretariat's own downloads still render it, sanitised.
    download = client.get(f"{PAGE}.html")
    html = download.get_data(as_text=True)
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "Et første afsnit om initiativet." in html
    assert "<script" not in html.lower()
    assert unsafe(html) == []
    # The control: the check does find what it looks for.
    assert unsafe('<a href=" JavaScript:x">a</a><img onerror="x"><script>x</script>') != []


def test_publishing_makes_the_winner_appear(decided, client, secretariat):
    public = ["/vindere/2024", "/vindere/2024/pressemeddelelse.pdf",
              "/vindere/2024/pressemeddelelse.md", "/vindere/2024/pressemeddelelse.html"]
    for path in public:
        assert client.get(path).status_code == 404, path
    assert 'href="/vindere/2024"' not in client.get("/").get_data(as_text=True)
    assert "Der er ikke offentliggjort nogen vindere endnu." in client.get(
        "/vindere").get_data(as_text=True)

    # The first press only asks; nothing is published yet.
    asked = post(client, f"{PAGE}/offentliggoer", {})
    assert "Ja, offentliggør pressemeddelelsen" in asked.get_data(as_text=True)
    assert client.get("/vindere/2024").status_code == 404
    assert post(client, f"{PAGE}/offentliggoer", {"confirmed": "publish"}).status_code == 302

    page = client.get("/vindere/2024")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"<h1 class=\"release-headline\">{WINNER} vinder Prisen for Årets " \
           "Patientoplevelse 2024</h1>" in text
    assert "Der kom fire indstillinger til prisen i 2024." in text

    front = client.get("/").get_data(as_text=True)
    assert 'href="/vindere/2024"' in front and WINNER in front

    archive = client.get("/vindere").get_data(as_text=True)
    assert f'<a href="/vindere/2024">2024: {WINNER}</a>' in archive
    assert WINNER_ORGANISATION in archive

    for fmt, media_type in (("pdf", "application/pdf"), ("md", "text/markdown"),
                            ("html", "text/html")):
        response = client.get(f"/vindere/2024/pressemeddelelse.{fmt}")
        assert response.status_code == 200
        assert response.mimetype == media_type
        assert response.headers["Content-Type"] == (  # the charset said once
            media_type if fmt == "pdf" else f"{media_type}; charset=utf-8")
        assert response.headers["Content-Disposition"] == \
            f"attachment; filename=pressemeddelelse-2024.{fmt}"
    markdown = client.get("/vindere/2024/pressemeddelelse.md").get_data(as_text=True)
    assert markdown.startswith(f"# {WINNER} vinder Prisen for Årets Patientoplevelse 2024\n")

    pdf = PdfReader(io.BytesIO(client.get("/vindere/2024/pressemeddelelse.pdf").data))
    words = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024" in words
    assert "Fakta om prisen" in words
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)

    # Taken down again: gone from the public pages, the text kept.
    assert post(client, f"{PAGE}/tilbagekald", {}).status_code == 302
    assert client.get("/vindere/2024").status_code == 404
    assert 'href="/vindere/2024"' not in client.get("/").get_data(as_text=True)
    assert services.announcement_for(decided.cycle).headline_da.startswith(WINNER)


def test_an_english_version_for_those_who_chose_english(decided, client, secretariat):
    assert save(client, body_da="Dansk brødtekst.", headline_en="Flexklinikken wins the award",
                lead_en="The English lead.", body_en="English body.").status_code == 302
    assert publish(client).status_code == 302
    danish = client.get("/vindere/2024").get_data(as_text=True)
    assert "Dansk brødtekst." in danish and "English body." not in danish
    english = client.get("/vindere/2024?lang=en").get_data(as_text=True)
    assert '<article class="release" lang="en">' in english
    assert "Flexklinikken wins the award" in english and "English body." in english
    assert "Dansk brødtekst." not in english


@pytest.mark.parametrize(("fields", "message"), [
    ({"headline_da": ""}, "Skriv en overskrift."),
    ({"headline_da": "Over\x1bskrift"}, "usynlige tegn"),
    ({"headline_da": "x" * 301}, "Teksten må højst være 300 tegn lang."),
    ({"lead_en": "An English lead."}, "Skriv også en engelsk overskrift"),
])
def test_bad_input_is_refused_with_a_danish_message(decided, client, secretariat, fields,
                                                    message):
    response = save(client, body_da="Brødtekst.", **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert services.announcement_for(decided.cycle) is None


def test_before_the_decision_the_page_says_so_and_refuses(cycle, client, secretariat):
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Vinderen af 2024 er ikke registreret endnu." in page.get_data(as_text=True)
    refused = save(client, body_da="Brødtekst.")
    assert refused.status_code == 400
    assert "Vinderen af 2024 er ikke registreret endnu." in refused.get_data(as_text=True)
    for path, confirmed in ((f"{PAGE}/offentliggoer", "publish"),
                            (f"{PAGE}/indstillinger", "nominations")):
        response = post(client, path, {"confirmed": confirmed})
        assert response.status_code == 400, path
        assert "ikke registreret endnu" in response.get_data(as_text=True)
    assert client.get(f"{PAGE}.pdf").status_code == 404
    assert client.get("/sekretariat/2024/diplom.pdf").status_code == 404
    assert services.announcement_for(cycle) is None and cycle.nominations_published_at is None


def test_the_secretariats_downloads_before_publication(decided, client, secretariat):
    markdown = client.get(f"{PAGE}.md")
    assert markdown.status_code == 200
    assert markdown.headers["Content-Disposition"] == \
        "attachment; filename=pressemeddelelse-2024.md"
    assert markdown.get_data(as_text=True).startswith(f"# {WINNER} vinder")
    assert not services.is_published(decided.cycle)
    db.session.rollback()


def test_public_downloads_are_rate_limited(decided, client, clock):
    services.publish(decided.cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    statuses = [client.get("/vindere/2024/pressemeddelelse.md").status_code
                for _ in range(31)]
    assert statuses == [200] * 30 + [429]
    assert client.get("/vindere/2024").status_code == 200  # the page itself is not limited


def test_every_id_on_the_page_is_unique(decided, client, secretariat, clock):
    """The page holds many small forms (publish, take down, put back, …): each CSRF token
    without an id, so no id appears twice."""
    services.publish(decided.cycle, actor="sekretariat@example.dk", at=clock())
    services.publish_nominations(decided.cycle, actor="sekretariat@example.dk", at=clock())
    for nomination in (decided.runner_up, decided.duplicate):
        services.leave_out(decided.cycle, nomination.id, "Efter ønske.",
                           actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    asked = post(client, f"{PAGE}/offentliggoer", {})
    for html in (client.get(PAGE).get_data(as_text=True), asked.get_data(as_text=True)):
        ids = [attrs["id"] for _tag, attrs in Tags(html).tags if "id" in attrs]
        assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        assert html.count('name="csrf_token"') >= 6


def test_a_press_contact_ends_the_release(decided, client, secretariat):
    for fields, message in (
            ({"press_phone": "12 34 56 78"}, "Skriv pressekontaktens navn"),
            ({"press_name": "Pia Presse"}, "Skriv pressekontaktens telefonnummer eller"),
            ({"press_name": "Pia Presse", "press_email": "pia@"}, "Skriv en e-mailadresse"),
            ({"press_name": "Pia Presse", "press_phone": "ring"}, "gyldigt telefonnummer")):
        refused = save(client, body_da="Brødtekst.", **fields)
        assert refused.status_code == 400, fields
        assert message in refused.get_data(as_text=True), fields
    assert services.announcement_for(decided.cycle) is None

    assert save(client, body_da="Brødtekst.", headline_en="The winner", body_en="Body.",
                press_name="Pia Presse", press_phone="+45 12 34 56 78",
                press_email="pia.presse@regioner.dk").status_code == 302
    assert publish(client).status_code == 302
    page = client.get("/vindere/2024").get_data(as_text=True)
    assert 'Kontakt for pressen: Pia Presse, telefon <a href="tel:+4512345678">' \
           '+45 12 34 56 78</a>, e-mail <a href="mailto:pia.presse@regioner.dk">' in page
    markdown = client.get("/vindere/2024/pressemeddelelse.md").get_data(as_text=True)
    assert markdown.endswith("\n\nKontakt for pressen: Pia Presse, telefon +45 12 34 56 78, "
                             "e-mail pia.presse@regioner.dk\n")
    english = client.get("/vindere/2024?lang=en").get_data(as_text=True)
    assert "Press contact: Pia Presse, phone" in english
    pdf = PdfReader(io.BytesIO(client.get("/vindere/2024/pressemeddelelse.pdf").data))
    assert "Kontakt for pressen: Pia Presse" in " ".join(p.extract_text() for p in pdf.pages)
