"""The secretariat sees every nomination with its personal data, and the mail outbox."""

import re

import pytest
from conftest import answers_form, csrf_token, free_port, login
from sqlalchemy import event

from award import mail
from award.extensions import db
from award.nominations.models import Attachment


@pytest.fixture
def secretariat(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def test_the_list_shows_submitted_and_withdrawn_nominations(secretariat, cycle, make_nomination,
                                                             client):
    make_nomination(cycle)
    second = make_nomination(cycle, initiative_name="Broen til bedre sundhed")
    path = f"/indstilling/{second.edit_token}/traek-tilbage"
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    page = secretariat.get("/sekretariat/2024/indstillinger").get_data(as_text=True)
    assert "AP-2024-0001" in page and "Flexklinikken" in page
    assert "AP-2024-0002" in page and "Trukket tilbage" in page
    assert "2 indstillinger, heraf 1 trukket tilbage." in page


def test_the_detail_shows_answers_personal_data_and_attachments(secretariat, cycle,
                                                                make_nomination):
    nomination = make_nomination(cycle)
    nomination.attachments.append(Attachment(filename="rapport.pdf", media_type="application/pdf",
                                             size=9, sha256="0" * 64, data=b"%PDF-1.4\n"))
    db.session.commit()
    page = secretariat.get("/sekretariat/2024/indstillinger/AP-2024-0001").get_data(as_text=True)
    for text in ("Svar på kriterium 7.", "Søren Ærø", "soeren@example.dk", "Karen Jensen",
                 "karen.jensen@example.dk", "Hent rapport.pdf"):
        assert text in page
    attachment = nomination.attachments[0]
    download = secretariat.get(
        f"/sekretariat/2024/indstillinger/AP-2024-0001/bilag/{attachment.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4\n"
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_reference_of_another_cycle_is_not_found(secretariat, cycle, make_cycle,
                                                   make_nomination):
    make_nomination(cycle)
    make_cycle(year=2025, opens="2024-11-21", deadline="2025-01-13")
    assert secretariat.get("/sekretariat/2025/indstillinger/AP-2024-0001").status_code == 404
    assert secretariat.get("/sekretariat/2024/indstillinger/AP-2024-9999").status_code == 404


@pytest.mark.parametrize("path", ["/sekretariat/2024/indstillinger",
                                  "/sekretariat/2024/indstillinger/AP-2024-0001",
                                  "/sekretariat/udbakke"])
def test_jurors_and_the_public_cannot_see_them(app, cycle, make_nomination, make_juror, path):
    make_nomination(cycle)
    anonymous = app.test_client()
    assert "/log-ind" in anonymous.get(path).headers["Location"]
    juror = app.test_client()
    login(juror, make_juror(cycle, "jurymedlem@example.dk").user)
    assert juror.get(path).status_code == 403


def test_mail_that_could_not_go_out_is_shown_and_sent_on_request(
        app, secretariat, client, cycle, smtp):
    port = smtp.port
    app.config["SMTP_PORT"] = free_port()  # the mail server is down
    key = "k" * 32
    client.post("/indstil", data=answers_form(cycle, csrf_token=csrf_token(client),
                                               draft_key=key))
    client.post(f"/indstil/{key}/tjek",
                data={"csrf_token": csrf_token(client, f"/indstil/{key}/tjek")})
    mail.wait_for_senders()  # the answer did not wait for the attempt; the test does
    assert "2 e-mails venter i udbakken." in secretariat.get("/sekretariat/").get_data(
        as_text=True)
    page = secretariat.get("/sekretariat/udbakke").get_data(as_text=True)
    assert "soeren@example.dk" in page and "Kvittering for din indstilling AP-2024-0001" in page
    assert "Connection refused" in page

    app.config["SMTP_PORT"] = port  # back up
    token = csrf_token(secretariat, "/sekretariat/udbakke")
    response = secretariat.post("/sekretariat/udbakke", data={"csrf_token": token})
    page = secretariat.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 e-mails bliver sendt nu." in page
    assert len(smtp.messages) == 2  # waits for the background sender, as a person would
    page = secretariat.get("/sekretariat/udbakke").get_data(as_text=True)
    assert "Ingen: alle e-mails er sendt." in page


def test_without_a_mail_server_the_outbox_says_so(secretariat, cycle, make_nomination):
    make_nomination(cycle)
    token = csrf_token(secretariat, "/sekretariat/udbakke")
    response = secretariat.post("/sekretariat/udbakke", data={"csrf_token": token})
    page = secretariat.get(response.headers["Location"]).get_data(as_text=True)
    assert "Der er ikke sat en mailserver op" in page
    assert "karen.jensen@example.dk" in page  # still queued, not lost


def count_queries(app):
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_the_list_costs_the_same_few_queries_for_40_nominations_as_for_4(app, secretariat,
                                                                          cycle, make_nomination):
    for _ in range(4):
        make_nomination(cycle)
    statements = count_queries(app)
    secretariat.get("/sekretariat/2024/indstillinger")
    few = len(statements)
    for _ in range(36):
        make_nomination(cycle)
    statements.clear()
    page = secretariat.get("/sekretariat/2024/indstillinger").get_data(as_text=True)
    assert "AP-2024-0040" in page
    assert len(statements) == few, statements


def test_the_list_shows_screening_status_and_is_searched_and_sorted(secretariat, cycle,
                                                                   make_nomination, clock):
    from award.nominations import screening

    flex = make_nomination(cycle)
    broen = make_nomination(cycle, initiative_name="Broen til bedre sundhed",
                            region="Region Sjælland", organisation="Nykøbing F. Sygehus")
    akut = make_nomination(cycle, initiative_name="Akutteam for ældre",
                           organisation="Aarhus Universitetshospital")
    screening.screen(broen, eligible=False, reason="not_implemented", actor="system",
                     at=clock())
    screening.screen(akut, eligible=True, actor="system", at=clock())
    db.session.commit()
    path = "/sekretariat/2024/indstillinger"

    def rows(query=""):
        page = secretariat.get(f"{path}{query}").get_data(as_text=True)
        return page, [ref for ref in re.findall(r"<td[^>]*>(AP-2024-\d{4})</td>", page)]

    page, listed = rows()
    assert listed == [flex.reference, broen.reference, akut.reference]
    assert "Ikke egnet: Ikke implementeret" in page and "Ikke screenet" in page
    assert "3 indstillinger vist" in page
    assert rows("?sort=name")[1] == [akut.reference, broen.reference, flex.reference]
    page, listed = rows("?sort=name&order=desc")
    assert listed == [flex.reference, broen.reference, akut.reference]
    assert 'aria-sort="descending"' in page
    assert rows("?sort=status")[1] == [flex.reference, akut.reference, broen.reference]
    assert rows("?q=nyk%C3%B8bing")[1] == [broen.reference]
    page, listed = rows("?status=eligible&sort=bogus")
    assert listed == [akut.reference] and "1 indstilling vist" in page
    page, listed = rows("?q=ingen+s%C3%A5dan")
    assert listed == [] and "Ingen indstillinger passer til søgningen." in page
