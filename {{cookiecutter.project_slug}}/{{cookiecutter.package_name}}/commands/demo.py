"""`users seed-demo` and `dev`: the local demo in one command."""

import signal

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import make_server

from ..auth.service import create_user, find_user
from ..extensions import db
from ..realtime.browser import is_local_soketi
from ..soketi import port_is_free
from ..watchlist.service import add_watch
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


def _stop_on_sigterm(*_args) -> None:
    raise KeyboardInterrupt


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
    """Run a local soketi and the app together; Ctrl-C stops both."""
    app = current_app._get_current_object()
    config = app.config
    if not port_is_free(port):
        raise click.ClickException(f"Port {port} is already in use; pick another with --port.")
    servers = []
    if is_local_soketi(config):
        servers = start_local_realtime(app, soketi_nodes, port)
    else:
        click.echo(f"Using the realtime service at {config['PUSHER_HOST'] or 'Pusher'}.")
    server = make_server(host, port, app, threaded=True)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    click.echo(f"\n  Open http://{host}:{port}/ and log in as alice, bob or carol")
    click.echo(f"  (password: {DEMO_PASSWORD}, after `users seed-demo`). Ctrl-C stops.\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        stop_all(servers)
        click.echo("Stopped.")
