"""Calendar arithmetic for temporal expressions, pure and fast: the publication date as far as it is
known, and the day, week, month or year an expression names given the date it is read against and the
tense of its clause. The rules are described in times.py's docstring; times.py finds the expressions.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PAST, PRESENT, FUTURE = "past", "present", "future"
# Not a tense: the expression qualifies a noun (`a June 3 hearing`, `Wednesday's meeting`), a verb of
# scheduling (`set for`, `postponed to`), whose tense says when the plan was made, not when it happens, or
# a `would` (future seen from a past that is usually just before publication); the nearest reading is
# taken (for a weekday: the past one up to three days back, else the coming one).
NEAREST = "nearest"
# A date with no year that the tense would put further than FAR from publication, when the other reading
# is within NEAR, takes the other: writers give the year of a date that far (AP style: the year only when
# it is not the current one), and a parse that points a year away is more often wrong than the writer.
# `in March` in September stays on the tense's side (six months each way); `voted on March 2`
# two days after it, or `as of February` in April, do not go a year on.
FAR_DAYS, FAR_MONTHS = dt.timedelta(days=243), 8
NEAR_DAYS, NEAR_MONTHS = dt.timedelta(days=62), 2


# --- publication date -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Published:
    """The publication date as far as it is known: `2023-09-16`, or only `2023-09` / `2023`."""
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.day else None

    def iso(self) -> str:
        return "-".join([f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v])


_PUBLISHED = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_published(value: str | None) -> Published | None:
    """The date part of an ISO date or datetime (as written: the publisher's local date), else None."""
    m = _PUBLISHED.match(value or "")
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return Published(year, month, day)


# --- resolution (pure) ------------------------------------------------------------------------------

def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def weekday_date(anchor: dt.date, weekday: int, tense: str | None = None, rel: str | None = None) -> dt.date:
    """The date of `weekday` (0 = Monday) named in a text published on `anchor` (see the module doc)."""
    back = (anchor.weekday() - weekday) % 7     # days since the latest such weekday (0: today)
    ahead = (weekday - anchor.weekday()) % 7    # days to the next one (0: today)
    if rel in ("last", "this past", "past"):
        return anchor - dt.timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return anchor + dt.timedelta(days=ahead or 7)
    if tense in (FUTURE, PRESENT) or tense == NEAREST and back > 3:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def month_day_date(anchor: dt.date, month: int, day: int, tense: str | None = None,
                   weekday: int | None = None) -> dt.date | None:
    """`Sept. 13` with no year: the one on the tense's side of `anchor`; with a weekday, the year in which
    the date falls on it (nearest first). None for a date that does not exist (`Feb. 30`).

    When the tense's side is further than `FAR_DAYS` and the other within `NEAR_DAYS`, the other is taken."""
    dates = []
    for year in range(anchor.year - 4, anchor.year + 5):     # four years each way finds every Feb. 29
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            pass
    if not dates:
        return None
    if weekday is not None:
        fits = [d for d in dates if d.weekday() == weekday and abs(d.year - anchor.year) <= 1]
        if fits:
            return min(fits, key=lambda d: abs(d - anchor))
    before = max(d for d in dates if d <= anchor)
    after = min(d for d in dates if d >= anchor)
    nearer = before if anchor - before <= after - anchor else after
    chosen = after if tense in (FUTURE, PRESENT) else nearer if tense == NEAREST else before
    other = before if chosen == after else after
    return other if abs(chosen - anchor) > FAR_DAYS and abs(other - anchor) <= NEAR_DAYS else chosen


def month_year(year: int, month: int, target: int, tense: str | None = None, rel: str | None = None,
               per_year: int = 12) -> int:
    """The year of month `target` named in a text of `year`-`month` (or of quarter `target` in quarter
    `month`, with per_year=4): `last March` is the one before this month, `next March` the one after, a
    plain `March` follows the tense, with the exception for far readings of `month_day_date`."""
    if rel == "this":
        return year
    if rel in ("last", "previous"):
        return year if target < month else year - 1
    if rel == "next":
        return year if target > month else year + 1
    before = year if target <= month else year - 1
    after = year if target >= month else year + 1
    distance = {before: (month - target) % per_year, after: (target - month) % per_year}
    nearer = before if distance[before] <= distance[after] else after
    chosen = after if tense in (FUTURE, PRESENT) else nearer if tense == NEAREST else before
    other = before if chosen == after else after
    far, near = FAR_MONTHS * per_year // 12, NEAR_MONTHS * per_year // 12
    return other if distance[chosen] > far and distance[other] <= near else chosen


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def shift(day: dt.date, n: int, unit: str) -> tuple[str, str, dt.date]:
    """(value, granularity, first day) of the `unit` n units from `day`: shift(d, -1, "week") is last week."""
    if unit == "day":
        d = day + dt.timedelta(days=n)
        return d.isoformat(), "day", d
    if unit in ("week", "weekend"):
        d = day + dt.timedelta(weeks=n)
        monday = d - dt.timedelta(days=d.weekday())
        return iso_week(d) + ("-WE" if unit == "weekend" else ""), "week", monday
    if unit == "month":
        y, m = add_months(day.year, day.month, n)
        return f"{y:04d}-{m:02d}", "month", dt.date(y, m, 1)
    y = day.year + n
    return f"{y:04d}", "year", dt.date(y, 1, 1)
