"""Creating users, shared by the register page and the CLI."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import DISPLAY_NAME_MAX, USERNAME_PATTERN, User, Watch, bump_user_data_version
from .forms import MIN_PASSWORD_LENGTH


class UserError(ValueError):
    """A user could not be created or found; nothing was written."""


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username.strip().lower()))


# A hash of a password nobody has, made with the same method as real ones, so that a
# login for an unknown username costs the same time as one for a known username: the
# time a wrong login takes must not tell which usernames exist.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user with this username and password, or None; in the same time either way."""
    user = find_user(session, username)
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    return user if user.check_password(password) else None


def get_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise UserError(f"No user named {username!r}.")
    return user


def create_user(
    session: Session, username: str, password: str, display_name: str | None = None
) -> User:
    username = username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(username):
        raise UserError(f"Username {username!r} must be 2-32 of a-z, 0-9, '.', '_', '-'.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    display_name = (display_name or username).strip()
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        raise UserError(f"The display name must be 1-{DISPLAY_NAME_MAX} characters.")
    if find_user(session, username) is not None:
        raise UserError(f"The username {username!r} is taken.")
    user = User(username=username, display_name=display_name)
    user.set_password(password)
    session.add(user)
    session.commit()
    return user


def delete_account(session: Session, user: User) -> list[str]:
    """Delete the user and their watchlist rows in one transaction, then let the other
    services (realtime, Beams) forget them. Returns what those services failed to do;
    the account is gone either way."""
    from .signals import user_deleted

    public_id = user.public_id
    # Their watchers' signed watchlists lose this id (the rows go by ON DELETE CASCADE).
    bump_user_data_version(session, select(Watch.watcher_id).where(Watch.watched_id == user.id))
    session.delete(user)
    session.commit()
    results = user_deleted.send(public_id=public_id)
    return [message for _receiver, message in results if message]
