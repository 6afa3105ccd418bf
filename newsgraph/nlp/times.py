"""Times: every temporal expression of an article, normalised to a TIMEX3-style ISO value resolved against
the publication date (`2023-09-16`, `2023-09`, `2023`, `2023-W37`, `PRESENT_REF`; also `2023-Q3`,
`2023-H2`, `2023-SU`, `199` for the 1990s and `2023-W37-WE` for a weekend).

The expressions are found by the patterns of `times_lexicon` over the article text (the small model's DATE
entities miss `earlier this month`, `the previous day` and some weekdays, and join durations to dates),
checked against the parse and the entities (`May` the modal, `Theresa May`, `Good Friday`, `2000 people`,
`Windows 2000` are not dates) and resolved in text order, so that `two days later` counts from the last
day-level date before it. A span holds the expression only: `on Saturday` -> `Saturday`, `Monday night`
-> `Monday`, `the 1990s` -> `1990s`, but `the day before` and `the end of 2021` keep their `the`.
Durations (`for 48 hours`, `seven-day`, `two years`, `over the last year`), ages, times of day alone
(`9:45 p.m.`, `this morning`, `tonight`), vague references (`recently`, `in recent years`) and dates
counted from an event (`two days after the vote`) give no record.

Resolution (the anchor is the publication date; `published` may be a date, a datetime or `2023-09`):

* A weekday follows the tense of its clause, read from the governing verb in the dependency parse:
  past (`met`, `has met`, `was met`, `Arriving ..., he invited`, `since Monday`) -> the latest such day
  on or before publication (a Saturday story about `Saturday` means that day); future (`will`, `is to`,
  `going to`, `due to`, `is visiting`, modals) and the simple present (`opens on Monday`) -> the first
  such day on or after it. The same day counts for the future too: wire copy names the day of
  publication by its weekday (AP style), so `will speak on Saturday` in a Saturday story is later that
  day; a week later would be written `next Saturday` or with a date. No verb or an unclear one (a past
  verb governing `to` + infinitive: `agreed to meet`) -> the past: news reports what happened. A weekday
  qualifying a noun (`Wednesday's vote`), after a verb of scheduling (`scheduled for`) or `would`, or
  after `until` with no tense -> the nearest reading (past up to three days back, else the coming one).
  `last Friday` is strictly before, `next Friday` / `this coming Friday` strictly after.
* A month and day with no year (`Sept. 13`), a month (`in March`), a quarter and a fixed holiday take
  the year that puts them on the side of publication their clause's tense says (past by default; the
  same day or month counts on both sides; the nearest for the cases above). When that side is more
  than eight months off and the other within two, the other wins: writers give the year of a far date
  (AP style), so `voted on March 2` two days after it is not next year's. With a
  weekday (`Saturday, Sept. 16`), the year in which the date falls on that weekday; after another month
  with a year (`between March and May of 2019`), that year.
* `yesterday` / `today` / `tomorrow`; `last|this|next week|month|year` (and `earlier|later this ...`,
  `the end of last year`) -> the ISO week, month or year before, of, or after publication;
  `N days|weeks|months|years ago` likewise. `now`, `currently`, `at present` -> PRESENT_REF.
* `two days later`, `the next day`, `the previous week`, `that day`, `the year before`, `the end of the
  month`, `June of that year` count from the date in scope: the most recent resolved time earlier in the
  article fine enough for the unit (a day for days; a day or a week for weeks; ... any for years), else
  the publication date. The scope's value is the record's `anchor`.
* Absolute expressions (`March 3, 2023`, `2022`, `Q3 2023`) need no publication date; their anchor is
  None. A relative one without a publication date gets value None and the reason; with a publication
  date too coarse for it (`2023-09` for `yesterday`), value None and a reason that says so.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.nlp import times_lexicon as lex
from newsgraph.nlp.timecalc import (FUTURE, NEAREST, PAST, PRESENT, Published, add_months, iso_week,
                                    month_day_date, month_year, parse_published, shift, weekday_date)
from newsgraph.records import Article, TimeExpr, record_id

COMPONENT = "newsgraph.times.v1"
NO_PUBLISHED = "no publication date to resolve against"

# How fine each granularity is; a relative expression in a unit counts from a time at least this fine.
RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 3, "season": 3, "year": 4, "decade": 5}
UNIT_RANK = {"day": 0, "week": 1, "weekend": 1, "month": 2, "year": 4}

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_FORWARD_MODALS = frozenset({"must", "should", "can", "could", "may", "might", "ought", "ca", "need"})
_BE_PRESENT = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re", "'m", "’m"})
_HAVE_PRESENT = frozenset({"has", "have", "'ve", "’ve", "'s", "’s"})
# Heads of `to` + infinitive that point forward: `is due to visit`, `plans to meet`, `is expected to arrive`.
_FORWARD_HEADS = frozenset({"due", "set", "scheduled", "slated", "expected", "plan", "intend", "hope", "aim",
                            "prepare", "poised", "likely", "about", "ready", "want", "promise", "vow", "pledge",
                            "threaten", "seek", "agree", "decide", "propose", "go"})
# Verbs whose own tense does not place the date they govern: `the vote, scheduled for Sunday`.
_SCHEDULING = frozenset({"schedule", "set", "plan", "slate", "postpone", "delay", "reschedule", "move", "push",
                         "expect", "due", "defer", "bring"})
_TIME_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "noon", "midday", "midnight", "dawn"})
# Prepositions after which `the next week` / `the next year` is a stretch of time, not a date.
_DURATION_PREPS = frozenset({"over", "during", "within", "in", "for", "throughout", "through", "across"})
_YEAR_BEFORE = re.compile(r"\b(?:19|20)\d\d\Z")
_SHARED_YEAR = re.compile(rf"\s*(?:and|or|to|through|until|till|-|–)\s*(?:{lex.MONTH_FULL})\b,?\s+(?:of\s+)?"
                          r"((?:19|20)\d\d)\b")
_NOT_YEAR_LABELS = frozenset({"MONEY", "QUANTITY", "PERCENT", "ORDINAL", "TIME", "PRODUCT", "WORK_OF_ART", "LAW",
                              "FAC", "PERSON", "GPE", "LOC"})
_CLOCK_WORDS = frozenset({"GMT", "UTC", "EST", "EDT", "CET", "BST", "PST", "hours", "hrs", "local", "Zulu"})
_YEAR_LINK = re.compile(r"\b(?:19|20)\d\d\s+(?:to|and|or)\s+\Z")
_PREV_WORD = re.compile(r"([\w’'\-]+|[^\w\s])\s*\Z")
_NEXT_WORD = re.compile(r"\s*([\w’'\-]+|[^\w\s])")
# Rules whose leading `the` is a determiner, not part of the expression (`the 1990s` -> `1990s`).
_TRIM_THE = frozenset({"day_month", "weekday_day_month", "quarter", "half", "season", "decade", "decade_short"})
_EDGE_WORDS = frozenset({"end", "beginning", "start", "middle", "turn", "close"})


# --- tense ------------------------------------------------------------------------------------------

def clause_tense(doc: Doc | None, start: int, end: int) -> str | None:
    """PAST, PRESENT or FUTURE for the clause holding text[start:end], from its governing verb; None if
    unclear or the doc has no parse."""
    if doc is None or not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    if root.head.lower_ in _TIME_OF_DAY and root.head is not root:
        root = root.head                                  # `on Monday night`: the night's clause
    if root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN"):
        return NEAREST
    token = root
    for _ in range(12):
        if token.head is token:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    if token.pos_ not in ("VERB", "AUX"):
        return None
    tense = verb_tense(token)
    if token.lemma_ in _SCHEDULING and tense != FUTURE:
        return NEAREST
    return tense


def verb_tense(verb, depth: int = 0) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & _FUTURE_AUX:
        return FUTURE
    if "would" in words or "'d" in words:
        return NEAREST                                    # `said he would visit on Friday`
    if words & _FORWARD_MODALS:
        return PAST if "have" in words else FUTURE       # `may have met` is past
    if "to" in words and verb.head is not verb and depth < 3:
        return _infinitive_tense(verb, depth)             # to visit, to be held
    if any(a.tag_ == "VBD" for a in aux):                 # was, were, had, did
        return PAST
    tag = verb.tag_
    if tag == "VBD":
        return PAST
    if tag == "VBN":
        if any(a.lower_ in _HAVE_PRESENT and a.lemma_ == "have" for a in aux):
            return PAST                                   # has met
        if any(a.lower_ in _BE_PRESENT for a in aux):
            return PRESENT                                # is held, is expected
        return PAST                                       # the deal signed on Friday
    if tag == "VBG":
        if any(a.lower_ in _BE_PRESENT for a in aux):
            return FUTURE                                 # is visiting on Friday: an arrangement
        if not aux and depth < 3 and verb.head is not verb:
            return verb_tense(verb.head, depth + 1)      # Arriving on Tuesday, he invited ...
        return None
    if tag in ("VBZ", "VBP"):
        if "did" in words:
            return PAST
        return PRESENT
    if tag == "MD":
        return FUTURE if verb.lower_ in _FUTURE_AUX else None
    if tag == "VB":
        if {"do", "does"} & words:
            return PRESENT
        if verb.dep_ == "conj" and depth < 3:
            return verb_tense(verb.head, depth + 1)
    return None


def _infinitive_tense(verb, depth: int) -> str | None:
    """`to` + infinitive looks forward from its head: future from a present or future head (`is to
    visit`, `plans to meet`, `is expected to arrive`), unclear from a past one (`agreed to meet`)."""
    head = verb.head
    if head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP"):
        return FUTURE                                     # is to visit
    head_tense = verb_tense(head, depth + 1)
    if head.lower_ == "going" or head.lemma_ in _FORWARD_HEADS or head_tense == PRESENT:
        return FUTURE if head_tense in (PRESENT, FUTURE, None) and head.tag_ != "VBD" else None
    return FUTURE if head_tense == FUTURE else None


# --- finding ----------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Match:
    rule: str
    start: int
    end: int
    g: dict              # the named groups of the core and the prefix


@dataclass(slots=True)
class _Found:
    value: str | None
    granularity: str | None
    anchor: str | None = None
    reason: str | None = None
    first: dt.date | None = None          # first day of the period, for the scope of later expressions


class _Scope:
    """The resolved times so far, for `two days later` and `the next day`."""

    def __init__(self, published: Published | None):
        self.published = published
        self.seen: list[tuple[int, dt.date, str]] = []    # (rank, first day, value)

    def add(self, found: _Found) -> None:
        if found.value and found.first and found.granularity in RANK:
            self.seen.append((RANK[found.granularity], found.first, found.value))

    def for_unit(self, unit: str) -> tuple[dt.date, str] | None:
        rank = UNIT_RANK.get(unit, 4)
        for seen_rank, first, value in reversed(self.seen):
            if seen_rank <= rank:
                return first, value
        pub = self.published
        if pub is None or (rank == 0 and not pub.day) or (rank < 4 and not pub.month):
            return None
        return dt.date(pub.year, pub.month or 1, pub.day or 1), pub.iso()


def find_times(doc: Doc, article: Article) -> list[TimeExpr]:
    """Every temporal expression of the article with its resolved value (see the module doc)."""
    text = article.text
    published = parse_published(article.published)
    parsed = doc if _same_text(doc, text) else None
    context = _Context(text, parsed)
    chosen = _select([c for c in _candidates(text) if _plausible(c, context)])
    scope = _Scope(published)
    out = []
    for c in chosen:
        found = _RESOLVERS[c.rule](c, context, published, scope)
        if found is None:
            continue
        scope.add(found)
        start, end = _trim(c, text)
        out.append(TimeExpr(id=record_id(article.id, "time", start, end), start=start, end=end,
                            text=text[start:end], value=found.value, granularity=found.granularity,
                            anchor=found.anchor, reason=found.reason, component=COMPONENT))
    return out


def _same_text(doc: Doc | None, text: str) -> bool:
    """Whether `doc` was made from `text` (the pipeline's case); `doc.text` would rebuild the string."""
    if doc is None or not len(doc):
        return doc is not None and not text
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text)


def _candidates(text: str) -> list[_Match]:
    """Every match of every kind, tried where a word it can start with stands."""
    out = []
    triggers = lex.TRIGGERS
    for w in lex.WORD.finditer(text):
        word = w.group()
        kinds = triggers.get(lex.DIGIT if word[0].isdigit() else word.lower())
        if not kinds:
            continue
        at = w.start()
        for name, core, prefix in kinds:
            m = core.match(text, at)
            if m is None:
                continue
            start, groups = at, m.groupdict()
            if prefix is not None:
                p = prefix.search(text, max(0, at - 40), at)
                if p is None:
                    continue
                start = p.start()
                groups.update((k, v) for k, v in p.groupdict().items() if v)
            out.append(_Match(name, start, m.end(), groups))
    return out


def _select(candidates: list[_Match]) -> list[_Match]:
    """The longest matches that do not overlap (the earlier rule on a tie), in text order."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, lex.PRIORITY[c.rule], c.start))
    starts: list[int] = []              # the matches taken, by start; they do not overlap, so ends sort too
    taken: list[_Match] = []
    for c in ranked:
        i = bisect.bisect_right(starts, c.start)
        if i and taken[i - 1].end > c.start or i < len(taken) and taken[i].start < c.end:
            continue
        starts.insert(i, c.start)
        taken.insert(i, c)
    return taken


def _trim(c: _Match, text: str) -> tuple[int, int]:
    start, end = c.start, c.end
    if c.rule in _TRIM_THE and text[start:start + 4].lower() == "the ":
        nxt = _NEXT_WORD.match(text, start + 3)
        if not (nxt and nxt.group(1).lower() in _EDGE_WORDS):
            start += 4
            while start < end and text[start].isspace():
                start += 1
    return start, end


class _Context:
    """The text and (when it is the same text) the parsed doc, with the small look-ups the rules need."""

    def __init__(self, text: str, doc: Doc | None):
        self.text = text
        self.doc = doc
        self.has_ents = doc is not None and doc.has_annotation("ENT_IOB")

    def prev_word(self, start: int) -> str:
        m = _PREV_WORD.search(self.text, max(0, start - 40), start)
        return m.group(1).lower() if m else ""

    def next_word(self, end: int) -> str:
        m = _NEXT_WORD.match(self.text, end)
        return m.group(1) if m else ""

    def tokens(self, start: int, end: int):
        if self.doc is None:
            return None
        return self.doc.char_span(start, end, alignment_mode="expand")

    def ent_labels(self, start: int, end: int) -> set[str]:
        span = self.tokens(start, end) if self.has_ents else None
        return {t.ent_type_ for t in span if t.ent_type_} if span is not None else set()

    def next_token(self, end: int):
        """The first token at or after character `end` that is not white space."""
        if self.doc is None:
            return None
        m = _NEXT_WORD.match(self.text, end)
        if not m:
            return None
        span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def tense(self, start: int, end: int) -> str | None:
        word = self.prev_word(start)
        if word == "since":
            return PAST
        tense = clause_tense(self.doc, start, end)
        if tense is None and word in ("until", "till"):
            return NEAREST                        # `closed until Friday`: the coming one, if near
        return tense


def _plausible(c: _Match, ctx: _Context) -> bool:
    """Whether a match is a date here: not part of a name, `May` not the modal, a year not a count."""
    labels = ctx.ent_labels(c.start, c.end)
    g = c.g
    prev = ctx.prev_word(c.start)
    if labels & lex.NAME_LABELS and c.rule != "year":
        return False
    if c.rule == "weekday":
        return prev not in lex.WEEKDAY_NAMES or bool(g.get("rel"))
    if c.rule == "month" and not (g.get("year") or g.get("yrel") or g.get("rel") or g.get("edge")):
        if g["mon"] == "May":
            span = ctx.tokens(c.start, c.end)
            if span is not None and len(span) and span[-1].tag_ == "MD":
                return False
            return prev in lex.DATE_CONTEXT
        return prev in lex.DATE_CONTEXT or "DATE" in labels
    if c.rule == "year":
        return bool(g.get("edge")) or _plausible_year(c, ctx, labels, prev)
    if c.rule == "rel_unit" and not g.get("side") and not g.get("edge") and g["rel"].lower() != "current":
        return prev not in lex.DETERMINERS           # `over the last year` is a duration
    if c.rule == "scope_unit" and g["unit"].lower() != "day" and g["dir"].lower() in ("next", "following"):
        return prev not in _DURATION_PREPS           # `over the next week`
    if c.rule in ("unit_before", "offset") and g["dir"].lower() in ("before", "after", "prior", "on"):
        return _clause_end(ctx, c.end)               # `two days before the vote` counts from the vote
    if c.rule == "scope_that":                       # `the day` alone is no date, nor `that day one`
        return (g["det"].lower() != "the" or bool(g.get("side"))) and \
            ctx.next_word(c.end).lower() not in lex.NUMBERS
    if c.rule == "season" and not (g.get("year") or g.get("yrel") or g.get("rel")):
        return False                                 # `the fall of Kabul`, `in the summer` (which?)
    if c.rule == "holiday":
        return prev in lex.DATE_CONTEXT or "DATE" in labels
    if c.rule == "present":
        return ctx.next_word(c.end).lower() != "that"   # `now that` is a conjunction
    return True


def _plausible_year(c: _Match, ctx: _Context, labels: set[str], prev: str) -> bool:
    text = ctx.text
    if c.start and text[c.start - 1] in "-–":        # `MiG-2021` is no year, `2014-2016` two
        return bool(_YEAR_BEFORE.search(text, max(0, c.start - 5), c.start - 1))
    if labels & _NOT_YEAR_LABELS or ctx.next_word(c.end) in _CLOCK_WORDS:
        return False                                 # `Windows 2000`, `at 2000 GMT`
    following = ctx.next_token(c.end)
    if following is not None and following.tag_ == "NNS" and not following.ent_type_ and prev != "the":
        return False                                 # `in 2000 cases`, but `the 2022 elections`
    if "DATE" in labels or "EVENT" in labels:
        return True
    if prev in ("the", "a", "its", "their", "this") and following is not None and \
            following.pos_ in ("NOUN", "PROPN") and following.tag_ != "NNS":
        return True                                  # `the 2022 World Cup`, `a 2019 report`
    if prev in ("to", "and", "or"):                  # `from 2009 to 2011`, `between 2014 and 2016`
        return bool(_YEAR_LINK.search(text, max(0, c.start - 12), c.start))
    return prev in lex.DATE_CONTEXT and prev not in ("for", "as", "’s", "'s")


def _clause_end(ctx: _Context, end: int) -> bool:
    """`two days after,` / `the day before.`: nothing follows that the expression counts from (`two days
    after the vote`, `the day after airing`, `three years after it was due` count from an event)."""
    word = ctx.next_word(end)
    return not word or not word[0].isalnum() or word.lower() in ("and", "but", "or")


# --- resolvers --------------------------------------------------------------------------------------

def _need(published: Published | None, level: str) -> str | None:
    """Why `published` cannot anchor an expression needing a `level` (day, month, year) anchor, or None."""
    if published is None:
        return NO_PUBLISHED
    if level == "day" and not published.day or level == "month" and not published.month:
        return f"the publication date {published.iso()} is too coarse to resolve against"
    return None


def _year_of(g: dict, published: Published | None, scope: _Scope) -> tuple[int | None, str | None, str | None]:
    """The year a match names (`, 2023`, `of last year`, `of that year`): (year, anchor, reason when it
    cannot be known); all None when it names none."""
    if g.get("year"):
        return int(g["year"]), None, None
    rel = (g.get("yrel") or "").lower()
    if rel == "that":                                 # the year in scope: `in June of that year`
        found = scope.for_unit("year")
        return (found[0].year, found[1], None) if found else (None, None, _need(published, "year"))
    if rel:
        if published is None:
            return None, None, NO_PUBLISHED
        return published.year + {"this": 0, "last": -1, "next": 1}[rel], published.iso(), None
    return None, None, None


def _month_number(name: str) -> int:
    return lex.MONTHS[name.rstrip(".").lower()]


def _resolve_day(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    if c.rule == "iso":
        month, day = int(g["mnum"]), int(g["day"])
    elif c.rule == "slashed":
        a, b = int(g["a"]), int(g["b"])
        month, day = (b, a) if a > 12 else (a, b)        # month first unless it cannot be (ingest/dates.py)
    else:
        month, day = _month_number(g["mon"]), int(g["day"])
    weekday = lex.WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
    year, anchor, reason = _year_of(g, published, scope)
    if year is not None:
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return _Found(d.isoformat(), "day", anchor, first=d)
    reason = reason or _need(published, "day")
    if reason:
        return _Found(None, "day", reason=reason)
    d = month_day_date(published.date, month, day, ctx.tense(c.start, c.end), weekday)
    return _Found(d.isoformat(), "day", published.iso(), first=d) if d else None


def _resolve_holiday(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    month, day = lex.HOLIDAYS[" ".join(c.g["holiday"].lower().split())]
    reason = _need(published, "day")
    if reason:
        return _Found(None, "day", reason=reason)
    d = month_day_date(published.date, month, day, ctx.tense(c.start, c.end))
    return _Found(d.isoformat(), "day", published.iso(), first=d)


def _resolve_month(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    month = _month_number(g["mon"])
    year, anchor, reason = _year_of(g, published, scope)
    if year is None and not reason and not g.get("rel"):
        shared = _SHARED_YEAR.match(ctx.text, c.end)     # `between March and May of 2019`
        if shared:
            year = int(shared.group(1))
    if year is None and not reason:
        reason = _need(published, "month")
        if not reason:
            rel = (g.get("rel") or "").lower() or None
            year = month_year(published.year, published.month, month, ctx.tense(c.start, c.end), rel)
            anchor = published.iso()
    if reason:
        return _Found(None, "month", reason=reason)
    return _Found(f"{year:04d}-{month:02d}", "month", anchor, first=dt.date(year, month, 1))


def _resolve_quarter(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    anchor = published.iso() if published else None
    if c.rule == "q_year":
        quarter, year, reason, anchor = int(g["q"]), int(g["year"]), None, None
    elif c.rule == "quarter_rel":
        reason = _need(published, "month")
        if reason:
            return _Found(None, "quarter", reason=reason)
        step = {"last": -1, "previous": -1, "next": 1}.get(g["rel"].lower(), 0)
        year, month = add_months(published.year, published.month, 3 * step)
        quarter = (month - 1) // 3 + 1
    else:
        quarter = lex.ORDINALS[g["ord"].lower()]
        year, anchor, reason = _year_of(g, published, scope)
        if year is None and not reason:
            reason = _need(published, "month")
            if not reason:
                current = (published.month - 1) // 3 + 1
                year = month_year(published.year, current, quarter, ctx.tense(c.start, c.end), per_year=4)
                anchor = published.iso()
    if reason:
        return _Found(None, "quarter", reason=reason)
    return _Found(f"{year:04d}-Q{quarter}", "quarter", anchor, first=dt.date(year, 3 * quarter - 2, 1))


def _resolve_half(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    year, anchor, reason = _year_of(g, published, scope)
    if year is None and not reason:                  # `the first half of the year`: the year in scope
        found = scope.for_unit("year")
        if found is None:
            return _Found(None, "half", reason=_need(published, "year"))
        year, anchor = found[0].year, found[1]
    if reason:
        return _Found(None, "half", reason=reason)
    half = lex.ORDINALS[g["ord"].lower()]
    return _Found(f"{year:04d}-H{half}", "half", anchor, first=dt.date(year, 6 * half - 5, 1))


def _resolve_season(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    year, anchor, reason = _year_of(g, published, scope)
    if year is None and not reason:                  # this/last/next summer: the year of, before, after
        reason = _need(published, "year")
        if not reason:
            year = published.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
            anchor = published.iso()
    if reason:
        return _Found(None, "season", reason=reason)
    return _Found(f"{year:04d}-{lex.SEASONS[g['season'].lower()]}", "season", anchor)


def _resolve_decade(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    digits = c.g["decade"]
    if len(digits) == 2:                             # the '80s; the 20s and 10s are this century's
        digits = ("19" if int(digits) >= 30 else "20") + digits
    return _Found(digits[:3], "decade")


def _resolve_year(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    year = int(c.g["year"])
    return _Found(f"{year:04d}", "year", first=dt.date(year, 1, 1))


def _resolve_deictic(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    if c.rule == "day_before_yesterday":
        unit, n = "day", -2 if g["which"].lower().startswith("before") else 2
    elif c.rule == "deictic_day":
        unit, n = "day", {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
    elif c.rule == "offset":                         # two days ago, two years from now
        unit, n = g["unit"].lower(), _number(g["num"]) * (-1 if g["dir"].lower() == "ago" else 1)
    else:                                            # rel_unit
        unit, n = g["unit"].lower(), {"this": 0, "current": 0, "last": -1, "next": 1}[g["rel"].lower()]
    if unit == "decade":
        return None
    granularity = "week" if unit == "weekend" else unit
    reason = _need(published, "day" if unit in ("day", "week", "weekend") else "month" if unit == "month" else "year")
    if reason:
        return _Found(None, granularity, reason=reason)
    base = dt.date(published.year, published.month or 1, published.day or 1)
    if unit == "weekend":
        return _weekend(c, ctx, published, g["rel"].lower())
    value, granularity, first = shift(base, n, unit)
    return _Found(value, granularity, published.iso(), first=first)


def _weekend(c: _Match, ctx: _Context, published: Published | None, rel: str | None) -> _Found:
    reason = _need(published, "day")
    if reason:
        return _Found(None, "week", reason=reason)
    anchor = published.date
    on_weekend = anchor.weekday() >= 5
    if rel == "last":
        saturday = weekday_date(anchor, 5, PAST) - dt.timedelta(weeks=1 if on_weekend else 0)
    elif rel == "next":
        saturday = weekday_date(anchor, 5, rel="next") if not on_weekend else \
            weekday_date(anchor, 5, PAST) + dt.timedelta(weeks=1)
    elif on_weekend:
        saturday = weekday_date(anchor, 5, PAST)
    else:
        saturday = weekday_date(anchor, 5, ctx.tense(c.start, c.end) or PAST)
    return _Found(iso_week(saturday) + "-WE", "week", published.iso(), first=saturday - dt.timedelta(days=5))


def _resolve_weekend(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    return _weekend(c, ctx, published, None)


def _resolve_weekday(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    reason = _need(published, "day")
    if reason:
        return _Found(None, "day", reason=reason)
    rel = " ".join(g["rel"].lower().split()) if g.get("rel") else None
    d = weekday_date(published.date, lex.WEEKDAYS[g["wd"].lower()], ctx.tense(c.start, c.end), rel)
    return _Found(d.isoformat(), "day", published.iso(), first=d)


def _resolve_scoped(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    g = c.g
    unit = g["unit"].lower().rstrip("s")
    direction = (g.get("dir") or "same").lower()
    step = {"next": 1, "following": 1, "later": 1, "after": 1, "on": 1, "previous": -1, "preceding": -1,
            "prior": -1, "earlier": -1, "before": -1, "same": 0}[direction]
    n = step * (_number(g["num"]) if c.rule == "offset" else 1)
    if unit == "decade":
        return None
    granularity = "week" if unit == "weekend" else unit
    found = scope.for_unit(unit)
    if found is None:
        level = "day" if UNIT_RANK[unit] < 2 else "month" if unit == "month" else "year"
        return _Found(None, granularity, reason=_need(published, level) or NO_PUBLISHED)
    first, anchor = found
    value, granularity, start = shift(first, n, unit)
    return _Found(value, granularity, anchor, first=start)


def _resolve_offset(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    """`two days ago` / `two years from now` count from publication, `two days later` from the scope."""
    if c.g["dir"].lower() in ("ago", "hence") or c.g["dir"].lower().startswith("from"):
        return _resolve_deictic(c, ctx, published, scope)
    return _resolve_scoped(c, ctx, published, scope)


def _resolve_present(c: _Match, ctx: _Context, published: Published | None, scope: _Scope) -> _Found | None:
    return _Found("PRESENT_REF", "present", published.iso() if published else None)


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else lex.NUMBERS[word]


_RESOLVERS = {
    "iso": _resolve_day, "slashed": _resolve_day, "weekday_month_day": _resolve_day,
    "weekday_day_month": _resolve_day, "month_day": _resolve_day, "day_month": _resolve_day,
    "month": _resolve_month, "month_abbr_year": _resolve_month,
    "quarter": _resolve_quarter, "quarter_rel": _resolve_quarter, "q_year": _resolve_quarter,
    "half": _resolve_half, "season": _resolve_season, "decade": _resolve_decade, "decade_short": _resolve_decade,
    "year": _resolve_year, "day_before_yesterday": _resolve_deictic, "deictic_day": _resolve_deictic,
    "rel_unit": _resolve_deictic, "offset": _resolve_offset, "weekend": _resolve_weekend,
    "scope_unit": _resolve_scoped, "unit_before": _resolve_scoped, "edge_of_unit": _resolve_scoped,
    "scope_that": _resolve_scoped, "holiday": _resolve_holiday, "weekday": _resolve_weekday,
    "present": _resolve_present,
}
assert set(_RESOLVERS) == {name for name, _, _ in lex.PATTERNS}
