"""The web app: `create_app(db_path)` builds a FastAPI app over one store, read-only.

    from newsgraph.web.app import create_app
    app = create_app("newsgraph.db")        # uvicorn.run(app, host="127.0.0.1", port=8000)

Every page is HTML at its URL and JSON at the same URL with `.json` appended (and under /api/); the
routes are in routes.py, the data of each page in views.py, the error shape in errors.py.

The store is opened read-only per request, inside the (sync) endpoint: FastAPI runs sync endpoints
in a thread pool, and an SQLite connection belongs to the thread that opened it. Opening one costs a
file open and a schema-version read.

`Guard`, the outermost middleware of ours, makes every answer safe to serve: it refuses every
method but GET and HEAD (the app never writes), answers HEAD as GET without the body, sets the
security headers (a Content-Security-Policy with no inline script or style, nosniff, no framing)
on every response, errors included, and turns an unexpected exception into a 500 in the error shape.
"""
from __future__ import annotations

import logging
import os

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..store import Store
from . import errors
from .render import STATIC

log = logging.getLogger("newsgraph.web")

# No inline script or style anywhere: scripts and styles come from /static; the SVGs are inline
# markup (no `style` attributes), which CSP does not restrict. `data:` images are not used but harmless.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
ALLOWED = ("GET", "HEAD")

DESCRIPTION = """Read-only access to a newsgraph store: full-text search with filters, articles with
everything found in them (entities, quotations, attributions, time expressions, events, repairs), actors
across articles (their articles, quotations, events, co-actors and places) and an overview.

Every HTML page has this JSON at `/api/...` and at its own URL with `.json` appended. Every error answers
`{"error": {"status", "code", "message"}}` (plus `details` for invalid parameters)."""


class Guard:
    """Pure ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        path = scope.get("path", "")
        if scope["method"] not in ALLOWED:
            response = errors.error_response(
                path, 405, "method_not_allowed",
                f"{scope['method']} is not allowed: this server is read-only (GET and HEAD)",
                headers={"Allow": ", ".join(ALLOWED)})
            await response(scope, receive, guarded_send)
            return
        if head:
            scope = {**scope, "method": "GET"}
        try:
            await self.app(scope, receive, guarded_send)
        except Exception:
            log.exception("%s %s failed", scope["method"], path)
            if started:
                raise
            response = errors.error_response(path, 500, "internal_error", errors.INTERNAL)
            await response(scope, receive, guarded_send)


def create_app(db_path: str | os.PathLike = "newsgraph.db") -> FastAPI:
    """The app over the store at `db_path`; a missing or unreadable store raises StoreError now,
    not at the first request."""
    from .routes import router

    path = os.fspath(db_path)
    Store(path, readonly=True).close()
    app = FastAPI(title="newsgraph", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")  # the docs UIs load from a CDN
    app.state.db_path = path
    app.add_middleware(Guard)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
    return app
