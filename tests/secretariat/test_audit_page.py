"""The secretariat's view of the audit log: filtered, paged, and whether the chain holds."""

import csv
import io

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
    assert "Loggen er intakt:" in page and "Runden er lukket" in page
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
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Nr.", "Tid (dansk tid)", "Hvem", "Handling", "Objekt", "Detaljer",
                       "Handlingens kode", "Kontrolsum"]
    assert len(rows) == 2
    assert rows[1][2:7] == ["sara@example.dk", "Indstillingen er screenet",
                            "Indstilling =AP-2024-0001", "Vurdering: egnet",
                            "nomination.screened"]
    assert "audit.exported" in office.get("/sekretariat/log").get_data(as_text=True)


def test_the_log_reads_in_danish_words_with_amounts_in_kroner(office, clock):
    audit.record("sara@example.dk", "grant.claim_approved", "grant", "RG-2024-01", clock(),
                 {"claim": 2, "amount_ore": 345050, "balance_ore": 654950})
    audit.record("system", "cycle.updated", "cycle", 2024, clock(),
                 {"deadline_at": ["2024-01-13T23:00:00+00:00", "2024-01-20T11:00:00+00:00"]})
    audit.record("public", "sheet.submitted", "sheet", 7, clock(),
                 {"entry": "AP-2024-0003", "scores": {"1": 4, "2": 5}, "round": "2024/1",
                  "overall_comment": ""})
    audit.record("system", "some.future_action", "thing", "x", clock(), {"new_key": True})
    db.session.commit()
    page = office.get("/sekretariat/log").get_data(as_text=True)
    assert ("<td>En udgift er godkendt</td><td>Rejsegodtgørelse RG-2024-01</td>"
            in page)
    assert "Beløb: 3.450,50\xa0kr.<br>Saldo: 6.549,50\xa0kr.<br>Udgift nr.: 2" in page
    assert "Frist: 13. januar 2024 kl. 23.59 → 20. januar 2024 kl. 12.00" in page
    assert "<td>en indstiller (offentlig)</td><td>En bedømmelse er indsendt</td>" in page
    assert ("Indstilling: AP-2024-0003<br>Samlet kommentar: –<br>Runde: 2024/1<br>"
            "Point: kriterium 1: 4; kriterium 2: 5") in page
    # An action without words yet is shown as stored, never hidden.
    assert "<td>some.future_action</td><td>thing x</td>" in page and "new_key: ja" in page
    # The filter offers the actions in words, by their code.
    assert '<option value="grant.claim_approved">En udgift er godkendt</option>' in page
    response = office.get("/sekretariat/log.csv?action=grant.claim_approved")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == "Beløb: 3.450,50\xa0kr.\nSaldo: 6.549,50\xa0kr.\nUdgift nr.: 2"


def test_every_action_the_code_records_has_words():
    """An action without words shows as its code: each one recorded anywhere has its label."""
    import re
    from pathlib import Path

    from award.secretariat.audit_words import action_labels

    package = Path(__file__).resolve().parents[2] / "award"
    recorded = {match for path in package.rglob("*.py")
                for match in re.findall(r'audit\.record\([^,]+,\s*"([a-z_]+\.[a-z_.]+)"',
                                        path.read_text())}
    recorded |= {"nomination.submitted", "nomination.registered"}  # through _file()'s action=
    assert recorded and recorded <= set(action_labels()), recorded - set(action_labels())
