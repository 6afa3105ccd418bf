"""The web app against its own OpenAPI document, with schemathesis: requests generated from the
document for every operation in it (the JSON API and the HTML pages), valid ones and invalid ones,
sent in-process to the ASGI app over the sample corpus. No request may get a server error, and every
answer must be what the document says (status code, content type, headers, body schema).

schemathesis's pytest plugin (`schema.parametrize()` on a lazily loaded schema) does not run under
pytest 9, so this uses its Python API: each operation's Hypothesis strategy under @given.
The runs are derandomized (the same cases every run, so CI is stable); NEWSGRAPH_FUZZ_EXAMPLES sets the
number of cases per operation and mode (default 50)."""
from __future__ import annotations

import os
import re

import pytest

from newsgraph.web.app import create_app

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a dev extra: pip install -e '.[dev]'")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

pytestmark = [pytest.mark.fuzz, pytest.mark.model]

MAX_EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "50"))

# Every operation of the document (a test below checks the list is the document's), and those of
# them that take parameters: the others have no invalid request to make.
OPERATIONS = ["/api/overview", "/api/search", "/api/articles/{article_id}", "/api/entities/{actor_id}",
              "/", "/search", "/articles/{article_id}", "/entities/{actor_id}"]
NO_PARAMETERS = {"/api/overview", "/"}
CASES = ([(path, GenerationMode.POSITIVE) for path in OPERATIONS]
         + [(path, GenerationMode.NEGATIVE) for path in OPERATIONS if path not in NO_PARAMETERS])


FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def swapped_days(case) -> bool:
    """since after until: a 422 by design, a rule between two parameters that OpenAPI cannot state."""
    q = case.query or {}
    since, until = q.get("since"), q.get("until")
    return all(isinstance(d, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in (since, until)) and since > until


def check_case(case):
    """Send the case; every check of schemathesis's (no 5xx, status code, content type, headers and
    body as documented, invalid data rejected, valid data accepted), but a 422 for swapped days."""
    swapped = swapped_days(case)
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance] if swapped else None)
    assert response.status_code < 500, case.as_curl_command()
    if swapped:
        assert response.status_code == 422, case.as_curl_command()
    return response


@pytest.fixture(scope="module")
def api_schema(examples_db):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(examples_db))


def test_the_operations_are_the_documents(api_schema):
    paths = api_schema.raw_schema["paths"]
    assert sorted(paths) == sorted(OPERATIONS) and all(list(op) == ["get"] for op in paths.values())
    assert {p for p in paths if not paths[p]["get"].get("parameters")} == NO_PARAMETERS


@pytest.mark.parametrize("path, mode", CASES, ids=[f"{p}-{m.value}" for p, m in CASES])
def test_no_server_error_and_answers_match_the_document(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        check_case(case)

    check()


def test_real_ids_and_words_answer_200_as_documented(api_schema, examples_db):
    """Generated ids are unknown (404): the stored articles and actors, and words of the corpus, with
    the other parameters generated, go through the same checks and must answer 200."""
    from newsgraph.store import Store

    with Store(examples_db, readonly=True) as store:
        articles = [a["id"] for a in store.list_articles(limit=100)]
        actors = [a.id for a in store.actors(limit=30)]
    cases = [(path, {"article_id": a}) for a in articles for path in ("/api/articles/{article_id}",
                                                                      "/articles/{article_id}")]
    cases += [(path, {"actor_id": a}) for a in actors for path in ("/api/entities/{actor_id}", "/entities/{actor_id}")]
    for path, params in cases:
        case = api_schema[path]["GET"].Case(path_parameters=params)
        assert check_case(case).status_code == 200, case.as_curl_command()
    for path in ("/api/search", "/search"):
        @FUZZ
        @given(case=api_schema[path]["GET"].as_strategy(query={"q": "ceasefire OR grain OR truce"}))
        def search(case):
            check_case(case)

        search()
