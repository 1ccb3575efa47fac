"""The audit log is a hash chain: history cannot be edited unnoticed."""

import sqlalchemy as sa
from conftest import answers_form, csrf_token

from award import audit
from award.audit.models import AuditEntry
from award.extensions import db


def test_submission_correction_and_withdrawal_are_logged(client, cycle, make_nomination):
    nomination = make_nomination(cycle)
    token = nomination.edit_token
    path = f"/indstilling/{token}/ret"
    client.post(path, data=answers_form(cycle, unit="Ny afdeling",
                                        csrf_token=csrf_token(client, path)))
    path = f"/indstilling/{token}/traek-tilbage"
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.object_id) for e in entries] == [
        ("system", "cycle.created", "2024"),
        ("public", "nomination.submitted", "AP-2024-0001"),
        ("public", "nomination.corrected", "AP-2024-0001"),
        ("public", "nomination.withdrawn", "AP-2024-0001"),
    ]
    assert audit.verify().ok


def test_verify_reports_an_intact_chain(runner, cycle, make_nomination):
    make_nomination(cycle)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "Audit log intact: 2 entries" in result.output


def test_editing_a_row_makes_verify_fail(runner, cycle, make_nomination):
    make_nomination(cycle)
    make_nomination(cycle)
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.action == "nomination.submitted",
                                                   AuditEntry.object_id == "AP-2024-0001")
                       .values(actor="someone else"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "its content does not match its hash" in result.output


def test_deleting_a_row_makes_verify_fail(runner, cycle, make_nomination):
    make_nomination(cycle)
    make_nomination(cycle)
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.object_id == "AP-2024-0001"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "the previous entry is missing or was changed" in result.output


def test_rewriting_a_row_and_its_hash_still_breaks_the_next_link(runner, cycle, make_nomination):
    make_nomination(cycle)
    make_nomination(cycle)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.object_id == "AP-2024-0001"))
    entry.details = '{"forged":true}'
    entry.hash = audit.entry_hash(entry.prev_hash, entry.created_at, entry.actor, entry.action,
                                  entry.object_type, entry.object_id, entry.details)
    db.session.commit()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1
