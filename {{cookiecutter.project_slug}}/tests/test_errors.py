"""Errors stay debuggable: JSON on the API paths, Flask's own handling (the debugger in
debug mode, the 500 page otherwise) everywhere else."""

import pytest

from {{ cookiecutter.package_name }} import create_app


def app_with_a_bug(settings, **config):
    app = create_app(dict(settings, **config))

    @app.get("/buggy-page")
    def buggy_page():
        raise RuntimeError("a bug in a page")

    @app.get("/api/buggy")
    def buggy_api():
        raise RuntimeError("a bug in the API")

    return app


def test_api_bugs_are_json_500s_even_in_debug_mode(settings):
    client = app_with_a_bug(settings, DEBUG=True).test_client()
    response = client.get("/api/buggy")
    assert response.status_code == 500
    assert response.get_json() == {
        "error": "internal_error",
        "description": "The server failed; see its log.",
    }


def test_page_bugs_reach_the_debugger_in_debug_mode(settings):
    app = app_with_a_bug(settings, DEBUG=True)
    app.testing = False  # as `flask run --debug` runs it
    with pytest.raises(RuntimeError, match="a bug in a page"):
        app.test_client().get("/buggy-page")


def test_page_bugs_are_the_usual_500_page_in_production(settings):
    app = app_with_a_bug(settings, TESTING=False)
    response = app.test_client().get("/buggy-page")
    assert response.status_code == 500
    assert "Internal Server Error" in response.get_data(as_text=True)
