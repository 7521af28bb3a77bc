"""The announced online state, in the database: one conditional UPDATE decides who
announces a change, whichever worker or instance saw it first."""

from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from ..models import User, Watch

_users = cast(Table, User.__table__)
_FLIP = (
    update(_users)
    .where(_users.c.public_id == bindparam("who"), _users.c.online == bindparam("was"))
    .values(online=bindparam("now"))
    .returning(_users.c.id)
)
# The reverse watchlist: who is told about a user (ix_watches_watched_id serves it).
_WATCHERS = (
    select(User.public_id)
    .join(Watch, Watch.watcher_id == User.id)
    .where(Watch.watched_id == bindparam("watched_id"))
)
_WATCHED_STATE = (
    select(User.public_id, User.online)
    .join(Watch, Watch.watched_id == User.id)
    .where(
        Watch.watcher_id
        == select(_users.c.id).where(_users.c.public_id == bindparam("watcher")).scalar_subquery()
    )
)


def flip(session: Session, public_id: str, online: bool) -> int | None:
    """Mark the user online or offline. Their row id if this call changed the state (so
    this caller announces it), None if it already was so or there is no such user."""
    row_id = session.execute(_FLIP, {"who": public_id, "was": not online, "now": online})
    changed = row_id.scalar()
    session.commit()
    return changed


def watchers_of(session: Session, row_id: int) -> list[str]:
    return list(session.scalars(_WATCHERS, {"watched_id": row_id}))


def announced_online(session: Session) -> set[str]:
    return set(session.scalars(select(User.public_id).where(User.online)))


def watched_states(session: Session, watcher_public_id: str) -> dict[str, bool]:
    """{watched public id: announced online} for one watcher's watchlist."""
    rows = session.execute(_WATCHED_STATE, {"watcher": watcher_public_id})
    return {public_id: online for public_id, online in rows}
