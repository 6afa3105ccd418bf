"""The Jinja2 environment of the HTML pages: autoescaped (every `{{ }}` is escaped unless it is an SVG
from svg.py, marked safe by the route), strict about undefined names (a typo in a template fails the
tests instead of printing nothing), and a few filters the templates share."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from .highlight import LAYERS
from .svg import QUAD_NAMES

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """`params` with `changes` applied, empty values dropped, as `?a=1&b=2` (or '' when empty)."""
    merged = {**params, **changes}
    pairs = [(k, v) for k, v in merged.items() if v not in (None, "")]
    return "?" + urlencode(pairs) if pairs else ""


def _quad(value: Any) -> str:
    try:
        return QUAD_NAMES.get(int(value), "")
    except (TypeError, ValueError):
        return ""


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["quad_name"] = _quad
    env.filters["number"] = _number
    env.globals["query_string"] = query_string
    env.globals["version"] = __version__
    env.globals["layers"] = LAYERS
    env.globals["quad_names"] = QUAD_NAMES
    return env


ENV = _environment()


def render(name: str, context: Mapping[str, Any]) -> str:
    return ENV.get_template(name).render(context)
