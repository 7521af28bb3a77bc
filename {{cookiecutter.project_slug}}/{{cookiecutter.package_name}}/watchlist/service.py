"""Watchlist rules, shared by the web views and the CLI."""

from blinker import Namespace
from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import Session

from ..models import User, Watch, utcnow

# Pusher keeps only the first 100 ids of a watchlist and reports error 4302.
MAX_WATCHLIST = 100

# Sent with the watcher after every committed change (web or CLI).
watchlist_changed = Namespace().signal("watchlist-changed")


class WatchlistError(ValueError):
    """A watchlist change was refused; nothing was written."""


def _watched(watcher_id: int, *columns):
    """Oldest watch first, so the signed watchlist is stable between sign-ins."""
    return (
        select(*columns)
        .join(Watch, Watch.watched_id == User.id)
        .where(Watch.watcher_id == watcher_id)
        .order_by(Watch.created_at, User.public_id)
    )


def watched_public_ids(session: Session, watcher_id: int) -> list[str]:
    """One query, whatever the watchlist's size."""
    return list(session.scalars(_watched(watcher_id, User.public_id).limit(MAX_WATCHLIST)))


def watched_users(session: Session, watcher: User) -> list[User]:
    return list(session.scalars(_watched(watcher.id, User)))


def add_watch(session: Session, watcher: User, watched: User, *, notify: bool = True) -> bool:
    """Returns False when already watched. Raises WatchlistError when refused.
    `notify=False` skips the watchlist_changed signal (seeding, before any server runs)."""
    if watcher.id == watched.id:
        raise WatchlistError("You cannot watch yourself.")
    # Concurrent adds (two tabs, two app instances) must not pass the cap together.
    # PostgreSQL: lock the watcher's row, so adds for one watcher take turns (SQLite
    # renders no FOR UPDATE). Then check and insert in ONE statement: atomic on SQLite,
    # which runs a write statement under its database lock, and safe on PostgreSQL,
    # where the row lock serialises the statements that could race.
    session.execute(select(User.id).where(User.id == watcher.id).with_for_update())
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
    session.commit()
    watchlist_changed.send(watcher)
    return True
