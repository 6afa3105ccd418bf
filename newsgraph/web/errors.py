"""One error shape for the whole web app.

On the JSON API (/api/..., any URL ending in .json, /openapi.json) every error is

    {"error": {"status": 404, "code": "not_found", "message": "no article 'x'; ..."}}

(with `details`, one entry per bad parameter, for invalid_parameters); HTML pages get a plain error
page with the same status and message. The handlers here turn every kind of failure into that: our
own WebError, Starlette's HTTP errors (unknown URL, 405), FastAPI's parameter validation (422), the
store's errors, and (from the middleware in app.py) anything unexpected (500).
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsgraphError, UsageError
from ..store import AmbiguousIdError, StoreError
from .render import render

log = logging.getLogger("newsgraph.web")

CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
         422: "invalid_parameters", 500: "internal_error", 503: "unavailable"}
TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 422: "Invalid parameters",
          500: "Server error"}
INTERNAL = "the server failed on this request; it is logged on the server's console"


class WebError(Exception):
    """An error a view raises on purpose: the status, a code from CODES and a message for people."""

    def __init__(self, status: int, code: str, message: str, details: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def error_payload(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def error_response(path: str, status: int, code: str, message: str, details: list[dict[str, str]] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(path):
        return JSONResponse(error_payload(status, code, message, details), status_code=status, headers=headers)
    html = render("error.html", {"status": status, "title": TITLES.get(status, "Error"), "message": message,
                                 "details": details or []})
    return HTMLResponse(html, status_code=status, headers=headers)


def _param(loc: Any) -> str:
    return ".".join(str(p) for p in loc) if isinstance(loc, (list, tuple)) else str(loc)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return error_response(request.url.path, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        path = request.url.path
        if status == 404:
            message = f"no page {path!r}; start from / (the overview) or /search"
        elif status == 405:
            message = f"{request.method} is not allowed here: this server is read-only (GET and HEAD)"
        else:
            message = str(exc.detail)
        return error_response(path, status, CODES.get(status, "error"), message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"param": _param(e.get("loc", ())), "message": str(e.get("msg", "not valid"))}
                   for e in exc.errors()]
        first = details[0] if details else {"param": "?", "message": "not valid"}
        message = f"invalid parameter {first['param']}: {first['message']}"
        if len(details) > 1:
            message += f" (and {len(details) - 1} more)"
        return error_response(request.url.path, 422, "invalid_parameters", message, details)

    @app.exception_handler(AmbiguousIdError)
    async def ambiguous(request: Request, exc: AmbiguousIdError) -> Response:
        return error_response(request.url.path, 400, "ambiguous_id", str(exc))

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Response:
        return error_response(request.url.path, 400, "bad_request", str(exc))

    @app.exception_handler(NewsgraphError)
    async def store_error(request: Request, exc: NewsgraphError) -> Response:
        # StoreError: the file went away, is locked, or is newer than this code.
        log.error("%s %s: %s", request.method, request.url.path, exc)
        code = "store_error" if isinstance(exc, StoreError) else "internal_error"
        return error_response(request.url.path, 500, code, str(exc))

    @app.exception_handler(ResponseValidationError)
    async def bad_response(request: Request, exc: ResponseValidationError) -> Response:
        # A view returned data its response model does not allow: a bug, but still our error shape.
        log.error("%s %s: the response does not match its model: %s", request.method, request.url.path,
                  exc.errors()[:3])
        return error_response(request.url.path, 500, "internal_error", INTERNAL)
