"""`realtime` commands: talk to the realtime service as the server."""

import json

import click
from flask.cli import with_appcontext

from ..auth.service import UserError, get_user
from ..extensions import db
from ..realtime.client import ChannelsError
from ..realtime.hooks import channels_client


@click.group()
def realtime() -> None:
    """Send events to users and disconnect them."""


def _public_id(username: str) -> str:
    try:
        return get_user(db.session, username).public_id
    except UserError as exc:
        raise click.ClickException(str(exc)) from None


@realtime.command("send")
@click.argument("username")
@click.argument("event")
@click.argument("data")
@with_appcontext
def send(username: str, event: str, data: str) -> None:
    """Send EVENT with JSON DATA to every connection USERNAME has signed in."""
    try:
        payload = json.loads(data)
    except ValueError as exc:
        raise click.ClickException(f"DATA must be JSON: {exc}") from None
    public_id = _public_id(username)
    try:
        channels_client().send_to_user(public_id, event, payload)
    except ChannelsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Sent {event} to {username}.")


@realtime.command("terminate")
@click.argument("username")
@with_appcontext
def terminate(username: str) -> None:
    """Close every realtime connection of USERNAME."""
    public_id = _public_id(username)
    try:
        channels_client().terminate_user_connections(public_id)
    except ChannelsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Closed the realtime connections of {username}.")
