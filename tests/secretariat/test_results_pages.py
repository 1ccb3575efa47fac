"""The secretariat's round and results pages: completeness while open, closing with "close
anyway", the ranking with every number explained, resolving a tie, advancing, the winner."""

import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts, sheets
from award.mail.models import OutboxMessage
from award.rounds.models import Decision, Resolution, RoundResult


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, path, page, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def submit(round_, juror, entry, scores, clock):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {}),
                      submit=True, actor=juror.email, at=clock())


@pytest.fixture
def scored(cycle, make_nomination, make_juror, open_round, clock):
    entries = [make_nomination(cycle, initiative_name=name)
               for name in ("Flexklinikken", "Broen", "Sundhedsklinikken")]
    anna = make_juror(cycle, "anna@example.dk", name="Anna", weight=50)
    bo = make_juror(cycle, "bo@example.dk", name="Bo", weight=200)
    round_ = open_round(cycle)
    round_.advance_count = 1
    conflicts.declare_conflict(bo, entries[2], "Min nabo.", actor=bo.email, at=clock())
    submit(round_, anna, entries[0], [4, 4, 4, 4, 4, 4, 5], clock)
    submit(round_, bo, entries[0], [5] * 7, clock)
    submit(round_, anna, entries[1], [3] * 7, clock)
    submit(round_, bo, entries[1], [3] * 7, clock)
    db.session.commit()
    return round_, entries


def test_close_anyway_lists_the_missing_sheet_then_the_results_explain_themselves(
        office, scored):
    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    page = office.get(path).get_data(as_text=True)
    assert "Luk runden" in page
    # Anna has not scored Sundhedsklinikken; Bo is conflicted on it.
    response = post(office, f"{path}/luk", path)
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "1 bedømmelse mangler" in text and "Anna – " + entries[2].reference in text
    assert db.session.scalar(sa.select(sa.func.count(RoundResult.id))) == 0

    response = post(office, f"{path}/luk", path, force="1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/resultat")
    page = office.get(f"{path}/resultat").get_data(as_text=True)
    # Flexklinikken: T_Anna = (6·4 + 5)/7 = 29/7, T_Bo = 5; S = (0.5·29/7 + 2·5) / 2.5
    #   = (29/14 + 10) / 2.5 = (169/14) / (5/2) = 169/35 = 4.828… → 4,83
    assert "169/35" in page and "4,83" in page
    assert "Sådan er tallet regnet ud" in page
    assert re.search(r"Bo \(inhabil\)", page) and re.search(r"Anna \(ingen bedømmelse\)", page)
    assert "Sundhedsklinikken" in page and "under mindste antal" not in page.split("Rangorden")[0]
    assert '<svg role="img"' in page and "jurymedlemmernes samlede bedømmelser" in page


def test_resolve_advance_and_decide_in_the_web(office, scored, make_juror, clock):
    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path, force="1")
    results = f"{path}/resultat"
    page = office.get(results).get_data(as_text=True)
    assert "1 går videre:" in page and entries[0].reference in page
    response = post(office, f"{path}/videre", results)
    assert response.status_code == 302

    response = post(office, "/sekretariat/2024/runder", "/sekretariat/2024/runder",
                    number="2", name="Finalen", quorum="1", method="weighted",
                    panel_choice="all")
    assert response.status_code == 302, response.get_data(as_text=True)
    final = "/sekretariat/2024/runder/2"
    response = post(office, f"{final}/luk", final, force="1")
    assert response.status_code == 302
    page = office.get(f"{final}/resultat").get_data(as_text=True)
    assert "Registrér vinderen" in page
    nobody = post(office, f"{final}/vinder", f"{final}/resultat")
    assert nobody.status_code == 400 and "Vælg vinderen." in nobody.get_data(as_text=True)
    response = post(office, f"{final}/vinder", f"{final}/resultat", entry=str(entries[0].id),
                    reason="")
    text = response.get_data(as_text=True)
    # No sheets in the final: no entry is first, so the choice needs a reason.
    assert response.status_code == 400 and "Skriv en begrundelse" in text
    response = post(office, f"{final}/vinder", f"{final}/resultat", entry=str(entries[0].id),
                    reason="Juryen valgte på mødet.")
    # First a confirmation that says what will happen and what cannot be undone.
    text = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200 and "Registrér vinderen af 2024" in text
    assert f"{entries[0].reference} Flexklinikken registreres som vinder af 2024." in text
    assert "Begrundelsen gemmes med afgørelsen: Juryen valgte på mødet." in text
    assert "Det kan ikke fortrydes" in text and "kan ikke ændres bagefter" in text
    assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 0
    response = post(office, f"{final}/vinder", f"{final}/resultat", entry=str(entries[0].id),
                    reason="Juryen valgte på mødet.", confirmed="1")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Decision.nomination_id)) == entries[0].id
    page = office.get(f"{final}/resultat").get_data(as_text=True)
    assert "er registreret som vinder af 2024" in page


def test_a_reminder_goes_to_jurors_with_missing_sheets(office, scored):
    path = "/sekretariat/2024/runder/1"
    response = post(office, f"{path}/paamind", path)
    assert response.status_code == 302
    reminders = db.session.scalars(sa.select(OutboxMessage)
                                   .where(OutboxMessage.subject.like("Påmindelse%"))).all()
    assert [m.to_address for m in reminders] == ["anna@example.dk"]
    assert "Sundhedsklinikken" in reminders[0].body
    # It says where to log in: the link leads to the log-in and from there to the sheets.
    assert ("Log ind på platformen for at bedømme, med din e-mail, anna@example.dk, og din "
            "adgangskode:\nhttp://localhost/jury\n") in reminders[0].body
    signed_out = office.application.test_client().get("/jury")
    assert signed_out.headers["Location"].startswith("/log-ind?next=")


def test_a_large_round_explains_each_entry_on_its_own_page(office, scored, monkeypatch):
    from award.secretariat import rounds as pages

    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path, force="1")
    monkeypatch.setattr(pages, "INLINE_EXPLANATIONS", 1)
    page = office.get(f"{path}/resultat").get_data(as_text=True)
    assert "169/35" not in page and "hver udregning står på indstillingens egen side" in page
    # The chart draws the first in the ranking and says where the rest is.
    assert f"{entries[0].reference} Flexklinikken: jurymedlemmernes" in page
    assert f"{entries[1].reference} Broen: jurymedlemmernes" not in page
    assert ("Spredningen for den sidste 1 indstilling står i tabellen og i dens udregning."
            in page)
    own = office.get(f"{path}/resultat/{entries[0].reference}").get_data(as_text=True)
    assert "169/35" in own and "4,83" in own
    assert office.get(f"{path}/resultat/AP-2024-9999").status_code == 404


def test_the_results_read_in_plain_danish_with_minus_signs(office, scored):
    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path, force="1")
    page = office.get(f"{path}/resultat").get_data(as_text=True)
    # Anna (weight 0,50) and Bo (2,00) on Flexklinikken: T = 29/7 ≈ 4,14 and 5.
    assert ("To jurymedlemmer bedømte initiativet. Anna gav i alt 4,14 og Bo 5,00. De tæller "
            "med hver deres vægt, så initiativets point er det vægtede gennemsnit: 4,83."
            ) in " ".join(page.split())
    # Sundhedsklinikken has Anna's sheet only, and she never scored it: no counted sheet.
    # Broen is below both jurors' own averages: its normalised score takes a minus sign.
    assert re.search(r"<td>−\d,\d{4}</td>", page)
    assert not re.search(r"<td>-\d", page) and "−0,0000" not in page
    # No entry shares a place, so there is no footnote for it.
    assert "deler pladsen" not in page


def test_closing_early_says_the_deadline_and_how_long_is_left(office, scored, clock):
    round_, _ = scored
    round_.deadline_at = clock() + timedelta(days=3)
    db.session.commit()
    path = "/sekretariat/2024/runder/1"
    response = post(office, f"{path}/luk", path)
    text = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 409
    assert "Jurymedlemmerne har frist til" in text and "det er om 3 dage." in text
    assert round_.is_open()


def test_an_entry_under_the_quorum_goes_on_only_by_an_explicit_choice(office, scored):
    round_, entries = scored
    round_.quorum = 3  # two jurors: after "close anyway" every entry is under it
    db.session.commit()
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path, force="1")
    results = f"{path}/resultat"
    page = office.get(f"{path}/videre").get_data(as_text=True)
    assert "Send den videre alligevel" in page
    refused = post(office, f"{path}/videre", results)
    assert refused.status_code == 400
    assert (f"{entries[0].reference} har færre bedømmelser end mindste antal (3). Vælg, om de "
            "skal videre alligevel.") in refused.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.advanced_at is None
    chosen = post(office, f"{path}/videre", results, below_quorum="1")
    assert chosen.status_code == 302
    db.session.refresh(round_)
    assert round_.advanced_at is not None
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "round.advanced")).one()
    assert json.loads(entry.details)["below_quorum"] == [entries[0].reference]


@pytest.fixture
def tied_final(cycle, make_nomination, make_juror, open_round, clock):
    """A final round in which Flexklinikken and Broen share first place."""
    entries = [make_nomination(cycle, initiative_name=name)
               for name in ("Flexklinikken", "Broen", "Sundhedsklinikken")]
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    round_ = open_round(cycle)
    for entry, scores in zip(entries, ([4] * 7, [4] * 7, [2] * 7), strict=True):
        submit(round_, anna, entry, scores, clock)
    db.session.commit()
    return round_, entries


def test_a_tie_is_ordered_by_choosing_places(office, tied_final):
    round_, (flex, broen, _) = tied_final
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path)
    results = f"{path}/resultat"
    page = office.get(results).get_data(as_text=True)
    assert f'<label class="form-label" for="lighed0-place_{flex.id}">{flex.reference} ' in page
    assert '<option value="1">1. plads</option><option value="2">2. plads</option>' in page
    assert 'name="order"' not in page

    def choose(**data):
        return post(office, f"{path}/afgoer", results, **{f"lighed0-{k}": v
                                                           for k, v in data.items()})

    reason = "Juryen valgte Broen på mødet."
    for data, message in (
            ({f"place_{flex.id}": "1", f"place_{broen.id}": "1", "reason": reason},
             "Giv hver indstilling sin egen plads."),
            ({f"place_{flex.id}": "1", f"place_{broen.id}": "", "reason": reason},
             f"Vælg en plads til {broen.reference} Broen."),
            ({f"place_{flex.id}": "1", f"place_{broen.id}": "7", "reason": reason},
             "Vælg en af mulighederne"),
            ({f"place_{flex.id}": "2", f"place_{broen.id}": "1", "reason": "Bro\x00en"},
             "usynlige tegn")):
        refused = choose(**data)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True), data
        assert db.session.scalar(sa.select(sa.func.count(Resolution.id))) == 0
    chosen = choose(**{f"place_{flex.id}": "2", f"place_{broen.id}": "1", "reason": reason})
    assert chosen.status_code == 302
    assert db.session.scalars(sa.select(Resolution.order)).one() == [broen.id, flex.id]
    # A form posted for a group that no longer needs an order changes nothing.
    stale = post(office, f"{path}/afgoer", results, **{"lighed5-reason": reason})
    assert stale.status_code == 400 and "kan ikke længere afgøres her" in stale.get_data(
        as_text=True)


def test_the_winner_sharing_first_place_is_told_so(office, tied_final):
    round_, (flex, broen, _) = tied_final
    path = "/sekretariat/2024/runder/1"
    post(office, f"{path}/luk", path)
    refused = post(office, f"{path}/vinder", f"{path}/resultat", entry=str(flex.id), reason="")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert (f"{flex.reference} deler førstepladsen i {round_.name} med {broen.reference}. "
            "Afgør stemmeligheden, eller skriv en begrundelse for valget.") in text
    assert "er ikke nummer ét" not in text
    assert db.session.scalar(sa.select(sa.func.count(Decision.id))) == 0


def test_opening_a_round_proposes_the_next_number_and_a_title(office, scored):
    page = office.get("/sekretariat/2024/runder").get_data(as_text=True)
    assert re.search(r'id="number" name="number" value="2"', page)
    assert re.search(r'id="name" name="name" value="Runde 2"', page)


def test_round_2_lists_only_its_own_conflicts_and_each_form_has_its_own_ids(
        office, scored, open_round, clock):
    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    page = office.get(path).get_data(as_text=True)
    assert "Min nabo." in page  # Bo's conflict with Sundhedsklinikken, in round 1
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and 'id="csrf_token"' not in page
    post(office, f"{path}/luk", path, force="1")
    post(office, f"{path}/videre", f"{path}/resultat")
    open_round(round_.cycle, panel=["anna@example.dk"], number=2)
    page = office.get("/sekretariat/2024/runder/2").get_data(as_text=True)
    assert "Min nabo." not in page and "Ingen er registreret som inhabile." in page


def test_closing_and_sending_on_are_confirmed_first(office, scored):
    round_, entries = scored
    path = "/sekretariat/2024/runder/1"
    assert f'<form method="get" action="{path}/luk"' in office.get(path).get_data(as_text=True)
    page = " ".join(office.get(f"{path}/luk").get_data(as_text=True).split())
    assert "Luk Runde 1" in page and "Det sker, når du bekræfter" in page
    assert "Jurymedlemmerne kan ikke længere ændre eller indsende bedømmelser" in page
    assert "Runden kan ikke åbnes igen" in page and "Anna – " + entries[2].reference in page
    assert 'name="force" value="1"' in page and "Luk runden alligevel" in page
    assert round_.is_open()  # looking changes nothing

    post(office, f"{path}/luk", path, force="1")
    assert office.get(f"{path}/luk").headers["Location"].endswith(path)  # closed: no page
    page = " ".join(office.get(f"{path}/videre").get_data(as_text=True).split())
    assert f"Den går videre til næste runde: {entries[0].reference} Flexklinikken." in page
    assert "Rækkefølgen i Runde 1 kan ikke længere ændres" in page
    assert "Send den videre alligevel" not in page
    db.session.refresh(round_)
    assert round_.advanced_at is None
