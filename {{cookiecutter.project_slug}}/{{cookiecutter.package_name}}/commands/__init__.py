"""Flask CLI groups: `flask --app {{ cookiecutter.package_name }} users ...`."""

from flask import Flask


def register(app: Flask) -> None:
    from .users import users

    app.cli.add_command(users)
