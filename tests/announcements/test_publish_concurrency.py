"""Two processes publish the same announcement at the same moment (a double click that reaches
two workers): one version is made, the other process is told it is published already, and the
version numbers never clash. The cycle's row lock decides (award.announcements.services.lock);
see tests/fixtures/race.py for how the overlap is made certain on PostgreSQL."""

import sqlalchemy as sa
from decided_cycle import make_decided
from fixtures.race import SAFETY_TIMEOUT, own_app, race

from award.announcements import services
from award.announcements.models import Publication
from award.audit.models import AuditEntry
from award.cycles.models import Cycle
from award.extensions import db
from award.service import Refused


def publish_in_own_process(url: str, name: str, barrier, outcomes, cycle_id: int) -> None:
    with own_app(url, name, outcomes):
        cycle = db.session.get(Cycle, cycle_id)
        at = cycle.deadline_at
        barrier.wait(SAFETY_TIMEOUT)
        try:
            publication = services.publish(cycle, actor=f"{name}@example.dk", at=at)
            db.session.commit()
            outcomes.put((name, "published", publication.number))
        except Refused as refused:
            db.session.rollback()
            outcomes.put((name, "refused", str(refused)))


def test_two_processes_publish_one_version(request, database_url):
    cycle_id = make_decided(request).cycle.id
    db.session.remove()  # the test's own session holds nothing while the processes run

    results = race(database_url, publish_in_own_process, [(cycle_id,), (cycle_id,)],
                   gate=sa.select(Cycle.id).where(Cycle.id == cycle_id),
                   waiting_like="SELECT cycles.id %")

    assert sorted(kind for _name, kind, _detail in results) == ["published", "refused"]
    refusal = next(detail for _name, kind, detail in results if kind == "refused")
    assert "allerede offentliggjort, og hverken teksten eller data er ændret" in refusal
    assert [p.number for p in db.session.scalars(sa.select(Publication))] == [1]
    assert db.session.scalars(sa.select(AuditEntry.action)).all().count(
        "announcement.published") == 1
