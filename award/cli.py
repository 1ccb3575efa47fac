"""The `award` command line: a FlaskGroup. Flask's own commands (run, db …) come with it;
each feature adds its command group to the app in create_app()."""

import click
from flask.cli import FlaskGroup


def create_cli_app():
    from award import create_app
    from award.config import ConfigError

    try:
        return create_app()
    except ConfigError as refused:  # a clear line, not a traceback
        raise click.ClickException(str(refused)) from None


@click.group(cls=FlaskGroup, create_app=create_cli_app)
def cli():
    """Prisen for Årets Patientoplevelse."""
