"""Watchlist rules, shared by the web views and the CLI."""

from blinker import Namespace
from sqlalchemy import bindparam, func, insert, literal, select
from sqlalchemy.orm import Session

from ..models import User, Watch, bump_user_data_version, utcnow

# Pusher keeps only the first 100 ids of a watchlist and reports error 4302.
MAX_WATCHLIST = 100

# Sent with the watcher after every committed change (web or CLI).
watchlist_changed = Namespace().signal("watchlist-changed")


class WatchlistError(ValueError):
    """A watchlist change was refused; nothing was written."""


def _watched(watcher_id, *columns):
    """Oldest watch first, so the signed watchlist is stable between sign-ins."""
    return (
        select(*columns)
        .join(Watch, Watch.watched_id == User.id)
        .where(Watch.watcher_id == watcher_id)
        .order_by(Watch.created_at, User.public_id)
    )


# Built once: sign-in runs it on every cache miss, and building a statement costs more
# than running it.
_WATCHED_PUBLIC_IDS = _watched(bindparam("watcher_id"), User.public_id).limit(MAX_WATCHLIST)


def watched_public_ids(session: Session, watcher_id: int) -> list[str]:
    """One query, whatever the watchlist's size."""
    return list(session.scalars(_WATCHED_PUBLIC_IDS, {"watcher_id": watcher_id}))


def watched_users(session: Session, watcher: User) -> list[User]:
    return list(session.scalars(_watched(watcher.id, User)))


def add_watch(session: Session, watcher: User, watched: User, *, notify: bool = True) -> bool:
    """Returns False when already watched. Raises WatchlistError when refused.
    `notify=False` skips the watchlist_changed signal (seeding, before any server runs)."""
    if watcher.id == watched.id:
        raise WatchlistError("You cannot watch yourself.")
    # Concurrent adds (two tabs, two app instances) must not pass the cap together.
    # Bumping the watcher's user_data version first is an UPDATE of their row: it locks
    # that row on PostgreSQL (like SELECT ... FOR UPDATE) and takes the write lock on
    # SQLite, so adds for one watcher take turns. The check and the insert are then one
    # statement that sees every add committed before it.
    bump_user_data_version(session, [watcher.id])
    already = select(Watch.watched_id).where(
        Watch.watcher_id == watcher.id, Watch.watched_id == watched.id
    )
    count = select(func.count()).where(Watch.watcher_id == watcher.id).scalar_subquery()
    values = select(
        literal(watcher.id, Watch.watcher_id.type),
        literal(watched.id, Watch.watched_id.type),
        literal(utcnow(), Watch.created_at.type),
    ).where(count < MAX_WATCHLIST, ~already.exists())
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... SELECT.
    inserted = session.scalar(
        insert(Watch)
        .from_select(["watcher_id", "watched_id", "created_at"], values)
        .returning(Watch.watched_id)
    )
    if inserted is None:
        exists = session.scalar(already) is not None
        session.rollback()
        if exists:
            return False
        raise WatchlistError(
            f"{watcher.username} already watches {MAX_WATCHLIST} users, Pusher's limit; "
            "remove someone first."
        )
    session.commit()
    if notify:
        watchlist_changed.send(watcher)
    return True


def remove_watch(session: Session, watcher: User, watched: User) -> bool:
    """Returns False when the user was not watched."""
    watch = session.get(Watch, (watcher.id, watched.id))
    if watch is None:
        return False
    session.delete(watch)
    bump_user_data_version(session, [watcher.id])
    session.commit()
    watchlist_changed.send(watcher)
    return True
