"""publications: the published versions of announcements and lists of nominations, and the
nominations left out of the public list

Revision ID: c1a2b3d4e5f6
Revises: d2b3c4e5f6a7
Create Date: 2026-12-03 08:00:00.000000

"""
from datetime import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1a2b3d4e5f6'
down_revision = 'd2b3c4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=254), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_publications_cycle_id_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('cycle_id', 'kind', 'number', name=op.f('uq_publications_cycle_id'))
    )
    op.create_table('public_list_omissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('left_out_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_out_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_public_list_omissions_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_list_omissions')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_public_list_omissions_nomination_id'))
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('press_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('press_phone', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('press_email', sa.String(length=254), server_default='', nullable=False))
    freeze_what_is_published()


def downgrade():
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.drop_column('press_email')
        batch_op.drop_column('press_phone')
        batch_op.drop_column('press_name')
    op.drop_table('public_list_omissions')
    op.drop_table('publications')


# ---------------------------------------------------------------- version 1 of what is up
#
# An announcement or a list of nominations that is published when this runs gets its first
# version, frozen from the data as it stands, exactly as award.announcements.services makes
# it (the pure helpers that word the facts are the app's own). Without it the public pages
# would have nothing to show after the upgrade.

LANGUAGES = ("da", "en")


def moment(value):
    """A time as SQLite returns it from a plain query (text) or as PostgreSQL does."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def rows(connection, query, **params):
    return connection.execute(sa.text(query), params).mappings().all()


def criteria_of(connection, cycle_id):
    return rows(connection, "SELECT id, number, text_da, text_en FROM criteria "
                            "WHERE cycle_id = :cycle ORDER BY number", cycle=cycle_id)


def facts(connection, cycle, language):
    from award.announcements.words import danish_number, english_number, jury_in_words
    from award.public.ordinals import FIRST_YEAR, edition, ordinal
    from award.templating import format_kroner_short

    received = connection.execute(sa.text(
        "SELECT count(*) FROM nominations WHERE cycle_id = :cycle AND status = 'submitted'"),
        {"cycle": cycle["id"]}).scalar()
    jury = {row["kind"]: row["count"] for row in rows(
        connection, "SELECT kind, count(*) AS count FROM jurors WHERE cycle_id = :cycle "
                    "GROUP BY kind", cycle=cycle["id"])}
    criteria = [row["text_en"] if language == "en" else row["text_da"]
                for row in criteria_of(connection, cycle["id"])]
    number = edition(cycle["year"])
    english = language == "en"
    return {"founder": "Danske Regioner", "founded": FIRST_YEAR,
            "edition": ordinal(number, language) if number else None,
            "received": received,
            "received_words": english_number(received) if english
            else danish_number(received, stressed=True),
            "jury": jury_in_words(jury, language),
            "grant": format_kroner_short(cycle["grant_cap_ore"]),
            "criteria": criteria,
            "criteria_words": english_number(len(criteria)) if english
            else danish_number(len(criteria), neuter=True)}


def winner_of(connection, cycle_id):
    found = rows(connection, "SELECT n.* FROM decisions d JOIN nominations n "
                             "ON n.id = d.nomination_id WHERE d.cycle_id = :cycle",
                 cycle=cycle_id)
    return found[0] if found else None


def answers(connection, nomination, criteria):
    texts = {row["criterion_id"]: row["text"] for row in rows(
        connection, "SELECT criterion_id, text FROM answers WHERE nomination_id = :id",
        id=nomination["id"])}
    return {"reference": nomination["reference"] or "",
            "description": nomination["description"],
            "theme_answer": nomination["theme_answer"] or "",
            "answers": {str(c["number"]): texts[c["id"]] for c in criteria if texts.get(c["id"])}}


def nominations_content(connection, cycle):
    criteria = criteria_of(connection, cycle["id"])
    found = winner_of(connection, cycle["id"])
    submitted = rows(connection, "SELECT * FROM nominations WHERE cycle_id = :cycle AND "
                                 "status = 'submitted' ORDER BY initiative_name, reference",
                     cycle=cycle["id"])
    kept = [n for n in submitted if n["merged_into_id"] is None and n["eligibility"] == "eligible"]
    return {
        "winner": found["reference"] if found else None,
        "theme_question": {"da": cycle["theme_question_da"] or "",
                           "en": cycle["theme_question_en"] or cycle["theme_question_da"] or ""},
        "criteria": [{"number": c["number"], "da": c["text_da"], "en": c["text_en"]}
                     for c in criteria],
        "entries": [{"name": n["initiative_name"], "organisation": n["organisation"] or "",
                     "unit": n["unit"] or "", "region": n["region"] or "",
                     **answers(connection, n, criteria),
                     "merged": [answers(connection, other, criteria) for other in submitted
                                if other["merged_into_id"] == n["id"]]}
                    for n in kept],
    }


def freeze_what_is_published():
    connection = op.get_bind()
    publications = sa.table(
        'publications', sa.column('cycle_id', sa.Integer), sa.column('kind', sa.String),
        sa.column('number', sa.Integer), sa.column('published_at', sa.DateTime(timezone=True)),
        sa.column('published_by', sa.String), sa.column('content', sa.JSON))
    for announcement in rows(connection, "SELECT * FROM announcements "
                                         "WHERE published_at IS NOT NULL"):
        cycle = rows(connection, "SELECT * FROM cycles WHERE id = :id",
                     id=announcement["cycle_id"])[0]
        nomination = winner_of(connection, cycle["id"])
        if nomination is None:
            continue
        text = {name: announcement[name] or "" for name in (
            "headline_da", "lead_da", "body_da", "headline_en", "lead_en", "body_en",
            "press_name", "press_phone", "press_email")}
        winner = {"reference": nomination["reference"] or "",
                  "name": nomination["initiative_name"],
                  "organisation": nomination["organisation"] or "",
                  "region": nomination["region"] or ""}
        content = {"text": text, "winner": winner,
                   "facts": {language: facts(connection, cycle, language)
                             for language in LANGUAGES}}
        op.bulk_insert(publications, [{
            "cycle_id": cycle["id"], "kind": "announcement", "number": 1,
            "published_at": moment(announcement["published_at"]),
            "published_by": announcement["published_by"] or "system", "content": content}])
    for cycle in rows(connection, "SELECT * FROM cycles "
                                  "WHERE nominations_published_at IS NOT NULL"):
        op.bulk_insert(publications, [{
            "cycle_id": cycle["id"], "kind": "nominations", "number": 1,
            "published_at": moment(cycle["nominations_published_at"]), "published_by": "system",
            "content": nominations_content(connection, cycle)}])
