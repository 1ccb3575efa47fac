"""What is published stays true: the announcement and the list of nominations are versions
frozen at publication. Later changes to the data (a late registration, a screening, a renamed
initiative, an edited text) alter neither the public page nor any download until the
secretariat publishes a new version, which it sees is due; the versions are kept with their
times. The public list holds only nominations screened eligible, less those left out."""

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from decided_cycle import WINNER, make_decided
from pypdf import PdfReader

from award.announcements import services
from award.announcements.models import Omission, Publication, PublicationKind
from award.audit.models import AuditEntry
from award.extensions import db
from award.nominations.models import Eligibility, Nomination, NominationStatus
from award.timeutil import format_moment

PAGE = "/sekretariat/2024/pressemeddelelse"
EDITOR_FIELDS = ("headline_da", "lead_da", "body_da", "headline_en", "lead_en", "body_en")


@pytest.fixture
def decided(request):
    return make_decided(request)


@pytest.fixture
def secretariat(client, make_user):
    user = make_user()
    login(client, user)
    return user


def post(client, path, data=None):
    return client.post(path, data={"csrf_token": csrf_token(client, PAGE), **(data or {})})


def editor(client) -> dict:
    """The editor's fields as the page shows them."""
    page = client.get(PAGE).get_data(as_text=True)
    values = {}
    for name in EDITOR_FIELDS:
        area = re.search(rf'<textarea[^>]* name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        line = re.search(rf'<input[^>]* name="{name}" value="([^"]*)"', page)
        found = area or line
        values[name] = (found.group(1) if found else "").replace("&gt;", ">").replace(
            "&lt;", "<").replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return values


def publish(client, **text):
    """Publish as the secretariat does: the editor's text (changed by `text`) goes with the
    button, which saves it and asks; the second press publishes."""
    asked = post(client, PAGE, {**editor(client), **text, "action": "publish"})
    assert asked.status_code == 200, asked.get_data(as_text=True)
    assert "Vil du offentliggøre pressemeddelelsen?" in asked.get_data(as_text=True)
    return post(client, f"{PAGE}/offentliggoer", {"confirmed": "publish"})


def words(data: bytes) -> str:
    pdf = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def public_release(client) -> dict[str, str]:
    """The public page and every download, as text."""
    return {
        "page": client.get("/vindere/2024").get_data(as_text=True),
        "md": client.get("/vindere/2024/pressemeddelelse.md").get_data(as_text=True),
        "html": client.get("/vindere/2024/pressemeddelelse.html").get_data(as_text=True),
        "pdf": words(client.get("/vindere/2024/pressemeddelelse.pdf").data),
    }


def public_list(client) -> str:
    """/indstillinger/2024 from its heading to the end of its main content (the page's frame
    holds a CSRF token that changes with time)."""
    page = client.get("/indstillinger/2024").get_data(as_text=True)
    return page[page.index("<h1>"):page.index("</main>")]


def late_registration(decided, clock, name="Et sent registreret initiativ") -> Nomination:
    """A nomination that arrives in the data after publication, straight into the database."""
    nomination = Nomination(
        cycle=decided.cycle, draft_key=f"late-{name}", reference=f"AP-2024-{len(name):04d}",
        status=NominationStatus.SUBMITTED, initiative_name=name, region="Region Sjælland",
        organisation="Holbæk Sygehus", description="Sent, men registreret.",
        created_at=clock(), updated_at=clock(), submitted_at=clock(),
        entered_by="sekretariat@example.dk", late_reason="Kom med posten.")
    db.session.add(nomination)
    db.session.commit()
    return nomination


def test_the_published_announcement_stays_as_published_until_a_new_version(
        decided, client, secretariat, clock):
    published = format_moment(clock())
    assert publish(client, body_da="Den første brødtekst.").status_code == 302
    first = public_release(client)
    for shown in first.values():
        assert "Den første brødtekst." in shown
        assert "Der kom fire indstillinger til prisen i 2024." in shown
    assert WINNER in client.get("/").get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Data er ændret siden offentliggørelsen" not in page

    # The data changes: a late registration (received: five now), the winner's name is
    # corrected, one nomination is screened ineligible, and the text is edited and saved.
    clock.advance(days=2)
    republished = format_moment(clock())
    late_registration(decided, clock)
    decided.winner.initiative_name = "Flexklinikken på Bispebjerg"
    decided.runner_up.eligibility = Eligibility.INELIGIBLE
    db.session.commit()
    saved = post(client, PAGE, {**editor(client), "body_da": "Den rettede brødtekst.",
                                "action": "save"})
    assert saved.status_code == 302

    for kind, shown in public_release(client).items():
        assert "Der kom fire indstillinger til prisen i 2024." in shown, kind
        assert "fem indstillinger" not in shown, kind
        assert "Den første brødtekst." in shown and "Den rettede" not in shown, kind
    assert first["md"] == public_release(client)["md"]
    front = client.get("/").get_data(as_text=True)
    archive = client.get("/vindere").get_data(as_text=True)
    for shown in (front, archive):
        assert f"{WINNER}</" in shown and "Flexklinikken på Bispebjerg" not in shown

    # The secretariat sees what has changed since, and that version 1 is what is shown.
    page = client.get(PAGE).get_data(as_text=True)
    assert f"Data er ændret siden offentliggørelsen den {published}:" in page
    assert "5 indstillinger nu mod 4" in page
    assert "oplysningerne om vinderen er ændret" in page
    assert "den gemte tekst er ændret" in page
    assert f"Version 1 er offentliggjort {published}" in page
    assert "Offentliggør ny version" in page

    # A new version, on purpose: now everything says five and the new text.
    assert publish(client).status_code == 302
    for kind, shown in public_release(client).items():
        assert "Der kom fem indstillinger til prisen i 2024." in shown, kind
        assert "Den rettede brødtekst." in shown and "Den første" not in shown, kind
    assert "Flexklinikken på Bispebjerg" in client.get("/").get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Data er ændret siden offentliggørelsen" not in page
    assert f"Version 1: offentliggjort {published} af sekretariat@example.dk" in page
    assert f"Version 2: offentliggjort {republished} af sekretariat@example.dk" in page
    stored = db.session.scalars(sa.select(Publication).order_by(Publication.number)).all()
    assert [(p.kind, p.number) for p in stored] == [("announcement", 1), ("announcement", 2)]
    assert stored[0].content["facts"]["da"]["received"] == 4
    assert stored[1].content["facts"]["da"]["received"] == 5


def test_a_new_version_only_when_something_changed_and_a_double_click_makes_one(
        decided, client, secretariat, clock):
    assert publish(client).status_code == 302
    again = post(client, f"{PAGE}/offentliggoer", {"confirmed": "publish"})
    assert again.status_code == 400
    assert "allerede offentliggjort, og hverken teksten eller data er ændret siden" in \
        again.get_data(as_text=True)
    assert len(services.versions(decided.cycle, PublicationKind.ANNOUNCEMENT)) == 1

    # Taken down and put up again: a new version, and the retention period still runs from
    # the first publication.
    first = services.announcement_for(decided.cycle).first_published_at
    assert post(client, f"{PAGE}/tilbagekald").status_code == 302
    assert client.get("/vindere/2024").status_code == 404
    assert client.get("/vindere/2024/pressemeddelelse.pdf").status_code == 404
    clock.advance(days=30)
    assert publish(client).status_code == 302
    assert client.get("/vindere/2024").status_code == 200
    db.session.expire_all()
    announcement = services.announcement_for(decided.cycle)
    assert announcement.first_published_at == first
    assert announcement.published_at == first + timedelta(days=30)
    assert [v.number for v in services.versions(decided.cycle,
                                                PublicationKind.ANNOUNCEMENT)] == [1, 2]
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("announcement.published") == 2


def test_publishing_saves_the_text_in_the_editor_first(decided, client, secretariat):
    response = publish(client, body_da="Skrevet lige før offentliggørelsen.")
    assert response.status_code == 302
    assert services.announcement_for(decided.cycle).body_da == \
        "Skrevet lige før offentliggørelsen."
    assert "Skrevet lige før offentliggørelsen." in client.get("/vindere/2024").get_data(
        as_text=True)


def test_the_command_prints_the_published_version(decided, runner, clock):
    services.publish(decided.cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    late_registration(decided, clock)
    published = runner.invoke(args=["announcement", "--year", "2024", "--format", "md"])
    assert published.exit_code == 0, published.output
    assert "Der kom fire indstillinger til prisen i 2024." in published.stdout
    working = runner.invoke(args=["announcement", "--year", "2024", "--format", "md",
                                  "--working-copy"])
    assert working.exit_code == 0, working.output
    assert "Der kom fem indstillinger til prisen i 2024." in working.stdout
    again = runner.invoke(args=["announcement", "--year", "2024", "--format", "md",
                                "--publish"])
    assert again.exit_code == 0, again.output
    assert "Der kom fem indstillinger til prisen i 2024." in again.stdout
    assert len(services.versions(decided.cycle, PublicationKind.ANNOUNCEMENT)) == 2


# ---------------------------------------------------------------- the list of nominations


def publish_list(client):
    asked = post(client, f"{PAGE}/indstillinger")
    assert "Vil du offentliggøre indstillingerne?" in asked.get_data(as_text=True)
    return post(client, f"{PAGE}/indstillinger", {"confirmed": "nominations"})


def test_the_public_list_is_a_snapshot_of_eligible_nominations(decided, client, secretariat,
                                                               clock):
    published = format_moment(clock())
    assert publish_list(client).status_code == 302
    listed = public_list(client)
    assert WINNER in listed and "Broen til bedre sundhed" in listed
    assert "Den anden indstillers svar om nyskabelse." in listed  # merged, under the winner
    assert "Kommunens sundhedshus" not in listed  # ineligible
    assert "2 initiativer blev indstillet" in listed

    # A late registration, screened eligible, and an answer edited: the public list stays.
    clock.advance(days=1)
    republished = format_moment(clock())
    late = late_registration(decided, clock)
    late.eligibility = Eligibility.ELIGIBLE
    decided.runner_up.answers[0].text = "Et svar skrevet om bagefter."
    db.session.commit()
    assert public_list(client) == listed
    page = client.get(PAGE).get_data(as_text=True)
    assert "3 initiativer på listen nu mod 2" in page
    assert f"nye på listen: {late.reference}" in page

    # An unscreened late registration never appears, however often a version is published.
    unscreened = late_registration(decided, clock, name="Et initiativ, der ikke er vurderet")
    assert publish_list(client).status_code == 302
    listed = client.get("/indstillinger/2024").get_data(as_text=True)
    assert "Et sent registreret initiativ" in listed and "3 initiativer" in listed
    assert unscreened.initiative_name not in listed
    assert [v.number for v in services.versions(decided.cycle,
                                                PublicationKind.NOMINATIONS)] == [1, 2]
    page = client.get(PAGE).get_data(as_text=True)
    assert f"Version 1: offentliggjort {published}" in page
    assert f"Version 2: offentliggjort {republished}" in page


def test_a_nomination_left_out_with_a_reason(decided, client, secretariat):
    assert publish_list(client).status_code == 302
    reason = "Indstilleren har bedt om ikke at blive offentliggjort (e-mail 3. maj)."

    # The reason is required; a forged or unlisted nomination is refused; nothing changes.
    for data, message in (
            ({"nomination": decided.duplicate.id, "reason": "  "},
             "Skriv, hvorfor indstillingen udelades."),
            ({"nomination": decided.ineligible.id, "reason": reason},
             "den er ikke med på listen over indstillinger"),
            ({"nomination": "2147483648", "reason": reason}, "Vælg en af mulighederne."),
            ({"nomination": "x\x00", "reason": reason}, "usynlige tegn"),
            ({"nomination": decided.duplicate.id, "reason": "Nul\x00byte"}, "usynlige tegn")):
        refused = post(client, f"{PAGE}/indstillinger/udelad", data)
        assert refused.status_code == 400, data
        assert message in refused.get_data(as_text=True), data
    assert db.session.scalars(sa.select(Omission)).all() == []

    left = post(client, f"{PAGE}/indstillinger/udelad",
                {"nomination": decided.duplicate.id, "reason": reason})
    assert left.status_code == 302
    twice = post(client, f"{PAGE}/indstillinger/udelad",
                 {"nomination": decided.duplicate.id, "reason": reason})
    assert twice.status_code == 400  # no longer among the choices
    page = client.get(PAGE).get_data(as_text=True)
    assert reason in page and decided.duplicate.reference in page
    assert "Det gælder fra den næste version, du offentliggør" in page

    # The published version is unchanged until the next one, which leaves it out.
    assert "Den anden indstillers svar om nyskabelse." in client.get(
        "/indstillinger/2024").get_data(as_text=True)
    assert publish_list(client).status_code == 302
    listed = client.get("/indstillinger/2024").get_data(as_text=True)
    assert "Den anden indstillers svar om nyskabelse." not in listed
    assert WINNER in listed and reason not in listed

    # Put back, and in again with the next version; both steps audited.
    back = post(client, f"{PAGE}/indstillinger/medtag", {"nomination": decided.duplicate.id})
    assert back.status_code == 302
    for forged in (decided.duplicate.id, "2147483648", "1\x00", "", "-1"):
        again = post(client, f"{PAGE}/indstillinger/medtag", {"nomination": forged})
        assert again.status_code == 400, forged
        assert "Indstillingen er ikke udeladt." in again.get_data(as_text=True), forged
    assert publish_list(client).status_code == 302
    assert "Den anden indstillers svar om nyskabelse." in client.get(
        "/indstillinger/2024").get_data(as_text=True)
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.in_(["nominations.left_out", "nominations.put_back"]))).all()
    assert [(e.action, e.object_id) for e in entries] == [
        ("nominations.left_out", decided.duplicate.reference),
        ("nominations.put_back", decided.duplicate.reference)]


def test_leaving_out_the_kept_entry_takes_the_initiative_off_the_list(decided, clock):
    services.leave_out(decided.cycle, decided.winner.id, "Indstilleren har bedt om det.",
                       actor="sekretariat@example.dk", at=clock())
    services.publish_nominations(decided.cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    content = services.published_list(decided.cycle).content
    assert [entry["name"] for entry in content["entries"]] == ["Broen til bedre sundhed"]
