"""The draft and its facts come from the data of a cycle decided through the real services;
saving and publishing follow the rules and are audited."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from decided_cycle import (
    EQUALITY_ANSWER,
    VALUE_ANSWER,
    WINNER,
    WINNER_ORGANISATION,
    make_decided,
)

from award.announcements import documents, services
from award.announcements.models import PublicationKind
from award.audit.models import AuditEntry
from award.cycles.models import Phase
from award.extensions import db
from award.jury.models import JurorKind
from award.service import Refused

NBSP = "\xa0"


@pytest.fixture
def decided(request):
    return make_decided(request)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def actions() -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_the_draft_is_made_from_the_winner_and_the_summit(decided, clock):
    clock.set(datetime(2024, 4, 11, 13, 0, tzinfo=UTC))  # the day of the summit
    text = services.draft(decided.cycle)
    assert text.headline_da == f"{WINNER} vinder Prisen for Årets Patientoplevelse 2024"
    assert text.lead_da == (
        f"Initiativet »{WINNER}« fra {WINNER_ORGANISATION} i Region Hovedstaden har vundet "
        "Prisen for Årets Patientoplevelse 2024. Prisen blev overrakt ved Regionernes "
        "Politiske Topmøde den 11. april 2024 i Aalborg.")
    # The nominators' own words for criteria 3 and 7, quoted; the description as it was.
    assert f"> {VALUE_ANSWER}" in text.body_da
    assert f"> {EQUALITY_ANSWER}" in text.body_da
    assert decided.winner.description in text.body_da
    assert (text.headline_en, text.lead_en, text.body_en) == ("", "", "")
    # A proposal only: nothing is stored.
    assert services.announcement_for(decided.cycle) is None


def test_the_summit_to_come_is_in_the_future_tense(decided, clock):
    clock.set(datetime(2024, 4, 10, 21, 59, tzinfo=UTC))  # 23.59 the evening before
    assert "Prisen overrækkes ved Regionernes Politiske Topmøde den 11. april 2024 i " \
           "Aalborg." in services.draft(decided.cycle).lead_da
    clock.set(datetime(2024, 4, 10, 22, 0, tzinfo=UTC))  # midnight in Copenhagen
    assert "Prisen blev overrakt ved" in services.draft(decided.cycle).lead_da


def test_the_facts_come_from_the_data(decided):
    facts = services.facts(decided.cycle)
    # Received: the winner, the runner-up, the duplicate merged into the winner and the
    # ineligible one; not the withdrawn nomination, not the draft that was never sent.
    assert facts.received == 4 and facts.received_words == "fire"
    assert facts.jury == ("fem patientrepræsentanter, to repræsentanter for "
                          "patientorganisationer og tre fagpersoner")
    assert plain(facts.grant) == "10.000 kr."
    assert (facts.founder, facts.founded, facts.edition) == ("Danske Regioner", 2023, "anden")
    assert facts.criteria == [c.text_da for c in decided.cycle.criteria]
    assert len(facts.criteria) == 7 and facts.criteria_words == "syv"

    markdown = plain(documents.render(services.live_release(decided.cycle), "md").decode())
    assert "## Fakta om prisen" in markdown
    assert "Prisen blev indstiftet af Danske Regioner i 2023" in markdown
    assert "Der kom fire indstillinger til prisen i 2024." in markdown
    assert ("Årets jury består af fem patientrepræsentanter, to repræsentanter for "
            "patientorganisationer og tre fagpersoner.") in markdown
    assert ("op til 10.000 kr. i rejsegodtgørelse til at præsentere initiativet andre steder "
            "i sundhedsvæsenet") in markdown
    # Nested four spaces deep under its bullet: every Markdown renderer reads it as a list
    # inside the bullet, not only CommonMark (which would take two).
    for number, criterion in enumerate(decided.cycle.criteria, start=1):
        assert f"\n    {number}. {criterion.text_da}\n" in markdown


def test_a_jury_of_one_of_each_kind_and_another_grant(request):
    decided = make_decided(request, jury={JurorKind.PATIENT_REPRESENTATIVE: 1,
                                 JurorKind.PATIENT_ORGANISATION: 1, JurorKind.EXPERT: 1})
    decided.cycle.grant_cap_ore = 750_050
    db.session.commit()
    facts = services.facts(decided.cycle)
    assert facts.jury == ("én patientrepræsentant, en repræsentant for en "
                          "patientorganisation og en fagperson")
    assert plain(facts.grant) == "7.500,50 kr."
    html = plain(documents.render(services.live_release(decided.cycle), "html").decode())
    assert "Årets jury består af én patientrepræsentant, en repræsentant for en " \
           "patientorganisation og en fagperson." in html
    assert "op til 7.500,50 kr. i rejsegodtgørelse" in html


def test_nothing_before_the_decision(cycle, make_nomination, clock):
    make_nomination(cycle)
    for attempt in (lambda: services.draft(cycle),
                    lambda: services.save(cycle, {"headline_da": "X", "body_da": "Y"},
                                          actor="s@example.dk", at=clock()),
                    lambda: services.publish(cycle, actor="s@example.dk", at=clock()),
                    lambda: services.publish_nominations(cycle, actor="s@example.dk",
                                                         at=clock()),
                    lambda: documents.diploma_pdf(cycle)):
        with pytest.raises(Refused, match="Vinderen af 2024 er ikke registreret endnu"):
            attempt()
    assert services.announcement_for(cycle) is None
    assert cycle.nominations_published_at is None


def test_save_and_publish_follow_the_rules_and_are_audited(decided, clock):
    cycle = decided.cycle
    actor = "sekretariat@example.dk"
    with pytest.raises(Refused, match="Skriv en overskrift"):
        services.save(cycle, {"headline_da": "  ", "body_da": "Tekst"}, actor=actor, at=clock())
    with pytest.raises(Refused, match="engelsk overskrift"):
        services.save(cycle, {"headline_da": "Overskrift", "body_en": "Text"}, actor=actor,
                      at=clock())
    with pytest.raises(Refused, match="må højst være 300 tegn"):
        services.save(cycle, {"headline_da": "x" * 301}, actor=actor, at=clock())
    assert services.announcement_for(cycle) is None

    services.save(cycle, {"headline_da": "Overskrift", "lead_da": "Indledning", "body_da": ""},
                  actor=actor, at=clock())
    db.session.commit()
    with pytest.raises(Refused, match="overskrift og en brødtekst"):
        services.publish(cycle, actor=actor, at=clock())
    db.session.rollback()
    assert not services.is_published(cycle)

    services.save(cycle, {"headline_da": "Overskrift", "body_da": "Brødtekst"}, actor=actor,
                  at=clock())
    services.publish(cycle, actor=actor, at=clock())
    db.session.commit()
    assert services.is_published(cycle) and cycle.phase(clock()) is Phase.ANNOUNCED
    # Published again with nothing changed: refused, no second version.
    with pytest.raises(Refused, match="allerede offentliggjort, og hverken teksten eller data"):
        services.publish(cycle, actor=actor, at=clock())
    db.session.rollback()
    assert [v.number for v in services.versions(cycle, PublicationKind.ANNOUNCEMENT)] == [1]

    services.set_signatory(cycle, " Anders Kühnau ", "Formand for Danske Regioner",
                           actor=actor, at=clock())
    with pytest.raises(Refused, match="Skriv navnet"):
        services.set_signatory(cycle, " ", "", actor=actor, at=clock())
    services.publish_nominations(cycle, actor=actor, at=clock())
    services.unpublish_nominations(cycle, actor=actor, at=clock())
    services.unpublish(cycle, actor=actor, at=clock())
    db.session.commit()
    assert cycle.signatory_name == "Anders Kühnau"
    assert cycle.nominations_published_at is None and not services.is_published(cycle)
    assert [a for a in actions() if a.split(".")[0] in (
        "announcement", "diploma", "nominations")] == [
        "announcement.saved", "announcement.saved", "announcement.published",
        "diploma.signatory_set", "nominations.published", "nominations.unpublished",
        "announcement.unpublished"]


def test_publishing_without_saving_publishes_the_draft(decided, clock):
    services.publish(decided.cycle, actor="system", at=clock())
    db.session.commit()
    announcement = services.announcement_for(decided.cycle)
    assert announcement.headline_da == services.draft(decided.cycle).headline_da
    assert announcement.published_by == "system"
