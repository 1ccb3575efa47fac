"""/indstillinger/<year>: the nominations with their answers, once the secretariat has
published them (with confirmation, audited, undone again), never a person's name, e-mail or
phone number."""

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from decided_cycle import PERSONAL, VALUE_ANSWER, WINNER, make_decided

from award.audit.models import AuditEntry
from award.extensions import db

PAGE = "/sekretariat/2024/pressemeddelelse"


@pytest.fixture
def decided(request):
    return make_decided(request)


def post(client, path, data=None):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **(data or {})})


def test_published_nominations_show_answers_and_no_personal_data(decided, client, make_user):
    assert client.get("/indstillinger/2024").status_code == 404
    assert client.get("/indstillinger/2031").status_code == 404
    login(client, make_user())

    asked = post(client, f"{PAGE}/indstillinger")
    assert "Vil du offentliggøre indstillingerne?" in asked.get_data(as_text=True)
    assert client.get("/indstillinger/2024").status_code == 404
    done = post(client, f"{PAGE}/indstillinger", {"confirmed": "nominations"})
    assert done.status_code == 302
    db.session.refresh(decided.cycle)
    assert decided.cycle.nominations_published_at is not None

    response = client.get("/indstillinger/2024")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The initiatives screened eligible and the nominators' answers: the winner with the
    # duplicate merged into it (its own answers beneath) and the runner-up.
    for text in (WINNER, VALUE_ANSWER, "Den anden indstillers svar om nyskabelse.",
                 "Broen til bedre sundhed", "Broen er i drift.",
                 "Endnu en indstilling af samme initiativ",
                 decided.cycle.criteria[2].text_da):
        assert text in page, text
    assert "Flex-klinikken på Bispebjerg" not in page  # the duplicate is under the kept entry
    assert "Kommunens sundhedshus" not in page  # screened ineligible
    assert "Det trukne initiativ" not in page  # withdrawn
    assert "En kladde, der aldrig blev sendt" not in page  # never sent
    assert page.count("<h2 id=\"entry-") == 2
    # No name, e-mail or phone of any nominator or contact person.
    for field, values in PERSONAL.items():
        for value in values:
            assert value not in page, (field, value)
    for nomination in (decided.winner, decided.runner_up, decided.duplicate,
                       decided.ineligible):
        for value in (nomination.nominator_name, nomination.nominator_email,
                      nomination.nominator_phone, nomination.contact_name,
                      nomination.contact_email, nomination.contact_phone):
            assert not value or value not in page, value

    # Published once; taken down again, and audited both ways.
    again = post(client, f"{PAGE}/indstillinger", {"confirmed": "nominations"})
    assert again.status_code == 400
    assert "allerede offentliggjort" in again.get_data(as_text=True)
    assert post(client, f"{PAGE}/indstillinger/tilbagekald").status_code == 302
    assert client.get("/indstillinger/2024").status_code == 404
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("nominations.published") == 1
    assert actions.count("nominations.unpublished") == 1


def test_a_juror_cannot_publish_the_nominations(decided, client):
    login(client, decided.jurors[0].user)
    # A valid CSRF token (the log-out form on every page): the refusal is the role's.
    token = csrf_token(client, "/")
    for path in (f"{PAGE}/indstillinger", f"{PAGE}/indstillinger/tilbagekald"):
        response = client.post(path, data={"csrf_token": token, "confirmed": "nominations"})
        assert response.status_code == 403, path
    assert client.get(PAGE).status_code == 403
    db.session.refresh(decided.cycle)
    assert decided.cycle.nominations_published_at is None
