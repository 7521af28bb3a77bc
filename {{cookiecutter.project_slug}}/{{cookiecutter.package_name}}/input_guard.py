"""Refuse input no field of this app can hold, before any view sees it.

A NUL character reaches the database as a username or a socket id and PostgreSQL
refuses it with an error (a 500), where SQLite would store it. Nothing legitimate sends
one, so a request carrying one in its form or JSON body is a 400, everywhere.
Oversized bodies are refused by MAX_CONTENT_LENGTH (413); malformed JSON and forms by
the views' own checks.
"""

from flask import Flask, request
from werkzeug.exceptions import BadRequest

NUL = "\x00"


def carries_nul() -> bool:
    # Bodies only: no query value reaches the database (beams-auth compares its user_id
    # with the session's and answers 401, as the Beams SDKs expect).
    mimetype = request.mimetype
    if mimetype == "application/json":
        body = request.get_data(cache=True)
        return b"\x00" in body or b"\\u0000" in body
    if mimetype == "application/x-www-form-urlencoded":
        # A NUL in any key or value is %00 or a raw NUL in the body: no field-by-field
        # look, on the form every sign-in posts. The form is then parsed from this copy.
        body = request.get_data(cache=True)
        return b"\x00" in body or b"%00" in body
    if mimetype == "multipart/form-data":
        return any(NUL in key or NUL in value for key, value in request.form.items(multi=True))
    return False


def register_input_guard(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> None:
        if carries_nul():
            raise BadRequest("The request contains a NUL character, which no field accepts.")
