"""Users and their watchlists. The user's `public_id` is their Pusher (and Beams) user id."""

import re
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    event,
    false,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from werkzeug.security import check_password_hash, generate_password_hash

# The characters Pusher allows in user ids and channel names (as a regex class body).
PUSHER_NAME_CHARS = r"-A-Za-z0-9_=@,.;"
# 128 is the presence-channel limit for user ids, and the same id is used there.
PUBLIC_ID_PATTERN = re.compile("[" + PUSHER_NAME_CHARS + "]{1,128}")
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]{1,31}")
DISPLAY_NAME_MAX = 100


def new_public_id() -> str:
    return secrets.token_hex(16)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Named constraints keep Alembic migrations portable and autogenerate diffs empty.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("length(public_id) BETWEEN 1 AND 128", name="public_id_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(128), unique=True, default=new_public_id)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Bumped, in the same transaction, by every change to what build_user_data() signs:
    # any ORM update of this row (see below) and every watchlist change. Sign-ins cache
    # the signed user_data per (user, version), so no instance ever serves a stale one.
    user_data_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Emulated watchlist events: the state last announced to this user's watchers. Changed
    # only by a conditional UPDATE, so one worker of one instance announces each change.
    online: Mapped[bool] = mapped_column(default=False, server_default=false())

    def get_id(self) -> str:
        # Flask-Login keeps this in the session; the public id never changes.
        return self.public_id

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @validates("public_id")
    def _check_public_id(self, _key: str, value: str) -> str:
        if not PUBLIC_ID_PATTERN.fullmatch(value):
            raise ValueError("public_id must be 1-128 characters of [-A-Za-z0-9_=@,.;]")
        return value

    def __repr__(self) -> str:
        return f"<User {self.username} {self.public_id}>"


@event.listens_for(User, "before_update")
def _bump_user_data_version(_mapper, _connection, user: User) -> None:
    user.user_data_version = (user.user_data_version or 0) + 1


def bump_user_data_version(session, user_ids) -> None:
    """For changes made outside the ORM row (the watchlist, your own tables): call it in
    the same transaction, and the next sign-in signs fresh user_data."""
    session.execute(
        update(User)
        .where(User.id.in_(user_ids))
        .values(user_data_version=User.user_data_version + 1)
    )


class Watch(Base):
    """`watcher` is told when `watched` goes online or offline (Pusher watchlist events)."""

    __tablename__ = "watches"
    __table_args__ = (CheckConstraint("watcher_id <> watched_id", name="no_self_watch"),)

    watcher_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    watched_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
