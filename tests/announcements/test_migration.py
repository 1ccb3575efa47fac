"""Migration c1a2b3d4e5f6 on a database in use: an announcement and a list of nominations
published before it get their first version, the same as publishing makes, so the public
pages show what they showed and the secretariat sees no change that is not there."""

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from decided_cycle import make_decided
from flask import current_app
from flask_migrate import downgrade, upgrade

from award.announcements import services
from award.announcements.models import Publication, PublicationKind
from award.extensions import db

REVISION = "c1a2b3d4e5f6"


def before() -> str:
    """The revision this one follows (read, so that re-chaining it needs no edit here)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_revision(REVISION).down_revision


def test_what_is_published_gets_its_first_version(request, client, clock):
    decided = make_decided(request)
    cycle = decided.cycle
    services.save(cycle, {"headline_da": "Overskrift", "body_da": "Brødtekst.",
                          "headline_en": "Headline", "body_en": "Body."},
                  actor="sekretariat@example.dk", at=clock())
    services.publish(cycle, actor="sekretariat@example.dk", at=clock())
    services.publish_nominations(cycle, actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    made = {p.kind: (p.content, p.published_at, p.published_by)
            for p in db.session.scalars(sa.select(Publication))}
    page = client.get("/vindere/2024").get_data(as_text=True)
    listed = client.get("/indstillinger/2024").get_data(as_text=True)
    db.session.remove()

    # Back to before the versions (the tables go), and up again.
    downgrade(revision=before())
    assert not sa.inspect(db.engine).has_table("publications")
    upgrade(revision=REVISION)
    frozen = {p.kind: (p.content, p.published_at, p.published_by)
              for p in db.session.scalars(sa.select(Publication))}
    assert frozen[PublicationKind.ANNOUNCEMENT] == made[PublicationKind.ANNOUNCEMENT]
    assert frozen[PublicationKind.NOMINATIONS][:2] == made[PublicationKind.NOMINATIONS][:2]
    assert client.get("/vindere/2024").get_data(as_text=True) == page
    assert client.get("/indstillinger/2024").get_data(as_text=True) == listed
    cycle = services.published_cycle(2024)
    assert services.announcement_changes(cycle) == [] and services.list_changes(cycle) == []
    upgrade()
