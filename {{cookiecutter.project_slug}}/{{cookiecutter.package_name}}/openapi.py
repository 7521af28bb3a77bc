"""The OpenAPI document of the machine-facing endpoints, served at /api/openapi.json.

It describes /pusher/* (what pusher-js, the Beams SDKs and the realtime service call),
/api/* (the dashboard's JSON API) and the three form posts a browser makes (/login,
/register, /logout). The fuzz suite (tests/test_fuzz.py) generates requests from it.
"""

from typing import Any

from flask import Blueprint, current_app

bp = Blueprint("openapi", __name__)

ERROR = {
    "type": "object",
    "required": ["error", "description"],
    "properties": {"error": {"type": "string"}, "description": {"type": "string"}},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def _json(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _ok(properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties}
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


STRING = {"type": "string"}
SOCKET_ID = {"type": "string", "example": "1234.5678"}
USERNAME = _json({"username": STRING}, ["username"])
SIGNED_IN = {"401": _error("Not signed in"), "400": _error("Bad input or CSRF token")}


def operations(include_beams: bool) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/pusher/user-auth": {
            "post": {
                "summary": "Sign the session user's user_data (pusher-js signin)",
                "requestBody": _form({"socket_id": SOCKET_ID}, ["socket_id"]),
                "responses": {
                    "200": _ok({"auth": STRING, "user_data": STRING}),
                    "403": _error("Not signed in"),
                    "400": _error("Bad input"),
                },
            }
        },
        "/pusher/auth": {
            "post": {
                "summary": "Authorize a private, encrypted or presence channel",
                "requestBody": _form(
                    {"socket_id": SOCKET_ID, "channel_name": STRING}, ["socket_id", "channel_name"]
                ),
                "responses": {
                    "200": _ok({"auth": STRING, "channel_data": STRING, "shared_secret": STRING}),
                    "403": _error("Refused"),
                    "400": _error("Bad input"),
                },
            }
        },
        "/pusher/webhooks": {
            "post": {
                "summary": "Webhooks from the realtime service (signed)",
                "parameters": [
                    {"name": "X-Pusher-Key", "in": "header", "schema": STRING},
                    {"name": "X-Pusher-Signature", "in": "header", "schema": STRING},
                ],
                "requestBody": _json(
                    {
                        "time_ms": {"type": "integer"},
                        "events": {"type": "array", "items": {"type": "object"}},
                    },
                    ["time_ms", "events"],
                ),
                "responses": {
                    "200": _ok({"received": {"type": "integer"}}),
                    "401": _error("Bad signature"),
                    "400": _error("Bad payload"),
                },
            }
        },
        "/api/watchlist": {
            "get": {
                "summary": "The session user's watchlist",
                "responses": {"200": _ok({"watchlist": {"type": "array"}}), **SIGNED_IN},
            },
            "post": {
                "summary": "Watch a user",
                "requestBody": USERNAME,
                "responses": {
                    # `notice` when the user was already watched.
                    "200": _ok({"watchlist": {"type": "array"}, "notice": STRING}),
                    "404": _error("No such user"),
                    "422": _error("Refused (the cap)"),
                    **SIGNED_IN,
                },
            },
        },
        "/api/watchlist/remove": {
            "post": {
                "summary": "Stop watching a user",
                "requestBody": USERNAME,
                "responses": {
                    "200": _ok({"watchlist": {"type": "array"}}),
                    "404": _error("No such user"),
                    **SIGNED_IN,
                },
            }
        },
        "/api/test-event": {
            "post": {
                "summary": "Send the session user a server-to-user event",
                "responses": {
                    "200": _ok({"ok": {"type": "boolean"}}),
                    "503": _error("realtime_unavailable"),
                    **SIGNED_IN,
                },
            }
        },
        "/api/sign-out-everywhere": {
            "post": {
                "summary": "Close every realtime connection of the session user",
                "responses": {
                    "202": _ok({"ok": {"type": "boolean"}}),
                    "503": _error("realtime_unavailable"),
                    **SIGNED_IN,
                },
            }
        },
        "/login": {
            "post": {
                "summary": "Log in (a browser form post; HTML answers)",
                "requestBody": _form(
                    {"username": STRING, "password": STRING, "csrf_token": STRING},
                    ["username", "password"],
                ),
                "responses": {
                    "302": {"description": "Logged in"},
                    "400": {"description": "Refused"},
                    "429": {"description": "Too many attempts"},
                },
            }
        },
        "/register": {
            "post": {
                "summary": "Create an account (a browser form post; HTML answers)",
                "requestBody": _form(
                    {
                        "username": STRING,
                        "display_name": STRING,
                        "password": STRING,
                        "csrf_token": STRING,
                    },
                    ["username", "display_name", "password"],
                ),
                "responses": {
                    "302": {"description": "Created"},
                    "400": {"description": "Refused"},
                    "429": {"description": "Too many attempts"},
                },
            }
        },
        "/logout": {
            "post": {
                "summary": "Log out (a browser form post)",
                "requestBody": _form({"csrf_token": STRING}, []),
                "responses": {"302": {"description": "Logged out"}},
            }
        },
    }
    if include_beams:
        paths["/pusher/beams-auth"] = {
            "get": {
                "summary": "A Beams token for the session user's device",
                "parameters": [
                    {"name": "user_id", "in": "query", "required": True, "schema": STRING}
                ],
                "responses": {
                    "200": _ok({"token": STRING}),
                    "401": _error("Refused"),
                    "503": _error("Beams is not configured"),
                },
            }
        }
    return paths


def openapi_document(project_name: str, include_beams: bool) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": f"{project_name}: realtime auth and demo API", "version": "1"},
        "paths": operations(include_beams),
    }


@bp.get("/api/openapi.json")
def openapi_json():
    config = current_app.config
    include_beams = "beams" in current_app.blueprints
    return openapi_document(config["PROJECT_NAME"], include_beams)
