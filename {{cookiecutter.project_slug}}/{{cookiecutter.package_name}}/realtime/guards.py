"""Request checks shared by the /pusher/* endpoints; each failure is an ApiError."""

from flask import request

from ..errors import ApiError
from ..models import User
from .csrf_check import require_csrf
from .session_user import as_user, signed_in_row
from .signing import is_valid_socket_id

__all__ = [
    "require_csrf",
    "require_signed_in_row",
    "require_socket_id",
    "require_user",
    "single_value",
]


def require_signed_in_row(status: int):
    # Checked before CSRF, so an expired session reads as "not signed in" to the client.
    row = signed_in_row()
    if row is None:
        raise ApiError(
            status, "not_signed_in", "Sign in to the app first; the session has no user."
        )
    return row


def require_user(status: int) -> User:
    return as_user(require_signed_in_row(status))


def single_value(source, name: str, status: int = 400) -> str:
    values = source.getlist(name)
    if not values or not values[0]:
        raise ApiError(status, f"missing_{name}", f"The {name} field is required.")
    if len(set(values)) > 1:
        raise ApiError(status, f"conflicting_{name}", f"{name} was sent more than once.")
    return values[0]


def require_socket_id() -> str:
    socket_id = single_value(request.form, "socket_id")
    if not is_valid_socket_id(socket_id):
        raise ApiError(
            400, "invalid_socket_id", "socket_id must look like 1234.5678 (ASCII digits)."
        )
    return socket_id
