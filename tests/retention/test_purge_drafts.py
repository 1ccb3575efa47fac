"""`award purge --drafts`: unsent drafts, with the personal data in them, are not kept for
ever. Sent and withdrawn nominations are never touched."""

import io
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award import audit
from award.audit.models import AuditEntry
from award.extensions import db
from award.nominations import services
from award.nominations.models import Answer, Attachment, Nomination, NominationStatus

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def draft(client, cycle, clock):
    """A draft written through the form, with a file, as of the clock's time."""

    def write(key, **overrides):
        data = answers_form(cycle, csrf_token=csrf_token(client), draft_key=key, **overrides)
        data["attachments"] = [(io.BytesIO(PDF_BYTES), "bilag.pdf")]
        response = client.post("/indstil", data=data, content_type="multipart/form-data")
        assert response.status_code == 302
        return key

    return write


def purge(runner):
    return runner.invoke(args=["purge", "--drafts"])


def drafts_left():
    return sorted(db.session.scalars(sa.select(Nomination.draft_key).where(
        Nomination.status == NominationStatus.DRAFT)))


def test_drafts_untouched_for_seven_days_go_with_their_answers_and_files(
        runner, cycle, clock, draft, make_nomination):
    start = clock()
    sent = make_nomination(cycle)  # sent long ago: stays
    withdrawn = make_nomination(cycle)
    services.withdraw(withdrawn, clock())
    db.session.commit()
    draft("old1" + "a" * 28)
    draft("old2" + "a" * 28)
    clock.set(start + timedelta(days=2))
    draft("kept" + "a" * 28)  # five days untouched at the purge

    clock.set(start + timedelta(days=7, hours=1))
    result = purge(runner)

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Deleted 2 unsent drafts not changed for 7 days"
    db.session.expire_all()
    assert drafts_left() == ["kept" + "a" * 28]
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 1
    kept_ids = db.session.scalars(sa.select(Nomination.id)).all()
    assert set(db.session.scalars(sa.select(Answer.nomination_id))) <= set(kept_ids)
    statuses = sorted(db.session.scalars(sa.select(Nomination.status)))
    assert statuses == ["draft", "submitted", "withdrawn"]
    assert {sent.reference, withdrawn.reference} <= set(
        db.session.scalars(sa.select(Nomination.reference)))
    [entry] = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "drafts.purged")).all()
    assert entry.actor == "system" and json.loads(entry.details)["count"] == 2
    assert audit.verify().ok


def test_a_draft_still_being_written_is_kept(runner, cycle, clock, draft):
    start = clock()
    key = draft("busy" + "a" * 28)
    clock.set(start + timedelta(days=6))
    draft(key, description="Skrevet videre på dag seks.")  # a valid post touches the draft
    clock.set(start + timedelta(days=8))
    assert purge(runner).output.strip() == "Deleted 0 unsent drafts not changed for 7 days"
    db.session.expire_all()
    assert drafts_left() == [key]
    assert db.session.scalar(sa.select(Nomination.description)) == "Skrevet videre på dag seks."


def test_the_retention_is_a_setting(runner, app, clock, draft):
    start = clock()
    draft("old1" + "a" * 28)
    app.config["DRAFT_RETENTION_DAYS"] = 2
    clock.set(start + timedelta(days=2, minutes=1))
    assert purge(runner).output.strip() == "Deleted 1 unsent draft not changed for 2 days"
    assert drafts_left() == []


def test_without_saying_what_to_purge_nothing_is_deleted(runner, clock, draft):
    start = clock()
    draft("old1" + "a" * 28)
    clock.set(start + timedelta(days=30))
    result = runner.invoke(args=["purge"])
    assert result.exit_code != 0 and "--drafts" in result.output
    assert drafts_left() == ["old1" + "a" * 28]
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "drafts.purged")) == 0


def test_the_default_is_seven_days(app):
    assert app.config["DRAFT_RETENTION_DAYS"] == 7
