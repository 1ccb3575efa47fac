"""The secretariat's overview in Chromium, with the demo: axe-core finds nothing at a desktop's
and a phone's width, nothing scrolls sideways on the phone, and each step leads to its page."""

from datetime import UTC, datetime

import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from conftest import PASSWORD
from fixtures.browser import log_in, scroll_width
from playwright.sync_api import expect

from award import timeutil
from award.auth import services as accounts
from award.auth.models import User
from award.extensions import db

SECRETARIAT = "sekretariat@example.dk"


def test_a_newcomer_finds_the_next_steps_and_follows_one(page, runner, clock):
    clock.set(datetime(2026, 11, 23, 10, tzinfo=timeutil.COPENHAGEN).astimezone(UTC))
    assert runner.invoke(args=["demo"]).exit_code == 0
    office = db.session.scalar(sa.select(User).where(User.email == SECRETARIAT))
    accounts.set_password(office, PASSWORD, actor="system", at=clock(), min_length=12)
    db.session.commit()
    log_in(page, SECRETARIAT)
    page.goto("/sekretariat/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert not results.violations_count, results.generate_report()
        assert scroll_width(page) <= width
    step = page.get_by_role("link", name="1 udgift til rejsegodtgørelsen venter på godkendelse.")
    expect(step).to_be_visible()
    step.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejsegodtgørelse 2025")
    assert page.url.endswith("/sekretariat/2025/rejsegodtgoerelse#til-behandling")


def test_the_juror_dashboard_fits_a_phone(page, runner, clock):
    """At 390 px the entries stack, each with its labels; nothing scrolls sideways (the table
    made the page 528 px wide)."""
    clock.set(datetime(2026, 11, 23, 10, tzinfo=timeutil.COPENHAGEN).astimezone(UTC))
    assert runner.invoke(args=["demo"]).exit_code == 0
    juror = db.session.scalar(sa.select(User).where(User.email == "mette.holm@example.dk"))
    accounts.set_password(juror, PASSWORD, actor="system", at=clock(), min_length=12)
    db.session.commit()
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, juror.email)
    page.goto("/jury")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine bedømmelser")
    assert scroll_width(page) <= 390
    expect(page.get_by_role("link", name="Flexklinikken", exact=True)).to_be_visible()
    results = Axe().run(page)
    assert not results.violations_count, results.generate_report()


def test_a_date_field_has_a_calendar_that_fills_it_in_the_danish_way(page, make_user):
    """The audit log's date filter: the button opens the browser's calendar; a day picked in
    it is written into the field as 5.1.2024, and the filter takes it."""
    make_user()
    log_in(page, SECRETARIAT)
    page.goto("/sekretariat/log")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert not results.violations_count, results.generate_report()
        assert scroll_width(page) <= width
    button = page.get_by_role("button", name="Vælg i kalender: Fra dato")
    expect(button).to_be_visible()
    button.click()  # headless Chromium opens no visible picker; pick as the picker would
    page.locator(".award-date-picker-input").first.fill("2024-01-05")
    expect(page.get_by_role("textbox", name="Fra dato")).to_have_value("5.1.2024")
    page.get_by_role("textbox", name="Til og med dato").fill("5. januar 2024")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("textbox", name="Til og med dato")).to_have_value("5.1.2024")
    # That day: the account made, its password, the log-in.
    expect(page.get_by_text("linjer passer.")).to_contain_text("3 linjer passer.")


def test_last_years_jury_is_seated_again_in_the_browser(page, runner, clock):
    clock.set(datetime(2026, 11, 23, 10, tzinfo=timeutil.COPENHAGEN).astimezone(UTC))
    assert runner.invoke(args=["demo"]).exit_code == 0
    office = db.session.scalar(sa.select(User).where(User.email == SECRETARIAT))
    accounts.set_password(office, PASSWORD, actor="system", at=clock(), min_length=12)
    db.session.commit()
    log_in(page, SECRETARIAT)
    page.goto("/sekretariat/2027/jury")
    page.get_by_role("link", name="Sæt jurymedlemmer fra 2026 ind").click()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page)
        assert not results.violations_count, results.generate_report()
        assert scroll_width(page) <= width
    page.get_by_label("Mette Holm", exact=False).check()
    page.get_by_label("Lars Winther", exact=False).check()
    page.get_by_role("button", name="Sæt de valgte ind i juryen").click()
    expect(page.get_by_text("2 jurymedlemmer fra 2026 er sat ind i juryen for 2027.")
           ).to_be_visible()
    results = Axe().run(page)
    assert not results.violations_count, results.generate_report()
    assert scroll_width(page) <= 390
    page.screenshot(path="/tmp/overview-jury-390.png", full_page=True)
