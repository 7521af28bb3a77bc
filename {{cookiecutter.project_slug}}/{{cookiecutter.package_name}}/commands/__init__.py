"""Flask CLI groups: `flask --app {{ cookiecutter.package_name }} users ...`."""

from flask import Flask


def register(app: Flask) -> None:
{%- if cookiecutter.include_beams == "y" %}
    from ..beams.commands import notify
{%- endif %}
    from .users import users

    app.cli.add_command(users)
{%- if cookiecutter.include_beams == "y" %}
    app.cli.add_command(notify)
{%- endif %}
