"""`users` commands: create, show, watch, unwatch."""

import click
from flask.cli import with_appcontext

from ..auth.service import UserError, create_user, delete_account, get_user
{%- if cookiecutter.include_beams == "y" %}
from ..beams.cleanup import retry_forget_devices
{%- endif %}
from ..extensions import db
from ..realtime.user_data import build_user_data, to_json
from ..watchlist.service import WatchlistError, add_watch, remove_watch


@click.group()
def users() -> None:
    """Manage users and their watchlists."""


def fail(message: str) -> None:
    raise click.ClickException(message)


@users.command("create")
@click.argument("username")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", "display_name", help="Display name (defaults to the username).")
@with_appcontext
def create(username: str, password: str, display_name: str | None) -> None:
    """Create USERNAME."""
    try:
        user = create_user(db.session, username, password, display_name)
    except UserError as exc:
        fail(str(exc))
    click.echo(f"Created {user.username} (pusher id {user.public_id}).")


@users.command("show")
@click.argument("username")
@with_appcontext
def show(username: str) -> None:
    """Print USERNAME and the user_data signed for them."""
    try:
        user = get_user(db.session, username)
    except UserError as exc:
        fail(str(exc))
    click.echo(f"username: {user.username}")
    click.echo(f"name: {user.display_name}")
    click.echo(f"pusher id: {user.public_id}")
    click.echo(f"user_data: {to_json(build_user_data(user))}")


def _change_watchlist(username: str, others: tuple[str, ...], change, verb: str) -> None:
    try:
        watcher = get_user(db.session, username)
        targets = [get_user(db.session, other) for other in others]
    except UserError as exc:
        fail(str(exc))
    for target in targets:
        try:
            changed = change(db.session, watcher, target)
        except WatchlistError as exc:
            fail(str(exc))
        click.echo(
            f"{watcher.username} {verb} {target.username}" + ("" if changed else " (no change)")
        )


@users.command("watch")
@click.argument("username")
@click.argument("others", nargs=-1, required=True)
@with_appcontext
def watch(username: str, others: tuple[str, ...]) -> None:
    """Add OTHERS to USERNAME's watchlist."""
    _change_watchlist(username, others, add_watch, "watches")


@users.command("unwatch")
@click.argument("username")
@click.argument("others", nargs=-1, required=True)
@with_appcontext
def unwatch(username: str, others: tuple[str, ...]) -> None:
    """Remove OTHERS from USERNAME's watchlist."""
    _change_watchlist(username, others, remove_watch, "no longer watches")


@users.command("delete")
@click.argument("username")
{%- if cookiecutter.include_beams == "y" %}
@click.option(
    "--beams-only",
    is_flag=True,
    help="Only retry making Beams forget the devices of an account already deleted here; "
    "give its pusher id instead of USERNAME.",
)
{%- endif %}
@with_appcontext
def delete(username: str{% if cookiecutter.include_beams == "y" %}, beams_only: bool{% endif %}) -> None:
    """Delete USERNAME and their watchlists
{%- if cookiecutter.include_beams == "y" %}, and their devices at the push service
{%- endif %}."""
{%- if cookiecutter.include_beams == "y" %}
    if beams_only:
        problem = retry_forget_devices(db.session, username)
        if problem:
            fail(problem)
        click.echo(f"Beams forgot the devices of pusher id {username}.")
        return
{%- endif %}
    try:
        user = get_user(db.session, username)
    except UserError as exc:
        fail(str(exc))
    problems = delete_account(db.session, user)
    click.echo(f"Deleted {username} (pusher id {user.public_id}).")
    if problems:
        fail("The account is deleted, but: " + " ".join(problems))
