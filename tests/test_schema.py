"""The migrations are the only source of the schema: they must match the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from award.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
