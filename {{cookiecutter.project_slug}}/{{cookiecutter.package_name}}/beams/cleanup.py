"""Beams forgets the devices of a deleted account, and the retry when it could not.

The account is deleted first (auth.service.delete_account); Beams is told afterwards,
so an unreachable Beams never keeps an account alive. What failed is logged and
returned, naming the command that finishes the job.
"""

import logging
import shlex

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import User
from .client import BeamsClient, BeamsError
from .config import BeamsNotConfigured, is_configured
from .user_ids import InvalidUserId

log = logging.getLogger(__name__)


def retry_command(public_id: str) -> str:
    # Quoted: ";" is allowed in a pusher id, and would end the command in a shell.
    return (
        f"flask --app {current_app.import_name} users delete --beams-only {shlex.quote(public_id)}"
    )


def forget_devices(public_id: str) -> str | None:
    """None when Beams forgot the user, else a message saying what failed and how to retry."""
    try:
        BeamsClient.from_config(current_app.config).delete_user(public_id)
    except (BeamsError, BeamsNotConfigured, InvalidUserId) as exc:
        log.warning("Beams did not forget pusher id %s: %s", public_id, exc)
        return (
            f"Beams did not forget the devices of pusher id {public_id}: {exc} "
            f"To retry, run: {retry_command(public_id)}"
        )
    log.info("Beams forgot the devices of pusher id %s.", public_id)
    return None


def on_user_deleted(_sender: object, *, public_id: str, **_extra: object) -> str | None:
    """The `user_deleted` receiver. Signals are process-wide and one process may hold
    several apps (the tests do), so whether Beams is on is asked of the current app."""
    if not is_configured(current_app.config):
        return None
    return forget_devices(public_id)


def retry_forget_devices(session: Session, public_id: str) -> str | None:
    """`users delete --beams-only`: finish the Beams part for an account deleted here."""
    owner = session.scalar(select(User).where(User.public_id == public_id))
    if owner is not None:
        return (
            f"Pusher id {public_id} belongs to {owner.username}, whose account still exists; "
            f"delete it with: flask --app {current_app.import_name} users delete {owner.username}"
        )
    return forget_devices(public_id)
