"""Two processes approve a claim each at the same moment: two claims of 6.000 kr. against a
10.000 kr. cap. Exactly one is approved; the other is refused with the balance that is left
(4.000,00 kr.), and the approved claims never pass the cap.

Each process (tests/fixtures/race.py) loads the grant and its claim, so both see 10.000 kr.
left in memory, and they meet at a barrier right before calling `approve`: the lock on the
grant row and the sum read again inside it are what decide between them. On PostgreSQL both
are made to wait for the grant row in approve's SELECT … FOR UPDATE; SQLite serialises them:
approve's first statement is a write, so the second waits for the first to commit and then
sums what it committed.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from fixtures.race import SAFETY_TIMEOUT, own_app, race
from grant_data import add, decided_fixture, make_decided_fixture, plain  # noqa: F401

from award import audit
from award.audit.models import AuditEntry
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.services import GrantRefused

APPROVED_AT = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def approve_in_own_process(url: str, name: str, barrier, outcomes, grant_id: int,
                           claim_id: int) -> None:
    with own_app(url, name, outcomes):
        grant = db.session.get(Grant, grant_id)
        assert grants.claim_by_id(grant, claim_id).status == ClaimStatus.PENDING
        assert grants.summarise(grant, APPROVED_AT).balance_ore == 1_000_000
        db.session.commit()  # nothing held while waiting at the barrier
        barrier.wait(SAFETY_TIMEOUT)
        try:
            grants.approve(grant, claim_id, actor=f"{name}@example.dk", at=APPROVED_AT)
            db.session.commit()
            outcomes.put((name, "approved", claim_id))
        except GrantRefused as refused:
            db.session.rollback()
            outcomes.put((name, "refused", str(refused)))


def test_two_processes_never_approve_past_the_cap(app, database_url, decided, clock):
    grant = decided.grant
    claims = [add(grant, clock, 600_000, event=f"Konference {n}") for n in (1, 2)]
    grant_id, claim_ids = grant.id, [claim.id for claim in claims]
    db.session.remove()  # the test's own session holds nothing while the processes run

    results = race(database_url, approve_in_own_process,
                   [(grant_id, claim_id) for claim_id in claim_ids],
                   gate=sa.select(Grant.id).where(Grant.id == grant_id),
                   waiting_like="SELECT grants.id %FOR UPDATE")

    assert sorted(kind for _name, kind, _detail in results) == ["approved", "refused"]
    approved_id = next(detail for _name, kind, detail in results if kind == "approved")
    refused_id = next(claim_id for claim_id in claim_ids if claim_id != approved_id)
    refusal = next(detail for _name, kind, detail in results if kind == "refused")
    assert plain(refusal) == (
        f"Udgift nr. {refused_id} på 6.000,00 kr. kan ikke godkendes, fordi den er større end "
        "resten af bevillingen. Der er 4.000,00 kr. tilbage af bevillingen.")

    statuses = dict(db.session.execute(sa.select(Claim.id, Claim.status)).all())
    assert statuses == {approved_id: ClaimStatus.APPROVED, refused_id: ClaimStatus.PENDING}
    summary = grants.summarise(db.session.get(Grant, grant_id), APPROVED_AT)
    assert (summary.approved_ore, summary.balance_ore) == (600_000, 400_000)
    approvals = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "grant.claim_approved")).all()
    assert len(approvals) == 1
    verification = audit.verify()
    assert verification.ok, verification.problem
