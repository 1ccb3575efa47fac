"""Screening in the web and on the command line: filter and search, eligible or ineligible
with a reason, one or several at once; duplicates suggested, merged, undone until round 1."""

import pytest
import sqlalchemy as sa
from conftest import JUDGING, csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts
from award.nominations import screening
from award.nominations.models import Nomination
from award.rounds import services as rounds

PAGE = "/sekretariat/2024/screening"


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


@pytest.fixture
def nominated(cycle, make_nomination):
    return [
        make_nomination(cycle, initiative_name="Flexklinikken",
                        organisation="Bispebjerg og Frederiksberg Hospital"),
        make_nomination(cycle, initiative_name="flexklinikken!",
                        organisation="Frederiksberg og Bispebjerg hospital"),
        make_nomination(cycle, initiative_name="Broen til bedre sundhed", region="Region Sjælland",
                        organisation="Nykøbing F. Sygehus"),
    ]


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **data})


def test_filter_search_and_screen_several_at_once(office, nominated):
    flex, _copy, broen = nominated
    def listed(query):
        return office.get(f"{PAGE}?{query}").get_data(as_text=True).split("Mulige dubletter")[0]

    page = listed("region=Region+Sj%C3%A6lland")
    assert "Broen til bedre sundhed" in page and "Flexklinikken" not in page
    page = listed("q=nyk%C3%B8bing")
    assert "Broen til bedre sundhed" in page and "Flexklinikken" not in page

    refused = post(office, PAGE, references=[broen.reference], decision="ineligible")
    assert refused.status_code == 400
    assert "Vælg, hvorfor indstillingerne ikke er egnede." in refused.get_data(as_text=True)
    response = post(office, PAGE, references=[broen.reference], decision="ineligible",
                    reason="not_implemented", note="Starter først i 2025.")
    assert response.status_code == 302
    response = post(office, PAGE, references=[flex.reference, nominated[1].reference],
                    decision="eligible")
    assert response.status_code == 302
    db.session.expire_all()
    assert [n.eligibility for n in nominated] == ["eligible", "eligible", "ineligible"]
    assert broen.ineligibility_reason == "not_implemented"
    page = office.get(f"{PAGE}?status=ineligible").get_data(as_text=True)
    assert "Ikke implementeret" in page and "Starter først i 2025." in page
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "nomination.screened")) == 3


def test_duplicates_are_suggested_merged_and_undone_until_round_one(
        office, nominated, make_juror, clock, cycle):
    flex, copy, broen = nominated
    page = office.get(PAGE).get_data(as_text=True)
    assert "Mulige dubletter" in page
    assert f"Læg {copy.reference} sammen med {flex.reference}" in page
    assert f"Læg {broen.reference}" not in page

    response = office.post(f"{PAGE}/saml", data={"csrf_token": csrf_token(office, PAGE),
                                                 "duplicate": copy.reference,
                                                 "into": flex.reference})
    assert response.status_code == 302
    db.session.expire_all()
    assert copy.merged_into_id == flex.id
    # The duplicate's nominator keeps a working edit link and receipt.
    assert office.get(f"/indstilling/{copy.edit_token}").status_code == 200
    response = office.post(f"{PAGE}/adskil", data={"csrf_token": csrf_token(office, PAGE),
                                                   "duplicate": copy.reference})
    assert response.status_code == 302
    db.session.expire_all()
    assert copy.merged_into_id is None

    screening.merge(copy, flex, actor="system", at=clock())
    screening.screen_remaining(cycle, actor="system", at=clock())
    make_juror(cycle, "anna@example.dk")
    clock.set(JUDGING)
    round_ = rounds.open_round(cycle, number=1, actor="system", at=clock())
    db.session.commit()
    # One entry for the initiative, with both nominators' answers; the merge is now fixed.
    assert [n.reference for n in rounds.entries(round_)] == [flex.reference, broen.reference]
    refused = office.post(f"{PAGE}/adskil", data={"csrf_token": csrf_token(office, PAGE),
                                                  "duplicate": copy.reference})
    assert refused.status_code == 400
    assert "Runde 1 er åbnet" in refused.get_data(as_text=True)


def test_jurors_see_every_merged_nominators_answers(app, nominated, make_juror, clock, cycle):
    flex, copy, _broen = nominated
    copy.answers[0].text = "Svar fra den anden indstiller."
    screening.merge(copy, flex, actor="system", at=clock())
    screening.screen_remaining(cycle, actor="system", at=clock())
    juror = make_juror(cycle, "anna@example.dk")
    clock.set(JUDGING)
    round_ = rounds.open_round(cycle, number=1, actor="system", at=clock())
    db.session.commit()
    client = app.test_client()
    login(client, juror.user)
    page = client.get(f"/jury/runder/{round_.id}/indstillinger/{flex.id}").get_data(as_text=True)
    assert "Svar fra den anden indstiller." in page and copy.reference in page
    assert copy.nominator_email not in page and copy.nominator_name not in page


def test_a_conflict_with_a_duplicate_is_a_conflict_with_the_entry_it_is_judged_under(
        app, runner, nominated, make_juror, clock, cycle):
    flex, copy, broen = nominated
    anna = make_juror(cycle, "anna@example.dk")
    bo = make_juror(cycle, "bo@example.dk")
    # Declared on the duplicate before the merge: it moves to the kept entry.
    conflicts.declare_conflict(anna, copy, "Min søster skrev den.", actor="system", at=clock())
    screening.merge(copy, flex, actor="system", at=clock())
    # Declared on the duplicate after the merge (the command takes any reference): the same.
    added = runner.invoke(args=["conflicts", "add", "--year", "2024", "--juror", bo.email,
                                "--ref", copy.reference, "--reason", "Kollega."])
    assert added.exit_code == 0, added.output
    assert f"conflicted on {flex.reference}" in added.output
    assert conflicts.has_conflict(anna, flex) and conflicts.has_conflict(bo, flex)

    screening.screen_remaining(cycle, actor="system", at=clock())
    clock.set(JUDGING)
    round_ = rounds.open_round(cycle, number=1, actor="system", at=clock())
    db.session.commit()
    client = app.test_client()
    login(client, anna.user)
    assert client.get(f"/jury/runder/{round_.id}/indstillinger/{flex.id}").status_code == 403
    assert client.get(f"/jury/runder/{round_.id}/indstillinger/{broen.id}").status_code == 200


def test_screen_on_the_command_line(runner, nominated):
    flex, _copy, broen = nominated
    result = runner.invoke(args=["nominations", "screen", "--ref", broen.reference,
                                 "--ineligible", "--reason", "outside_call"])
    assert result.exit_code == 0, result.output
    missing_reason = runner.invoke(args=["nominations", "screen", "--ref", flex.reference,
                                         "--ineligible"])
    assert missing_reason.exit_code != 0
    assert "Vælg, hvorfor indstillingen ikke er egnet." in missing_reason.output
    unknown = runner.invoke(args=["nominations", "screen", "--ref", "AP-2024-9999",
                                  "--eligible"])
    assert unknown.exit_code != 0 and "no nomination AP-2024-9999" in unknown.output
    rest = runner.invoke(args=["nominations", "screen", "--year", "2024", "--all-remaining",
                               "--eligible"])
    assert rest.exit_code == 0 and "Marked 2 nominations eligible" in rest.output
    assert db.session.scalars(sa.select(Nomination.eligibility).order_by(Nomination.id)
                              ).all() == ["eligible", "eligible", "ineligible"]


def test_any_two_nominations_are_merged_by_reference_or_name_choosing_the_kept_one(
        app, office, nominated, make_nomination, make_juror, cycle, clock):
    """Two nominations the suggestions miss (other words for the same initiative) are merged
    by the secretariat, naming them by reference or name and choosing which is kept."""
    flex, _copy, broen = nominated
    other = make_nomination(cycle, initiative_name="Sundhedsbroen på Lolland-Falster",
                            organisation="Region Sjælland")
    other.answers[0].text = "Svar fra borgeren på Lolland."
    db.session.commit()
    page = office.get(PAGE).get_data(as_text=True)
    assert "Læg to indstillinger sammen" in page
    assert f"Læg {flex.reference} sammen med {_copy.reference}" in page  # either may be kept

    for duplicate, into, message in (
            ("", broen.reference, "Skriv referencen eller navnet på den indstilling, der "
                                  "lægges ind under en anden."),
            ("flexklin", broen.reference, "»flexklin« passer til flere indstillinger"),
            ("Akutklinikken", broen.reference, "Ingen indstilling i 2024 har referencen"),
            ("Broen\x00", broen.reference, "usynlige tegn")):
        refused = post(office, f"{PAGE}/saml", duplicate=duplicate, into=into)
        assert refused.status_code == 400
        assert message in refused.get_data(as_text=True)
    db.session.expire_all()
    assert other.merged_into_id is None

    response = post(office, f"{PAGE}/saml", duplicate=other.reference.lower(),
                    into="broen til bedre")
    assert response.status_code == 302
    db.session.expire_all()
    assert other.merged_into_id == broen.id
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.merged"))
    assert entry.object_id == other.reference and broen.reference in entry.details
    listed = office.get(PAGE).get_data(as_text=True).split('id="nomination-names"')[1]
    assert other.reference not in listed.split("</datalist>")[0]

    # The jury judges one entry with both nominators' answers.
    screening.screen_remaining(cycle, actor="system", at=clock())
    juror = make_juror(cycle, "anna@example.dk")
    clock.set(JUDGING)
    round_ = rounds.open_round(cycle, number=1, actor="system", at=clock())
    db.session.commit()
    assert [n.reference for n in rounds.entries(round_)] == [
        flex.reference, _copy.reference, broen.reference]
    client = app.test_client()
    login(client, juror.user)
    page = client.get(f"/jury/runder/{round_.id}/indstillinger/{broen.id}").get_data(
        as_text=True)
    assert "Svar fra borgeren på Lolland." in page and other.reference in page


def test_every_shown_nomination_can_be_marked_at_once(office, nominated, make_nomination,
                                                      cycle, clock):
    flex, copy, broen = nominated
    screening.merge(copy, flex, actor="system", at=clock())
    db.session.commit()
    page = office.get(PAGE).get_data(as_text=True)
    assert "Markér alle viste" in page and " checked" not in page.split("<tbody>")[1]
    page = office.get(f"{PAGE}?q=flex&alle=1").get_data(as_text=True)
    assert "Fjern markeringerne" in page
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert f'value="{flex.reference}" checked' in table
    assert f'id="ref-{copy.reference}"' not in table  # merged: screened with its entry
    assert broen.reference not in table
    # The form keeps the search, not the marking: after saving, nothing is marked.
    assert f'action="{PAGE}?q=flex"' in page
    response = post(office, f"{PAGE}?q=flex", references=[flex.reference],
                    decision="eligible")
    assert response.location.endswith(f"{PAGE}?q=flex")
