"""The local realtime servers `flask dev` runs: one soketi, or a cluster of N nodes on
soketi's Redis adapter (REDIS_URL, or a throwaway redis-server when it is not set)."""

import shutil
from pathlib import Path

import click
from flask import Flask

from ..local_redis import start_redis
from ..soketi import SoketiError, free_port, start_soketi


def start_local_realtime(app: Flask, nodes: int, app_port: int) -> list:
    """Started servers, to stop in reverse order. Node 1 listens on PUSHER_PORT, the port
    the app and the browser use; the others on free ports. With emulated watchlist
    events, every node sends its presence webhooks to the app on `app_port`."""
    config = app.config
    if not config["PUSHER_PORT"]:
        raise click.ClickException("Set PUSHER_PORT in .env for the local soketi.")
    data_dir = Path(app.instance_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    started: list = []
    redis_url = None
    webhook_url = None
    if config["WATCHLIST_EVENTS"] == "emulated":
        webhook_url = f"http://127.0.0.1:{app_port}/pusher/webhooks"
    if nodes > 1:
        redis_url = config["REDIS_URL"]
        if not redis_url:
            if shutil.which("redis-server") is None:
                raise click.ClickException(
                    "--soketi-nodes needs Redis: set REDIS_URL, or install redis-server."
                )
            started.append(start_redis(data_dir))
            redis_url = started[-1].url
            click.echo(f"redis-server (throwaway, for the soketi cluster) on {redis_url}")
    try:
        for number in range(1, nodes + 1):
            log_path = data_dir / f"soketi-{number}.log" if nodes > 1 else data_dir / "soketi.log"
            node = start_soketi(
                Path(app.root_path).parent,
                app_id=config["PUSHER_APP_ID"],
                key=config["PUSHER_APP_KEY"],
                secret=config["PUSHER_APP_SECRET"],
                port=config["PUSHER_PORT"] if number == 1 else free_port(),
                log_path=log_path,
                redis_url=redis_url,
                webhook_url=webhook_url,
            )
            started.append(node)
            click.echo(f"soketi node {number} is ready on ws://127.0.0.1:{node.port}")
            click.echo(f"  (log: {log_path})")
    except SoketiError as exc:
        stop_all(started)
        raise click.ClickException(str(exc)) from None
    return started


def stop_all(servers: list) -> None:
    for server in reversed(servers):
        server.stop()
