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
from grant_data import (  # noqa: F401
    NO_RECEIPT,
    add,
    decided_fixture,
    details,
    make_decided_fixture,
    plain,
)

from award import audit
from award.audit.models import AuditEntry
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.services import GrantRefused

APPROVED_AT = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def approve_in_own_process(url: str, name: str, barrier, outcomes, grant_id: int,
                           number: int) -> None:
    with own_app(url, name, outcomes):
        grant = db.session.get(Grant, grant_id)
        assert grants.claim_by_number(grant, number).status == ClaimStatus.PENDING
        assert grants.summarise(grant, APPROVED_AT).balance_ore == 1_000_000
        db.session.commit()  # nothing held while waiting at the barrier
        barrier.wait(SAFETY_TIMEOUT)
        try:
            grants.approve(grant, number, actor=f"{name}@example.dk", at=APPROVED_AT,
                           no_receipt_reason=NO_RECEIPT)
            db.session.commit()
            outcomes.put((name, "approved", number))
        except GrantRefused as refused:
            db.session.rollback()
            outcomes.put((name, "refused", str(refused)))


def test_two_processes_never_approve_past_the_cap(app, database_url, decided, clock):
    grant = decided.grant
    claims = [add(grant, clock, 600_000, event=f"Konference {n}") for n in (1, 2)]
    grant_id, numbers = grant.id, [claim.number for claim in claims]
    db.session.remove()  # the test's own session holds nothing while the processes run

    results = race(database_url, approve_in_own_process,
                   [(grant_id, number) for number in numbers],
                   gate=sa.select(Grant.id).where(Grant.id == grant_id),
                   waiting_like="SELECT grants.id %FOR UPDATE")

    assert sorted(kind for _name, kind, _detail in results) == ["approved", "refused"]
    approved_number = next(detail for _name, kind, detail in results if kind == "approved")
    refused_number = next(number for number in numbers if number != approved_number)
    refusal = next(detail for _name, kind, detail in results if kind == "refused")
    assert plain(refusal) == (
        f"Udgift nr. {refused_number} kan ikke godkendes med 6.000,00 kr., fordi det er mere end "
        "resten af bevillingen. Der er 4.000,00 kr. tilbage af bevillingen.")

    statuses = dict(db.session.execute(sa.select(Claim.number, Claim.status)).all())
    assert statuses == {approved_number: ClaimStatus.APPROVED, refused_number: ClaimStatus.PENDING}
    summary = grants.summarise(db.session.get(Grant, grant_id), APPROVED_AT)
    assert (summary.approved_ore, summary.balance_ore) == (600_000, 400_000)
    approvals = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "grant.claim_approved")).all()
    assert len(approvals) == 1
    verification = audit.verify()
    assert verification.ok, verification.problem


def add_in_own_process(url: str, name: str, barrier, outcomes, grant_id: int) -> None:
    with own_app(url, name, outcomes):
        grant = db.session.get(Grant, grant_id)
        assert [claim.number for claim in grant.claims] == [1]
        db.session.commit()
        barrier.wait(SAFETY_TIMEOUT)
        claim = grants.add_claim(grant, details(100_000, event=f"Konference {name}"),
                                 receipt=None, max_bytes=1024, actor=f"{name}@example.dk",
                                 at=APPROVED_AT)
        db.session.commit()
        outcomes.put((name, "added", claim.number))


def test_two_claims_added_at_once_get_the_next_two_numbers(app, database_url, decided, clock):
    """Both processes have read the grant with claim 1; the number is taken under the grant's
    lock, so they get 2 and 3, never the same one."""
    add(decided.grant, clock, 100_000)
    grant_id = decided.grant.id
    db.session.remove()

    results = race(database_url, add_in_own_process, [(grant_id,), (grant_id,)],
                   gate=sa.select(Grant.id).where(Grant.id == grant_id),
                   waiting_like="SELECT grants.id %FOR UPDATE")

    assert sorted(number for _name, _kind, number in results) == [2, 3]
    numbers = db.session.scalars(sa.select(Claim.number).order_by(Claim.number)).all()
    assert numbers == [1, 2, 3]
