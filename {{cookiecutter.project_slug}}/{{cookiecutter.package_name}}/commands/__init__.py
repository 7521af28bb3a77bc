"""Flask CLI groups: `flask --app {{ cookiecutter.package_name }} users ...`."""

from flask import Flask


def register(app: Flask) -> None:
{%- if cookiecutter.include_beams == "y" %}
    from ..beams.commands import notify
{%- endif %}
    from .demo import dev
    from .realtime import realtime
    from .users import users

    app.cli.add_command(users)
    app.cli.add_command(realtime)
    app.cli.add_command(dev)
{%- if cookiecutter.include_beams == "y" %}
    app.cli.add_command(notify)
{%- endif %}
