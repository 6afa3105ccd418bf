"""Every document newsgraph produces for the sample corpus and the Wikinews corpus meets the contract
(document.schema.json) and the span invariant, and survives the store unchanged."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, WIKINEWS, need
from newsgraph.errors import Failure
from newsgraph.ingest import read_articles
from newsgraph.records import document
from newsgraph.settings import Settings
from newsgraph.store import Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def results(pipeline):
    out = list(pipeline.run(read_articles([str(EXAMPLES), str(need(WIKINEWS))], Settings())))
    assert not [r for r in out if isinstance(r, Failure)]
    return out


def test_every_document_meets_the_contract(results, check_document):
    assert len(results) == 120 + len(list(EXAMPLES.glob("*.txt")))
    for result in results:
        check_document(document(result))
        assert not result.errors, result.errors


def test_documents_survive_the_store(results, check_document, tmp_path):
    with Store(tmp_path / "c.db") as store:
        store.write_batch(results, None)
        for result in results[::7]:
            again = document(store.get(result.article.id))
            check_document(again)
            assert again == document(result)


def test_same_input_same_ids_in_any_order(pipeline):
    paths = sorted(str(p) for p in EXAMPLES.glob("*.txt"))[:6]
    forward = {r.article.id: [e.id for e in r.entities] for r in pipeline.run(read_articles(paths, Settings()))}
    backward = {r.article.id: [e.id for e in r.entities]
                for r in pipeline.run(read_articles(paths[::-1], Settings()))}
    assert forward == backward and len(forward) == 6
