"""Every date field takes a day the Danish way (15.12.2026, 15. december 2026) as well as
2026-12-15, through one field type (award.formtools.DateField): the grant's dates, a round's
deadline (with a time if given) and the audit log's filter."""

from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from conftest import JUDGING, csrf_token, login

from award import audit, timeutil
from award.extensions import db
from award.formtools import parse_day
from award.nominations import screening
from award.rounds.models import Round


@pytest.mark.parametrize("text", ["15.12.2026", "15-12-2026", "15/12/2026", "15. december 2026",
                                  "15 dec. 2026", "15. December 2026", "2026-12-15",
                                  " 15 . 12 . 2026 ", "15. dec 2026"])
def test_a_day_in_any_of_the_ways_people_write_it(text):
    assert parse_day(text) == (date(2026, 12, 15), None)


@pytest.mark.parametrize(("text", "expected"), [
    ("15.2.2024 12.00", time(12, 0)), ("15. februar 2024 kl. 12.00", time(12, 0)),
    ("2024-02-15 12:00", time(12, 0)), ("2024-02-15T09:30", time(9, 30)),
    ("15.2.2024", None)])
def test_a_deadline_may_carry_a_time(text, expected):
    assert parse_day(text, with_time=True) == (date(2024, 2, 15), expected)


@pytest.mark.parametrize("text", ["31.2.2026", "15.13.2026", "15. decembre 2026", "i morgen",
                                  "15.12.26", "15.12.2026 12.00", "2026-12-15 25:00", ""])
def test_what_is_no_day_is_refused(text):
    with pytest.raises(ValueError):
        parse_day(text)


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def test_a_round_deadline_written_in_words_with_a_time(office, cycle, clock, make_nomination,
                                                       make_juror):
    make_nomination(cycle)
    make_juror(cycle, "anna@example.dk")
    clock.set(JUDGING)
    screening.screen_remaining(cycle, actor="system", at=clock())
    db.session.commit()
    path = "/sekretariat/2024/runder"
    form = dict(number="1", name="Runde 1", quorum="1", method="weighted", panel_choice="all")
    page = office.get(path).get_data(as_text=True)
    assert 'name="deadline" value="" autocomplete="off" spellcheck="false" data-date-picker' in page
    refused = office.post(path, data={**form, "deadline": "30. februar 2024",
                                      "csrf_token": csrf_token(office, path)})
    assert ("Skriv en dato, der findes, fx 15.2.2024, eller en dato og et klokkeslæt, fx "
            "15.2.2024 12.00.") in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(Round)) is None
    response = office.post(path, data={**form, "deadline": "15. februar 2024 kl. 12.00",
                                       "csrf_token": csrf_token(office, path)})
    assert response.status_code == 302, response.get_data(as_text=True)
    deadline = db.session.scalar(sa.select(Round.deadline_at))
    assert deadline == datetime(2024, 2, 15, 11, 0, tzinfo=UTC)  # 12.00 in Copenhagen


def test_the_audit_log_is_filtered_by_days_written_the_danish_way(office, clock):
    audit.record("system", "round.closed", "round", "2024/1", clock(), {})
    db.session.commit()
    day = timeutil.format_day(clock().date())  # "5. januar 2024"
    for written in ("5.1.2024", day, "2024-01-05"):
        page = office.get(f"/sekretariat/log?action=round.closed&from={written}&to={written}"
                          ).get_data(as_text=True)
        assert "1 linje passer." in page, written
        assert 'id="from" name="from" value="5.1.2024"' in page
    page = office.get("/sekretariat/log?action=round.closed&from=6.1.2024").get_data(
        as_text=True)
    assert "0 linjer passer." in page
