from datetime import UTC, datetime

from flask_babel import force_locale

from award import timeutil


def test_a_date_deadline_means_the_end_of_that_day_in_copenhagen():
    # 13 January is winter time (UTC+1): the day ends at 23:00 UTC.
    assert timeutil.parse_deadline("2024-01-13") == datetime(2024, 1, 13, 23, 0, tzinfo=UTC)


def test_a_deadline_with_a_time_is_exact():
    assert timeutil.parse_deadline("2024-01-13 12:00") == datetime(2024, 1, 13, 11, 0, tzinfo=UTC)


def test_summer_time_is_taken_from_the_tz_database():
    # 31 March 2024 is the day summer time starts: that day ends at 22:00 UTC.
    assert timeutil.parse_deadline("2024-03-31") == datetime(2024, 3, 31, 22, 0, tzinfo=UTC)
    # 27 October 2024, back to winter time: it ends at 23:00 UTC.
    assert timeutil.parse_deadline("2024-10-27") == datetime(2024, 10, 27, 23, 0, tzinfo=UTC)


def test_deadlines_are_shown_in_danish_form(app):
    with app.test_request_context():
        assert timeutil.format_deadline(timeutil.parse_deadline("2024-01-13")) == (
            "13. januar 2024 kl. 23.59")
        assert timeutil.format_deadline(timeutil.parse_deadline("2023-01-09 12:00")) == (
            "9. januar 2023 kl. 12.00")
        with force_locale("en"):
            assert timeutil.format_deadline(timeutil.parse_deadline("2024-01-13")) == (
                "13 January 2024 at 23:59")
