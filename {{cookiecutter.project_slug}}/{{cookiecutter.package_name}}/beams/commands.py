"""`notify`: push a notification to every device of one user through Beams."""

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from ..auth.service import UserError, get_user
from ..extensions import db
from .client import BeamsClient, BeamsError
from .config import BeamsNotConfigured


def notification(title: str, body: str) -> dict[str, Any]:
    """The same title and body for browsers (web), iOS (apns) and Android (fcm)."""
    return {
        "web": {"notification": {"title": title, "body": body}},
        "apns": {"aps": {"alert": {"title": title, "body": body}}},
        "fcm": {"notification": {"title": title, "body": body}},
    }


@click.command("notify")
@click.argument("username")
@click.option("--title", required=True, help="The notification's title.")
@click.option("--body", required=True, help="The notification's text.")
@with_appcontext
def notify(username: str, title: str, body: str) -> None:
    """Send a push notification to USERNAME's browsers and phones."""
    try:
        user = get_user(db.session, username)
        client = BeamsClient.from_config(current_app.config)
        answer = client.publish_to_users([user.public_id], notification(title, body))
    except (UserError, BeamsNotConfigured, BeamsError) as exc:
        raise click.ClickException(str(exc)) from None
    publish_id = answer.get("publishId", "unknown")
    click.echo(f"Sent to {user.username} (pusher id {user.public_id}, publish id {publish_id}).")
