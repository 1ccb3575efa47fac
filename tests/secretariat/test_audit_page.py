"""The secretariat's view of the audit log: filtered, paged, and whether the chain holds."""

import pytest
from conftest import login

from award import audit
from award.extensions import db


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def test_the_log_is_filtered_by_action_actor_text_and_date(office, clock):
    audit.record("sara@example.dk", "nomination.screened", "nomination", "AP-2024-0001",
                 clock(), {"eligibility": "eligible"})
    audit.record("system", "round.closed", "round", "2024/1", clock(), {"sheets": 12})
    db.session.commit()
    page = office.get("/sekretariat/log").get_data(as_text=True)
    assert "Loggen er intakt:" in page and "round.closed" in page
    page = office.get("/sekretariat/log?action=round.closed").get_data(as_text=True)
    assert "2024/1" in page and "AP-2024-0001" not in page
    page = office.get("/sekretariat/log?actor=SARA").get_data(as_text=True)
    assert "AP-2024-0001" in page and "2024/1" not in page
    page = office.get("/sekretariat/log?q=ap-2024").get_data(as_text=True)
    assert "AP-2024-0001" in page
    page = office.get("/sekretariat/log?from=2030-01-01").get_data(as_text=True)
    assert "0 linjer passer." in page
    # Nonsense in the filters is ignored, never a 500.
    assert office.get("/sekretariat/log?from=13-13-13&side=x&q=%25_").status_code == 200


def test_only_the_secretariat_sees_the_log(app, make_juror, cycle):
    juror = make_juror(cycle, "anna@example.dk")
    client = app.test_client()
    assert client.get("/sekretariat/log").status_code == 302
    login(client, juror.user)
    assert client.get("/sekretariat/log").status_code == 403


def test_the_filtered_log_downloads_as_csv(office, clock):
    audit.record("sara@example.dk", "nomination.screened", "nomination", "=AP-2024-0001",
                 clock(), {"eligibility": "eligible"})
    audit.record("system", "round.closed", "round", "2024/1", clock(), {"sheets": 12})
    db.session.commit()
    response = office.get("/sekretariat/log.csv?action=nomination.screened")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data().decode("utf-8-sig")
    rows = [line.split(";") for line in text.strip().split("\r\n")]
    assert rows[0][:4] == ["Nr.", "Tid (dansk tid)", "Hvem", "Handling"]
    assert len(rows) == 2 and rows[1][3] == "nomination.screened"
    assert rows[1][5] == "'=AP-2024-0001"  # no live formula in Excel
    assert "audit.exported" in office.get("/sekretariat/log").get_data(as_text=True)
