"""What is deleted once it is no longer needed. No Flask request in here: plain arguments
in, the deletion and its audit entry out; the caller commits once."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from award import audit
from award.extensions import db
from award.nominations.models import Answer, Attachment, Nomination, NominationStatus

SYSTEM = "system"


def purge_drafts(at: datetime, untouched_for: timedelta, actor: str = SYSTEM) -> int:
    """Delete the unsent drafts (status draft) not changed since `at - untouched_for`, with
    their answers and attachments; one audit entry with the count. Returns the count.

    A draft holds personal data (the nominator's, the contact person's, files) that nobody has
    sent: it is kept only while someone may still be writing it. Sent and withdrawn
    nominations are never touched.

    The drafts are taken first, so that a draft saved at this very moment is either deleted
    whole or kept whole: on PostgreSQL their rows are locked; on SQLite the first DELETE takes
    the database's write lock before it reads which drafts are stale.
    """
    cutoff = at - untouched_for
    stale = sa.select(Nomination.id).where(Nomination.status == NominationStatus.DRAFT,
                                           Nomination.updated_at < cutoff)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(stale.with_for_update())
    db.session.execute(sa.delete(Attachment).where(Attachment.nomination_id.in_(stale))
                       .execution_options(synchronize_session=False))
    db.session.execute(sa.delete(Answer).where(Answer.nomination_id.in_(stale))
                       .execution_options(synchronize_session=False))
    count = db.session.execute(sa.delete(Nomination).where(Nomination.id.in_(stale))
                               .execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    audit.record(actor, "drafts.purged", "nomination", "drafts", at, {
        "count": count, "untouched_for_days": untouched_for.days,
        "updated_before": cutoff.isoformat(),
    })
    return count
