"""Once the winner is recorded, the cycle takes no more nominations by any route: the
secretariat's registration page, `award nominations import` (with or without --late) and the
public form refuse, with a message that names the decision, and change nothing."""

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token, login
from test_registration import PAGE, item

from award.announcements import services as announcements
from award.cycles.services import update_cycle
from award.extensions import db
from award.jury.models import JurorKind
from award.nominations import services as nominations
from award.nominations.models import Nomination, NominationStatus

sys.path.insert(0, str(Path(__file__).parent.parent / "announcements"))
from decided_cycle import make_decided  # noqa: E402

DECIDED = "Vinderen af prisen 2024 er fundet, så der modtages ikke flere indstillinger."


@pytest.fixture(params=["decided", "announced"])
def decided(request, clock):
    """The 2024 cycle with its winner recorded; and with the announcement published."""
    found = make_decided(request, jury={JurorKind.EXPERT: 1})
    if request.param == "announced":
        announcements.publish(found.cycle, actor="sekretariat@example.dk", at=clock())
        db.session.commit()
    return found


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def counts() -> tuple[int, int]:
    """(nominations sent, drafts)."""
    sent = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.status != NominationStatus.DRAFT))
    drafts = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.status == NominationStatus.DRAFT))
    return sent, drafts


def test_the_registration_page_refuses_and_names_the_decision(decided, office):
    before = counts()
    page = office.get(PAGE).get_data(as_text=True)
    assert DECIDED in page
    assert 'name="initiative_name"' not in page  # no form that could not work
    overview = office.get("/sekretariat/2024/indstillinger").get_data(as_text=True)
    assert PAGE not in overview  # nor a button that leads there
    with_a_form = "/sekretariat/persondata/indsigt"  # any page of the secretariat with a form
    data = {**answers_form(decided.cycle, initiative_name="For sent efter afgørelsen"),
            "late_reason": "Kom med posten.", "csrf_token": csrf_token(office, with_a_form)}
    refused = office.post(PAGE, data=data)
    assert refused.status_code == 400
    assert DECIDED in refused.get_data(as_text=True)
    assert counts() == before


def test_the_import_refuses_with_and_without_late_and_names_the_decision(decided, runner,
                                                                         tmp_path):
    before = counts()
    path = tmp_path / "breve.json"
    path.write_text(json.dumps([item()]), encoding="utf-8")
    plain = runner.invoke(args=["nominations", "import", "--year", "2024", str(path)])
    assert plain.exit_code != 0
    assert DECIDED in plain.output
    assert "--late" not in plain.output  # --late would not help: it is not about the deadline
    late = runner.invoke(args=["nominations", "import", "--year", "2024", str(path), "--late",
                               "--reason", "Modtaget med posten efter fristen."])
    assert late.exit_code != 0
    assert DECIDED in late.output
    assert counts() == before


def test_the_public_form_refuses_and_names_the_decision(decided, app, client, clock):
    cycle = decided.cycle
    # A complete draft written before the decision, sent after it.
    key = nominations.new_key()
    draft = nominations.open_draft(cycle, key, "da", clock())
    nominations.apply_answers(draft, answers_form(cycle), clock())
    db.session.commit()
    before = counts()

    assert DECIDED in client.get("/").get_data(as_text=True)
    assert DECIDED in client.get("/indstil").get_data(as_text=True)
    posted = client.post("/indstil", data=answers_form(cycle, draft_key=nominations.new_key()))
    page = posted.get_data(as_text=True)
    assert DECIDED in page and "Flexklinikken" in page  # the answers stay on the page
    token = csrf_token(client, f"/indstil/{key}/tjek")
    sent = client.post(f"/indstil/{key}/tjek", data={"csrf_token": token})
    assert DECIDED in sent.get_data(as_text=True)
    assert counts() == before
    db.session.expire_all()
    assert db.session.get(Nomination, draft.id).status == NominationStatus.DRAFT


def test_a_deadline_moved_later_after_the_decision_opens_nothing(decided, client, office,
                                                                  clock):
    cycle = decided.cycle
    update_cycle(cycle, {"deadline_at": clock() + timedelta(days=30)}, actor="system",
                 at=clock())
    db.session.commit()
    before = counts()
    assert DECIDED in client.get("/indstil").get_data(as_text=True)
    posted = client.post("/indstil", data=answers_form(cycle, draft_key=nominations.new_key()))
    assert DECIDED in posted.get_data(as_text=True)
    assert DECIDED in office.get(PAGE).get_data(as_text=True)
    assert counts() == before
