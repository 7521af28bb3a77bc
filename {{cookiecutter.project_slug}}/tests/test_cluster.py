"""Several app instances and a soketi cluster: two gunicorn instances on one database and
one Redis, two soketi nodes on soketi's Redis adapter, and pusher-js (Node) clients.
A client signs in through instance A on node 1; instance B, which talks to node 2,
reaches it."""

import pytest

from {{ cookiecutter.package_name }}.auth.service import get_user
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.realtime.client import ChannelsClient

from .conftest import PROJECT
from .support import BrowserLikeSession, NodePusherClient
from .test_soketi import is_type

pytestmark = pytest.mark.soketi


@pytest.fixture
def cluster(app, settings, make_user, start_soketi, redis_server, gunicorn):
    make_user("alice", "Alice")
    make_user("bob", "Bob")
    keys = (settings["PUSHER_APP_ID"], settings["PUSHER_APP_KEY"], settings["PUSHER_APP_SECRET"])
    nodes = [start_soketi(*keys, redis_url=redis_server.url) for _ in range(2)]
    instances = [
        gunicorn(dict(settings, PUSHER_PORT=str(node.port), REDIS_URL=redis_server.url))
        for node in nodes
    ]
    clients: list[NodePusherClient] = []

    def connect(session: BrowserLikeSession, node, subscribe=()) -> NodePusherClient:
        client = NodePusherClient(
            {
                "key": settings["PUSHER_APP_KEY"],
                "wsPort": node.port,
                "appUrl": session.base_url,
                "cookie": session.cookie_header,
                "csrf": session.csrf,
                "subscribe": list(subscribe),
            },
            cwd=PROJECT,
        )
        clients.append(client)
        return client

    yield nodes, instances, connect
    for client in clients:
        client.stop()


def test_instance_b_and_node_2_reach_a_client_signed_in_through_a_on_node_1(app, settings, cluster):
    (node_1, node_2), (instance_a, instance_b), connect = cluster
    with app.app_context():
        alice_id = get_user(db.session, "alice").public_id
    session = BrowserLikeSession(instance_a.url).log_in("alice")
    alice = connect(session, node_1, subscribe=[f"private-user.{alice_id}"])
    alice.wait_for(is_type("signin_success"))
    alice.wait_for(is_type("subscribed", channel=f"private-user.{alice_id}"))

    # The session cookie made on A works on B (signed cookies, one SECRET_KEY).
    session.base_url = instance_b.url
    status, body = session.post_api("/api/test-event", {})
    assert status == 200, body
    alice.wait_for(is_type("user_event", event="test-event"))

    node_2_client = ChannelsClient.from_config(dict(app.config, PUSHER_PORT=node_2.port))
    node_2_client.trigger([f"private-user.{alice_id}"], "private-news", {"n": 2})
    news = alice.wait_for(is_type("channel_event", event="private-news"))
    assert news["data"] == {"n": 2}

    status, body = session.post_api("/api/sign-out-everywhere", {})
    assert status == 202, body  # answered first, then the connections are closed
    alice.wait_for(is_type("state", current="disconnected"))


def test_presence_lists_members_from_both_nodes(cluster):
    (node_1, node_2), (instance_a, instance_b), connect = cluster
    lobby = ["presence-room.lobby"]
    alice = connect(BrowserLikeSession(instance_a.url).log_in("alice"), node_1, lobby)
    alice.wait_for(is_type("subscribed", channel="presence-room.lobby"))
    bob = connect(BrowserLikeSession(instance_b.url).log_in("bob"), node_2, lobby)
    lobby = bob.wait_for(is_type("subscribed", channel="presence-room.lobby"))
    names = sorted(member["name"] for member in lobby["data"]["members"].values())
    assert names == ["Alice", "Bob"]
    assert lobby["data"]["count"] == 2
