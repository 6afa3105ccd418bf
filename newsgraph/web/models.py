"""The JSON the web API answers, as pydantic models: they document the API (OpenAPI at /openapi.json)
and check every response on its way out. Records keep the keys of the document contract
(`document.schema.json`) and may carry more (`extra="allow"`), so a field added to a record reaches
the API without a change here.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

QuadClass = Literal[1, 2, 3, 4]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- errors ---------------------------------------------------------------------------------------

class ParamProblem(BaseModel):
    param: str = Field(description="where the problem is: `query.since`, `path.article_id`")
    message: str


class ErrorBody(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="not_found, method_not_allowed, invalid_parameters, ambiguous_id, "
                                  "store_error, internal_error")
    message: str = Field(description="what happened and what to do, for people")
    details: list[ParamProblem] | None = Field(None, description="for invalid_parameters: each bad parameter")


class ErrorResponse(BaseModel):
    """The one shape of every error answer on /api/ and .json URLs."""
    error: ErrorBody


_ERROR_TEXTS = ((400, "An id prefix that names several articles"), (404, "No such record"),
                (405, "Only GET and HEAD are served"), (422, "A query or path parameter is not valid"),
                (500, "A server or store error"))
# The error answers of the JSON API, and of the HTML pages (a plain page with the same message).
ERRORS = {status: {"model": ErrorResponse, "description": text} for status, text in _ERROR_TEXTS}
PAGE_ERRORS = {status: {"description": text + " (an HTML error page)",
                        "content": {"text/html": {"schema": {"type": "string"}}}} for status, text in _ERROR_TEXTS}


# --- shared pieces ----------------------------------------------------------------------------------

class Span(BaseModel):
    start: int
    end: int
    text: str


class ActorSummary(Open):
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    cameo_code: str | None = None
    latest_role: str | None = None
    aliases: list[str] = []
    n_mentions: int
    n_articles: int
    first_seen: str | None = None
    last_seen: str | None = None
    href: str


class ArticleRef(Open):
    article_id: str
    title: str | None = None
    published: str | None = None
    href: str


class DailyCounts(BaseModel):
    date: str = Field(description="YYYY-MM-DD, the event day")
    counts: dict[int, int] = Field(description="events per QuadClass (1-4)")


class Dyad(BaseModel):
    source: str
    source_name: str
    target: str
    target_name: str
    type: str = Field(description="PLOVER event type")
    quad_class: QuadClass
    symmetric: bool = Field(description="true for reciprocal events (met, talked): source and target "
                                        "are in id order, not a direction")
    count: int


class EventOut(Open):
    """An event record (the contract's keys) with its article and the names joined."""
    id: str
    type: str
    cameo: str
    quad_class: QuadClass
    date: str | None = None
    modality: str
    trigger: Span
    evidence: Span
    article_id: str | None = None
    actor_name: str | None = None
    target_name: str | None = None
    place_name: str | None = None
    actor_actor: str | None = None
    target_actor: str | None = None


# --- pages ------------------------------------------------------------------------------------------

class OverviewResponse(BaseModel):
    counts: dict[str, int] = Field(description="rows per kind of record")
    top_actors: list[ActorSummary]
    latest_articles: list[ArticleRef]
    daily: list[DailyCounts] = Field(description="events per day by QuadClass (what the plot draws)")
    dyads: list[Dyad] = Field(description="actor pairs by event type, most events first")
    modality: list[str] = Field(description="the modalities the plot and the dyads count")
    quad_names: dict[int, str]


class SnippetPart(BaseModel):
    text: str
    match: bool


class SearchHitOut(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str = Field(description="matched words between [ and ]")
    parts: list[SnippetPart] = Field(description="the snippet cut into matched and plain runs")
    score: float = Field(description="-bm25, higher is better; 0 when there are no words")
    href: str


class SearchFilters(BaseModel):
    since: str | None = None
    until: str | None = None
    actor: str | None = None
    actor_name: str | None = Field(None, description="the actor's name; null when the id is unknown")
    type: str | None = None
    country: str | None = None


class SearchResponse(BaseModel):
    query: str
    filters: SearchFilters
    total: int = Field(description="matching articles over all pages")
    page: int
    limit: int
    pages: int
    hits: list[SearchHitOut]


class ArticleMeta(Open):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None
    published: str | None = None
    language: str | None = None
    dateline: str | None = None
    text: str
    raw: str
    headings: list[Span] = []


class RepairOut(Open):
    kind: str
    raw_start: int
    raw_end: int
    raw_text: str
    start: int
    end: int
    text: str
    raw_context: list[str] = Field(description="[before, raw_text, after] around the repair in the raw text")
    clean_context: list[str] = Field(description="[before, text, after] around it in the clean text")
    raw_chars: list[str] = Field(description="each raw character as U+XXXX and its Unicode name")


class ArticleResponse(BaseModel):
    article: ArticleMeta
    repairs: list[RepairOut]
    entities: list[dict[str, Any]] = Field(description="entity records, with actor_id and place")
    times: list[dict[str, Any]]
    places: list[dict[str, Any]]
    quotes: list[dict[str, Any]] = Field(description="quote records, with speaker_name and speaker_actor")
    attributions: list[dict[str, Any]] = Field(description="attribution records, with source_name and source_actor")
    events: list[EventOut]
    errors: list[str]


class TimelineItem(BaseModel):
    date: str | None
    quad_class: QuadClass
    label: str
    href: str | None


class NetworkNode(BaseModel):
    id: str
    label: str
    href: str | None = None


class NetworkEdge(BaseModel):
    source: str
    target: str
    quad_class: QuadClass
    count: int
    label: str


class Network(BaseModel):
    center: NetworkNode
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MapPoint(BaseModel):
    lat: float
    lon: float
    label: str
    count: int
    href: str | None = None


class Listing(BaseModel):
    total: int
    items: list[dict[str, Any]]


class EntityResponse(BaseModel):
    actor: ActorSummary
    articles: Listing
    quotes: Listing
    attributions: Listing
    events: Listing
    timeline: list[TimelineItem] = Field(description="the actor's events by date (what the timeline draws)")
    network: Network = Field(description="co-actors and the events between them, edges by QuadClass")
    map: list[MapPoint] = Field(description="where the actor's events happen")
    daily: list[DailyCounts]
    modality: list[str] = Field(description="the modalities the timeline, network, map and plot count")
