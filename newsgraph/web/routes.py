"""The routes: each page is one data function of views.py, answered as JSON (at /api/... and at the
page's URL + `.json`) or rendered as HTML (the same dict, plus the SVGs drawn from it).

The `.json` routes are registered before the HTML ones: `/articles/{article_id}` would otherwise
take `/articles/x.json` as the id `x.json`.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Callable, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from pydantic import BeforeValidator, StringConstraints

from ..store import EVENT_TYPES, Store
from . import svg, views
from .errors import WebError
from .highlight import article_segments, paragraphs
from .models import ERRORS, PAGE_ERRORS, ArticleResponse, EntityResponse, OverviewResponse, SearchResponse
from .render import query_string, render

router = APIRouter()

# An HTML form sends every field, the empty ones as ""; those mean "no filter", not a bad value.
_Blank = BeforeValidator(lambda v: None if isinstance(v, str) and not v.strip() else v)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _blank_or_iso_date(v: Any) -> Any:
    """A blank value is None; any other string must be YYYY-MM-DD (pydantic alone would also take
    "0" or "1.5" as seconds since 1970)."""
    if isinstance(v, str):
        if not v.strip():
            return None
        if not _ISO_DATE.fullmatch(v):
            raise ValueError("a day is written YYYY-MM-DD")
    return v


class _BlankAllowed:
    """Says in the OpenAPI document what _Blank does: a blank value is taken (as no filter)."""

    @staticmethod
    def __get_pydantic_json_schema__(core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        kinds = [k for k in schema.pop("anyOf", [schema]) if k.get("type") != "null"]
        return {**{k: v for k, v in schema.items() if k in ("title", "description")},
                "anyOf": [*kinds, {"type": "string", "pattern": r"^\s*$"}]}


Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
ActorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
# The filters: absent or blank is no filter.
Day = Annotated[date | None, BeforeValidator(_blank_or_iso_date), _BlankAllowed]
ActorFilter = Annotated[ActorId | None, _Blank, _BlankAllowed]
TypeFilter = Annotated[EventType | None, _Blank, _BlankAllowed]
CountryFilter = Annotated[Alpha3 | None, _Blank, _BlankAllowed]
MAX_PAGE = 10_000


def load(request: Request, view: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a view on a read-only store opened for this request (in this thread) and closed after."""
    with Store(request.app.state.db_path, readonly=True) as store:
        return view(store, *args, **kwargs)


def page(template: str, data: dict[str, Any], **extra: Any) -> HTMLResponse:
    return HTMLResponse(render(template, {**data, **extra}))


# --- search parameters, shared by the page and its JSON --------------------------------------------

async def search_params(
    q: Annotated[str, Query(max_length=500, description="FTS5 query: words, \"a phrase\", OR, prefix*; "
                                                         "empty lists the articles the filters keep")] = "",
    since: Annotated[Day, Query(description="published on or after this day")] = None,
    until: Annotated[Day, Query(description="published on or before this day")] = None,
    actor: Annotated[ActorFilter, Query(description="an actor id: articles naming that actor")] = None,
    type: Annotated[TypeFilter, Query(description="PLOVER event type: articles with such an event")] = None,
    country: Annotated[CountryFilter, Query(description="ISO 3166-1 alpha-3: articles naming an actor "
                                                            "of that country or a place in it")] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1 is the first page")] = 1,
    limit: Annotated[int, Query(ge=1, le=100, description="hits per page")] = 20,
) -> dict[str, Any]:
    if since and until and since > until:
        raise WebError(422, "invalid_parameters", f"since {since} is after until {until}; swap them",
                       [{"param": "query.since", "message": "after until"}])
    return {"q": q.strip(), "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None, "actor": actor, "type": type,
            "country": country.upper() if country else None, "page": page, "limit": limit}


SearchParams = Annotated[dict, Depends(search_params)]
ArticleKey = Annotated[str, Path(min_length=1, max_length=200, description="an article id, id prefix "
                                                                            "(6+ characters) or source id")]
ActorKey = Annotated[str, Path(min_length=1, max_length=100, description="an actor id, as in "
                                                                          "`newsgraph entities --json`")]


# --- JSON -----------------------------------------------------------------------------------------

@router.get("/api/overview", response_model=OverviewResponse, tags=["api"], responses=ERRORS, summary="Overview",
            description="Counts, the most named actors, the latest articles, events per day by QuadClass "
                        "and the actor pairs by event type (asserted events).")
def api_overview(request: Request) -> dict[str, Any]:
    return load(request, views.overview)


@router.get("/api/search", response_model=SearchResponse, tags=["api"], responses=ERRORS, summary="Search articles",
            description="Full-text search with filters, best match first, a page at a time; matched words "
                        "are between [ and ] in `snippet` and flagged in `parts`.")
def api_search(request: Request, params: SearchParams) -> dict[str, Any]:
    return load(request, views.search, **params)


@router.get("/api/articles/{article_id}", response_model=ArticleResponse, tags=["api"], responses=ERRORS,
            summary="An article",
            description="The article's text and raw text, its repairs, and every record found in it, with "
                        "offsets into `article.text`; names and actor ids joined.")
def api_article(request: Request, article_id: ArticleKey) -> dict[str, Any]:
    return load(request, views.article, article_id)


@router.get("/api/entities/{actor_id}", response_model=EntityResponse, tags=["api"], responses=ERRORS,
            summary="An actor",
            description="An actor across articles: codes and aliases, its articles, quotations, "
                        "attributions and events, and the data of its timeline, network and map.")
def api_entity(request: Request, actor_id: ActorKey) -> dict[str, Any]:
    return load(request, views.entity, actor_id)


# The same JSON at each page's URL + .json (kept out of the OpenAPI document: they repeat /api/).
for _path, _endpoint, _model in (
        ("/.json", api_overview, OverviewResponse), ("/index.json", api_overview, OverviewResponse),
        ("/search.json", api_search, SearchResponse),
        ("/articles/{article_id}.json", api_article, ArticleResponse),
        ("/entities/{actor_id}.json", api_entity, EntityResponse)):
    router.add_api_route(_path, _endpoint, methods=["GET"], response_model=_model, responses=ERRORS,
                         include_in_schema=False)


# --- HTML -----------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse, tags=["pages"], responses=PAGE_ERRORS, summary="Overview page")
def overview_page(request: Request) -> HTMLResponse:
    data = load(request, views.overview)
    return page("overview.html", data, daily_svg=Markup(svg.daily_bars(data["daily"])))


@router.get("/search", response_class=HTMLResponse, tags=["pages"], responses=PAGE_ERRORS, summary="Search page")
def search_page(request: Request, params: SearchParams) -> HTMLResponse:
    with Store(request.app.state.db_path, readonly=True) as store:
        data = views.search(store, **params)
        choices = views.search_choices(store)
    form = {k: v for k, v in params.items() if k != "page"}
    return page("search.html", data, choices=choices, form=form, event_types=EVENT_TYPES,
                json_url="/search.json" + query_string(params),
                page_url=lambda n: "/search" + query_string(form, page=n))


@router.get("/articles/{article_id}", response_class=HTMLResponse, tags=["pages"], responses=PAGE_ERRORS,
            summary="Article page")
def article_page(request: Request, article_id: ArticleKey) -> HTMLResponse:
    data = load(request, views.article, article_id)
    records = {k: data[k] for k in ("entities", "times", "places", "quotes", "attributions", "events", "repairs")}
    return page("article.html", data, paragraphs=paragraphs(article_segments(data)), records=records,
                json_url=views.article_href(data["article"]["id"]) + ".json")


@router.get("/entities/{actor_id}", response_class=HTMLResponse, tags=["pages"], responses=PAGE_ERRORS,
            summary="Actor page")
def entity_page(request: Request, actor_id: ActorKey) -> HTMLResponse:
    data = load(request, views.entity, actor_id)
    net = data["network"]
    return page("entity.html", data, json_url=data["actor"]["href"] + ".json",
                timeline_svg=Markup(svg.timeline(data["timeline"])),
                network_svg=Markup(svg.network(net["center"], net["nodes"], net["edges"])),
                map_svg=Markup(svg.world_map(data["map"])),
                daily_svg=Markup(svg.daily_bars(data["daily"])))
