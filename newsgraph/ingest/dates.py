"""Publication dates as ISO 8601, from the many forms feeds, pages and JSON files use.

`2023-09-16` for a bare date, `2023-09-16T10:00:00Z` / `...+02:00` for a datetime, `2023-09` or `2023` when
the input gives no more. A date that cannot be read gives None; the caller keeps the original in meta.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
import warnings

from dateutil import parser as dateparser

# Two different defaults: a component that comes out differently under the two was not in the input,
# which is how we tell "16 September 2023" (a date) from "2023-09-16T00:00" (a datetime at midnight).
_DEFAULT_A = dt.datetime(1, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = dt.datetime(2, 2, 2, 1, 1, 1, 1)

# Epoch numbers above this are milliseconds (1e11 seconds is the year 5138).
_MILLISECONDS = 1e11

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^\d{1,2}[-.]\d{1,2}[-.]\d{2,4}\b")

# Zone abbreviations US and European news sites print; dateutil knows only UTC/GMT by itself and would
# otherwise drop the zone with a warning.
_HOUR = 3600
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR,
          "CDT": -5 * _HOUR, "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
          "BST": 1 * _HOUR, "CET": 1 * _HOUR, "CEST": 2 * _HOUR, "EET": 2 * _HOUR, "EEST": 3 * _HOUR}


def normalise_date(value: object) -> str | None:
    """`value` (a string, an epoch number or a datetime) as an ISO 8601 string, or None if unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if _ISO_DATE.match(text):  # the common case, and dateutil would accept 2023-02-30 only by raising
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"-?\d+(\.\d+)?", text) and len(text) >= 9:  # an epoch timestamp given as a string
        return _from_epoch(float(text))
    return _from_rfc2822(text) or _from_dateutil(text)


def _from_epoch(number: float) -> str | None:
    if number > _MILLISECONDS:
        number /= 1000
    try:
        return _format_datetime(dt.datetime.fromtimestamp(number, tz=dt.timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def _from_rfc2822(text: str) -> str | None:
    # Feeds mostly use RFC 822/2822 ("Sat, 16 Sep 2023 10:00:00 GMT"); email.utils reads every variant.
    if not re.match(r"^([A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d", text):
        return None
    try:
        return _format_datetime(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def _from_dateutil(text: str) -> str | None:
    # All-number dates are ambiguous. With slashes, month first (the US habit: 09/16/2023); with dashes or
    # dots, day first (the European one: 16.09.2023, 03-02-2009). The Wikinews corpus has one such date,
    # "03-02-2009", on a story about January's car sales: 3 February 2009.
    dayfirst = bool(_DAY_FIRST.match(text))
    try:
        with warnings.catch_warnings():  # an unknown zone name: the time is kept without a zone
            warnings.simplefilter("ignore")
            a = dateparser.parse(text, default=_DEFAULT_A, tzinfos=_ZONES, dayfirst=dayfirst)
            b = dateparser.parse(text, default=_DEFAULT_B, tzinfos=_ZONES, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.year != b.year:  # no year: "16 September" alone cannot be placed
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    if a.hour != b.hour and a.minute != b.minute:
        return a.date().isoformat()
    return _format_datetime(a if a.second == b.second else a.replace(second=0, microsecond=0))


def _format_datetime(value: dt.datetime) -> str:
    text = value.isoformat()
    if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
        text = text[: -len("+00:00")] + "Z"
    return text
