"""The secretariat's personal data page of a cycle: the retention period and its form, and the
purge behind a confirmation page that says exactly what goes and what stays."""

import json

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from retention_data import DUE, NOT_YET, PERSONAL, found_anywhere, judged_and_announced

from award import audit
from award.audit.models import AuditEntry
from award.cycles.models import Cycle
from award.extensions import db

PAGE = "/sekretariat/2024/persondata"
CONFIRM = f"{PAGE}/slet"


@pytest.fixture
def announced(cycle, make_nomination, make_juror, open_round, clock):
    return judged_and_announced(cycle, make_nomination, make_juror, open_round, clock)


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, path, page, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def the_cycle() -> Cycle:
    db.session.expire_all()
    return db.session.scalar(sa.select(Cycle).where(Cycle.year == 2024))


def purges():
    return db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "cycle.purged")).all()


def test_the_page_shows_the_period_and_is_in_the_menu(office, announced, clock):
    clock.set(NOT_YET)
    response = office.get(PAGE)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "12 måneder efter det seneste af offentliggørelsen og rejselegatets afslutning" in text
    assert "11. april 2024 kl. 10.00" in text  # published
    assert ("Personoplysninger slettes tidligst den 31. december 2026: 12 måneder efter "
            "rejselegatets udløb den 31. december 2025.") in text
    assert "Gemmes endnu" in text and "skal slettes nu" not in text
    assert f'href="{CONFIRM}"' in text and 'href="/sekretariat/persondata/indsigt"' in text
    assert f'href="{PAGE}"' in office.get("/sekretariat/2024/eksport").get_data(as_text=True)
    clock.set(DUE)
    overdue = office.get(PAGE).get_data(as_text=True)
    assert "skal slettes nu" in overdue
    assert "Personoplysninger skulle være slettet den 31. december 2026" in overdue


def test_the_confirmation_says_what_goes_and_what_stays(office, announced, clock):
    clock.set(DUE)
    response = office.get(CONFIRM)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for phrase in ("telefonnumre på indstillerne og kontaktpersonerne i 4 indstillinger",
                   "»[slettet]«", "private links", "8 e-mails i udbakken", "1 kladde,",
                   "28 svar på kriterierne", "Fritekst og bilag bliver ikke slettet",
                   "Loggen over handlinger", "kan ikke fortrydes"):
        assert phrase in text, phrase
    assert 'name="force"' not in text  # due: no forcing needed
    assert found_anywhere(PERSONAL)  # the page alone changes nothing
    assert purges() == []


def test_purging_from_the_page(office, announced, clock):
    clock.set(DUE)
    response = post(office, CONFIRM, CONFIRM)
    assert response.status_code == 302 and response.headers["Location"].endswith(PAGE)
    assert found_anywhere(PERSONAL) == []
    [entry] = purges()
    assert entry.actor == "sekretariat@example.dk"
    assert audit.verify().ok
    text = office.get(PAGE).get_data(as_text=True)
    assert "Persondata for 2024 er slettet" in text and "Slettet 31. december 2026" in text
    assert f'href="{CONFIRM}"' not in text and "Gem perioden" not in text
    again = office.get(CONFIRM).get_data(as_text=True)
    assert "er allerede slettet" in again and "kan ikke fortrydes" not in again
    late = post(office, CONFIRM, PAGE)
    assert late.status_code == 409 and "er allerede slettet" in late.get_data(as_text=True)
    assert len(purges()) == 1


def test_an_early_purge_needs_force_and_a_reason(office, announced, clock):
    clock.set(NOT_YET)
    page = office.get(CONFIRM).get_data(as_text=True)
    assert 'name="force"' in page and "slettes tidligst den 31. december 2026" in page

    refused = post(office, CONFIRM, CONFIRM)
    assert refused.status_code == 409
    assert "tidligst slettes den 31. december 2026" in refused.get_data(as_text=True)
    unreasoned = post(office, CONFIRM, CONFIRM, force="y", reason="  ")
    assert unreasoned.status_code == 400
    assert "Skriv en begrundelse" in unreasoned.get_data(as_text=True)
    assert found_anywhere(PERSONAL) and purges() == []
    assert the_cycle().purged_at is None

    forced = post(office, CONFIRM, CONFIRM, force="y", reason="Indstillerne bad om det.")
    assert forced.status_code == 302
    [entry] = purges()
    assert json.loads(entry.details)["reason"] == "Indstillerne bad om det."
    assert found_anywhere(PERSONAL) == []


def test_the_retention_period_form(office, announced, clock):
    for months in ("0", "121", "tolv", ""):
        refused = post(office, f"{PAGE}/periode", PAGE, months=months)
        assert refused.status_code == 400, months
        assert "fra 1 til 120" in refused.get_data(as_text=True) or "fx 12" in \
            refused.get_data(as_text=True)
    assert the_cycle().retention_months == 12
    saved = post(office, f"{PAGE}/periode", PAGE, months="18")
    assert saved.status_code == 302
    assert the_cycle().retention_months == 18
    text = office.get(PAGE).get_data(as_text=True)
    assert "Opbevaringsperioden for 2024 er nu 18 måneder." in text
    assert "30. juni 2027" in text  # 18 months after 31 December 2025
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "cycle.updated" and entry.actor == "sekretariat@example.dk"


def test_only_the_secretariat(app, announced, clock, make_juror):
    clock.set(DUE)
    anonymous = app.test_client()
    assert anonymous.get(PAGE).status_code in (302, 403)
    assert anonymous.post(CONFIRM).status_code in (302, 400, 403)
    juror = app.test_client()
    login(juror, announced[3][0].user)
    assert juror.get(CONFIRM).status_code in (302, 403)
    assert the_cycle().purged_at is None


def test_an_unknown_year_is_a_404(office):
    assert office.get("/sekretariat/1999/persondata").status_code == 404
    assert office.get("/sekretariat/1999/persondata/slet").status_code == 404
