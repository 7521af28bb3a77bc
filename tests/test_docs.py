"""The baked project ships every document its code, tests and docs point at."""

import re

import pytest

from .test_bake import text_files

# Notes of the template's authors, not shipped: a baked file must cite its own docs.
TEMPLATE_NOTES = re.compile(r"\b(SOKETI|PROTOCOL)\.md\b")
DOCS_PATH = re.compile(r"\bdocs/[\w./-]+?\.md\b")
OPTIONS = [
    pytest.param({}, id="default"),
    pytest.param({"include_beams": "n"}, id="no-beams"),
    pytest.param({"database": "postgresql"}, id="postgresql"),
]


@pytest.mark.parametrize("context", OPTIONS)
def test_every_cited_doc_exists_and_no_template_note_is_cited(cookies, context):
    project = cookies.bake(extra_context=context).project_path
    cited = set()
    for path, text in text_files(project):
        assert not TEMPLATE_NOTES.search(text), f"{path} cites a note the bake does not ship"
        cited.update(DOCS_PATH.findall(text))
    assert "docs/realtime-server.md" in cited
    missing = sorted(doc for doc in cited if not (project / doc).is_file())
    assert missing == [], f"cited but not shipped: {missing}"
