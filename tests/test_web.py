"""The web UI (`newsgraph serve`) through FastAPI's TestClient: every page and its JSON twin, search
with its filters and paging, the one error shape, the security headers, read-only access, and that
no article text can run as script.

Two stores: a hand-built one (records written directly, no model) full of hostile text, and the
sample corpus ingested once for the session (conftest.py; needs the spaCy model)."""
from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES, span_errors
from newsgraph.errors import StoreError
from newsgraph.records import (Article, ArticleResult, Attribution, Entity, Event, Quote, Repair, Span, TimeExpr,
                               content_id, record_id)
from newsgraph.store import Store
from newsgraph.store.actors import actor_id
from newsgraph.web import views
from newsgraph.web.app import create_app
from newsgraph.web.highlight import paragraphs, segments

ERROR_KEYS = {"status", "code", "message"}


def span(text: str, sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Span(start, start + len(sub), sub)


# --- a hand-built store of hostile text --------------------------------------------------------------

HOSTILE_TEXT = ('Officials said <script>alert("x")</script> was found in the Mr. Bold files.\n'
                'See <a href="javascript:alert(1)">this link</a> and </script><script>alert(2)</script> too.\n'
                '<b>Bold</b> met Vladimir Putin on Monday, saying "we </script><img src=x onerror=alert(3)> agree".')


def hostile_result() -> ArticleResult:
    text = HOSTILE_TEXT
    raw = text.replace("Mr. Bold", "\u041cr. Bold", 1)  # a Cyrillic capital EM, repaired to M
    aid = content_id(raw)
    bold, putin = span(text, "<b>Bold</b>"), span(text, "Vladimir Putin")
    e_bold = Entity(record_id(aid, "entity", "bold"), "<b>Bold</b>", "PERSON", "USA", "GOV", "USAGOV", None,
                    ("Mr. Bold",), (bold, span(text, "Mr. Bold")))
    e_putin = Entity(record_id(aid, "entity", "putin"), "Vladimir Putin", "PERSON", "RUS", "GOV", "RUSGOV",
                     "president", (), (putin,))
    monday = span(text, "Monday")
    time = TimeExpr(record_id(aid, "time", monday.start), monday.start, monday.end, monday.text, "2024-01-08",
                    "day", "2024-01-08")
    said = span(text, 'we </script><img src=x onerror=alert(3)> agree')
    quote = Quote(record_id(aid, "quote", said.start), said.start, said.end, said.text, "direct", e_putin.id,
                  "Vladimir Putin", span(text, "saying"))
    claim = span(text, '<script>alert("x")</script> was found in the Mr. Bold files')
    attribution = Attribution(record_id(aid, "attribution", claim.start), claim, None, "Officials",
                              span(text, "said"))
    met = span(text, "met")
    evidence = span(text, "<b>Bold</b> met Vladimir Putin on Monday")
    event = Event(record_id(aid, "event", met.start), "CONSULT", None, "040", 1, 1.0, e_bold.id, e_putin.id,
                  True, None, None, "2024-01-08", "text", "asserted", None, met, evidence)
    m = text.index("Mr. Bold")
    article = Article(aid, raw, text, title='<img src=x onerror=alert(4)> headline', url="javascript:alert(5)",
                      source="<i>Wire</i>", published="2024-01-09", language="en",
                      repairs=(Repair("homoglyph", m, m + 1, "\u041c", m, m + 1, "M"),))
    return ArticleResult(article, (e_bold, e_putin), (time,), (), (quote,), (attribution,), (event,))


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "hostile.db"
    with Store(db) as store:
        store.write_batch([hostile_result(),
                           ArticleResult(Article(content_id("plain"), "plain", "A plain second article.",
                                                 title="Plain", published="2023-05-01"))])
    return db


@pytest.fixture(scope="module")
def client(hostile_db):
    return TestClient(create_app(hostile_db))


def hostile_id() -> str:
    return hostile_result().article.id


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and ERROR_KEYS <= set(body["error"]), body
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def script_block(page: str) -> str:
    blocks = re.findall(r'<script type="application/json" id="records">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return blocks[0]


# --- highlight segments (pure) -------------------------------------------------------------------------

def test_segments_split_at_every_boundary_of_overlapping_and_nested_spans():
    text = "Putin said on Monday that talks failed."
    spans = [(0, 5, "entity", "e1"), (0, 38, "attribution", "a1"), (14, 20, "time", "t1"),
             (11, 20, "quote", "q1"), (11, 20, "quote", "q1"),  # a repeated span counts once
             (30, 40, "event", "bad"), (3, 3, "repair", "empty"), (-1, 2, "event", "neg")]
    segs = segments(text, spans)
    assert "".join(s["text"] for s in segs) == text
    assert all(text[s["start"]:s["end"]] == s["text"] for s in segs)
    assert [s["text"] for s in segs] == ["Putin", " said ", "on ", "Monday", " that talks failed", "."]
    assert segs[0]["layers"] == {"entity": ["e1"], "attribution": ["a1"]}
    assert segs[2]["layers"] == {"attribution": ["a1"], "quote": ["q1"]}
    assert segs[3]["layers"] == {"attribution": ["a1"], "time": ["t1"], "quote": ["q1"]}
    assert segs[-1]["layers"] == {}  # out-of-range, empty and negative spans are left out


def test_paragraphs_cut_at_line_breaks_and_know_headings():
    text = "Title line\nBody with Putin.\n\nLast"
    segs = segments(text, [(0, 10, "heading", "h0"), (16, 27, "entity", "e1"), (5, 16, "quote", "q1")])
    paras = paragraphs(segs)
    assert [p["heading"] for p in paras] == [True, False, False]
    assert ["".join(s["text"] for s in p["segments"]) for p in paras] == ["Title line", "Body with Putin.", "Last"]
    body = paras[1]["segments"]
    assert body[0] == {"start": 11, "end": 16, "text": "Body ", "layers": {"quote": ["q1"]}}


# --- safety ----------------------------------------------------------------------------------------

def test_article_text_is_escaped_and_cannot_run(client):
    page = client.get(f"/articles/{hostile_id()}")
    assert page.status_code == 200
    body = page.text
    # The only script elements are the app's own file and the JSON block.
    assert re.findall(r"<script\b[^>]*>", body) == ['<script src="/static/app.js" defer>',
                                                     '<script type="application/json" id="records">']
    for hostile in ('<script>alert', "<img src=x", "<b>Bold</b>", '<a href="javascript', "<i>Wire</i>", 'href="javascript:'):
        assert hostile not in body, hostile
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in body  # the link shows as text
    assert "&lt;img src=x onerror=alert(4)&gt; headline" in body  # the title too
    assert "javascript:alert(5)" in body and 'href="javascript:alert(5)"' not in body  # the url is text
    # The JSON block cannot be closed early by any text: </script> only ends the block itself.
    block = script_block(body)
    assert "</script" not in block.lower() and "<" not in block
    records = json.loads(block)
    assert [q["text"] for q in records["quotes"]] == ['we </script><img src=x onerror=alert(3)> agree']


def test_hostile_text_stays_text_on_every_page(client):
    putin = actor_id("Vladimir Putin", "PERSON", "RUS")
    bold = actor_id("<b>Bold</b>", "PERSON", "USA")
    pages = ["/", "/search?q=script", "/search?q=alert", f"/entities/{putin}", f"/entities/{bold}"]
    for url in pages:
        body = client.get(url).text
        assert "<script>" not in body and "<img src=x" not in body and "<b>Bold</b>" not in body, url
        assert re.findall(r"<script\b[^>]*>", body) == ['<script src="/static/app.js" defer>'], url
    assert "&lt;b&gt;Bold&lt;/b&gt;" in client.get(f"/entities/{bold}").text


def test_security_headers_on_every_response(client):
    responses = [client.get("/"), client.get("/api/overview"), client.get("/static/app.css"),
                 client.get("/static/app.js"), client.get("/nowhere"), client.get("/api/articles/nope"),
                 client.post("/api/overview"), client.get("/api/search?page=0"), client.head("/"),
                 client.get("/openapi.json")]
    for r in responses:
        csp = r.headers["content-security-policy"]
        for directive in ("script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'",
                          "frame-ancestors 'none'", "default-src 'none'"):
            assert directive in csp, (r.url, csp)
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_only_get_and_head_are_served(client):
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        error = error_of(client.request(method, "/api/overview"), 405, "method_not_allowed")
        assert method in error["message"] and "read-only" in error["message"]
        page = client.request(method, "/search")
        assert page.status_code == 405 and page.headers["content-type"].startswith("text/html")
        assert page.headers["allow"] == "GET, HEAD"
    head = client.head(f"/articles/{hostile_id()}")
    get = client.get(f"/articles/{hostile_id()}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]


def test_the_store_is_never_written(hostile_db):
    before = hashlib.sha256(hostile_db.read_bytes()).hexdigest()
    c = TestClient(create_app(hostile_db))
    for url in ("/", "/api/overview", "/search?q=Putin", f"/articles/{hostile_id()}", "/api/search"):
        assert c.get(url).status_code == 200
    assert hashlib.sha256(hostile_db.read_bytes()).hexdigest() == before
    assert not hostile_db.with_name(hostile_db.name + "-journal").exists()


# --- errors ----------------------------------------------------------------------------------------

def test_not_found_has_the_error_shape_on_json_urls_and_a_page_on_html(client):
    error = error_of(client.get("/api/articles/nope"), 404, "not_found")
    assert "'nope'" in error["message"]
    error_of(client.get("/articles/nope.json"), 404, "not_found")
    error_of(client.get("/api/entities/anothing"), 404, "not_found")
    error_of(client.get("/entities/anothing.json"), 404, "not_found")
    error_of(client.get("/api/no/such/thing"), 404, "not_found")
    page = client.get("/articles/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no article &#39;nope&#39;" in page.text and "<h1>404 Not found</h1>" in page.text
    assert client.get("/static/nothing.css").status_code == 404


@pytest.mark.parametrize("query, param", [
    ("since=yesterday", "query.since"), ("until=2024-13-01", "query.until"), ("page=0", "query.page"),
    ("limit=1000", "query.limit"), ("type=PARTY", "query.type"), ("country=RUSSIA", "query.country"),
    ("actor=a%20b", "query.actor"), ("since=2024-02-01&until=2024-01-01", "query.since"),
    ("until=0", "query.until"), ("since=1.5", "query.since"), ("since=2024-1-5", "query.since"),  # not YYYY-MM-DD
])
def test_bad_parameters_give_422_with_details(client, query, param):
    for url in (f"/api/search?{query}", f"/search.json?{query}"):
        error = error_of(client.get(url), 422, "invalid_parameters")
        assert param in [d["param"] for d in error["details"]], error
    page = client.get(f"/search?{query}")
    assert page.status_code == 422 and "Invalid parameters" in page.text


def test_empty_form_fields_mean_no_filter(client):
    r = client.get("/api/search?q=&since=&until=&actor=&type=&country=")
    assert r.status_code == 200 and r.json()["total"] == 2


def test_an_ambiguous_id_prefix_is_a_400(tmp_path):
    db = tmp_path / "two.db"
    with Store(db) as s:
        s.write_batch([ArticleResult(Article("abcdef01", "one", "one")),
                       ArticleResult(Article("abcdef02", "two", "two"))])
    error = error_of(TestClient(create_app(db)).get("/api/articles/abcdef"), 400, "ambiguous_id")
    assert "abcdef01" in error["message"]


def test_an_unexpected_failure_is_a_500_in_the_error_shape(client, monkeypatch):
    def broken(store):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "overview", broken)
    c = TestClient(client.app, raise_server_exceptions=False)
    error = error_of(c.get("/api/overview"), 500, "internal_error")
    assert "boom" not in error["message"]  # no internals leak to the client
    page = c.get("/")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"]


def test_a_store_that_goes_away_is_a_500_store_error(tmp_path):
    db = tmp_path / "gone.db"
    with Store(db) as s:
        s.write_batch([hostile_result()])
    c = TestClient(create_app(db))
    db.unlink()
    error = error_of(c.get("/api/overview"), 500, "store_error")
    assert "gone.db" in error["message"]


def test_a_missing_store_fails_at_start_like_every_command(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        create_app(tmp_path / "none.db")
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "serve", "--db", str(tmp_path / "none.db")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "none.db" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "none.db").exists()


# --- JSON twins and the API document ------------------------------------------------------------------

def test_every_page_url_plus_json_is_its_api_json(client):
    putin = actor_id("Vladimir Putin", "PERSON", "RUS")
    aid = hostile_id()
    pairs = [("/.json", "/api/overview"), ("/index.json", "/api/overview"),
             ("/search.json?q=Putin&limit=1", "/api/search?q=Putin&limit=1"),
             (f"/articles/{aid}.json", f"/api/articles/{aid}"), (f"/entities/{putin}.json", f"/api/entities/{putin}")]
    for twin, api in pairs:
        a, b = client.get(twin), client.get(api)
        assert a.status_code == b.status_code == 200, (twin, a.text[:300])
        assert a.headers["content-type"] == "application/json"
        assert a.json() == b.json()


def test_the_article_json_holds_every_record_with_offsets_into_the_text(client):
    data = client.get(f"/api/articles/{hostile_id()}").json()
    text = data["article"]["text"]
    assert text == HOSTILE_TEXT
    assert len(data["entities"]) == 2 and len(data["events"]) == 1 and len(data["repairs"]) == 1
    assert span_errors({"article": data["article"], **{k: data[k] for k in
                        ("entities", "times", "quotes", "attributions", "events")}}) == []
    raw = data["article"]["raw"]
    for r in data["repairs"]:
        assert raw[r["raw_start"]:r["raw_end"]] == r["raw_text"] and text[r["start"]:r["end"]] == r["text"]
    assert data["repairs"][0]["raw_chars"] == ["U+041C CYRILLIC CAPITAL LETTER EM"]
    event = data["events"][0]
    assert event["actor_name"] == "<b>Bold</b>" and event["target_name"] == "Vladimir Putin"
    assert event["target_actor"] == actor_id("Vladimir Putin", "PERSON", "RUS")
    assert data["quotes"][0]["speaker_actor"] == event["target_actor"]
    assert {e["actor_id"] for e in data["entities"]} == {event["actor_actor"], event["target_actor"]}


def test_the_article_page_marks_every_record_and_shows_the_repair(client):
    aid = hostile_id()
    data = client.get(f"/api/articles/{aid}").json()
    page = client.get(f"/articles/{aid}").text
    for layer, key in (("entity", "entities"), ("time", "times"), ("quote", "quotes"),
                       ("attribution", "attributions"), ("event", "events")):
        for record in data[key]:
            assert re.search(rf'data-{layer}="[^"]*\b{record["id"]}\b', page), (layer, record["id"])
        assert f'data-layer="{layer}"' in page  # its toggle
    assert 'data-repair="r0"' in page
    assert "U+041C CYRILLIC CAPITAL LETTER EM" in page and "<mark>\u041c</mark>" in page
    # The page's text, tags stripped, is the article's text (every segment rendered once, in order).
    text = re.search(r'<div class="article-text" id="text">(.*?)</div>', page, re.S).group(1)
    shown = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<(?:p|h3)>(.*?)</(?:p|h3)>", text, re.S)]
    assert shown == HOSTILE_TEXT.split("\n")


def test_openapi_documents_the_api_and_its_errors(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/overview", "/api/search", "/api/articles/{article_id}", "/api/entities/{actor_id}"):
        op = paths[path]["get"]
        assert op["description"] and "200" in op["responses"]
        assert op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
        assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
        assert "$ref" in op["responses"]["200"]["content"]["application/json"]["schema"]
    assert not any(p.endswith(".json") for p in paths)  # the twins repeat /api/
    params = {p["name"] for p in paths["/api/search"]["get"]["parameters"]}
    assert params == {"q", "since", "until", "actor", "type", "country", "page", "limit"}
    for p in paths["/api/search"]["get"]["parameters"]:  # a blank filter is documented as taken (no filter)
        if p["name"] in ("since", "until", "actor", "type", "country"):
            assert {"type": "string", "pattern": r"^\s*$"} in p["schema"]["anyOf"], p
    assert "HTTPValidationError" not in json.dumps(spec)
    assert client.get("/docs").status_code == 404  # Swagger UI loads from a CDN: not served


# --- the sample corpus (needs the model) --------------------------------------------------------------

# examples_db: the sample corpus, ingested once per session (conftest.py).

@pytest.fixture(scope="module")
def examples(examples_db):
    return TestClient(create_app(examples_db))


@pytest.fixture(scope="module")
def store(examples_db):
    with Store(examples_db, readonly=True) as s:
        yield s


def ok_json(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:500])
    return r.json()


@pytest.mark.model
def test_every_page_and_its_twin_answer_on_real_ids(examples, store):
    articles = [a["id"] for a in store.list_articles(limit=100)]
    actors = [a.id for a in store.actors(limit=15)]
    urls = ["/", "/search", "/search?q=ceasefire"] + [f"/articles/{a}" for a in articles] + [f"/entities/{a}" for a in actors]
    for url in urls:
        page = examples.get(url)
        assert page.status_code == 200, (url, page.text[:500])
        assert page.headers["content-type"].startswith("text/html") and "</html>" in page.text
        path, _, query = url.partition("?")
        twin = ("/.json" if path == "/" else path + ".json") + (f"?{query}" if query else "")
        ok_json(examples, twin)
    assert len(articles) == len(list(EXAMPLES.glob("*.txt")))


@pytest.mark.model
def test_the_overview_counts_and_sums_up(examples, store):
    data = ok_json(examples, "/api/overview")
    counts = store.counts()
    assert data["counts"]["articles"] == counts["articles"] and data["counts"]["events"] == counts["events"]
    asserted_dated = store.count_events(modality="asserted", since="0000-01-01")
    assert sum(sum(d["counts"].values()) for d in data["daily"]) == asserted_dated
    days = [d["date"] for d in data["daily"]]
    assert days == sorted(days) and len(set(days)) == len(days)
    n = [d["count"] for d in data["dyads"]]
    assert n == sorted(n, reverse=True) and data["dyads"]
    assert all(d["source"] != d["target"] and d["quad_class"] in (1, 2, 3, 4) for d in data["dyads"])
    assert data["top_actors"][0]["href"] == f"/entities/{data['top_actors'][0]['id']}"
    page = examples.get("/").text
    assert page.count("<svg") == 1 and data["top_actors"][0]["name"] in page


@pytest.mark.model
def test_search_finds_words_and_highlights_them(examples):
    data = ok_json(examples, "/api/search?q=grain")
    assert data["total"] >= 2 and len(data["hits"]) == data["total"]
    for hit in data["hits"]:
        assert any(p["match"] and p["text"].lower().startswith("grain") for p in hit["parts"])
        assert "[" in hit["snippet"] and hit["href"] == f"/articles/{hit['article_id']}"
    page = examples.get("/search?q=grain").text
    assert "<mark>grain</mark>" in page.lower()
    assert ok_json(examples, '/api/search?q="unbalanced')["total"] >= 0  # bad FTS syntax is retried quoted


@pytest.mark.model
def test_search_filters(examples, store):
    every = ok_json(examples, "/api/search?limit=100")
    assert every["total"] == store.counts()["articles"] and every["query"] == ""
    dates = [h["published"] for h in every["hits"]]
    assert dates == sorted(dates, reverse=True)

    data = ok_json(examples, "/api/search?since=2023-01-01&until=2023-12-31&limit=100")
    assert 0 < data["total"] < every["total"]
    assert all("2023-01-01" <= h["published"][:10] <= "2023-12-31" for h in data["hits"])

    actor = store.actors(limit=1, type="PERSON")[0]
    data = ok_json(examples, f"/api/search?actor={actor.id}&limit=100")
    assert data["total"] == actor.n_articles and data["filters"]["actor_name"] == actor.name
    for hit in data["hits"]:
        doc = ok_json(examples, f"/api/articles/{hit['article_id']}")
        assert actor.id in {e["actor_id"] for e in doc["entities"]}

    data = ok_json(examples, "/api/search?type=ASSAULT&limit=100")
    assert 0 < data["total"] < every["total"]
    for hit in data["hits"]:
        assert "ASSAULT" in {e["type"] for e in ok_json(examples, f"/api/articles/{hit['article_id']}")["events"]}

    data = ok_json(examples, "/api/search?country=ukr&limit=100")
    assert 0 < data["total"] < every["total"] and data["filters"]["country"] == "UKR"
    for hit in data["hits"]:
        doc = ok_json(examples, f"/api/articles/{hit['article_id']}")
        assert "UKR" in {e["country"] for e in doc["entities"]} | {p["country"] for p in doc["places"]}

    both = ok_json(examples, "/api/search?q=grain&country=UKR&since=2023-01-01")
    words = {h["article_id"] for h in ok_json(examples, "/api/search?q=grain")["hits"]}
    assert {h["article_id"] for h in both["hits"]} < words
    assert ok_json(examples, "/api/search?actor=a0000000000000000")["total"] == 0


@pytest.mark.model
def test_search_pages_cover_every_hit_once(examples):
    first = ok_json(examples, "/api/search?limit=7")
    total, pages = first["total"], first["pages"]
    assert pages == -(-total // 7) and pages > 1
    seen = []
    for n in range(1, pages + 1):
        data = ok_json(examples, f"/api/search?limit=7&page={n}")
        assert data["page"] == n and len(data["hits"]) == (7 if n < pages else total - 7 * (pages - 1))
        seen += [h["article_id"] for h in data["hits"]]
    assert len(seen) == len(set(seen)) == total
    assert ok_json(examples, f"/api/search?limit=7&page={pages + 1}")["hits"] == []
    page = examples.get("/search?limit=7&page=2&type=").text
    assert 'href="/search?limit=7&amp;page=1"' in page and 'href="/search?limit=7&amp;page=3"' in page


@pytest.mark.model
def test_the_entity_json_has_its_timeline_network_and_map(examples, store):
    actor = store.actors(limit=1, query="Russia", type="ORG")[0]  # Russia (government)
    data = ok_json(examples, f"/api/entities/{actor.id}")
    assert data["actor"]["id"] == actor.id and data["actor"]["aliases"]
    assert data["events"]["total"] == store.count_events(actor_id=actor.id) > 0
    for e in data["events"]["items"]:
        assert actor.id in (e["actor_actor"], e["target_actor"])
    assert data["timeline"] and all(t["date"] and t["quad_class"] in (1, 2, 3, 4) for t in data["timeline"])
    net = data["network"]
    assert net["center"]["id"] == actor.id and net["nodes"] and net["edges"]
    ids = {n["id"] for n in net["nodes"]} | {actor.id}
    assert all(e["source"] in ids and e["target"] in ids and e["count"] >= 1 for e in net["edges"])
    assert {n["id"] for n in net["nodes"]} <= {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]}
    assert data["map"] and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["count"] >= 1 for p in data["map"])
    assert data["articles"]["total"] == actor.n_articles
    page = examples.get(f"/entities/{actor.id}").text
    assert page.count("<svg") == 4 and actor.name in page


@pytest.mark.model
def test_the_entity_page_lists_an_actors_quotations(examples, store):
    quoted = next(q for q in store.quotes(limit=1000) if q.speaker_actor)
    data = ok_json(examples, f"/api/entities/{quoted.speaker_actor}")
    assert data["quotes"]["total"] >= 1
    assert quoted.quote.text in [q["text"] for q in data["quotes"]["items"]]
    assert html.escape(quoted.quote.text, quote=False) in examples.get(f"/entities/{quoted.speaker_actor}").text


@pytest.mark.model
def test_an_ingested_article_with_script_and_javascript_links_shows_as_text(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "Officials in Kyiv said on Monday that <script>alert('owned')</script> had been posted on a government "
        "site, next to a link written as <a href=\"javascript:alert(1)\">click here</a>. "
        "President Volodymyr Zelensky said: \"Nobody will </script><script>alert(2)</script> silence us.\"\n",
        encoding="utf-8")
    (tmp_path / "evil.meta.json").write_text(json.dumps({
        "title": "<script>alert('title')</script>", "url": "javascript:alert('url')", "published": "2024-01-08"}))
    db = tmp_path / "evil.db"
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "ingest", str(tmp_path / "evil.txt"), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    c = TestClient(create_app(db))
    hit = ok_json(c, "/api/search?q=owned")["hits"][0]
    page = c.get(hit["href"]).text
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/app.js" defer>',
                                                     '<script type="application/json" id="records">']
    assert "alert(&#39;owned&#39;)" in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(&#39;url&#39;)" in page
    assert "</script" not in script_block(page).lower()
    search = c.get("/search?q=owned").text
    assert "<script>" not in search and "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in search
