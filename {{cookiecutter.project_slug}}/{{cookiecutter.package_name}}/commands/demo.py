"""`users seed-demo` and `dev`: the local demo in one command."""

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import is_running_from_reloader

from ..auth.service import create_user, find_user
from ..extensions import db
from ..realtime.browser import is_local_soketi
from ..soketi import port_is_free
from ..watchlist.service import add_watch
from .dev_server import announce_when_listening, banner, demo_users_exist, serve
from .local_realtime import start_local_realtime, stop_all
from .users import users

# Published on purpose: seed-demo refuses to run outside local development.
DEMO_PASSWORD = "demo-password"  # noqa: S105
DEMO_USERS = {"alice": "Alice", "bob": "Bob", "carol": "Carol"}
DEMO_WATCHES = {"alice": ["bob", "carol"]}


@users.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed even when not pointed at a local soketi.")
@with_appcontext
def seed_demo(force: bool) -> None:
    """Create alice, bob and carol (password: demo-password); alice watches bob and carol."""
    if not is_local_soketi(current_app.config) and not force:
        raise click.ClickException(
            "Refusing to create accounts with a published password outside local development "
            "(PUSHER_HOST is not a local soketi). Use --force if you mean it."
        )
    for username, name in DEMO_USERS.items():
        if find_user(db.session, username) is None:
            create_user(db.session, username, DEMO_PASSWORD, name)
            click.echo(f"Created {username}.")
    for username, others in DEMO_WATCHES.items():
        for other in others:
            watcher, watched = find_user(db.session, username), find_user(db.session, other)
            add_watch(db.session, watcher, watched, notify=False)
    click.echo(f"Demo users: {', '.join(DEMO_USERS)} (password: {DEMO_PASSWORD}).")


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--soketi-nodes",
    default=1,
    show_default=True,
    type=click.IntRange(1, 8),
    help="Run a local soketi cluster of N nodes on Redis (REDIS_URL, or a throwaway one).",
)
@with_appcontext
def dev(host: str, port: int, soketi_nodes: int) -> None:
    """Run a local soketi and the app (reloader and debugger on); Ctrl-C stops both."""
    app = current_app._get_current_object()
    if is_running_from_reloader():
        # Restarted by the reloader: soketi, the port and the banner are the outer
        # process's, which still holds them.
        serve(app, host, port)
        return
    config = app.config
    if not port_is_free(port):
        raise click.ClickException(f"Port {port} is already in use; pick another with --port.")
    demo_ready = demo_users_exist(list(DEMO_USERS))
    servers = []
    if is_local_soketi(config):
        servers = start_local_realtime(app, soketi_nodes, port)
    else:
        click.echo(f"Using the realtime service at {config['PUSHER_HOST'] or 'Pusher'}.")
    text = banner(f"http://{host}:{port}/", demo_ready, list(DEMO_USERS), DEMO_PASSWORD)
    announce_when_listening(host, port, text)
    try:
        serve(app, host, port)
    except KeyboardInterrupt:
        pass
    finally:
        stop_all(servers)
        click.echo("Stopped.")
