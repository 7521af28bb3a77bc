"""Flask CLI groups: `flask users ...` (.flaskenv names the app)."""

import click
from flask import Flask
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..errors import MIGRATE_HINT, is_database_unavailable, is_schema_missing


def register(app: Flask) -> None:
{%- if cookiecutter.include_beams == "y" %}
    from ..beams.commands import notify
{%- endif %}
    from .demo import dev
    from .realtime import realtime
    from .users import users

    commands = [users, realtime, dev]
{%- if cookiecutter.include_beams == "y" %}
    commands.append(notify)
{%- endif %}
    for command in commands:
        app.cli.add_command(with_database_hints(command))


def with_database_hints(command: click.Command) -> click.Command:
    """A database without tables, or one that is down, is one line naming the fix instead
    of SQLAlchemy's long traceback. Wrapping a group covers all of its subcommands."""
    if getattr(command, "database_hints", False):  # the commands are shared by every app
        return command
    invoke = command.invoke

    def invoke_with_hints(ctx: click.Context):
        try:
            return invoke(ctx)
        except (DBAPIError, PoolTimeout) as exc:
            if is_schema_missing(exc):
                raise click.ClickException(MIGRATE_HINT) from None
            if is_database_unavailable(exc):
                first_line = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                raise click.ClickException(
                    f"The database is not answering ({first_line}). Check DATABASE_URL."
                ) from None
            raise

    command.invoke = invoke_with_hints  # type: ignore[method-assign]
    command.database_hints = True  # type: ignore[attr-defined]
    return command
