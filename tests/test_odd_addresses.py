"""Forged addresses and values get a plain refusal, never a server error, on SQLite and
PostgreSQL alike: numbers beyond what an id column holds, and NUL bytes (%00) in the address
or its query, which PostgreSQL cannot compare text with."""

import pytest
from conftest import csrf_token, login

from award.extensions import db
from award.jury.models import Conflict
from award.rounds import closing, services

HUGE = str(2**63)  # beyond SQLite's INTEGER; 2**31 is already beyond PostgreSQL's
BEYOND_POSTGRESQL = str(2**31)


@pytest.fixture
def office(app, make_user, cycle, make_nomination, make_juror, open_round):
    make_nomination(cycle)
    make_juror(cycle, "anna@example.dk", name="Anna")
    open_round(cycle)
    client = app.test_client()
    login(client, make_user())
    return client


@pytest.mark.parametrize("number", [HUGE, BEYOND_POSTGRESQL])
def test_a_number_too_large_for_an_id_is_not_found(client, office, number):
    for path in (f"/vindere/{number}", f"/vindere/{number}/pressemeddelelse.md",
                 f"/indstillinger/{number}", f"/jury/runder/{number}/indstillinger/1"):
        assert client.get(path).status_code in (302, 404), path  # 302: the log-in page
    for path in (f"/sekretariat/{number}/indstillinger", f"/sekretariat/2024/runder/{number}",
                 f"/sekretariat/2024/jury/{number}/vaegt",
                 f"/sekretariat/2024/runder/1/jurymedlemmer/{number}",
                 f"/sekretariat/2024/eksport/resultat-runde-{number}.csv"):
        assert office.get(path).status_code == 404, path


def test_a_nul_in_the_address_or_the_query_is_a_bad_request(office):
    for path in ("/sekretariat/2024/indstillinger/%00", "/sekretariat/2024/indstillinger/AP%00",
                 "/sekretariat/2024/runder/1/resultat/%00", "/sekretariat/log?q=%00",
                 "/sekretariat/log?action=x&action=%00", "/sekretariat/log.csv?actor=%00",
                 "/sekretariat/2024/screening?region=%00", "/sekretariat/2024/screening?%00=1"):
        response = office.get(path)
        assert response.status_code == 400, path
        assert "Noget i forespørgslen var ugyldigt." in response.get_data(as_text=True)


def test_the_audit_log_past_its_last_page_shows_the_last_page(office):
    response = office.get(f"/sekretariat/log?side={HUGE}")
    assert response.status_code == 200
    assert "cycle.created" in response.get_data(as_text=True)


def test_a_forged_id_in_a_form_is_a_field_error(office, cycle, clock):
    path = "/sekretariat/2024/runder/1/inhabilitet"
    response = office.post(path, data={"csrf_token": csrf_token(office, path),
                                       "juror": HUGE, "entry": BEYOND_POSTGRESQL,
                                       "reason": "Nabo."})
    assert "Vælg en af mulighederne." in response.get_data(as_text=True)
    assert db.session.query(Conflict).count() == 0

    # The winner form looks the entry up in the database.
    closing.close_round(services.round_by_number(cycle, 1), actor="system", at=clock(),
                        force=True)
    db.session.commit()
    page = "/sekretariat/2024/runder/1/resultat"
    for forged in (HUGE, BEYOND_POSTGRESQL, "-1", "x"):
        response = office.post("/sekretariat/2024/runder/1/vinder", data={
            "csrf_token": csrf_token(office, page), "entry": forged, "reason": ""})
        assert response.status_code == 400, forged
        assert "Vælg en af mulighederne." in response.get_data(as_text=True)
    assert cycle.decision is None
